import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import { reportsSource, type ReportsSourceConfig } from '../../../main/monitor/sources/reports.js';
import { aggregate, readPath } from '../../../main/monitor/sources/reports-api.js';
import { startServer, type TestServer } from '../../support/http-server.js';
import { clockAt, createReadContext } from '../../support/read-context.js';
import { poisson, seededRandom } from '../../support/report-series.js';

/**
 * The `reports` source against a loopback endpoint serving series built here: there is no
 * standard to capture, the point is any JSON shape. The series are the December 2022 Twitter
 * outage as the issue tells it (a usual few dozen per 15 minutes; reports from about 3 am, a
 * peak around 7 am of over 10,000 in the US and about 2,500 each in Japan and the UK) and an
 * ordinary week of Poisson noise from a seeded generator, which must raise nothing.
 */

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SECRET = 'Bearer s3cr3t-REPORTS-token-7f9c';

interface Point {
  readonly t: number;
  readonly n: number;
  readonly cc: string;
}

const fake = {
  points: [] as Point[],
  /** Points after this are not published yet. */
  now: 0,
  answer: undefined as ((req: IncomingMessage, res: ServerResponse) => void) | undefined,
};
let server: TestServer;

const USUAL: Record<string, number> = { US: 40, JP: 12, GB: 12 };

/** People report more by day than by night: a daily swing around each region's level. */
function usualAt(region: string, at: number): number {
  const hour = (at % DAY) / HOUR;
  return (USUAL[region] ?? 0) * (1 + 0.6 * Math.sin((2 * Math.PI * (hour - 9)) / 24));
}

function ordinaryWeek(end: number, seed: number): Point[] {
  const random = seededRandom(seed);
  const points: Point[] = [];
  for (let t = end - 7 * DAY; t < end; t += BUCKET)
    for (const cc of Object.keys(USUAL)) points.push({ t, n: poisson(usualAt(cc, t), random), cc });
  return points;
}

/** From 03:00 a rise, from 07:00 the peak: US 10,000, JP and GB 2,500 each per 15 minutes. */
function twitterDay(day: number, seed: number): Point[] {
  const peak: Record<string, number> = { US: 10_000, JP: 2_500, GB: 2_500 };
  return ordinaryWeek(day + 9 * HOUR, seed).map((point) => {
    const hours = (point.t - day) / HOUR;
    if (hours < 3) return point;
    const share = hours >= 7 ? 1 : ((hours - 3) / 4) ** 2;
    return { ...point, n: Math.round(point.n + share * (peak[point.cc] ?? 0)) };
  });
}

function body(points: readonly Point[]): unknown {
  return {
    data: {
      series: points
        .filter((point) => point.t <= fake.now)
        .map((point) => ({ t: new Date(point.t).toISOString(), n: point.n, geo: { cc: point.cc } })),
    },
    meta: { source: 'support form' },
  };
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (fake.answer) {
      fake.answer(req, res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body(fake.points)));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  fake.points = [];
  fake.answer = undefined;
});

const PATHS = { items: 'data.series', time: 't', count: 'n', region: 'geo.cc' };

function read(
  at: number,
  extra: Partial<ReportsSourceConfig> = {},
  env: Record<string, string> = {},
): Promise<Reading> {
  fake.now = at;
  return reportsSource.read(
    { type: 'reports', url: `${server.url}/reports`, ...PATHS, ...extra },
    createReadContext({ clock: clockAt(at), env }),
  );
}

function answerJson(value: unknown): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

const DAY_0 = Date.UTC(2022, 11, 28);

describe('reports: the December 2022 Twitter outage', () => {
  beforeEach(() => {
    fake.points = twitterDay(DAY_0, 2022);
  });

  it('is quiet before the reports start', async () => {
    const reading = await read(DAY_0 + 3 * HOUR + MINUTE);
    expect(reading).toMatchObject({ status: 'operational', crowd: { provider: 'reports', level: 'none' } });
    expect(reading.detail).toMatch(/^reports at the usual level \(\d+ against about \d+ per 15 min\)$/);
  });

  it('warns of a possible problem on the early rise, and calls a likely outage at the peak, mostly US', async () => {
    const early = await read(DAY_0 + 3 * HOUR + 31 * MINUTE);
    expect(early).toMatchObject({
      status: 'degraded',
      crowd: { level: 'possible', since: DAY_0 + 3 * HOUR + BUCKET },
    });
    expect(early.detail).toMatch(
      /^possible problem: reports \d+× the usual level \(\d+ against about 2\d per 15 min\), mostly US/,
    );
    expect(await read(DAY_0 + 3 * HOUR + 46 * MINUTE)).toMatchObject({ status: 'partial_outage' });
    const peak = await read(DAY_0 + 7 * HOUR + 31 * MINUTE);
    expect(peak).toMatchObject({ status: 'partial_outage', crowd: { level: 'likely' } });
    expect(peak.crowd?.current).toBeGreaterThan(15_000);
    expect(peak.detail).toMatch(
      /^likely outage: reports \d+× the usual level \([\d,]+ against about \d+ per 15 min\), mostly US \(6\d%\)/,
    );
    expect(peak.crowd?.regions[0]).toMatchObject({ region: 'US' });
    expect(peak.crowd?.regions.map((region) => region.region).sort()).toEqual(['GB', 'JP', 'US']);
    expect(peak.crowd?.since).toBe(DAY_0 + 3 * HOUR + BUCKET);
    // What a chart shows: at most a day of the series.
    expect(peak.crowd?.series.length).toBeLessThanOrEqual(96);
  });
});

describe('reports: an ordinary week of noise raises nothing', () => {
  it('stays operational at every hour of its last two days', async () => {
    const end = Date.UTC(2024, 4, 20);
    fake.points = ordinaryWeek(end, 7);
    const raised: string[] = [];
    for (let at = end - 2 * DAY; at < end; at += HOUR) {
      const reading = await read(at + 20 * MINUTE);
      if (reading.status !== 'operational') raised.push(`${new Date(at).toISOString()}: ${reading.detail}`);
    }
    expect(raised).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5])('seed %i: judged at the end of the week, quiet', async (seed) => {
    const end = Date.UTC(2024, 4, 20, 13);
    fake.points = ordinaryWeek(end, seed * 7919);
    const reading = await read(end);
    expect(reading.status).toBe('operational');
    expect(reading.crowd?.usual).toBeGreaterThan(20);
  });
});

describe('reports: reading any shape', () => {
  const NOW = Date.UTC(2024, 4, 20, 12, 7);

  it('reads a root array, epoch seconds and numeric strings, summing into 15-minute buckets', async () => {
    const start = Date.UTC(2024, 4, 20, 11, 30);
    fake.answer = answerJson(
      [0, 5, 10, 15, 20, 25].map((minutes) => ({ when: (start + minutes * MINUTE) / 1000, reports: '4' })),
    );
    const reading = await read(NOW, { items: undefined, time: 'when', count: 'reports', region: undefined });
    expect(reading.crowd?.series.map((bucket) => bucket.count)).toEqual([12, 12]);
    expect(reading.crowd?.series[0]?.regions).toBeUndefined();
  });

  it('reads arrays inside items by index (points.0.t)', async () => {
    fake.answer = answerJson({
      rows: [{ points: [{ t: NOW - 20 * MINUTE, v: 7 }] }, { points: [{ t: NOW - 5 * MINUTE, v: 9 }] }],
    });
    const reading = await read(NOW, {
      items: 'rows',
      time: 'points.0.t',
      count: 'points.0.v',
      region: undefined,
    });
    expect(reading.crowd?.series.map((bucket) => bucket.count)).toEqual([7, 9]);
  });

  it('fills the buckets an endpoint leaves out with zero, up to the last complete one', async () => {
    fake.answer = answerJson([{ t: NOW - 2 * HOUR, n: 3 }]);
    const reading = await read(NOW, { items: undefined, region: undefined });
    const series = reading.crowd?.series ?? [];
    expect(series.map((bucket) => bucket.count)).toEqual([3, 0, 0, 0, 0, 0, 0, 0]);
    expect(series.at(-1)?.at).toBe(Date.UTC(2024, 4, 20, 11, 45));
  });

  it('honours bucketMinutes', async () => {
    fake.answer = answerJson(
      [0, 20, 40, 59].map((minutes) => ({ t: Date.UTC(2024, 4, 20, 11, minutes), n: 1 })),
    );
    const reading = await read(NOW, { items: undefined, region: undefined, bucketMinutes: 60 });
    expect(reading.crowd).toMatchObject({ bucketMs: HOUR, current: 4 });
  });

  it('skips items it cannot count and says so', async () => {
    fake.answer = answerJson({
      data: {
        series: [
          { t: new Date(NOW - 10 * MINUTE).toISOString(), n: 2, geo: { cc: 'US' } },
          { n: 5, geo: { cc: 'US' } },
          { t: 'yesterday-ish', n: 5 },
          { t: new Date(NOW - 9 * MINUTE).toISOString(), n: 'many' },
          { t: new Date(NOW + DAY).toISOString(), n: 1 },
          { t: new Date(NOW - 9 * DAY).toISOString(), n: 1 },
          'not an item',
        ],
      },
    });
    const reading = await read(NOW);
    expect(reading.status).toBe('operational');
    expect(reading.detail).toMatch(
      /; 6 of 7 items left out \(no time at "t": 3, no count at "n": 1, dated in the future: 1, older than 8 days: 1\)$/,
    );
  });

  it('an empty list is a valid, quiet answer', async () => {
    fake.answer = answerJson({ data: { series: [] } });
    expect(await read(NOW)).toMatchObject({
      status: 'operational',
      detail: 'no reports in the answer',
      crowd: { level: 'none' },
    });
  });

  it.each<[string, Partial<ReportsSourceConfig>, unknown, RegExp]>([
    [
      'items leads nowhere',
      { items: 'data.rows' },
      { data: { series: [] } },
      /^items: "data\.rows" leads to nothing in the answer, not a list$/,
    ],
    [
      'items leads to an object',
      { items: 'data' },
      { data: { series: [] } },
      /^items: "data" leads to an object \(keys: series\) in the answer, not a list$/,
    ],
    [
      'no items path for an object',
      { items: undefined },
      { data: {}, meta: {} },
      /^items: the answer is an object \(keys: data, meta\), not a list; set "items" to the path of the list$/,
    ],
    [
      'time leads nowhere',
      { time: 'when' },
      { data: { series: [{ t: 1, n: 1 }] } },
      /^time: no item has a readable time at "when" \(the first item is an object \(keys: t, n\)\)$/,
    ],
    [
      'count leads nowhere',
      { count: 'total' },
      { data: { series: [{ t: Date.UTC(2024, 4, 20), n: 1 }] } },
      /^count: no item has a count at "total"$/,
    ],
    [
      'a path into the prototype',
      { items: 'constructor' },
      { data: [] },
      /^items: "constructor" leads to nothing/,
    ],
  ])('%s: unknown, naming the field', async (_name, change, answer, detail) => {
    fake.answer = answerJson(answer);
    const reading = await read(NOW, change);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });
});

describe('reports: credentials and failures', () => {
  const NOW = Date.UTC(2024, 4, 20, 12, 7);
  const headers = { Authorization: { env: 'REPORTS_TOKEN' } };

  beforeEach(() => {
    fake.answer = (req, res) => {
      if (req.headers.authorization !== SECRET) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad token"}');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify([{ t: NOW - MINUTE, n: 1 }]));
    };
  });

  function expectNoSecret(reading: Reading): void {
    expect(JSON.stringify(reading)).not.toContain('s3cr3t');
  }

  it('sends the header from the environment', async () => {
    const reading = await read(
      NOW,
      { headers, items: undefined, region: undefined },
      { REPORTS_TOKEN: SECRET },
    );
    expect(reading.status).toBe('operational');
    expect(server.requests.at(-1)?.headers.authorization).toBe(SECRET);
    expectNoSecret(reading);
  });

  it('a missing secret is unknown, naming where it was expected', async () => {
    const reading = await read(NOW, { headers, items: undefined });
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'headers.Authorization: no value in the environment variable REPORTS_TOKEN',
    });
  });

  it('bad credentials: unknown, pointing at the headers, without the secret', async () => {
    const reading = await read(NOW, { headers: { Authorization: 'Bearer s3cr3t-wrong' }, items: undefined });
    expect(reading).toMatchObject({ status: 'unknown', httpStatus: 401 });
    expect(reading.detail).toMatch(
      /^127\.0\.0\.1:\d+ answered HTTP 401: bad token; check the credentials in "headers"$/,
    );
    expectNoSecret(reading);
  });

  it('an endpoint that echoes the header never gets it into the detail', async () => {
    fake.answer = (req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(`${req.headers.authorization ?? ''} is not valid`);
    const reading = await read(NOW, { headers, items: undefined }, { REPORTS_TOKEN: SECRET });
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(/^the response is not valid JSON/);
    expectNoSecret(reading);
  });

  it.each<[string, (req: IncomingMessage, res: ServerResponse) => void, RegExp, Partial<Reading>]>([
    [
      '429 with Retry-After',
      (_req, res) => res.writeHead(429, { 'retry-after': '45' }).end(),
      /is limiting our requests \(HTTP 429\); asked to wait 45 s$/,
      { retryAfterMs: 45_000 },
    ],
    [
      'quota used up (403)',
      (_req, res) =>
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"daily quota exceeded"}'),
      /answered HTTP 403: daily quota exceeded; check the credentials in "headers"$/,
      {},
    ],
    [
      'an HTML page',
      (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>'),
      /^expected JSON but got an HTML page/,
      {},
    ],
    ['an empty body', (_req, res) => res.writeHead(200).end(), /^empty response body \(HTTP 200\)$/, {}],
    [
      'a truncated body',
      (_req, res) => res.writeHead(200).end('[{"t": 1716206400, "n": 3}, {"t": 17'),
      /^the response is not valid JSON, perhaps truncated/,
      {},
    ],
    ['a server error', (_req, res) => res.writeHead(500).end(), /^127\.0\.0\.1:\d+ answered HTTP 500$/, {}],
  ])('%s: unknown, clearly', async (_name, answer, detail, extra) => {
    fake.answer = answer;
    const reading = await read(NOW, { items: undefined });
    expect(reading).toMatchObject({ status: 'unknown', ...extra });
    expect(reading.detail).toMatch(detail);
  });
});

describe('reports: config errors name the field', () => {
  it.each<[Record<string, unknown>, string, RegExp]>([
    [{ time: '' }, 'time', /expected a path/],
    [{ count: undefined }, 'count', /expected a path/],
    [{ items: 'data..series' }, 'items', /single dots/],
    [{ region: 5 }, 'region', /expected a path/],
    [{ bucketMinutes: 0 }, 'bucketMinutes', /at least 1 minute/],
    [{ url: 'reports.example.com' }, 'url', /http\(s\) URL/],
    [
      { headers: { Authorization: { env: 'not a name' } } },
      'headers.Authorization.env',
      /environment variable name/,
    ],
    [{ headers: { Authorization: 5 } }, 'headers.Authorization', /expected the secret/],
    [{ headers: 'Bearer x' }, 'headers', /header names with their values/],
    [{ headers: { 'bad header': 'x' } }, 'headers.bad header', /HTTP header name/],
  ])('%j is refused at %s', (change, path, message) => {
    const result = reportsSource.schema.safeParse({
      type: 'reports',
      url: 'https://reports.example.com',
      time: 't',
      count: 'n',
      ...change,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('labels and defaults', () => {
    const parsed = reportsSource.schema.parse({
      type: 'reports',
      url: 'https://reports.example.com/api',
      time: 't',
      count: 'n',
    });
    expect(reportsSource.defaultLabel(parsed)).toBe('Reports from reports.example.com');
    expect(reportsSource.defaults.intervalSeconds).toBe(120);
  });
});

describe('reports: the path reader', () => {
  it.each<[unknown, string, unknown]>([
    [{ a: { b: [1, { c: 2 }] } }, 'a.b.1.c', 2],
    [{ a: [5] }, 'a.0', 5],
    [{ a: [5] }, 'a.x', undefined],
    [{ a: 1 }, 'a.b', undefined],
    [{}, 'constructor', undefined],
    [{}, '__proto__', undefined],
    [{ '0': 'key' }, '0', 'key'],
  ])('%j at %s', (value, path, expected) => {
    expect(readPath(value, path)).toEqual(expected);
  });

  it('aggregates per region', () => {
    const at = Date.UTC(2024, 0, 1, 10);
    const result = aggregate(
      [
        { t: at, n: 2, r: 'US' },
        { t: at + MINUTE, n: 3, r: 'US' },
        { t: at + 2 * MINUTE, n: 1, r: 'JP' },
        { t: at + 3 * MINUTE, n: 4 },
      ],
      { time: 't', count: 'n', region: 'r' },
      BUCKET,
      at + BUCKET + MINUTE,
    );
    expect(result.series).toEqual([{ at, count: 10, regions: { US: 5, JP: 1 } }]);
  });
});

describe('reports: found by fuzzing (test/reliability/fuzz)', () => {
  it('a count past 2^53 is skipped as no count: two of 1e308 would sum to Infinity in one bucket', () => {
    const at = Date.UTC(2024, 0, 1, 10);
    const result = aggregate(
      [
        { t: at, n: Number.MAX_VALUE },
        { t: at + MINUTE, n: Number.MAX_VALUE },
        { t: at + 2 * MINUTE, n: 2 },
      ],
      { time: 't', count: 'n' },
      BUCKET,
      at + BUCKET + MINUTE,
    );
    expect(result.series).toEqual([{ at, count: 2 }]);
    expect(result.skipped.count).toBe(2);
  });
});
