import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  globalpingSource,
  vantageReading,
  type GlobalpingSourceConfig,
} from '../../../main/monitor/sources/globalping.js';
import {
  failureWords,
  measurementPlan,
  parseMeasurement,
} from '../../../main/monitor/sources/globalping-api.js';
import { realFixture } from '../../support/fixtures.js';
import { closedPort, startServer, type TestServer } from '../../support/http-server.js';
import { ManualClock } from '../../support/manual-clock.js';
import { createReadContext } from '../../support/read-context.js';

/**
 * A loopback Globalping API. Its answers start from the real payloads in
 * shared/fixtures/real/globalping/ (the OpenAPI examples captured from api.globalping.io): the
 * 202 of createMeasurementResponse.json, the probe and result of getHttpMeasurementResponse.json
 * and getPingMeasurementResponse.json, the X-RateLimit numbers of nonAuthenticatedLimits.json.
 * What no capture shows is built from Globalping's own source (jsdelivr/globalping):
 * - failed and offline probe results: `status: "failed"` with `statusCode: null` and the
 *   error in `rawOutput` (src/measurement/schema/probe-response-schema.ts), `status: "offline"`;
 * - the in-progress measurement: the same document with `status: "in-progress"`;
 * - errors: `{ error: { type, message, params? } }` (src/lib/http/middleware/error-handler.ts,
 *   validate.ts), 422 `no_probes_found`, 429 `too_many_probes` with X-RateLimit-* headers
 *   (src/lib/rate-limiter/rate-limiter-post.ts), 400 `validation_error` with `params`.
 */

const json = (name: string): Record<string, unknown> =>
  JSON.parse(realFixture(`globalping/${name}`).toString('utf8')) as Record<string, unknown>;

const CREATED = json('createMeasurementResponse.json');
const HTTP_MEASUREMENT = json('getHttpMeasurementResponse.json');
const PING_MEASUREMENT = json('getPingMeasurementResponse.json');
const LIMITS = json('nonAuthenticatedLimits.json') as {
  rateLimit: { measurements: { create: { limit: number; reset: number } } };
};
const MAGIC = json('createMeasurementPingLocationsMagic.json');

type ProbeResult = { probe: Record<string, unknown>; result: Record<string, unknown> };
const HTTP_TEMPLATE = (HTTP_MEASUREMENT.results as ProbeResult[])[0]!;
const PING_TEMPLATE = (PING_MEASUREMENT.results as ProbeResult[])[0]!;

const CITIES: Record<string, string> = {
  US: 'Ashburn',
  DE: 'Frankfurt',
  JP: 'Tokyo',
  BR: 'Sao Paulo',
  AU: 'Sydney',
  KR: 'Seoul',
};

function probe(template: ProbeResult, country: string, result: Record<string, unknown>): ProbeResult {
  return {
    probe: { ...template.probe, country, city: CITIES[country] ?? null },
    result: { ...template.result, ...result },
  };
}
const FAILED_HTTP = { status: 'failed', statusCode: null, statusCodeName: null, headers: {}, tls: null };
const reaches = (country: string): ProbeResult => probe(HTTP_TEMPLATE, country, {});
const answers = (country: string, statusCode: number): ProbeResult =>
  probe(HTTP_TEMPLATE, country, { statusCode, statusCodeName: 'Service Unavailable' });
const failsWith = (country: string, rawOutput: string): ProbeResult =>
  probe(HTTP_TEMPLATE, country, { ...FAILED_HTTP, rawOutput, timings: { total: null } });
const offline = (country: string): ProbeResult => ({
  probe: { ...HTTP_TEMPLATE.probe, country },
  result: { status: 'offline', rawOutput: 'This probe is currently offline. Please try again later.' },
});
const pings = (country: string, loss: number): ProbeResult =>
  probe(PING_TEMPLATE, country, {
    stats: { ...(PING_TEMPLATE.result.stats as object), loss, avg: loss === 100 ? null : 24.183 },
  });

interface Scenario {
  /** Replaces the 202 answer to POST /measurements. */
  create?: { status: number; headers?: Record<string, string>; body: string };
  results: ProbeResult[];
  measurement?: Record<string, unknown>;
  /** Polls answered "in-progress" before the finished one. */
  inProgressPolls?: number;
  /** Polls answered 429 first, as the per-measurement GET limiter does. */
  failingPolls?: number;
  neverFinishes?: boolean;
}

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

let server: TestServer;
let scenario: Scenario;
let seen: Seen[];
let polls: number;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const path = req.url ?? '/';
    seen.push({
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    if (req.method === 'POST' && path === '/v1/measurements') {
      const create = scenario.create;
      if (create) res.writeHead(create.status, create.headers ?? {}).end(create.body);
      else send(res, 202, CREATED);
      return;
    }
    if (req.method === 'GET' && path === `/v1/measurements/${String(CREATED.id)}`) {
      polls++;
      if (polls <= (scenario.failingPolls ?? 0)) {
        const error = { type: 'too_many_requests', message: 'Too many requests. Please retry in 2 seconds.' };
        send(res, 429, { error }, { 'retry-after': '2' });
        return;
      }
      const template = scenario.measurement ?? HTTP_MEASUREMENT;
      const running =
        scenario.neverFinishes === true ||
        polls - (scenario.failingPolls ?? 0) <= (scenario.inProgressPolls ?? 1);
      const results = running
        ? scenario.results.map((r) => ({ probe: r.probe, result: { status: 'in-progress', rawOutput: '' } }))
        : scenario.results;
      send(res, 200, {
        ...template,
        id: CREATED.id,
        status: running ? 'in-progress' : 'finished',
        probesCount: results.length,
        results,
      });
      return;
    }
    send(res, 404, { error: { type: 'not_found', message: 'Couldn’t find the requested item.' } });
  });
});

afterAll(() => server.close());

beforeEach(() => {
  scenario = { results: [] };
  seen = [];
  polls = 0;
});

/** A manual clock whose sleeps pass at once, recorded: polls run fast and their pace is visible. */
class HurriedClock extends ManualClock {
  readonly sleeps: number[] = [];
  override sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(delayMs);
    const slept = super.sleep(delayMs, signal);
    void this.advance(delayMs);
    return slept;
  }
}

function config(fields: Partial<Record<string, unknown>> = {}): GlobalpingSourceConfig {
  return globalpingSource.schema.parse({
    type: 'globalping',
    target: 'https://cdn.jsdelivr.net/npm/jquery',
    url: `${server.url}/v1`,
    ...fields,
  });
}

async function read(
  fields: Partial<Record<string, unknown>> = {},
  options: { timeoutMs?: number; env?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ reading: Reading; clock: HurriedClock }> {
  const clock = new HurriedClock();
  const ctx = createReadContext({ clock, timeoutMs: options.timeoutMs ?? 30_000, ...options });
  const reading = await globalpingSource.read(config(fields), ctx);
  return { reading, clock };
}

const posted = (): Seen => seen.find((request) => request.method === 'POST')!;

describe('globalping: down for everyone or just here', () => {
  it('everyone: at least half the answering probes fail', async () => {
    scenario.results = [
      failsWith('US', "Timeout awaiting 'request' for 10000ms"),
      answers('DE', 503),
      failsWith('JP', 'connect ECONNREFUSED 104.16.88.20:443'),
      answers('BR', 503),
      reaches('AU'),
    ];
    const { reading } = await read();
    expect(reading.status).toBe('major_outage');
    expect(reading.detail).toBe('4 of 5 other networks also fail (US, DE, JP, BR)');
    expect(reading.vantage).toMatchObject({
      provider: 'Globalping',
      probes: 5,
      failing: 4,
      finding: 'everyone',
    });
    expect(reading.vantage?.locations.map((l) => [l.country, l.ok, l.detail])).toEqual([
      ['US', false, 'timeout'],
      ['DE', false, 'HTTP 503 in 325 ms'],
      ['JP', false, 'connection refused'],
      ['BR', false, 'HTTP 503 in 325 ms'],
      ['AU', true, 'HTTP 200 in 325 ms'],
    ]);
    expect(reading.vantage?.locations[0]).toMatchObject({ city: 'Ashburn', network: 'Psychz Networks' });
  });

  it('everyone, failing the same way: says how', async () => {
    scenario.results = ['US', 'DE', 'JP'].map((c) => failsWith(c, 'connect ETIMEDOUT 104.16.88.20:443'));
    const { reading } = await read();
    expect(reading.detail).toBe('3 of 3 other networks also fail (US, DE, JP): timeout');
  });

  it('just here: every other network reaches it', async () => {
    scenario.results = ['US', 'DE', 'JP', 'BR', 'AU'].map(reaches);
    const { reading } = await read();
    expect(reading).toMatchObject({
      status: 'operational',
      detail: 'other networks reach it (5 of 5): likely your network or region',
      reached: true,
      vantage: { probes: 5, failing: 0, finding: 'just-here' },
    });
  });

  it('mixed: fewer than half fail', async () => {
    scenario.results = [reaches('US'), answers('DE', 502), reaches('JP'), reaches('AU')];
    const { reading } = await read();
    expect(reading.status).toBe('partial_outage');
    expect(reading.detail).toBe('1 of 4 other networks fail (DE: HTTP 502 in 325 ms); the others reach it');
    expect(reading.vantage?.finding).toBe('mixed');
  });

  it('offline probes do not count', async () => {
    scenario.results = [reaches('US'), offline('DE'), reaches('JP'), offline('BR')];
    const { reading } = await read();
    expect(reading.status).toBe('operational');
    expect(reading.detail).toBe(
      'other networks reach it (2 of 2): likely your network or region; 2 offline probes not counted',
    );
    expect(reading.vantage).toMatchObject({ probes: 2, failing: 0 });
  });

  it('no probe answering is unknown', async () => {
    scenario.results = [offline('US'), offline('DE')];
    const { reading } = await read();
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'no Globalping probe answered; 2 offline probes not counted',
    });
    expect(reading.vantage).toBeUndefined();
  });

  it('a 3xx answer reaches it; a 4xx does not', async () => {
    scenario.results = [answers('US', 301), answers('DE', 404)];
    const { reading } = await read();
    expect(reading.vantage?.locations.map((l) => l.ok)).toEqual([true, false]);
    expect(reading.status).toBe('major_outage');
  });

  it('polls after the 202 until the measurement is finished, never faster than every 500 ms', async () => {
    scenario.results = [reaches('US')];
    scenario.inProgressPolls = 3;
    const { reading, clock } = await read();
    expect(reading.status).toBe('operational');
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/measurements',
      ...Array<string>(4).fill('GET /v1/measurements/PY5fMsREMmIq45VR'),
    ]);
    expect(clock.sleeps).toHaveLength(4);
    expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(500);
  });

  it('a measurement that never finishes is unknown after the timeout', async () => {
    scenario.results = [reaches('US')];
    scenario.neverFinishes = true;
    const { reading, clock } = await read({}, { timeoutMs: 10_000 });
    expect(reading).toMatchObject({ status: 'unknown', detail: 'Globalping did not finish within 10 s' });
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(10_000);
    expect(polls).toBeGreaterThan(5);
  });
});

describe('globalping: what is asked', () => {
  it('an http measurement of the URL: host, path, query, protocol, port, locations, limit, method', async () => {
    scenario.results = [reaches('US')];
    await read({
      target: 'https://status.example.com:8443/health?deep=1',
      locations: ['Europe', 'AS13335'],
      limit: 3,
      method: 'GET',
    });
    expect(posted().headers['content-type']).toBe('application/json');
    expect(posted().body).toEqual({
      type: 'http',
      target: 'status.example.com',
      locations: [{ magic: 'Europe' }, { magic: 'AS13335' }],
      limit: 3,
      measurementOptions: {
        request: { method: 'GET', path: '/health', query: 'deep=1' },
        protocol: 'HTTPS',
        port: 8443,
      },
    });
  });

  it('defaults: world, 5 probes, HEAD, the protocol from the URL and no port', async () => {
    scenario.results = [reaches('US')];
    await read({ target: 'http://example.com' });
    expect(posted().body).toEqual({
      type: 'http',
      target: 'example.com',
      locations: [{ magic: 'world' }],
      limit: 5,
      measurementOptions: { request: { method: 'HEAD', path: '/' }, protocol: 'HTTP' },
    });
  });

  it('a bare host is pinged, with locations in the documented magic form', () => {
    const magic = (MAGIC.locations as { magic: string }[]).map((location) => location.magic);
    const plan = measurementPlan('cdn.jsdelivr.net', { locations: magic, limit: 9, method: 'HEAD' });
    expect(plan.body).toEqual({
      type: MAGIC.type,
      target: MAGIC.target,
      locations: MAGIC.locations,
      limit: 9,
    });
  });

  it('ping: any reply reaches it, 100% loss does not', async () => {
    scenario.measurement = PING_MEASUREMENT;
    scenario.results = [pings('NZ', 0), pings('US', 100), pings('DE', 100)];
    const { reading } = await read({ target: 'cdn.jsdelivr.net' });
    expect(posted().body).toMatchObject({ type: 'ping', target: 'cdn.jsdelivr.net' });
    expect(reading.vantage?.locations.map((l) => [l.ok, l.detail])).toEqual([
      [true, '24 ms, 0% packet loss'],
      [false, 'no reply (100% packet loss)'],
      [false, 'no reply (100% packet loss)'],
    ]);
    expect(reading.detail).toBe('2 of 3 other networks also fail (US, DE): no reply (100% packet loss)');
  });

  it('IPv6 literals lose their brackets', () => {
    const plan = measurementPlan('https://[2606:4700::6810:5814]/', {
      locations: ['world'],
      limit: 1,
      method: 'HEAD',
    });
    expect(plan.body.target).toBe('2606:4700::6810:5814');
  });
});

describe('globalping: token', () => {
  const TOKEN = 'gp-SECRET-7f3a9c1e5b';

  it('is sent as a Bearer token when configured, and never appears in the reading', async () => {
    scenario.results = [reaches('US')];
    const { reading } = await read(
      { token: { env: 'GLOBALPING_TOKEN' } },
      { env: { GLOBALPING_TOKEN: TOKEN } },
    );
    expect(posted().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen.filter((r) => r.method === 'GET').every((r) => r.headers.authorization === undefined)).toBe(
      true,
    );
    expect(JSON.stringify(reading)).not.toContain(TOKEN);
  });

  it('is absent without one', async () => {
    scenario.results = [reaches('US')];
    await read();
    expect(posted().headers.authorization).toBeUndefined();
  });

  it('a refused token is unknown, and the token stays out even when the API echoes it', async () => {
    scenario.create = {
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { type: 'unauthorized', message: `Invalid token ${TOKEN}` } }),
    };
    const { reading } = await read({ token: TOKEN });
    expect(reading).toMatchObject({ status: 'unknown', detail: 'Globalping refused the token (HTTP 401)' });
    expect(JSON.stringify(reading)).not.toContain(TOKEN);

    scenario.create = { ...scenario.create, status: 500 };
    const echoed = await read({ token: TOKEN });
    expect(echoed.reading.detail).toBe('Globalping answered HTTP 500: Invalid token …');
  });

  it('a token missing from the environment is unknown, naming where it was expected', async () => {
    const { reading } = await read({ token: { env: 'GLOBALPING_TOKEN' } });
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'no Globalping token in the environment variable GLOBALPING_TOKEN',
    });
    expect(seen).toHaveLength(0);
  });
});

describe('globalping: errors are unknown, never a throw', () => {
  const limits = LIMITS.rateLimit.measurements.create;
  const rateLimited = (headers: Record<string, string>) => ({
    status: 429,
    headers: {
      'content-type': 'application/json',
      'x-ratelimit-limit': String(limits.limit),
      'x-ratelimit-remaining': '0',
      ...headers,
    },
    body: JSON.stringify({ error: { type: 'too_many_probes', message: 'Too Many Probes Requested' } }),
  });

  it('429 keeps Retry-After and names the hourly limit and the token', async () => {
    scenario.create = rateLimited({ 'retry-after': '120', 'x-ratelimit-reset': String(limits.reset) });
    const { reading } = await read();
    expect(reading).toMatchObject({ status: 'unknown', retryAfterMs: 120_000, httpStatus: 429 });
    expect(reading.detail).toBe(
      "Globalping's hourly limit is used up (100 tests an hour per IP without a token; a token raises it); it resets in 2 min",
    );
  });

  it('429 without Retry-After waits for X-RateLimit-Reset', async () => {
    scenario.create = rateLimited({ 'x-ratelimit-reset': String(limits.reset) });
    const { reading } = await read({ token: 'gp-token' });
    expect(reading.retryAfterMs).toBe(limits.reset * 1000);
    expect(reading.detail).toBe("Globalping's hourly limit for this token is used up; it resets in 60 min");
  });

  it('422 no_probes_found names the locations', async () => {
    scenario.create = {
      status: 422,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { type: 'no_probes_found', message: 'No suitable probes found.' } }),
    };
    const { reading } = await read({ locations: ['Antarctica', 'AS64512'] });
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'no Globalping probes in Antarctica, AS64512',
    });
  });

  it('400 carries the API message and the invalid fields, bounded', async () => {
    scenario.create = {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: {
          type: 'validation_error',
          message: 'Validation Failed',
          params: { target: 'Private hostnames are not allowed.', junk: 'x'.repeat(500) },
        },
      }),
    };
    const { reading } = await read();
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(
      /^Globalping rejected the measurement: Validation Failed; target: Private hostnames are not allowed\.; junk: x+…$/,
    );
    expect(reading.detail.length).toBeLessThan(260);
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>Oops</body></html>', 'expected JSON but got an HTML page'],
    ['an empty body', '', 'empty response body'],
    ['truncated JSON', '{"id":"PY5f', 'not valid JSON'],
    ['no id', '{"probesCount":1}', 'sent no id'],
  ])('a 202 with %s is unknown', async (_name, body, words) => {
    scenario.create = { status: 202, headers: { 'content-type': 'text/html' }, body };
    const { reading } = await read();
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toContain(words);
  });

  it('an unreachable API is unknown and not reached', async () => {
    const port = await closedPort();
    const clock = new HurriedClock();
    const ctx = createReadContext({ clock });
    const reading = await globalpingSource.read(config({ url: `http://127.0.0.1:${port}/v1` }), ctx);
    expect(reading).toMatchObject({ status: 'unknown', reached: false });
    expect(reading.detail).toContain('connection refused');
  });

  it('a cancelled check is unknown', async () => {
    scenario.results = [reaches('US')];
    scenario.neverFinishes = true;
    const controller = new AbortController();
    controller.abort();
    const { reading } = await read({}, { signal: controller.signal });
    expect(reading).toMatchObject({ status: 'unknown', detail: 'the check was cancelled' });
  });

  it('a poll that fails is tried again while time is left', async () => {
    scenario.results = [reaches('US')];
    scenario.failingPolls = 2;
    const { reading, clock } = await read();
    expect(reading.status).toBe('operational');
    expect(polls).toBe(4);
    expect(clock.sleeps).toEqual([500, 2000, 2000, 500]);
  });

  it('polls that keep failing end in a timeout that says why', async () => {
    scenario.failingPolls = 1000;
    const { reading } = await read({}, { timeoutMs: 5000 });
    expect(reading.detail).toBe(
      'Globalping did not finish within 5 s (last poll: Globalping answered HTTP 429)',
    );
  });

  it('a lost measurement (404 on poll) is unknown', async () => {
    scenario.create = { status: 202, headers: { 'content-type': 'application/json' }, body: '{"id":"gone"}' };
    const { reading } = await read();
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'Globalping lost the measurement (HTTP 404)',
    });
  });
});

describe('globalping: config', () => {
  const parse = (fields: Record<string, unknown>) =>
    globalpingSource.schema.safeParse({ type: 'globalping', ...fields });

  it.each([
    [{}, 'target'],
    [{ target: 'ftp://example.com' }, 'target'],
    [{ target: 'example.com/path' }, 'target'],
    [{ target: 'example.com', limit: 11 }, 'limit'],
    [{ target: 'example.com', limit: 0 }, 'limit'],
    [{ target: 'example.com', locations: [] }, 'locations'],
    [{ target: 'example.com', method: 'GET' }, 'method'],
    [{ target: 'https://example.com', method: 'POST' }, 'method'],
    [{ target: 'https://example.com', token: '' }, 'token'],
  ])('rejects %j at %s', (fields, path) => {
    const result = parse(fields);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(path);
  });

  it('is on demand, with an interval that respects the anonymous limit', () => {
    expect(globalpingSource.onDemand).toBe(true);
    expect(globalpingSource.family).toBe('crowd');
    expect(globalpingSource.defaults).toEqual({ intervalSeconds: 600, timeoutMs: 30_000 });
    expect(
      parse({ target: 'example.com', locations: ['Germany'], limit: 10, token: { env: 'GP' } }).success,
    ).toBe(true);
  });

  it('words probe failures as a person would', () => {
    expect(failureWords('getaddrinfo ENOTFOUND nope.example')).toBe('could not resolve the host');
    expect(failureWords('read ECONNRESET')).toBe('connection reset');
    expect(failureWords('certificate has expired')).toBe('TLS error');
    expect(failureWords('something odd\nhappened')).toBe('something odd happened');
    expect(failureWords('')).toBeUndefined();
  });
});

describe('globalping: found by fuzzing (test/reliability/fuzz)', () => {
  it('a measurement id that is not valid text (a lone surrogate) is unknown, not a URIError', async () => {
    scenario.create = {
      status: 202,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...CREATED, id: 'PY5f\uD800' }),
    };
    const { reading } = await read();
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'Globalping sent a measurement id that is not valid text',
    });
  });

  it('probe text goes into the detail as one bounded line, however many probes fail', () => {
    const country = `${'outage '.repeat(5000)}\nUS`;
    const measurement = parseMeasurement({
      status: 'finished',
      results: Array.from({ length: 300 }, () => ({
        probe: { country, city: 'Ash\nburn', network: null },
        result: { status: 'failed', rawOutput: 'connect ETIMEDOUT' },
      })),
    });
    if (typeof measurement === 'string') throw new Error(measurement);
    expect(measurement.results[0]).toMatchObject({ city: 'Ash burn' });
    expect(measurement.results[0]!.country.length).toBeLessThanOrEqual(40);
    const reading = vantageReading(measurement, 'http', { checkedAt: 0 });
    expect(reading.status).toBe('major_outage');
    expect(reading.detail).not.toMatch(/\n/);
    expect(reading.detail.length).toBeLessThanOrEqual(300);
  });
});
