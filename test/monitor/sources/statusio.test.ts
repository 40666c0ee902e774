import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import type { SourceDefinition } from '../../../main/monitor/sources/source.js';
import {
  createStatusioSource,
  parseStatusio,
  statusioApiUrl,
  statusioSource,
  STATUSIO_STATE,
  STATUSIO_STATUS,
  type StatusioSourceConfig,
} from '../../../main/monitor/sources/statusio.js';
import type { Status } from '../../../main/monitor/status.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
const DOCKER = 'statusio/docker-partial-service-disruption-2020-07-16.json';
/** A page id of status.io's shape (24 hex digits); the API path carries it. */
const PAGE_ID = '533c6539221ae15e3f000031';

/**
 * Built from the "Detailed Example Response" of status.io's documentation
 * (kb.status.io/developers/public-status-api): a component split across two containers, an
 * active and an upcoming maintenance, and a 600 (Security Issue) component. No real payload with
 * these parts is in fixtures/real.
 */
const DOCUMENTED = {
  result: {
    status_overall: { updated: '2021-12-06T16:49:49.455Z', status: 'Security Issue', status_code: 600 },
    status: [
      {
        id: '61ae3d57e3e33c05d23d5249',
        name: 'Mobile App',
        status: 'Security Issue',
        status_code: 600,
        containers: [
          { id: '5a89ef6740eba40d1c3bb4a7', name: 'Virginia', status: 'Operational', status_code: 100 },
          { id: '61ae3d3da163f805d867f0b5', name: 'Ireland', status: 'Security Issue', status_code: 600 },
        ],
      },
      {
        id: '5a89ef6740eba40d1c3bb4a8',
        name: 'Website',
        status: 'Planned Maintenance',
        status_code: 200,
        containers: [{ name: 'Virginia', status: 'Planned Maintenance', status_code: 200 }],
      },
    ],
    incidents: [],
    maintenance: {
      active: [
        {
          _id: '61ae3e0ba163f805d867f18a',
          name: 'Database upgrade',
          datetime_open: '2021-12-06T16:49:03.879Z',
          datetime_planned_start: '2021-12-06T16:45:00.000Z',
          datetime_planned_end: '2021-12-06T18:45:00.000Z',
          messages: [
            { details: 'Work has begun.', state: 200, status: 200, datetime: '2021-12-06T16:49:03Z' },
          ],
          components_affected: [{ _id: '5a89ef6740eba40d1c3bb4a8', name: 'Website' }],
          containers_affected: [{ _id: '5a89ef6740eba40d1c3bb4a7', name: 'Virginia' }],
        },
      ],
      upcoming: [
        {
          _id: '61ae3e6aa163f805d867f1b0',
          name: 'Mobile backend migration',
          datetime_planned_start: '2021-12-10T02:00:00.000Z',
          datetime_planned_end: '2021-12-10T04:00:00.000Z',
          components_affected: [{ _id: '61ae3d57e3e33c05d23d5249', name: 'Mobile App' }],
          containers_affected: [{ _id: '61ae3d3da163f805d867f0b5', name: 'Ireland' }],
        },
      ],
    },
  },
};

let server: TestServer;
let source: SourceDefinition<StatusioSourceConfig>;

beforeAll(async () => {
  const docker = realFixture(DOCKER);
  const at = (id: string, body: string | Buffer, headers = json) => ({
    [`/1.0/status/${id}`]: { body, headers },
  });
  server = await startRoutes({
    ...at(PAGE_ID, docker),
    ...at('documented00', JSON.stringify(DOCUMENTED)),
    ...at('truncated000', docker.subarray(0, Math.floor(docker.length / 2))),
    ...at('empty0000000', realFixture('derived/empty-body.json')),
    ...at('htmlpage0000', '<!DOCTYPE html><html><body>Maintenance</body></html>', {
      'content-type': 'text/html',
    }),
    ...at('slackshaped0', realFixture('slack/current-two-active-incidents-2020-07.json')),
    '/1.0/status/unavailable00': { status: 503, headers: { 'retry-after': '30' } },
    // Built: a status.io page links its posts as /pages/incident/<page id>/<id> and its history as
    // /pages/history/<page id>; no real page HTML is in fixtures/real.
    '/docker-page': {
      headers: { 'content-type': 'text/html' },
      body: `<html><body><a href="/pages/history/${PAGE_ID}">History</a></body></html>`,
    },
    '/plain-page': { headers: { 'content-type': 'text/html' }, body: '<html><body>Hello</body></html>' },
  });
  // The API origin is the loopback server; config URLs stay what a person would write.
  source = createStatusioSource(server.url);
});
afterAll(() => server.close());

const exact = (id: string): StatusioSourceConfig => ({
  type: 'statusio',
  url: `${server.url}/1.0/status/${id}`,
});
const read = (config: StatusioSourceConfig): Promise<Reading> => source.read(config, createReadContext());

describe('statusio: the real Docker payload (2020-07-16, partial service disruption)', () => {
  it('reads status, components, the open incident and no maintenance', async () => {
    const reading = await read(exact(PAGE_ID));
    expect(reading).toMatchObject({
      status: 'partial_outage',
      detail: 'incident "Docker Hub automated builds issue" (investigating)',
      reached: true,
    });
    const official = reading.official!;
    expect(official).toMatchObject({ provider: 'statusio', rawStatus: '400 Partial Service Disruption' });
    expect(official.updatedAt).toBe(Date.parse('2020-07-16T17:22:25.333Z'));
    // One container each ("AWS"): one component each, named as the page names them.
    expect(official.components).toHaveLength(8);
    expect(official.components.find((c) => c.name === 'Docker Hub Automated Builds')).toEqual({
      name: 'Docker Hub Automated Builds',
      status: 'partial_outage',
      rawStatus: '400 Partial Service Disruption',
    });
    expect(official.components.filter((c) => c.status === 'operational')).toHaveLength(7);
    expect(official.incidents).toEqual([
      {
        id: '5f108cc06e9c9104c0553a46',
        title: 'Docker Hub automated builds issue',
        status: 'investigating',
        impact: 'partial_outage',
        rawImpact: '400',
        startedAt: Date.parse('2020-07-16T17:22:08.325Z'),
        updatedAt: Date.parse('2020-07-16T17:22:08.369Z'),
        components: ['Docker Hub Automated Builds'],
        updates: [
          {
            at: Date.parse('2020-07-16T17:22:08.369Z'),
            status: 'investigating',
            body: 'We are investigating reports of automated builds getting stuck or not getting triggered.',
          },
        ],
      },
    ]);
    expect(official.maintenances).toEqual([]);
  });

  it('reads the same from the public page plus pageId, with links to the page', async () => {
    const byApi = await read(exact(PAGE_ID));
    const byPage = await read({ type: 'statusio', url: 'https://www.dockerstatus.com/', pageId: PAGE_ID });
    expect(byPage.status).toBe(byApi.status);
    expect(byPage.detail).toBe(byApi.detail);
    expect(byPage.official?.components).toEqual(byApi.official?.components);
    expect(byPage.official?.pageUrl).toBe('https://www.dockerstatus.com');
    expect(byPage.official?.incidents[0]?.link).toBe(
      `https://www.dockerstatus.com/pages/incident/${PAGE_ID}/5f108cc06e9c9104c0553a46`,
    );
  });

  it('filters components, keeping only the incidents that touch them', async () => {
    const hub = await read({ ...exact(PAGE_ID), components: ['docker hub automated builds'] });
    expect(hub.status).toBe('partial_outage');
    expect(hub.official?.components).toHaveLength(1);
    const docs = await read({ ...exact(PAGE_ID), components: ['Docker Docs'] });
    expect(docs).toMatchObject({ status: 'operational', official: { incidents: [] } });
    const none = await read({ ...exact(PAGE_ID), components: ['Teleportation'] });
    expect(none.status).toBe('unknown');
    expect(none.detail).toMatch(/^no component named "Teleportation" on this page \(it has: Docker Package/);
  });
});

describe('statusio: containers, maintenance and security issues (documented example)', () => {
  it('splits a component across its containers and reads 600 as a major outage with its label', async () => {
    const reading = await read(exact('documented00'));
    expect(reading.status).toBe('major_outage');
    const official = reading.official!;
    expect(official.rawStatus).toBe('600 Security Issue');
    expect(official.components).toEqual([
      {
        name: 'Mobile App / Virginia',
        group: 'Mobile App',
        status: 'operational',
        rawStatus: '100 Operational',
      },
      {
        name: 'Mobile App / Ireland',
        group: 'Mobile App',
        status: 'major_outage',
        rawStatus: '600 Security Issue',
      },
      { name: 'Website', status: 'maintenance', rawStatus: '200 Planned Maintenance' },
    ]);
    expect(official.maintenances).toEqual([
      {
        id: '61ae3e0ba163f805d867f18a',
        title: 'Database upgrade',
        phase: 'active',
        rawStatus: 'active',
        scheduledFor: Date.parse('2021-12-06T16:45:00.000Z'),
        scheduledUntil: Date.parse('2021-12-06T18:45:00.000Z'),
        components: ['Website'],
      },
      {
        id: '61ae3e6aa163f805d867f1b0',
        title: 'Mobile backend migration',
        phase: 'upcoming',
        rawStatus: 'upcoming',
        scheduledFor: Date.parse('2021-12-10T02:00:00.000Z'),
        scheduledUntil: Date.parse('2021-12-10T04:00:00.000Z'),
        components: ['Mobile App', 'Mobile App / Ireland'],
      },
    ]);
  });

  it('filters by a whole component (its group) or by one container', async () => {
    const whole = await read({ ...exact('documented00'), components: ['Mobile App'] });
    expect(whole.official?.components.map((c) => c.name)).toEqual([
      'Mobile App / Virginia',
      'Mobile App / Ireland',
    ]);
    const virginia = await read({ ...exact('documented00'), components: ['Mobile App / Virginia'] });
    expect(virginia.status).toBe('operational');
    expect(virginia.official?.maintenances).toEqual([]);
  });
});

describe('statusio: every status code and state', () => {
  const withComponent = (component: Record<string, unknown>) => ({
    result: { status_overall: { status_code: 100 }, status: [{ name: 'API', ...component }] },
  });

  it.each<[string, Status]>([...Object.entries(STATUSIO_STATUS), ['700', 'unknown'], ['', 'unknown']])(
    'status_code %s → %s',
    (code, expected) => {
      const page = parseStatusio(withComponent(code === '' ? {} : { status_code: Number(code) }));
      expect(typeof page === 'string' ? page : page.components[0]?.status).toBe(expected);
    },
  );

  it('the page aggregate never decides alone: a 100 page with a 500 component is a major outage', () => {
    const page = parseStatusio(withComponent({ status_code: 500 }));
    expect(typeof page !== 'string' && page.overall).toBe('operational');
    expect(typeof page !== 'string' && page.components[0]?.status).toBe('major_outage');
  });

  it.each([...Object.entries(STATUSIO_STATE), ['999', '999']])('incident state %s → "%s"', (state, word) => {
    const page = parseStatusio({
      result: {
        status_overall: { status_code: 300 },
        status: [],
        incidents: [
          { name: 'Slow', messages: [{ state: Number(state), status: 300, details: '<p>Slow</p>' }] },
        ],
      },
    });
    expect(typeof page !== 'string' && page.incidents[0]).toMatchObject({ status: word, impact: 'degraded' });
  });
});

describe('statusio: unreadable answers are unknown with a reason, never green, never a throw', () => {
  it.each<[string, RegExp]>([
    ['truncated000', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty0000000', /^empty response body \(HTTP 200\)$/],
    ['htmlpage0000', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['unavailable00', /^the status page answered HTTP 503$/],
    ['slackshaped0', /^not a status\.io status: /],
  ])('%s', async (id, detail) => {
    const reading = await read(exact(id));
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on to the scheduler', async () => {
    expect((await read(exact('unavailable00'))).retryAfterMs).toBe(30_000);
  });
});

describe('statusio: config and URLs', () => {
  it('needs a pageId unless the URL is the API URL', () => {
    const result = statusioSource.schema.safeParse({ type: 'statusio', url: 'https://www.dockerstatus.com' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['pageId']);
    expect(
      statusioSource.schema.safeParse({
        type: 'statusio',
        url: `https://api.status.io/1.0/status/${PAGE_ID}`,
      }).success,
    ).toBe(true);
  });

  it.each<[StatusioSourceConfig, string]>([
    [
      { type: 'statusio', url: `https://api.status.io/1.0/status/${PAGE_ID}` },
      `https://api.status.io/1.0/status/${PAGE_ID}`,
    ],
    [
      { type: 'statusio', url: 'https://www.dockerstatus.com', pageId: PAGE_ID },
      `https://api.status.io/1.0/status/${PAGE_ID}`,
    ],
  ])('%j → %s', (config, expected) => {
    expect(statusioApiUrl(config)).toBe(expected);
  });
});

describe('statusio: auto-detect', () => {
  it('recognises the exact API URL serving the real payload', async () => {
    const url = `${server.url}/1.0/status/${PAGE_ID}`;
    expect(await source.detect?.(new URL(url), createDetectContext())).toEqual({ type: 'statusio', url });
  });

  it('finds the page id in a public page and confirms it with the API', async () => {
    expect(await source.detect?.(new URL(`${server.url}/docker-page`), createDetectContext())).toEqual({
      type: 'statusio',
      url: `${server.url}/docker-page`,
      pageId: PAGE_ID,
    });
  });

  it.each(['1.0/status/slackshaped0', 'plain-page', 'nowhere'])('does not claim %s', async (path) => {
    expect(await source.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toBeUndefined();
  });
});

describe('statusio: a hostile answer is read in time linear in its size', () => {
  // A return within the test's timeout is the proof: these were quadratic (each container's
  // list copied, each region searched for in the affected containers), and a component named
  // again and again was expanded to all its containers each time.
  const containers = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({ name: `${prefix}${index}`, status_code: 100 }));
  const withIncident = (incident: Record<string, unknown>) => ({
    result: {
      status_overall: { status_code: 300 },
      status: [{ name: 'API', containers: containers('region-', 100_000) }],
      incidents: [{ name: 'Slow', ...incident }],
    },
  });

  it('a component in 100,000 containers, an incident naming 100,000 other containers', () => {
    const page = parseStatusio(
      withIncident({
        components_affected: [{ name: 'API' }],
        containers_affected: [...containers('elsewhere-', 100_000), { name: 'region-7' }],
      }),
    );
    if (typeof page === 'string') throw new Error(page);
    expect(page.components).toHaveLength(100_000);
    expect(page.incidents[0]?.components).toEqual(['API', 'API / region-7']);
  });

  it('a component in 100,000 containers named 100,000 times is expanded once', () => {
    const page = parseStatusio(
      withIncident({ components_affected: Array.from({ length: 100_000 }, () => ({ name: 'API' })) }),
    );
    if (typeof page === 'string') throw new Error(page);
    expect(page.incidents[0]?.components).toHaveLength(100_001);
  });
});
