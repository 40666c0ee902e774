import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  gatusBase,
  gatusSource,
  parseGatusStatuses,
  readResult,
  RESULT_STATUS,
  statusesUrl,
  type GatusSourceConfig,
} from '../../../main/monitor/sources/gatus.js';
import type { Status } from '../../../main/monitor/status.js';
import { realFixture } from '../../support/fixtures.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
const API = '/api/v1/endpoints/statuses';
const MIXED = realFixture('gatus/endpoints-statuses-mixed-success-failure.json');
let server: TestServer;

/**
 * Built from gatus's documented schema (config/endpoint/status.go, result.go), not captured:
 * the real payloads hold a single endpoint, and these cases need several, with real timestamps.
 */
const TEAM = [
  {
    name: 'api',
    group: 'core',
    key: 'core_api',
    results: [1, 2, 3].map((minute) => ({
      status: 503,
      hostname: 'api.example.org',
      duration: 12_000_000,
      conditionResults: [{ condition: '[STATUS] == 200', success: false }],
      success: false,
      timestamp: `2024-05-01T10:0${minute}:00.123456789Z`,
    })),
  },
  {
    name: 'web',
    group: 'core',
    key: 'core_web',
    results: [
      { status: 200, duration: 1, conditionResults: [], success: true, timestamp: '2024-05-01T10:04:00Z' },
    ],
  },
  {
    name: 'search',
    key: '_search',
    results: [
      {
        status: 200,
        duration: 900_000_000,
        conditionResults: [
          { condition: '[STATUS] == 200', success: true },
          { condition: '[RESPONSE_TIME] < 300', success: false },
        ],
        success: false,
        timestamp: '2024-05-01T12:05:00+02:00',
      },
    ],
  },
];

beforeAll(async () => {
  server = await startRoutes({
    [`/mixed${API}`]: { body: MIXED, headers: json },
    [`/no-results${API}`]: {
      body: realFixture('gatus/endpoints-statuses-empty-results.json'),
      headers: json,
    },
    [`/team${API}`]: { body: JSON.stringify(TEAM), headers: json },
    [`/none${API}`]: { body: '[]', headers: json },
    [`/truncated${API}`]: { body: MIXED.subarray(0, MIXED.length / 2), headers: json },
    [`/empty${API}`]: { body: realFixture('derived/empty-body.json'), headers: json },
    [`/html${API}`]: {
      body: '<!DOCTYPE html><html><body>Gatus</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    [`/error${API}`]: { status: 503, headers: { 'retry-after': '30' } },
    [`/upptime${API}`]: { body: realFixture('upptime/history-summary.json'), headers: json },
    [`/statuspage${API}`]: {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: json,
    },
  });
});
afterAll(() => server.close());

function read(page: string, extra: Partial<GatusSourceConfig> = {}): Promise<Reading> {
  return gatusSource.read({ type: 'gatus', url: `${server.url}/${page}`, ...extra }, createReadContext());
}

describe('gatus: real payloads', () => {
  it('an endpoint whose newest result failed: major outage, naming the failed conditions', async () => {
    const reading = await read('mixed');
    expect(reading.status).toBe('major_outage');
    expect(reading.official).toMatchObject({ provider: 'gatus', pageUrl: `${server.url}/mixed` });
    expect(reading.official?.components).toEqual([
      {
        name: 'name',
        group: 'group',
        status: 'major_outage',
        rawStatus: 'failure: [RESPONSE_TIME] < 500, [CERTIFICATE_EXPIRATION] < 72h',
      },
    ]);
    expect(reading.official?.incidents).toEqual([]);
    expect(reading.official?.maintenances).toEqual([]);
    expect(reading.detail).toBe(
      'name: major outage (group/name failed [RESPONSE_TIME] < 500, [CERTIFICATE_EXPIRATION] < 72h: error-1; error-2)',
    );
    // Go's zero time (0001-01-01T00:00:00Z) is no time, not a date in year 1.
    expect(reading.official?.updatedAt).toBeUndefined();
  });

  it('asks for a small page of the newest results', async () => {
    await read('mixed');
    const asked = new URL(server.requests.at(-1)?.url ?? '', server.url);
    expect(asked.pathname).toBe(`/mixed${API}`);
    expect(Object.fromEntries(asked.searchParams)).toEqual({ page: '1', pageSize: '5' });
  });

  it('an endpoint with no results yet is unknown, and says so', async () => {
    const reading = await read('no-results');
    expect(reading).toMatchObject({ status: 'unknown', detail: 'no results yet for group/name' });
    expect(reading.official?.components[0]).toMatchObject({ status: 'unknown', rawStatus: 'no results' });
  });
});

describe('gatus: several endpoints (built from the documented schema)', () => {
  it('judges from the endpoints: the worst wins, a slow one is degraded', async () => {
    const reading = await read('team');
    expect(reading.status).toBe('major_outage');
    expect(reading.official?.components.map((c) => [c.group, c.name, c.status, c.rawStatus])).toEqual([
      ['core', 'api', 'major_outage', 'failure: [STATUS] == 200'],
      ['core', 'web', 'operational', 'success'],
      [undefined, 'search', 'degraded', 'soft failure: [RESPONSE_TIME] < 300'],
    ]);
    expect(reading.detail).toBe(
      'api: major outage, search: degraded (core/api failed [STATUS] == 200 (3 checks in a row))',
    );
    expect(reading.official?.updatedAt).toBe(Date.parse('2024-05-01T10:05:00Z'));
  });

  it.each<[Partial<GatusSourceConfig>, string[], Status]>([
    [{ endpoints: ['web'] }, ['web'], 'operational'],
    [{ endpoints: ['core_api'] }, ['api'], 'major_outage'],
    [{ endpoints: ['Core/Web', 'search'] }, ['web', 'search'], 'degraded'],
    [{ groups: ['core'] }, ['api', 'web'], 'major_outage'],
    [{ groups: ['core'], endpoints: ['search'] }, ['api', 'web', 'search'], 'major_outage'],
  ])('filter %j keeps %j', async (filter, names, status) => {
    const reading = await read('team', filter);
    expect(reading.official?.components.map((component) => component.name)).toEqual(names);
    expect(reading.status).toBe(status);
  });

  it('a healthy selection says so', async () => {
    expect((await read('team', { endpoints: ['web'] })).detail).toBe('all 1 endpoint healthy');
  });

  it('names what a filter did not find', async () => {
    const partly = await read('team', { endpoints: ['web', 'payments'] });
    expect(partly).toMatchObject({
      status: 'operational',
      detail: 'all 1 endpoint healthy (not found: payments)',
    });
    const none = await read('team', { groups: ['edge'] });
    expect(none.status).toBe('unknown');
    expect(none.detail).toBe('no endpoint or group named "edge" (it has: core/api, core/web, search)');
  });

  it('an instance without endpoints is unknown', async () => {
    expect(await read('none')).toMatchObject({ status: 'unknown', detail: 'gatus lists no endpoints' });
  });
});

describe('gatus: result mapping', () => {
  it.each<[string, Status]>([
    ...Object.entries(RESULT_STATUS),
    ['no results', 'unknown'],
    ['maybe', 'unknown'],
  ])('%s → %s', (outcome, status) => {
    expect(RESULT_STATUS[outcome] ?? 'unknown').toBe(status);
  });

  it.each<[string, Record<string, unknown> | undefined, string]>([
    ['success', { success: true }, 'success'],
    [
      'a failed status condition',
      { success: false, conditionResults: [{ condition: '[STATUS] == 200', success: false }] },
      'failure',
    ],
    [
      'only response time failed',
      { success: false, conditionResults: [{ condition: '[RESPONSE_TIME] < 500', success: false }] },
      'soft failure',
    ],
    [
      'only the certificate',
      { success: false, conditionResults: [{ condition: '[CERTIFICATE_EXPIRATION] > 48h', success: false }] },
      'soft failure',
    ],
    [
      'slow with an error',
      {
        success: false,
        errors: ['timeout'],
        conditionResults: [{ condition: '[RESPONSE_TIME] < 500', success: false }],
      },
      'failure',
    ],
    ['a failure without conditions', { success: false }, 'failure'],
    ['no result', undefined, 'no results'],
    ['an odd success value', { success: 'yes' }, 'success=yes'],
    ['a string that looks like an outcome', { success: 'failure' }, 'success=failure'],
  ])('%s', (_, result, outcome) => {
    expect(readResult(result).outcome).toBe(outcome);
  });

  it('the parse function is pure and says what it is not', () => {
    expect(parseGatusStatuses({ status: { indicator: 'none' } }, 'https://x')).toMatch(
      /^not a Gatus endpoint list/,
    );
    expect(parseGatusStatuses(JSON.parse(MIXED.toString()), 'https://x')).toMatchObject({
      provider: 'gatus',
    });
  });
});

describe('gatus: unreadable answers are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['upptime', /^not a Gatus endpoint list/],
    ['statuspage', /^not a Gatus endpoint list/],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('error')).retryAfterMs).toBe(30_000);
  });
});

describe('gatus: URLs and detection', () => {
  it('the base URL and the exact API URL read the same', async () => {
    const base = await read('mixed');
    const exact = await read(`mixed${API}`);
    expect(exact).toMatchObject({ status: base.status, detail: base.detail, official: base.official });
  });

  it.each([
    ['https://status.example.org', `https://status.example.org${API}?page=1&pageSize=5`],
    ['https://example.org/gatus/', `https://example.org/gatus${API}?page=1&pageSize=5`],
    [`https://status.example.org${API}`, `https://status.example.org${API}?page=1&pageSize=5`],
    [`https://status.example.org${API}?pageSize=2`, `https://status.example.org${API}?pageSize=2`],
  ])('%s → %s', (url, expected) => {
    expect(statusesUrl(url)).toBe(expected);
  });

  it.each(['mixed', 'mixed/', `mixed${API}`])('recognises gatus from %s', async (path) => {
    expect(await gatusSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toEqual({
      type: 'gatus',
      url: `${server.url}/mixed`,
    });
  });

  it('a path of 200,000 slashes (a link auto-detect followed) is read once, not once per slash', () => {
    // The trailing slashes were dropped with replace(/\/+$/, ''), which read from every slash of
    // a run to its end: quadratic, half a minute for each of these. A return within the test's
    // timeout is the proof.
    const slashes = '/'.repeat(200_000);
    expect(gatusBase(`https://status.example.org${slashes}gatus${API}`)).toBe(
      `https://status.example.org${slashes}gatus`,
    );
    expect(statusesUrl(`https://status.example.org${slashes}gatus`)).toBe(
      `https://status.example.org${slashes}gatus${API}?page=1&pageSize=5`,
    );
  });

  it.each(['upptime', 'statuspage', 'none', 'nowhere'])('does not claim %s', async (path) => {
    expect(
      await gatusSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('gatus: found by fuzzing (test/reliability/fuzz)', () => {
  it('a success value nested thousands deep is described, not stringified (which overflows the stack)', () => {
    const deep = JSON.parse(`${'['.repeat(5000)}true${']'.repeat(5000)}`) as unknown;
    expect(readResult({ success: deep }).outcome).toBe('success=a list');
  });

  it('a filter that matches nothing carries the page without its aggregate words', async () => {
    const none = await read('team', { groups: ['edge'] });
    expect(none.status).toBe('unknown');
    expect(none.official).not.toHaveProperty('description');
  });
});
