import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import type { Status } from '../../../main/monitor/status.js';
import {
  HEARTBEAT_STATUS,
  INCIDENT_STYLE,
  kumaPage,
  parseUptimeKuma,
  uptimeKumaSource,
  type UptimeKumaSourceConfig,
} from '../../../main/monitor/sources/uptimekuma.js';
import { realFixture } from '../../support/fixtures.js';
import { startRoutes, type Route, type TestServer } from '../../support/http-server.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
const PAGE = realFixture('uptime-kuma/status-page-dashboard-unraid.json');
const BEATS = realFixture('uptime-kuma/heartbeat-dashboard-unraid.json');
let server: TestServer;

/**
 * A newer server's answers, built from uptime-kuma's source (status-page-router.js,
 * model/incident.js, model/maintenance.js), not captured: `incidents` is a list, the heartbeat
 * bar is bucketed (ISO times, 0 for an empty bucket), uptimeList is keyed by the bare id.
 */
const NEWER_PAGE = {
  config: { slug: 'newer', title: 'Team services', analyticsId: null },
  incidents: [
    {
      id: 4,
      style: 'danger',
      title: 'Database failover',
      content: 'We are **moving** to the replica.<br>Writes may fail.',
      pin: true,
      active: true,
      createdDate: '2025-03-01 09:00:00',
      lastUpdatedDate: '2025-03-01 09:30:00',
    },
  ],
  publicGroupList: [
    { id: 1, name: 'Web', weight: 1, monitorList: [{ id: 1, name: 'Site', sendUrl: false, type: 'http' }] },
    {
      id: 2,
      name: 'Back end',
      weight: 2,
      monitorList: [
        { id: 2, name: 'API', type: 'http' },
        { id: 3, name: 'Queue', type: 'port' },
        { id: 4, name: 'Fresh', type: 'http' },
      ],
    },
  ],
  maintenanceList: [
    {
      id: 7,
      title: 'Kernel upgrade',
      strategy: 'single',
      active: true,
      timeslotList: [{ startDate: '2025-03-01 10:00', endDate: '2025-03-01 12:00' }],
      timezone: 'Europe/Berlin',
      timezoneOffset: '+01:00',
      status: 'under-maintenance',
    },
  ],
};
const NEWER_BEATS = {
  heartbeatList: {
    '1': [0, { status: 1, time: '2025-03-01T09:40:00.000Z', msg: '', ping: null }],
    '2': [
      { status: 1, time: '2025-03-01T09:35:00.000Z' },
      { status: 2, time: '2025-03-01T09:45:00.000Z' },
    ],
    '3': [{ status: 0, time: '2025-03-01T09:44:00.000Z', msg: '', ping: null }],
  },
  uptimeList: { '1': 1, '2': 0.98, '3': 0.5 },
};

function kuma(
  slug: string,
  page: Route,
  beats: Route = { body: BEATS, headers: json },
): Record<string, Route> {
  return { [`/api/status-page/${slug}`]: page, [`/api/status-page/heartbeat/${slug}`]: beats };
}

beforeAll(async () => {
  server = await startRoutes({
    ...kuma('dashboard', { body: PAGE, headers: json }),
    ...kuma(
      'newer',
      { body: JSON.stringify(NEWER_PAGE), headers: json },
      { body: JSON.stringify(NEWER_BEATS), headers: json },
    ),
    ...kuma('truncated', { body: PAGE.subarray(0, PAGE.length / 2), headers: json }),
    ...kuma('empty', { body: realFixture('derived/empty-body.json'), headers: json }),
    ...kuma('html', {
      body: '<!DOCTYPE html><html><body>Uptime Kuma</body></html>',
      headers: { 'content-type': 'text/html' },
    }),
    ...kuma('error', { status: 503, headers: { 'retry-after': '120' } }),
    ...kuma('missing', { status: 404, body: '{"ok":false,"msg":"Status Page Not Found"}', headers: json }),
    ...kuma(
      'no-beats',
      { body: PAGE, headers: json },
      { body: '<html>gateway</html>', headers: { 'content-type': 'text/html' } },
    ),
    ...kuma('gatus', {
      body: realFixture('gatus/endpoints-statuses-mixed-success-failure.json'),
      headers: json,
    }),
  });
});
afterAll(() => server.close());

function read(url: string, extra: Partial<UptimeKumaSourceConfig> = {}): Promise<Reading> {
  return uptimeKumaSource.read(
    { type: 'uptimekuma', url: `${server.url}${url}`, ...extra },
    createReadContext(),
  );
}

describe('uptimekuma: the real 1.x page (singular incident: null)', () => {
  it('one group, one monitor up: operational', async () => {
    const reading = await read('/status/dashboard');
    expect(reading).toMatchObject({ status: 'operational', detail: 'all 1 monitor up', reached: true });
    expect(reading.official).toMatchObject({
      provider: 'uptimekuma',
      pageUrl: `${server.url}/status/dashboard`,
      incidents: [],
      maintenances: [],
    });
    expect(reading.official?.components).toEqual([
      { name: 'Unraid', group: 'Dienste', status: 'operational', rawStatus: 'up' },
    ]);
    // "YYYY-MM-DD HH:MM:SS.mmm" without a zone is UTC.
    expect(reading.official?.updatedAt).toBe(Date.parse('2026-09-30T20:15:16.689Z'));
  });

  it('asks both endpoints of the slug', async () => {
    const before = server.requests.length;
    await read('/status/dashboard');
    expect(
      server.requests
        .slice(before)
        .map((request) => request.url)
        .sort(),
    ).toEqual(['/api/status-page/dashboard', '/api/status-page/heartbeat/dashboard']);
  });

  it.each<[string, Partial<UptimeKumaSourceConfig>]>([
    ['', { slug: 'dashboard' }],
    ['/', { slug: 'Dashboard' }],
    ['/api/status-page/dashboard', {}],
    ['/status/dashboard/', {}],
  ])('the base URL %s with %j reads the same as the status page URL', async (url, extra) => {
    const page = await read('/status/dashboard');
    expect(await read(url, extra)).toMatchObject({
      status: page.status,
      detail: page.detail,
      official: page.official,
    });
  });
});

describe('uptimekuma: a newer server (built from its source, see NEWER_PAGE)', () => {
  it('monitors, the pinned incident and the maintenance in progress', async () => {
    const reading = await read('/status/newer');
    expect(reading.status).toBe('major_outage');
    const official = reading.official!;
    expect(official.components.map((c) => [c.group, c.name, c.status, c.rawStatus])).toEqual([
      ['Web', 'Site', 'operational', 'up'],
      ['Back end', 'API', 'degraded', 'pending'],
      ['Back end', 'Queue', 'major_outage', 'down'],
      ['Back end', 'Fresh', 'unknown', 'no heartbeats'],
    ]);
    expect(official.incidents).toEqual([
      {
        id: '4',
        title: 'Database failover',
        status: '',
        impact: 'partial_outage',
        rawImpact: 'danger',
        startedAt: Date.parse('2025-03-01T09:00:00Z'),
        updatedAt: Date.parse('2025-03-01T09:30:00Z'),
        link: `${server.url}/status/newer`,
        updates: [
          {
            at: Date.parse('2025-03-01T09:30:00Z'),
            body: 'We are **moving** to the replica.\nWrites may fail.',
          },
        ],
      },
    ]);
    expect(official.maintenances).toEqual([
      {
        id: '7',
        title: 'Kernel upgrade',
        phase: 'active',
        rawStatus: 'under-maintenance',
        scheduledFor: Date.parse('2025-03-01T10:00+01:00'),
        scheduledUntil: Date.parse('2025-03-01T12:00+01:00'),
        link: `${server.url}/status/newer`,
      },
    ]);
    expect(official.updatedAt).toBe(Date.parse('2025-03-01T09:45:00Z'));
    expect(reading.detail).toBe('incident "Database failover"');
  });

  it('a monitor without heartbeats makes an otherwise green page unknown, and says so', () => {
    const page = parseUptimeKuma(
      { config: {}, publicGroupList: [{ name: 'G', monitorList: [{ id: 9, name: 'New' }] }] },
      { heartbeatList: {} },
      'https://kuma.example/status/x',
    );
    expect(typeof page === 'string' ? page : page.components).toEqual([
      { name: 'New', group: 'G', status: 'unknown', rawStatus: 'no heartbeats' },
    ]);
  });
});

describe('uptimekuma: enum mappings', () => {
  it.each<[string, Status]>([...Object.entries(HEARTBEAT_STATUS), ['4', 'unknown'], ['up', 'unknown']])(
    'heartbeat status %s → %s',
    (raw, status) => {
      const page = parseUptimeKuma(
        { config: {}, publicGroupList: [{ name: 'G', monitorList: [{ id: 1, name: 'M' }] }] },
        {
          heartbeatList: {
            '1': [{ status: /^\d$/.test(raw) ? Number(raw) : raw, time: '2025-01-01 00:00:00' }],
          },
        },
        'https://kuma.example/status/x',
      );
      expect(typeof page === 'string' ? page : page.components[0]?.status).toBe(status);
    },
  );

  it.each<[string, Status]>([...Object.entries(INCIDENT_STYLE), ['success', 'unknown'], ['', 'unknown']])(
    'incident style %j → %s',
    (style, impact) => {
      const page = parseUptimeKuma(
        { config: {}, incident: { id: 1, title: 'T', style }, publicGroupList: [] },
        { heartbeatList: {} },
        'https://kuma.example/status/x',
      );
      expect(typeof page === 'string' ? page : page.incidents[0]?.impact).toBe(impact);
    },
  );
});

describe('uptimekuma: unreadable answers are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['missing', /^no status page "missing" here \(HTTP 404\)$/],
    ['no-beats', /^the heartbeat list: expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['gatus', /^not an Uptime Kuma status page: config or publicGroupList is missing$/],
  ])('%s', async (slug, detail) => {
    const reading = await read(`/status/${slug}`);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('/status/error')).retryAfterMs).toBe(120_000);
  });
});

describe('uptimekuma: config and detection', () => {
  it.each([
    ['https://kuma.example/status/team', undefined, { base: 'https://kuma.example', slug: 'team' }],
    [
      'https://kuma.example/kuma/status/team/',
      undefined,
      { base: 'https://kuma.example/kuma', slug: 'team' },
    ],
    [
      'https://kuma.example/api/status-page/heartbeat/team',
      undefined,
      { base: 'https://kuma.example', slug: 'team' },
    ],
    ['https://kuma.example/status', undefined, { base: 'https://kuma.example', slug: 'default' }],
    ['https://kuma.example/', 'Team', { base: 'https://kuma.example', slug: 'team' }],
    ['https://kuma.example/', undefined, undefined],
  ])('%s with slug %s → %j', (url, slug, expected) => {
    expect(kumaPage(url, slug)).toEqual(expected);
  });

  it('a config that cannot tell the slug is refused, naming the field', () => {
    const result = uptimeKumaSource.schema.safeParse({ type: 'uptimekuma', url: 'https://kuma.example' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['url'],
      message: 'give the status page URL (https://kuma.example/status/<slug>) or its slug',
    });
  });

  it.each(['/status/dashboard', '/api/status-page/dashboard'])(
    'recognises Uptime Kuma from %s',
    async (path) => {
      expect(await uptimeKumaSource.detect?.(new URL(`${server.url}${path}`), createDetectContext())).toEqual(
        {
          type: 'uptimekuma',
          url: server.url,
          slug: 'dashboard',
        },
      );
    },
  );

  it.each(['/status/gatus', '/status/html', '/status/nowhere', '/'])('does not claim %s', async (path) => {
    expect(
      await uptimeKumaSource.detect?.(new URL(`${server.url}${path}`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('uptimekuma: found while fixing what fuzzing found (lone surrogates, malformed escapes)', () => {
  it('a URL whose slug is a malformed escape is refused, not a URIError out of the schema', () => {
    expect(kumaPage('https://kuma.example/status/%E0%A4')).toBeUndefined();
    const result = uptimeKumaSource.schema.safeParse({
      type: 'uptimekuma',
      url: 'https://kuma.example/status/%E0%A4',
    });
    expect(result.error?.issues[0]).toMatchObject({ path: ['url'] });
  });

  it('a slug that is not valid text is refused: request paths could not be built from it', () => {
    expect(kumaPage('https://kuma.example/', 'team\uD800')).toBeUndefined();
  });

  it('a heartbeat status named like an Object.prototype key is unrecognised, not a function', () => {
    const page = JSON.parse(
      realFixture('uptime-kuma/status-page-dashboard-unraid.json').toString('utf8'),
    ) as unknown;
    const beats = { heartbeatList: { '1': [{ status: 'constructor', time: '2026-09-30 20:15:16.689' }] } };
    const parsed = parseUptimeKuma(page, beats, 'https://kuma.example/status/dashboard');
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.components[0]).toMatchObject({ status: 'unknown', rawStatus: 'constructor' });
  });
});
