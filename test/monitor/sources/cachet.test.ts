import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  CACHET_COMPONENT_STATUS,
  CACHET_INCIDENT_STATUS,
  cachetBase,
  cachetSource,
  parseCachet,
  type CachetSourceConfig,
} from '../../../main/monitor/sources/cachet.js';
import type { Status } from '../../../main/monitor/status.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { clockAt, createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
const YOTI = 'cachet/yoti-api-v1-components-2020-10.json';
const NOW = clockAt(Date.parse('2020-10-12T14:00:00Z'));
const pagination = (total: number) => ({
  pagination: { total, count: total, per_page: 20, current_page: 1, total_pages: 1, links: {} },
});

/**
 * Only the components answer is real (status.yoti.com, 2020-10). Groups, incidents and
 * schedules are built here from Cachet 2.x's documented schema and models (incident statuses
 * 0-4, 2.4's `updates[]` and `is_resolved`, 2.3's scheduled incidents, 2.4's schedules); the
 * group names are ours, chosen to match the components' tags ("Global", "CA").
 */
const GROUPS = {
  meta: pagination(2),
  data: [
    { id: 1, name: 'Global', order: 0, collapsed: 0 },
    { id: 2, name: 'CA', order: 1, collapsed: 0 },
  ],
};

const INCIDENTS = {
  meta: pagination(5),
  data: [
    {
      id: 12,
      component_id: 9,
      name: 'Document scanning delays in Canada',
      status: 1,
      visible: 1,
      message: 'We are **investigating** delays.',
      occurred_at: '2020-10-12 13:00:00',
      created_at: '2020-10-12 13:00:00',
      updated_at: '2020-10-12 13:30:00',
      is_resolved: false,
      permalink: 'https://status.yoti.com/incidents/12',
      human_status: 'Investigating',
      updates: [
        {
          id: 1,
          incident_id: 12,
          status: 2,
          message: 'A queue backlog, see [the queue](https://status.yoti.com/queue).',
          created_at: '2020-10-12 13:30:00',
        },
      ],
    },
    {
      id: 11,
      component_id: 0,
      name: 'Slow logins in the app',
      status: 1,
      visible: 1,
      message: '<p>Logins take a minute.</p>',
      created_at: '2020-10-12 12:00:00',
      updated_at: '2020-10-12 12:00:00',
    },
    {
      id: 10,
      component_id: 1,
      name: 'Website down',
      status: 4,
      visible: 1,
      message: 'Fixed.',
      is_resolved: true,
    },
    { id: 9, component_id: 1, name: 'Hidden draft', status: 1, visible: 0, message: 'Not public.' },
    {
      id: 8,
      component_id: 3,
      name: 'App store release',
      status: 0,
      visible: 1,
      message: 'Planned.',
      scheduled_at: '2020-10-20 09:00:00',
      human_status: 'Scheduled',
    },
  ],
};

const SCHEDULES = {
  meta: pagination(3),
  data: [
    {
      id: 4,
      name: 'Network work',
      status: 0,
      scheduled_at: '2020-10-15 02:00:00',
      completed_at: null,
      components: [],
    },
    {
      id: 3,
      name: 'Database upgrade',
      status: 1,
      human_status: 'In Progress',
      scheduled_at: '2020-10-12 13:45:00',
      completed_at: null,
      components: [{ component_id: 1 }],
    },
    {
      id: 2,
      name: 'Old work',
      status: 2,
      scheduled_at: '2020-10-01 02:00:00',
      completed_at: '2020-10-01 03:00:00',
    },
  ],
};

/** The Yoti list with its pagination total nested 5,000 lists deep (see "found by fuzzing"). */
function withDeepTotal(yoti: Buffer): string {
  const list = JSON.parse(yoti.toString('utf8')) as { meta: { pagination: Record<string, unknown> } };
  list.meta.pagination.total = 'DEEP';
  return JSON.stringify(list).replace('"DEEP"', `${'['.repeat(5000)}7${']'.repeat(5000)}`);
}

let server: TestServer;

beforeAll(async () => {
  const yoti = realFixture(YOTI);
  const html = {
    body: '<!DOCTYPE html><html><body>Cachet</body></html>',
    headers: { 'content-type': 'text/html' },
  };
  server = await startRoutes({
    '/yoti/api/v1/components': { body: yoti, headers: json },
    '/yoti/api/v1/components/groups': { body: JSON.stringify(GROUPS), headers: json },
    '/yoti/api/v1/incidents': { body: JSON.stringify(INCIDENTS), headers: json },
    '/yoti/api/v1/schedules': { body: JSON.stringify(SCHEDULES), headers: json },
    // Components only: everything else is missing (404) or broken.
    '/bare/api/v1/components': { body: yoti, headers: json },
    '/broken/api/v1/components': { body: yoti, headers: json },
    '/broken/api/v1/incidents': html,
    '/broken/api/v1/schedules': { status: 500 },
    '/truncated/api/v1/components': { body: yoti.subarray(0, Math.floor(yoti.length / 2)), headers: json },
    '/empty/api/v1/components': { body: realFixture('derived/empty-body.json'), headers: json },
    '/html/api/v1/components': html,
    '/error/api/v1/components': { status: 503, headers: { 'retry-after': '90' } },
    '/deep-total/api/v1/components': { body: withDeepTotal(yoti), headers: json },
    '/slack/api/v1/components': {
      body: realFixture('slack/current-two-active-incidents-2020-07.json'),
      headers: json,
    },
  });
});
afterAll(() => server.close());

function read(page: string, extra: Partial<CachetSourceConfig> = {}): Promise<Reading> {
  return cachetSource.read(
    { type: 'cachet', url: `${server.url}/${page}`, ...extra },
    createReadContext({ clock: NOW }),
  );
}

describe('cachet: the real Yoti components (2020-10) with built incidents and schedules', () => {
  it('reads components in their groups, open incidents and maintenance', async () => {
    const reading = await read('yoti');
    expect(reading).toMatchObject({
      // The incident linked to no component is the disruption; the one on an operational component is not.
      status: 'degraded',
      detail: 'incident "Document scanning delays in Canada" (identified) (+1 more)',
      reached: true,
    });
    const official = reading.official!;
    expect(official).toMatchObject({ provider: 'cachet', pageUrl: `${server.url}/yoti` });
    expect(official.components).toHaveLength(7);
    expect(
      official.components.every((c) => c.status === 'operational' && c.rawStatus === '1 Operational'),
    ).toBe(true);
    expect(official.components.filter((c) => c.name === 'Yoti Doc Scan').map((c) => c.group)).toEqual([
      'CA',
      'Global',
    ]);

    expect(official.incidents.map((i) => [i.title, i.status, i.impact, i.components])).toEqual([
      ['Document scanning delays in Canada', 'identified', 'operational', ['Yoti Doc Scan']],
      ['Slow logins in the app', 'investigating', 'degraded', undefined],
    ]);
    const scanning = official.incidents[0]!;
    // "Y-m-d H:i:s" without a zone, read as UTC.
    expect(scanning).toMatchObject({
      id: '12',
      rawImpact: '1 Operational',
      startedAt: Date.UTC(2020, 9, 12, 13, 0, 0),
      updatedAt: Date.UTC(2020, 9, 12, 13, 30, 0),
      link: 'https://status.yoti.com/incidents/12',
    });
    expect(scanning.updates).toEqual([
      {
        at: Date.UTC(2020, 9, 12, 13, 30, 0),
        status: 'identified',
        body: 'A queue backlog, see the queue (https://status.yoti.com/queue).',
      },
      { at: Date.UTC(2020, 9, 12, 13, 0, 0), status: 'investigating', body: 'We are investigating delays.' },
    ]);
    expect(official.incidents[1]?.updates[0]?.body).toBe('Logins take a minute.');

    expect(official.maintenances.map((m) => [m.title, m.phase, m.rawStatus, m.components])).toEqual([
      ['Network work', 'upcoming', '0', []],
      ['Database upgrade', 'active', 'In Progress', ['Yoti Website']],
      ['App store release', 'upcoming', 'Scheduled', ['Yoti App']],
    ]);
    expect(official.maintenances[2]?.scheduledFor).toBe(Date.UTC(2020, 9, 20, 9, 0, 0));
  });

  it('reads the same from the base URL and the exact components URL', async () => {
    const base = await read('yoti');
    const exact = await read('yoti/api/v1/components');
    expect(exact.status).toBe(base.status);
    expect(exact.official).toEqual(base.official);
  });

  it('filters components by name, group or "Group / Name"', async () => {
    const canada = await read('yoti', { components: ['CA / Yoti Doc Scan'] });
    expect(canada.official?.components).toEqual([
      { name: 'Yoti Doc Scan', group: 'CA', status: 'operational', rawStatus: '1 Operational' },
    ]);
    const global = await read('yoti', { components: ['global'] });
    expect(global.official?.components).toHaveLength(6);
  });

  it('without groups, incidents and schedules, the components still decide', async () => {
    const reading = await read('bare');
    expect(reading.status).toBe('operational');
    expect(reading.detail).toBe(
      'Operational (incidents could not be read: the status page answered HTTP 404)',
    );
    expect(reading.official?.components.every((c) => c.group === undefined)).toBe(true);
  });

  it('says which of the other answers was unreadable', async () => {
    const reading = await read('broken');
    expect(reading.status).toBe('operational');
    expect(reading.detail).toBe(
      'Operational (incidents could not be read: expected JSON but got an HTML page (HTTP 200, text/html); ' +
        'maintenance could not be read: the status page answered HTTP 500)',
    );
  });

  it('keeps those notes with a component filter, beside the names the page lacks', async () => {
    const reading = await read('bare', { components: ['Yoti Doc Scan', 'Teleporter'] });
    expect(reading.detail).toBe(
      'Operational (incidents could not be read: the status page answered HTTP 404; not on the page: Teleporter)',
    );
  });
});

describe('cachet: every enum value', () => {
  const list = (data: unknown[]) => ({ meta: pagination(data.length), data });
  const page = (components: unknown[], incidents: unknown[] = []) => {
    const parsed = parseCachet({ components: list(components), incidents: list(incidents) }, 'https://s', 0);
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed;
  };

  it.each<[string, Status]>([...Object.entries(CACHET_COMPONENT_STATUS), ['7', 'unknown']])(
    'component status %s → %s',
    (code, expected) => {
      expect(page([{ id: 1, name: 'API', status: Number(code), enabled: true }]).components[0]?.status).toBe(
        expected,
      );
    },
  );

  it('skips disabled components', () => {
    expect(page([{ id: 1, name: 'Old', status: 4, enabled: false }]).components).toEqual([]);
  });

  it.each<[string, string | undefined, Status | undefined]>([
    ['0', undefined, undefined],
    ['1', CACHET_INCIDENT_STATUS['1'], 'degraded'],
    ['2', CACHET_INCIDENT_STATUS['2'], 'degraded'],
    ['3', CACHET_INCIDENT_STATUS['3'], 'degraded'],
    ['4', undefined, undefined],
    ['9', '9', 'unknown'],
  ])('incident status %s → open as %s, impact %s', (code, word, impact) => {
    const [incident] = page(
      [],
      [{ id: 1, name: 'Trouble', status: Number(code), visible: 1, message: '' }],
    ).incidents;
    expect([incident?.status, incident?.impact]).toEqual([word, impact]);
  });

  it("an open incident takes its component's status as impact", () => {
    const parsed = page(
      [{ id: 5, name: 'API', status: 3, status_name: 'Partial Outage', enabled: true }],
      [{ id: 1, name: 'API errors', status: 2, component_id: 5, visible: 1, message: '' }],
    );
    expect(parsed.incidents[0]).toMatchObject({ impact: 'partial_outage', rawImpact: '3 Partial Outage' });
  });
});

describe('cachet: unreadable components are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['slack', /^not a Cachet API answer: /],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('error')).retryAfterMs).toBe(90_000);
  });
});

describe('cachet: URLs', () => {
  it.each([
    ['https://status.yoti.com', 'https://status.yoti.com'],
    ['https://status.yoti.com/', 'https://status.yoti.com'],
    ['https://status.yoti.com/api/v1/components', 'https://status.yoti.com'],
    ['https://example.com/status/api/v1/incidents?per_page=5', 'https://example.com/status'],
  ])('%s → base %s', (url, expected) => {
    expect(cachetBase(url)).toBe(expected);
  });

  it('asks for the newest incidents first', async () => {
    await read('yoti');
    const asked = server.requests.map((req) => req.url ?? '');
    expect(asked).toContain('/yoti/api/v1/incidents?sort=id&order=desc&per_page=50');
    expect(asked).toContain('/yoti/api/v1/components?per_page=100');
  });
});

describe('cachet: auto-detect', () => {
  it.each(['yoti', 'yoti/', 'yoti/api/v1/components'])('recognises Cachet from %s', async (path) => {
    expect(await cachetSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toEqual({
      type: 'cachet',
      url: `${server.url}/yoti`,
    });
  });

  it.each(['slack', 'html', 'nowhere'])('does not claim %s', async (path) => {
    expect(
      await cachetSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('cachet: found by fuzzing (test/reliability/fuzz)', () => {
  it('a pagination total nested thousands deep is no count, not a stack overflow converting it', async () => {
    const reading = await read('deep-total');
    expect(reading.status).not.toBe('unknown');
    expect(reading.detail).not.toMatch(/showing/);
  });

  it('an incident status "constructor" is an unknown lifecycle, not a known one from Object.prototype', () => {
    const list = (data: unknown[]) => ({ meta: pagination(data.length), data });
    const parsed = parseCachet(
      {
        components: list([]),
        incidents: list([{ id: 1, name: 'Trouble', status: 'constructor', visible: 1, message: '' }]),
      },
      'https://s',
      0,
    );
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.incidents[0]).toMatchObject({ status: 'constructor', impact: 'unknown' });
  });
});
