/**
 * incident.io status pages.
 *
 * No real incident.io payload exists in ../shared/fixtures/real/, so the fixtures served here
 * (test/fixtures/documented/incidentio-*.json) are CONSTRUCTED from the documented schemas, not
 * captured: the Widget API as described at https://docs.incident.io/status-pages/widget-api and
 * https://help.incident.io/en/articles/9951011-embed-your-status-page-s-data-into-your-own-product,
 * with field names from public clients (MaterializeInc/materialize
 * console/src/api/incident-io/types.ts, PostHog's and Linear's widget readers), and the page's own
 * `/proxy/<host>` data as read by openai/codex and Tuist. test/fixtures/documented/README.md says
 * which file comes from which reference. The only real payload used is a Statuspage one, as the
 * format that must not be mistaken for incident.io.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  INCIDENTIO_MAINTENANCE_PHASE,
  INCIDENTIO_STATUS,
  incidentioSource,
  incidentioUrls,
  parseIncidentio,
  type IncidentioSourceConfig,
} from '../../../main/monitor/sources/incidentio.js';
import type { Status } from '../../../main/monitor/status.js';
import { documentedFixture, realFixture } from '../../support/fixtures.js';
import { startRoutes, startServer, type TestServer } from '../../support/http-server.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const documented = (name: string): string => documentedFixture(name).toString('utf8');

const json = { 'content-type': 'application/json' };
const INCIDENTS = documented('incidentio-widget-incidents.json');
const STATUSPAGE = realFixture('statuspage/github-summary-all-operational-2019.json');

/** The incidents widget with only the incident of one impact left. */
function onlyImpact(impact: string): string {
  const widget = JSON.parse(INCIDENTS) as { ongoing_incidents: { current_worst_impact: string }[] };
  const ongoing = widget.ongoing_incidents.filter((incident) => incident.current_worst_impact === impact);
  return JSON.stringify({ ...widget, ongoing_incidents: ongoing, scheduled_maintenances: [] });
}

let server: TestServer;
/** A page whose widget is switched off: only its page data at /proxy/<host> answers. */
let pageData: TestServer;
/** A Statuspage that answers every path with its summary: must not be taken for incident.io. */
let statuspage: TestServer;

beforeAll(async () => {
  const widgets: Record<string, string | Buffer> = {
    clear: documented('incidentio-widget-all-clear.json'),
    incidents: INCIDENTS,
    maintenance: documented('incidentio-widget-maintenance.json'),
    truncated: INCIDENTS.slice(0, Math.floor(INCIDENTS.length / 2)),
    empty: realFixture('derived/empty-body.json'),
    'not-incidentio': JSON.stringify({ hello: 'world' }),
    statuspage: STATUSPAGE,
    ...Object.fromEntries(
      ['degraded_performance', 'partial_outage', 'full_outage'].map((impact) => [
        `impact-${impact}`,
        onlyImpact(impact),
      ]),
    ),
  };
  server = await startRoutes({
    ...Object.fromEntries(
      Object.entries(widgets).map(([name, body]) => [`/${name}/api/v1/summary`, { body, headers: json }]),
    ),
    '/html/api/v1/summary': {
      body: '<!DOCTYPE html><html><body>Status</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    '/error/api/v1/summary': { status: 503, headers: { 'retry-after': '60' } },
  });
  pageData = await startServer((req, res) => {
    if (req.url === `/proxy/${req.headers.host ?? ''}`) {
      res.writeHead(200, json).end(documented('incidentio-page-data-summary.json'));
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  statuspage = await startServer((_req, res) => {
    res.writeHead(200, json).end(STATUSPAGE);
  });
});
afterAll(async () => {
  await Promise.all([server.close(), pageData.close(), statuspage.close()]);
});

function read(page: string, extra: Partial<IncidentioSourceConfig> = {}): Promise<Reading> {
  return incidentioSource.read(
    { type: 'incidentio', url: `${server.url}/${page}`, ...extra },
    createReadContext(),
  );
}

describe('incidentio: widget fixtures built from the documented schema', () => {
  it('an empty widget is the page saying all is well', async () => {
    const reading = await read('clear');
    expect(reading).toMatchObject({ status: 'operational', detail: 'No ongoing incidents', reached: true });
    expect(reading.official).toMatchObject({
      provider: 'incidentio',
      pageUrl: 'https://status.example.com',
      components: [],
      incidents: [],
      maintenances: [],
    });
  });

  it('ongoing incidents: the worst impact decides, with components, updates and upcoming maintenance', async () => {
    const reading = await read('incidents');
    expect(reading.status).toBe('major_outage');
    expect(reading.detail).toBe('incident "Elevated API latency" (investigating) (+2 more)');
    const official = reading.official!;
    expect(
      official.incidents.map((incident) => [incident.title, incident.impact, incident.rawImpact]),
    ).toEqual([
      ['Elevated API latency', 'degraded', 'degraded_performance'],
      ['Webhook deliveries delayed', 'partial_outage', 'partial_outage'],
      ['Dashboard unavailable', 'major_outage', 'full_outage'],
    ]);
    const webhooks = official.incidents[1]!;
    expect(webhooks).toMatchObject({
      id: '01HXAMPLE0000000000000INC2',
      status: 'identified',
      link: 'https://status.example.com/incidents/01HXAMPLE0000000000000INC2',
      components: ['Webhooks', 'API'],
      updatedAt: Date.parse('2024-05-14T09:05:00Z'),
    });
    expect(webhooks.updates).toEqual([
      {
        at: Date.parse('2024-05-14T11:05:00+02:00'),
        status: 'identified',
        body: 'We have identified a backlog in the delivery queue & are draining it.',
      },
    ]);
    expect(official.incidents[0]?.updates[0]?.body).toBe(
      'We are investigating slower responses from the API.\nSome requests may time out.',
    );
    expect(official.components).toEqual([
      { name: 'API', group: 'Platform', status: 'degraded', rawStatus: 'degraded_performance' },
      { name: 'Webhooks', group: 'Platform', status: 'partial_outage', rawStatus: 'partial_outage' },
      { name: 'Dashboard', status: 'major_outage', rawStatus: 'full_outage' },
    ]);
    expect(official.maintenances).toEqual([
      {
        id: '01HXAMPLE0000000000000MNT1',
        title: 'Database upgrade',
        phase: 'upcoming',
        rawStatus: 'maintenance_scheduled',
        scheduledFor: Date.parse('2024-05-20T22:00:00Z'),
        scheduledUntil: Date.parse('2024-05-21T00:00:00Z'),
        link: 'https://status.example.com/incidents/01HXAMPLE0000000000000MNT1',
        components: ['API'],
      },
    ]);
  });

  it.each<[string, Status, string]>([
    ['degraded_performance', 'degraded', 'Elevated API latency'],
    ['partial_outage', 'partial_outage', 'Webhook deliveries delayed'],
    ['full_outage', 'major_outage', 'Dashboard unavailable'],
  ])('one ongoing incident with impact %s reads %s', async (impact, status, title) => {
    const reading = await read(`impact-${impact}`);
    expect(reading.status).toBe(status);
    expect(reading.official?.incidents.map((incident) => incident.title)).toEqual([title]);
  });

  it('maintenance in progress and upcoming', async () => {
    const reading = await read('maintenance');
    expect(reading).toMatchObject({
      status: 'maintenance',
      detail: 'maintenance in progress: "Dashboard migration"',
    });
    expect(
      reading.official?.maintenances.map((m) => [
        m.title,
        m.phase,
        m.rawStatus,
        m.scheduledFor,
        m.scheduledUntil,
      ]),
    ).toEqual([
      [
        'Dashboard migration',
        'active',
        'maintenance_in_progress',
        Date.parse('2024-05-14T22:00:00Z'),
        Date.parse('2024-05-15T01:00:00Z'),
      ],
      [
        'Database upgrade',
        'upcoming',
        'maintenance_scheduled',
        Date.parse('2024-05-20T22:00:00Z'),
        Date.parse('2024-05-21T00:00:00Z'),
      ],
    ]);
    // Materialize's shape has no current_status: the maintenance stands in for it.
    expect(reading.official?.components).toEqual([
      { name: 'Dashboard', status: 'maintenance', rawStatus: '' },
    ]);
  });

  it('the page base and the exact widget URL read the same', async () => {
    const base = await read('incidents');
    const exact = await incidentioSource.read(
      { type: 'incidentio', url: `${server.url}/incidents/api/v1/summary` },
      createReadContext(),
    );
    expect(exact).toMatchObject({ status: base.status, detail: base.detail, official: base.official });
  });

  it.each([
    [
      'https://status.example.com',
      'https://status.example.com/api/v1/summary',
      'https://status.example.com/proxy/status.example.com',
    ],
    [
      'https://status.example.com/eu/',
      'https://status.example.com/eu/api/v1/summary',
      'https://status.example.com/proxy/status.example.com',
    ],
    ['https://status.example.com/api/v1/summary', 'https://status.example.com/api/v1/summary', undefined],
    [
      'https://status.openai.com/proxy/status.openai.com',
      'https://status.openai.com/proxy/status.openai.com',
      undefined,
    ],
  ])('%s asks %s, then %s', (url, first, fallback) => {
    expect(incidentioUrls(url)).toEqual(fallback === undefined ? [first] : [first, fallback]);
  });
});

describe('incidentio: component filter', () => {
  it('keeps the named components and the incidents that touch them', async () => {
    const reading = await read('incidents', { components: ['webhooks'] });
    expect(reading.status).toBe('partial_outage');
    expect(reading.official?.components.map((component) => component.name)).toEqual(['Webhooks']);
    expect(reading.official?.incidents.map((incident) => incident.title)).toEqual([
      'Webhook deliveries delayed',
    ]);
  });

  it('a group name selects its members', async () => {
    const reading = await read('incidents', { components: ['Platform'] });
    expect(reading.official?.components.map((component) => component.name)).toEqual(['API', 'Webhooks']);
    expect(reading.status).toBe('partial_outage');
  });

  it('the widget lists affected components only: one it does not mention is not affected', async () => {
    const reading = await read('incidents', { components: ['Billing'] });
    expect(reading).toMatchObject({
      status: 'operational',
      detail: 'No ongoing incidents (not mentioned, so not affected: Billing)',
    });
    expect(reading.official?.incidents).toEqual([]);
  });
});

describe('incidentio: page data at /proxy/<host>, used when the widget is off', () => {
  it('lists every component, with the affected ones at their status', async () => {
    const reading = await incidentioSource.read(
      { type: 'incidentio', url: pageData.url },
      createReadContext(),
    );
    expect(reading.status).toBe('partial_outage');
    expect(reading.official?.components).toEqual([
      { name: 'API', group: 'Platform', status: 'operational', rawStatus: 'operational' },
      { name: 'Webhooks', group: 'Platform', status: 'partial_outage', rawStatus: 'partial_outage' },
      { name: 'Dashboard', status: 'operational', rawStatus: 'operational' },
    ]);
    expect(reading.official?.incidents[0]).toMatchObject({
      title: 'Webhook deliveries delayed',
      impact: 'partial_outage',
      components: ['Webhooks'],
      updatedAt: Date.parse('2024-05-14T09:05:00Z'),
    });
    expect(reading.official?.maintenances[0]).toMatchObject({ phase: 'upcoming', components: ['API'] });
  });

  it('filters against the full list, and says when a name is not on the page', async () => {
    const config = { type: 'incidentio' as const, url: pageData.url };
    const dashboard = await incidentioSource.read(
      { ...config, components: ['Dashboard'] },
      createReadContext(),
    );
    expect(dashboard).toMatchObject({ status: 'operational', detail: 'Operational' });
    const missing = await incidentioSource.read(
      { ...config, components: ['Teleportation'] },
      createReadContext(),
    );
    expect(missing.status).toBe('unknown');
    expect(missing.detail).toBe(
      'no component named "Teleportation" on this page (it has: API, Webhooks, Dashboard)',
    );
  });
});

describe('incidentio: every enum value', () => {
  it.each<[string, Status]>([
    ['operational', 'operational'],
    ['degraded_performance', 'degraded'],
    ['partial_outage', 'partial_outage'],
    ['full_outage', 'major_outage'],
    ['major_outage', 'major_outage'],
    ['under_maintenance', 'maintenance'],
    ['apocalyptic', 'unknown'],
  ])('impact and component status %s → %s', (raw, status) => {
    const page = parseIncidentio(
      {
        ongoing_incidents: [
          {
            name: 'Something',
            status: 'investigating',
            current_worst_impact: raw,
            affected_components: [{ id: 'c1', name: 'API', current_status: raw }],
          },
        ],
      },
      'https://status.example.com',
    );
    if (typeof page === 'string') throw new Error(page);
    expect(page.incidents[0]?.impact).toBe(status);
    expect(page.components[0]).toEqual({ name: 'API', status, rawStatus: raw });
  });

  it('the table covers every mapped value', () => {
    expect(Object.keys(INCIDENTIO_STATUS).sort()).toEqual([
      'degraded_performance',
      'full_outage',
      'major_outage',
      'operational',
      'partial_outage',
      'under_maintenance',
    ]);
  });

  it.each([
    ['maintenance_in_progress', 'scheduled_maintenances', 'active'],
    ['maintenance_scheduled', 'in_progress_maintenances', 'upcoming'],
    ['maintenance_paused', 'in_progress_maintenances', 'active'],
    ['maintenance_paused', 'scheduled_maintenances', 'upcoming'],
  ])('maintenance status %s listed in %s is %s', (raw, list, phase) => {
    expect(Object.keys(INCIDENTIO_MAINTENANCE_PHASE)).toContain('maintenance_in_progress');
    const page = parseIncidentio(
      { ongoing_incidents: [], [list]: [{ name: 'Work', status: raw }] },
      'https://x',
    );
    if (typeof page === 'string') throw new Error(page);
    expect(page.maintenances[0]?.phase).toBe(phase);
  });

  it('an incident already resolved is not open', () => {
    const page = parseIncidentio(
      { ongoing_incidents: [{ name: 'Done', status: 'resolved', current_worst_impact: 'full_outage' }] },
      'https://x',
    );
    expect(typeof page !== 'string' && page.incidents).toEqual([]);
  });
});

describe('incidentio: unreadable pages are unknown with a reason, never green', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['not-incidentio', /^not an incident\.io status page: ongoing_incidents is missing$/],
    ['statuspage', /^not an incident\.io status page: ongoing_incidents is missing$/],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('error')).retryAfterMs).toBe(60_000);
  });

  it('a page with neither widget nor page data says the page answered 404', async () => {
    const reading = await read('nothing-here');
    expect(reading).toMatchObject({ status: 'unknown', detail: 'the status page answered HTTP 404' });
  });
});

describe('incidentio: detect', () => {
  it('recognises a widget and returns the page base', async () => {
    const found = await incidentioSource.detect!(new URL(`${server.url}/incidents`), createDetectContext());
    expect(found).toEqual({ type: 'incidentio', url: `${server.url}/incidents` });
  });

  it('recognises page data when the widget is off, and names it exactly', async () => {
    const found = await incidentioSource.detect!(new URL(pageData.url), createDetectContext());
    expect(found).toEqual({ type: 'incidentio', url: `${pageData.url}/proxy/127.0.0.1:${pageData.port}` });
  });

  it('does not claim a real Statuspage summary, even served at every path', async () => {
    expect(await incidentioSource.detect!(new URL(statuspage.url), createDetectContext())).toBeUndefined();
  });

  it('answers undefined for a 404', async () => {
    expect(
      await incidentioSource.detect!(new URL(`${server.url}/nothing-here`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('incidentio: found by fuzzing (test/reliability/fuzz)', () => {
  it('a maintenance status "constructor" keeps the phase of its list, not Object.prototype\'s function', () => {
    const widget = JSON.parse(documented('incidentio-widget-maintenance.json')) as {
      in_progress_maintenances: Record<string, unknown>[];
    };
    widget.in_progress_maintenances[0]!.status = 'constructor';
    const page = parseIncidentio(widget, 'https://status.example.com');
    if (typeof page === 'string') throw new Error(page);
    expect(page.maintenances[0]).toMatchObject({ phase: 'active', rawStatus: 'constructor' });
  });
});
