/**
 * Instatus status pages.
 *
 * No real Instatus payload exists in ../shared/fixtures/real/, so the fixtures served here
 * (test/fixtures/documented/instatus-*.json) are CONSTRUCTED from the documented schemas, not
 * captured: summary.json from https://instatus.com/help/api/public-data (instatus-summary-docs-example.json
 * is that page's example response, transcribed), component statuses from
 * https://instatus.com/help/webhooks, and the component list (whose path the docs do not give:
 * clients read /v3/components.json or /v2/components.json) from public clients such as
 * TheLion/statuspage-HA custom_components/statuspage_monitor/providers/instatus.py.
 * test/fixtures/documented/README.md says which file comes from which reference. The only real
 * payload used is a Statuspage one, as the format that must not be mistaken for Instatus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  INSTATUS_COMPONENT_STATUS,
  INSTATUS_IMPACT,
  INSTATUS_MAINTENANCE_PHASE,
  INSTATUS_PAGE_STATUS,
  componentsUrls,
  instatusSource,
  parseInstatusComponents,
  parseInstatusSummary,
  summaryUrl,
  type InstatusSourceConfig,
} from '../../../main/monitor/sources/instatus.js';
import type { Status } from '../../../main/monitor/status.js';
import { documentedFixture, realFixture } from '../../support/fixtures.js';
import { startRoutes, startServer, type Route, type TestServer } from '../../support/http-server.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const documented = (name: string): string => documentedFixture(name).toString('utf8');

const json = { 'content-type': 'application/json' };
const COMPONENTS = documented('instatus-components-v3.json');
/** The same list with every component operational. */
const ALL_OPERATIONAL = COMPONENTS.replace(/"status": "[A-Z]+"/g, '"status": "OPERATIONAL"');
const INCIDENTS = documented('instatus-summary-incidents.json');
const UP = documented('instatus-summary-up.json');
const STATUSPAGE = realFixture('statuspage/github-summary-all-operational-2019.json');

/** The incidents summary with only the incident of one impact left. */
function onlyImpact(impact: string): string {
  const summary = JSON.parse(INCIDENTS) as { activeIncidents: { impact: string; status: string }[] };
  const active = summary.activeIncidents.filter((i) => i.impact === impact && i.status !== 'RESOLVED');
  return JSON.stringify({ ...summary, activeIncidents: active });
}

const ok = (body: string | Buffer): Route => ({ body, headers: json });

/** Each page: its summary, and its component list at /v3 (or only at /v2, or failing). */
const PAGES: Record<string, { summary: Route; v3?: Route; v2?: Route }> = {
  up: { summary: ok(UP), v3: ok(ALL_OPERATIONAL) },
  mixed: { summary: ok(UP), v3: ok(COMPONENTS) },
  incidents: { summary: ok(INCIDENTS), v3: ok(ALL_OPERATIONAL) },
  docs: { summary: ok(documented('instatus-summary-docs-example.json')), v2: ok(COMPONENTS) },
  maintenance: {
    summary: ok(documented('instatus-summary-maintenance.json')),
    v3: ok(documented('instatus-components-nested.json')),
  },
  'no-components': { summary: ok(UP), v3: { status: 503 } },
  ...Object.fromEntries(
    ['DEGRADEDPERFORMANCE', 'PARTIALOUTAGE', 'MINOROUTAGE', 'MAJOROUTAGE'].map((impact) => [
      `impact-${impact}`,
      { summary: ok(onlyImpact(impact)), v3: ok(ALL_OPERATIONAL) },
    ]),
  ),
  truncated: { summary: ok(INCIDENTS.slice(0, Math.floor(INCIDENTS.length / 2))) },
  empty: { summary: ok(realFixture('derived/empty-body.json')) },
  html: {
    summary: {
      body: '<!DOCTYPE html><html><body>Status</body></html>',
      headers: { 'content-type': 'text/html' },
    },
  },
  error: { summary: { status: 503, headers: { 'retry-after': '60' } } },
  statuspage: { summary: ok(STATUSPAGE) },
};

let server: TestServer;
/** A Statuspage that answers every path with its summary: must not be taken for Instatus. */
let statuspage: TestServer;

beforeAll(async () => {
  const routes: Record<string, Route> = {};
  for (const [name, page] of Object.entries(PAGES)) {
    routes[`/${name}/summary.json`] = page.summary;
    if (page.v3) routes[`/${name}/v3/components.json`] = page.v3;
    if (page.v2) routes[`/${name}/v2/components.json`] = page.v2;
  }
  server = await startRoutes(routes);
  statuspage = await startServer((_req, res) => {
    res.writeHead(200, json).end(STATUSPAGE);
  });
});
afterAll(async () => {
  await Promise.all([server.close(), statuspage.close()]);
});

function read(page: string, extra: Partial<InstatusSourceConfig> = {}): Promise<Reading> {
  return instatusSource.read(
    { type: 'instatus', url: `${server.url}/${page}`, ...extra },
    createReadContext(),
  );
}

describe('instatus: fixtures built from the documented schema', () => {
  it('UP with every component operational', async () => {
    const reading = await read('up');
    expect(reading).toMatchObject({ status: 'operational', detail: 'Operational', reached: true });
    expect(reading.official).toMatchObject({
      provider: 'instatus',
      rawStatus: 'UP',
      pageUrl: 'https://status.example.com',
      incidents: [],
      maintenances: [],
    });
    // Five entries, one of them the group "Core": four components.
    expect(reading.official?.components.map((c) => [c.name, c.group])).toEqual([
      ['API', 'Core'],
      ['Login', 'Core'],
      ['Website', undefined],
      ['Email', undefined],
    ]);
  });

  it('the page aggregate alone never decides: UP with a component in partial outage', async () => {
    const reading = await read('mixed');
    expect(reading.status).toBe('partial_outage');
    expect(reading.detail).toBe('Login: partial outage, Website: degraded');
    expect(reading.official?.components).toContainEqual({
      name: 'Email',
      status: 'maintenance',
      rawStatus: 'UNDERMAINTENANCE',
    });
  });

  it('the documentation example: HASISSUES, a major outage, upcoming maintenance, Date.toString() times, v2 components', async () => {
    const reading = await read('docs');
    expect(reading.status).toBe('major_outage');
    expect(reading.detail).toBe(`incident "We're facing an issue with our API" (INVESTIGATING)`);
    const official = reading.official!;
    expect(official).toMatchObject({ rawStatus: 'HASISSUES', pageUrl: 'https://instat.us' });
    expect(official.incidents).toEqual([
      {
        title: "We're facing an issue with our API",
        status: 'INVESTIGATING',
        impact: 'major_outage',
        rawImpact: 'MAJOROUTAGE',
        startedAt: Date.parse('2022-06-11T18:55:50Z'),
        link: 'https://testing-widget.instatus.com/incident/cl4a8n3070721qtmzvts760c4',
        updates: [],
      },
    ]);
    expect(official.maintenances).toEqual([
      {
        title: 'Database maintenance',
        phase: 'upcoming',
        rawStatus: 'NOTSTARTEDYET',
        scheduledFor: Date.parse('2022-06-11T18:55:54Z'),
        scheduledUntil: Date.parse('2022-06-11T19:55:54Z'),
        link: 'https://testing-widget.instatus.com/maintenance/cl4a8nlv50918qtmzdlw60ivu',
      },
    ]);
    // v3 answered 404 here; the list came from v2.
    expect(official.components).toHaveLength(4);
  });

  it('open incidents of every impact; a RESOLVED one is left out', async () => {
    const reading = await read('incidents');
    expect(reading.status).toBe('major_outage');
    expect(reading.official?.incidents.map((i) => [i.title, i.status, i.impact, i.rawImpact])).toEqual([
      ['Slow page loads', 'INVESTIGATING', 'degraded', 'DEGRADEDPERFORMANCE'],
      ['Some logins failing', 'IDENTIFIED', 'partial_outage', 'PARTIALOUTAGE'],
      ['Email notifications delayed', 'MONITORING', 'partial_outage', 'MINOROUTAGE'],
      ['API down', 'INVESTIGATING', 'major_outage', 'MAJOROUTAGE'],
    ]);
    expect(reading.official?.incidents[0]).toMatchObject({
      id: 'clx0example0000000inc0001',
      startedAt: Date.parse('2024-05-14T09:00:00Z'),
      updatedAt: Date.parse('2024-05-14T09:10:00Z'),
    });
  });

  it.each<[string, Status]>([
    ['DEGRADEDPERFORMANCE', 'degraded'],
    ['PARTIALOUTAGE', 'partial_outage'],
    ['MINOROUTAGE', 'partial_outage'],
    ['MAJOROUTAGE', 'major_outage'],
  ])('one open incident of impact %s reads %s', async (impact, status) => {
    const reading = await read(`impact-${impact}`);
    expect(reading.status).toBe(status);
    expect(reading.official?.incidents).toHaveLength(1);
  });

  it('maintenance in progress and upcoming; a COMPLETED one is left out; nested components', async () => {
    const reading = await read('maintenance');
    // The nested list has Frankfurt in major outage: a disruption outranks the maintenance.
    expect(reading.status).toBe('major_outage');
    expect(
      reading.official?.maintenances.map((m) => [m.title, m.phase, m.scheduledFor, m.scheduledUntil]),
    ).toEqual([
      [
        'Database failover test',
        'active',
        Date.parse('2024-05-14T22:00:00Z'),
        Date.parse('2024-05-14T23:30:00Z'),
      ],
      ['Network upgrade', 'upcoming', Date.parse('2024-05-20T01:00:00Z'), Date.parse('2024-05-20T03:00:00Z')],
    ]);
    expect(reading.official?.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ['Frankfurt', 'Regions', 'major_outage'],
      ['Virginia', 'Regions', 'operational'],
      ['Status API', undefined, 'operational'],
    ]);
    const onlyHealthy = await read('maintenance', { components: ['Virginia'] });
    expect(onlyHealthy).toMatchObject({
      status: 'maintenance',
      detail: 'maintenance in progress: "Database failover test"',
    });
  });

  it('a component list that fails does not make the reading unknown: the detail says so', async () => {
    const reading = await read('no-components');
    expect(reading).toMatchObject({
      status: 'operational',
      detail: 'Operational (components unavailable: HTTP 503)',
    });
    expect(reading.official?.components).toEqual([]);
  });

  it('the page base and the exact summary URL read the same', async () => {
    const base = await read('docs');
    const exact = await instatusSource.read(
      { type: 'instatus', url: `${server.url}/docs/summary.json` },
      createReadContext(),
    );
    expect(exact).toMatchObject({ status: base.status, detail: base.detail, official: base.official });
  });

  it.each([
    ['https://example.instatus.com', 'https://example.instatus.com/summary.json'],
    ['https://status.example.com/', 'https://status.example.com/summary.json'],
    ['https://status.example.com/v3/summary.json', 'https://status.example.com/v3/summary.json'],
  ])('%s reads %s', (url, expected) => {
    expect(summaryUrl(url)).toBe(expected);
  });

  it.each([
    ['https://status.example.com/summary.json', 'https://status.example.com'],
    ['https://status.example.com/v3/summary.json', 'https://status.example.com'],
    ['https://status.example.com/team/summary.json', 'https://status.example.com/team'],
  ])('components beside %s: v3 then v2', (summary, base) => {
    expect(componentsUrls(summary)).toEqual([`${base}/v3/components.json`, `${base}/v2/components.json`]);
  });
});

describe('instatus: component filter', () => {
  it('by name and by group', async () => {
    const website = await read('mixed', { components: ['website'] });
    expect(website.status).toBe('degraded');
    expect(website.official?.components.map((c) => c.name)).toEqual(['Website']);
    const core = await read('mixed', { components: ['Core'] });
    expect(core.official?.components.map((c) => c.name)).toEqual(['API', 'Login']);
    expect(core.status).toBe('partial_outage');
  });

  it('says which filtered components do not exist', async () => {
    const reading = await read('mixed', { components: ['Teleportation'] });
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toBe(
      'no component named "Teleportation" on this page (it has: API, Login, Website, Email)',
    );
  });

  it('summary.json does not say which components an incident touches, so a filter keeps every incident', async () => {
    const reading = await read('incidents', { components: ['API'] });
    expect(reading.status).toBe('major_outage');
    expect(reading.official?.incidents).toHaveLength(4);
  });

  it('without the component list the filter cannot be applied: unknown, with the reason', async () => {
    const reading = await read('no-components', { components: ['API'] });
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'cannot apply the component filter (components unavailable: HTTP 503)',
    });
  });
});

describe('instatus: every enum value', () => {
  it.each<[string, Status]>([
    ['UP', 'operational'],
    ['HASISSUES', 'degraded'],
    ['UNDERMAINTENANCE', 'maintenance'],
    ['DOWN', 'unknown'],
  ])('page status %s → %s', (raw, status) => {
    const page = parseInstatusSummary({ page: { status: raw } }, 'https://x');
    expect(typeof page !== 'string' && [page.overall, page.rawStatus]).toEqual([status, raw]);
  });

  it.each<[string, Status]>([
    ['OPERATIONAL', 'operational'],
    ['UNDERMAINTENANCE', 'maintenance'],
    ['DEGRADEDPERFORMANCE', 'degraded'],
    ['PARTIALOUTAGE', 'partial_outage'],
    ['MINOROUTAGE', 'partial_outage'],
    ['MAJOROUTAGE', 'major_outage'],
    ['partial_outage', 'partial_outage'],
    ['BROKEN', 'unknown'],
  ])('component status %s → %s', (raw, status) => {
    expect(
      parseInstatusComponents({ components: [{ id: 'c', name: 'API', status: raw, group: null }] }),
    ).toEqual([{ name: 'API', status, rawStatus: raw }]);
  });

  it.each<[string, Status]>([
    ['NONE', 'operational'],
    ['OPERATIONAL', 'operational'],
    ['UNDERMAINTENANCE', 'maintenance'],
    ['DEGRADEDPERFORMANCE', 'degraded'],
    ['PARTIALOUTAGE', 'partial_outage'],
    ['MINOROUTAGE', 'partial_outage'],
    ['MAJOROUTAGE', 'major_outage'],
    ['CATASTROPHIC', 'unknown'],
  ])('incident impact %s → %s', (raw, impact) => {
    const page = parseInstatusSummary(
      {
        page: { status: 'HASISSUES' },
        activeIncidents: [{ name: 'x', status: 'INVESTIGATING', impact: raw }],
      },
      'https://x',
    );
    expect(typeof page !== 'string' && page.incidents[0]?.impact).toBe(impact);
  });

  it.each([
    ['NOTSTARTEDYET', 'upcoming'],
    ['INPROGRESS', 'active'],
    ['COMPLETED', undefined],
    ['PAUSED', 'upcoming'],
  ])('maintenance status %s → %s', (raw, phase) => {
    const page = parseInstatusSummary(
      {
        page: { status: 'UP' },
        activeMaintenances: [{ name: 'x', status: raw, start: '2024-05-14T22:00:00Z' }],
      },
      'https://x',
    );
    expect(typeof page !== 'string' && page.maintenances[0]?.phase).toBe(phase);
  });

  it('the tables cover every documented value', () => {
    expect(Object.keys(INSTATUS_PAGE_STATUS)).toEqual(['UP', 'HASISSUES', 'UNDERMAINTENANCE']);
    expect(Object.keys(INSTATUS_COMPONENT_STATUS).sort()).toEqual([
      'DEGRADEDPERFORMANCE',
      'MAJOROUTAGE',
      'MINOROUTAGE',
      'OPERATIONAL',
      'PARTIALOUTAGE',
      'UNDERMAINTENANCE',
    ]);
    expect(Object.keys(INSTATUS_IMPACT)).toContain('NONE');
    expect(Object.keys(INSTATUS_MAINTENANCE_PHASE)).toEqual(['NOTSTARTEDYET', 'INPROGRESS', 'COMPLETED']);
  });
});

describe('instatus: unreadable pages are unknown with a reason, never green', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['statuspage', /^not an Instatus summary: page\.status is missing$/],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('error')).retryAfterMs).toBe(60_000);
  });

  it('a component list that is not one is named as such', () => {
    expect(parseInstatusComponents({ hello: 'world' })).toBe('the component list has no components');
  });
});

describe('instatus: detect', () => {
  it('recognises an Instatus summary and returns the page base', async () => {
    const found = await instatusSource.detect!(new URL(`${server.url}/docs`), createDetectContext());
    expect(found).toEqual({ type: 'instatus', url: `${server.url}/docs` });
  });

  it('keeps an exact summary URL exact', async () => {
    const found = await instatusSource.detect!(
      new URL(`${server.url}/docs/summary.json`),
      createDetectContext(),
    );
    expect(found).toEqual({ type: 'instatus', url: `${server.url}/docs/summary.json` });
  });

  it('does not claim a real Statuspage summary, even served at every path', async () => {
    expect(await instatusSource.detect!(new URL(statuspage.url), createDetectContext())).toBeUndefined();
  });

  it('answers undefined for a 404', async () => {
    expect(
      await instatusSource.detect!(new URL(`${server.url}/nothing-here`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('instatus: found by fuzzing (test/reliability/fuzz)', () => {
  it('a duration no Date can hold leaves the end out instead of a time past year 275760', () => {
    const summary = JSON.parse(documented('instatus-summary-maintenance.json')) as {
      activeMaintenances: Record<string, unknown>[];
    };
    summary.activeMaintenances[0]!.duration = 8_640_000_000_000_001;
    const page = parseInstatusSummary(summary, 'https://status.example.com');
    if (typeof page === 'string') throw new Error(page);
    expect(page.maintenances[0]).toMatchObject({ scheduledFor: Date.parse('2024-05-14T22:00:00Z') });
    expect(page.maintenances[0]).not.toHaveProperty('scheduledUntil');
  });

  it('an unknown for a filter that cannot be applied carries the page without its aggregate words', async () => {
    const reading = await read('no-components', { components: ['API'] });
    expect(reading.status).toBe('unknown');
    expect(reading.official).not.toHaveProperty('overall');
    expect(reading.official).not.toHaveProperty('description');
  });
});
