import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/monitor/clock.js';
import type { Reading } from '../../../main/monitor/reading.js';
import { createMemory, type SourceMemory } from '../../../main/monitor/secrets.js';
import {
  downdetectorSource,
  type DowndetectorSourceConfig,
} from '../../../main/monitor/sources/downdetector.js';
import {
  buildSeries,
  mergeIndicators,
  parseCompanies,
  parseCompanyDetails,
  parseIndicators,
  parseReports,
  pickCompany,
} from '../../../main/monitor/sources/downdetector-parse.js';
import { realFixture } from '../../support/fixtures.js';
import { startServer, type TestServer } from '../../support/http-server.js';
import { clockAt, createReadContext } from '../../support/read-context.js';

/**
 * A loopback fake of the Downdetector Enterprise API v2. Its shapes start from the real
 * samples in fixtures/real/downdetector/ (the cookbook's /companies/search and /slugs/{slug}/reports
 * answers); the token flow, /companies/{id} (status, 96-number baseline), /indicators, the error
 * body, 401/429 and X-Page-Next are built from shared/reference/crowd-apis.md. The fake checks
 * what the real API requires: HTTP Basic on /tokens with grant_type=client_credentials (form
 * body or query string), a bearer it issued on everything else, startdate and enddate on every
 * ranged request.
 */

const CLIENT_ID = 'dw-client-id-7731';
const CLIENT_SECRET = 'SECRET-dd-4242-do-not-leak';
const BUCKET = 15 * 60_000;
const SLOTS = 96;

type Bucket = Record<string, unknown>;
interface Scenario {
  companies: Record<string, unknown>[];
  /** By company id, or `all` for the slug's summed reports. */
  reports: Record<string, Bucket[]>;
  details: Record<string, Record<string, unknown>>;
  indicators: Record<string, unknown>;
  findBySlug: boolean;
  wrapSearch: boolean;
  rejectAllBearers: boolean;
  secretIsBearer: boolean;
  pageSize?: number;
  /** Answers instead of the fake when it returns a reply. */
  intercept?: (path: string) => Reply | undefined;
}

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly auth: string | undefined;
  readonly body: string;
  readonly contentType: string | undefined;
  readonly at: number;
}

let server: TestServer;
let scenario: Scenario;
let seen: Seen[] = [];
const issued = new Set<string>();
let tokenCount = 0;

function emptyScenario(): Scenario {
  return {
    companies: [],
    reports: {},
    details: {},
    indicators: {},
    findBySlug: true,
    wrapSearch: false,
    rejectAllBearers: false,
    secretIsBearer: false,
  };
}

interface Reply {
  readonly status: number;
  /** JSON to send, or raw text (an HTML page, a cut-off body). */
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  json: body,
  headers,
});

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function fakeApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const at = performance.now();
  const request: Seen = {
    method: req.method ?? '',
    path: url.pathname.replace(/^\/v2/, ''),
    query: url.searchParams,
    auth: req.headers.authorization,
    body: await bodyOf(req),
    contentType: req.headers['content-type'],
    at,
  };
  seen.push(request);
  const reply = route(request);
  const type = reply.text === undefined ? 'application/json' : 'text/html';
  res
    .writeHead(reply.status, { 'content-type': type, ...reply.headers })
    .end(reply.text ?? JSON.stringify(reply.json));
}

function route({ method, path, query, auth, body }: Seen): Reply {
  if (method === 'POST' && path === '/tokens') {
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    if (auth !== basic) return json(401, { error: true, message: 'invalid client' });
    // Seen both ways in clients (crowd-apis.md): a form body or the query string.
    const grant = new URLSearchParams(body).get('grant_type') ?? query.get('grant_type');
    if (grant !== 'client_credentials') return json(400, { error: true, message: 'unsupported grant_type' });
    const token = `tok-${++tokenCount}`;
    issued.add(token);
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
  }
  const bearer = auth?.replace(/^Bearer /, '') ?? '';
  const accepted = issued.has(bearer) || (scenario.secretIsBearer && bearer === CLIENT_SECRET);
  if (!accepted || scenario.rejectAllBearers) return json(401, { error: true, message: 'Unauthorized' });
  const intercepted = scenario.intercept?.(path);
  if (intercepted) return intercepted;
  const ranged = /\/reports$|\/indicators$/.test(path);
  if (ranged && (!query.get('startdate') || !query.get('enddate')))
    return json(400, { error: true, message: 'startdate and enddate are required' });

  if (path === '/companies/search') {
    const by = query.get(scenario.findBySlug ? 'slug' : 'name');
    const country = query.get('country');
    const found = scenario.companies.filter(
      (company) =>
        by !== null &&
        String(scenario.findBySlug ? company.slug : company.name).toLowerCase() === by.toLowerCase() &&
        (country === null || company.country_iso === country),
    );
    return json(200, scenario.wrapSearch ? { companies: found } : found);
  }
  if (/^\/slugs\/[^/]+\/reports$/.test(path)) {
    const from = Date.parse(query.get('startdate') ?? '');
    const to = Date.parse(query.get('enddate') ?? '');
    const all = (scenario.reports[query.get('companies') ?? 'all'] ?? []).filter((bucket) => {
      const start = Date.parse(String(bucket.point_in_time));
      return start >= from - BUCKET && start <= to;
    });
    const size = scenario.pageSize;
    if (size === undefined) return json(200, all);
    const page = Number(query.get('page') ?? '1');
    const more: Record<string, string> = page * size < all.length ? { 'x-page-next': String(page + 1) } : {};
    return json(200, all.slice((page - 1) * size, page * size), more);
  }
  const company = /^\/companies\/(\d+)(\/indicators)?$/.exec(path);
  const id = company?.[1] ?? '';
  if (company?.[2]) return json(200, scenario.indicators[id] ?? []);
  if (company && scenario.details[id]) return json(200, scenario.details[id]);
  return json(404, { error: true, message: 'Not found' });
}

beforeAll(async () => {
  server = await startServer(fakeApi);
});
afterAll(() => server.close());
beforeEach(() => {
  scenario = emptyScenario();
  seen = [];
});

function config(extra: Partial<DowndetectorSourceConfig> = {}): DowndetectorSourceConfig {
  return {
    type: 'downdetector',
    slug: 'twitter',
    url: `${server.url}/v2`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...extra,
  };
}

/** Reads once; every reading, whatever it says, must carry no secret and no token. */
async function read(
  cfg: DowndetectorSourceConfig,
  options: { now?: number; memory?: SourceMemory; env?: Record<string, string>; realPacing?: boolean } = {},
): Promise<Reading> {
  const at = clockAt(options.now ?? NOW);
  // The 110 ms request spacing sleeps on the injected clock; only the politeness test waits it out.
  const clock: Clock = options.realPacing ? at : { ...at, sleep: (_ms, signal) => at.sleep(1, signal) };
  const reading = await downdetectorSource.read(
    cfg,
    createReadContext({
      clock,
      ...(options.memory ? { memory: options.memory } : {}),
      ...(options.env ? { env: options.env } : {}),
    }),
  );
  const text = JSON.stringify(reading);
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(CLIENT_ID);
  expect(text).not.toMatch(/tok-\d/);
  return reading;
}

const count = (path: string | RegExp, method = 'GET'): number =>
  seen.filter(
    (request) =>
      request.method === method &&
      (typeof path === 'string' ? request.path === path : path.test(request.path)),
  ).length;

// ---- The December 2022 Twitter case, per country ----

/** 2022-12-29 07:40 UTC: reports began rising around 03:00 and spiked around 07:00. */
const NOW = Date.UTC(2022, 11, 29, 7, 40);
const COUNTRIES = {
  US: { id: 1001, usual: 40, peak: 10_000 },
  JP: { id: 1002, usual: 15, peak: 2_600 },
  GB: { id: 1003, usual: 15, peak: 2_500 },
};

/** The 96 bucket starts of the day ending with the slot that contains `now`. */
function slots(now: number): number[] {
  const last = Math.floor(now / BUCKET) * BUCKET;
  return Array.from({ length: SLOTS }, (_, index) => last - (SLOTS - 1 - index) * BUCKET);
}

/** Buckets in the API's shape (cookbook sample), `total` from `count`, with a little noise. */
function day(now: number, countAt: (at: number, index: number) => number): Bucket[] {
  return slots(now).map((at, index) => {
    const total = Math.round(countAt(at, index));
    const tweets = Math.round(total * 0.1);
    const indicators = Math.round(total * 0.6);
    return {
      indicators,
      other: total - indicators,
      point_in_time: new Date(at).toISOString().replace('.000Z', '+00:00'),
      total,
      tweets,
    };
  });
}

/** 0 before 03:00, growing about 200-fold to 1 by 07:00, then held. */
function outage(at: number): number {
  const hours = (at - Date.UTC(2022, 11, 29)) / 3_600_000;
  if (hours < 3) return 0;
  return hours >= 7 ? 1 : 0.005 * 200 ** ((hours - 3) / 4);
}

const noise = (index: number): number => ((index * 7) % 5) - 2;

function twitterScenario(options: {
  outage: boolean;
  status: Record<string, string>;
  factor?: number;
}): void {
  for (const [country, { id, usual, peak }] of Object.entries(COUNTRIES)) {
    scenario.companies.push({ id, name: 'Twitter', slug: 'twitter', country_iso: country });
    scenario.reports[String(id)] = day(NOW, (at, index) => {
      const base = usual + noise(index);
      if (options.factor !== undefined && at >= NOW - 60 * 60_000) return base * options.factor;
      return base + (options.outage ? outage(at) * peak : 0);
    });
    scenario.details[String(id)] = {
      id,
      name: 'Twitter',
      slug: 'twitter',
      status: options.status[country] ?? 'success',
      stats_24: scenario.reports[String(id)]?.map((bucket) => bucket.total),
      baseline: Array.from({ length: SLOTS }, () => usual),
      baseline_current: usual,
    };
  }
}

describe('downdetector: the Twitter outage of 2022-12-29', () => {
  it('per country: likely, with regions US, JP, GB, the provider baseline and the indicators', async () => {
    twitterScenario({ outage: true, status: { US: 'danger', JP: 'danger', GB: 'danger' } });
    scenario.indicators['1001'] = [
      { slug: 'twitter', indicator: 'Website', key: 'website', amount: 5200, percentage: 52 },
      { slug: 'twitter', indicator: 'App', key: 'app', amount: 3100, percentage: 31 },
      { slug: 'twitter', indicator: 'Login', key: 'login', amount: 1700, percentage: 17 },
    ];
    scenario.indicators['1002'] = [
      { slug: 'twitter', indicator: 'ウェブサイト', key: 'website', amount: 1300, percentage: 50 },
      { slug: 'twitter', indicator: 'アプリ', key: 'app', amount: 1300, percentage: 50 },
    ];
    const reading = await read(config({ countries: ['US', 'JP', 'GB'] }));

    expect(reading.status).toBe('partial_outage');
    const crowd = reading.crowd!;
    expect(crowd).toMatchObject({ provider: 'downdetector', level: 'likely', bucketMs: BUCKET });
    expect(crowd.regions.map((region) => region.region)).toEqual(['US', 'JP', 'GB']);
    expect(crowd.regions[0]?.share).toBeCloseTo(10_000 / 15_100, 1);
    // The newest bucket against the provider's baseline: thousands against a few dozen.
    expect(crowd.current).toBeGreaterThan(14_000);
    expect(crowd.usual).toBe(70);
    expect(crowd.series).toHaveLength(SLOTS);
    // The peak bucket per country: the usual few dozen plus the outage's reports.
    expect(crowd.series.at(-1)?.regions).toEqual({ US: 10_038, JP: 2_613, GB: 2_513 });
    expect(crowd.series.every((bucket) => bucket.usual === 70)).toBe(true);
    // Our own judgement, not just the provider's: the spike began with the early rise.
    expect(crowd.since).toBeGreaterThanOrEqual(Date.UTC(2022, 11, 29, 3));
    expect(crowd.since).toBeLessThanOrEqual(Date.UTC(2022, 11, 29, 4, 30));
    expect(reading.detail).toMatch(
      /^likely outage: reports \d{3}× the usual level \(1\d,\d{3} against about 70 per 15 min\), mostly US \(66%\)/,
    );
    expect(reading.detail).toContain("Downdetector's status: danger (US, JP, GB)");
    // Indicators: merged by key over countries, named from the first, by amounts.
    expect(crowd.indicators?.map((indicator) => indicator.name)).toEqual(['Website', 'App', 'Login']);
    expect(crowd.indicators?.[0]?.share).toBeCloseTo(6500 / 12_600, 3);
    expect(count(/\/indicators$/)).toBe(3);
  });

  it('a quiet day is operational, and costs no indicator requests', async () => {
    twitterScenario({ outage: false, status: {} });
    const reading = await read(config({ countries: ['US', 'JP', 'GB'] }));
    expect(reading.status).toBe('operational');
    expect(reading.crowd).toMatchObject({ level: 'none', usual: 70 });
    expect(reading.detail).toMatch(/^reports at the usual level \(\d+ against about 70 per 15 min\)$/);
    expect(count(/\/indicators$/)).toBe(0);
  });

  it("the provider's own danger counts, even with modest counts", async () => {
    twitterScenario({ outage: false, status: { US: 'danger', JP: 'warning' }, factor: 2 });
    const reading = await read(config({ countries: ['US', 'JP', 'GB'] }));
    expect(reading.status).toBe('partial_outage');
    expect(reading.crowd?.level).toBe('likely');
    expect(reading.crowd?.since).toBeUndefined();
    expect(reading.detail).toMatch(/^likely outage: reports [12]\.\d× the usual level/);
    expect(reading.detail).toContain("Downdetector's status: danger (US), warning (JP)");
  });

  it('warning alone is a possible problem', async () => {
    twitterScenario({ outage: false, status: { GB: 'warning' } });
    const reading = await read(config({ countries: ['US', 'JP', 'GB'] }));
    expect(reading).toMatchObject({ status: 'degraded', crowd: { level: 'possible' } });
  });

  it('one-shot check judges the day of buckets the API returns, with no memory', async () => {
    twitterScenario({ outage: true, status: {} });
    const reading = await read(config({ countries: ['US'] }));
    expect(reading.crowd?.level).toBe('likely');
    expect(reading.crowd?.regions.map(({ region, share }) => [region, share])).toEqual([['US', 1]]);
  });

  it('without countries: the summed reports, judged against their own day', async () => {
    twitterScenario({ outage: true, status: {} });
    scenario.reports.all = day(NOW, (at, index) => 70 + noise(index) + outage(at) * 15_100);
    const reading = await read(config());
    expect(reading.crowd).toMatchObject({ level: 'likely', regions: [] });
    expect(reading.crowd?.series.every((bucket) => bucket.usual === undefined && !bucket.regions)).toBe(true);
    expect(seen.map((request) => request.path)).toEqual(['/tokens', '/slugs/twitter/reports']);
    const query = seen[1]!.query;
    expect(query.get('companies')).toBeNull();
    expect(query.get('interval')).toBe('15m');
    expect(query.get('startdate')).toBe('2022-12-28T07:40:00Z');
    expect(query.get('enddate')).toBe('2022-12-29T07:40:00Z');
  });
});

describe('downdetector: real samples', () => {
  it('reads the cookbook search answer and picks the company of a country', () => {
    const companies = parseCompanies(
      JSON.parse(
        realFixture('downdetector/companies_search_instagram.cookbook.excerpt.json').toString('utf8'),
      ),
    );
    expect(companies).toEqual([
      { id: '34286', slug: 'instagram', country: 'BE' },
      { id: '37847', slug: 'instagram', country: 'GR' },
      { id: '33588', slug: 'instagram', country: 'ZA' },
    ]);
    expect(pickCompany(companies, 'instagram', 'ZA')?.id).toBe('33588');
    expect(pickCompany(companies, 'instagram', 'US')).toBeUndefined();
  });

  it('reads the cookbook reports answer', () => {
    const buckets = parseReports(
      JSON.parse(realFixture('downdetector/slugs_instagram_reports.cookbook.json').toString('utf8')),
    );
    expect(buckets).toEqual(
      [2, 2, 3, 4, 6].map((total, index) => ({
        at: Date.parse('2022-04-20T14:30:00Z') + index * BUCKET,
        total,
      })),
    );
  });

  it('serves them end to end: Instagram in South Africa, a quiet afternoon', async () => {
    scenario.companies = JSON.parse(
      realFixture('downdetector/companies_search_instagram.cookbook.excerpt.json').toString('utf8'),
    ) as Record<string, unknown>[];
    scenario.reports['33588'] = JSON.parse(
      realFixture('downdetector/slugs_instagram_reports.cookbook.json').toString('utf8'),
    ) as Bucket[];
    scenario.details['33588'] = {
      id: 33588,
      status: 'success',
      baseline: Array.from({ length: SLOTS }, () => 3),
      baseline_current: 3,
    };
    const reading = await read(config({ slug: 'instagram', countries: ['ZA'] }), {
      now: Date.parse('2022-04-20T15:40:00Z'),
    });
    expect(reading).toMatchObject({ status: 'operational', crowd: { level: 'none', current: 6, usual: 3 } });
    expect(reading.crowd?.series.map((bucket) => bucket.count)).toEqual([2, 2, 3, 4, 6]);
    expect(reading.crowd?.regions).toEqual([{ region: 'ZA', count: 6, share: 1 }]);
    expect(seen.find((request) => request.path === '/companies/search')?.query.get('country')).toBe('ZA');
  });
});

describe('downdetector: the token flow', () => {
  it('gets a token with HTTP Basic, then uses it as a bearer', async () => {
    twitterScenario({ outage: false, status: {} });
    await read(config({ countries: ['US'] }));
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/tokens',
      body: 'grant_type=client_credentials',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(seen[0]?.query.toString()).toBe('');
    expect(seen.slice(1).every((request) => request.auth === 'Bearer tok-' + String(tokenCount))).toBe(true);
  });

  it('reuses the token and the company ids across reads with one memory', async () => {
    twitterScenario({ outage: false, status: {} });
    const memory = createMemory();
    await read(config({ countries: ['US', 'GB'] }), { memory });
    expect(count('/tokens', 'POST')).toBe(1);
    expect(count('/companies/search')).toBe(2);
    seen = [];
    const reading = await read(config({ countries: ['US', 'GB'] }), { memory, now: NOW + 5 * 60_000 });
    expect(reading.status).toBe('operational');
    expect(count('/tokens', 'POST')).toBe(0);
    expect(count('/companies/search')).toBe(0);
    expect(seen.map((request) => request.path).sort()).toEqual([
      '/companies/1001',
      '/companies/1003',
      '/slugs/twitter/reports',
      '/slugs/twitter/reports',
    ]);
    // Memory holds no secret, only the token and a fingerprint of whose it is.
    expect(JSON.stringify(memory.get())).not.toContain(CLIENT_SECRET);
  });

  it('asks for a new token once the old one nears its hour', async () => {
    twitterScenario({ outage: false, status: {} });
    const memory = createMemory();
    await read(config({ countries: ['US'] }), { memory });
    seen = [];
    await read(config({ countries: ['US'] }), { memory, now: NOW + 56 * 60_000 });
    expect(count('/tokens', 'POST')).toBe(1);
  });

  it('401: refreshes the token once, shared by parallel requests, then succeeds', async () => {
    twitterScenario({ outage: false, status: {} });
    const memory = createMemory();
    await read(config({ countries: ['US', 'JP', 'GB'] }), { memory });
    issued.clear(); // the server forgot every token: the next requests answer 401
    seen = [];
    const reading = await read(config({ countries: ['US', 'JP', 'GB'] }), { memory });
    expect(reading.status).toBe('operational');
    expect(count('/tokens', 'POST')).toBe(1);
  });

  it('401 twice: unknown, credentials rejected, after exactly one refresh', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.rejectAllBearers = true;
    const reading = await read(config({ countries: ['US', 'JP'] }));
    expect(reading).toMatchObject({ status: 'unknown', httpStatus: 401, reached: true });
    expect(reading.detail).toBe('Downdetector credentials rejected (HTTP 401, even with a fresh token)');
    expect(count('/tokens', 'POST')).toBe(2);
  });

  it('a wrong secret: the token endpoint rejects it, in words', async () => {
    const reading = await read(config({ countries: ['US'], clientSecret: 'SECRET-dd-4242-wrong' }));
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toBe('Downdetector credentials rejected by the token endpoint (HTTP 401)');
    expect(reading.detail).not.toContain('SECRET');
  });

  it('only a client secret: a long-lived bearer, no token request', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.secretIsBearer = true;
    const { clientId: _, ...bearerOnly } = config({ countries: ['US'] });
    const reading = await read(bearerOnly);
    expect(reading.status).toBe('operational');
    expect(count('/tokens', 'POST')).toBe(0);
    scenario.secretIsBearer = false;
    const rejected = await read(bearerOnly);
    expect(rejected.detail).toBe('Downdetector credentials rejected (HTTP 401, check clientSecret)');
  });

  it('{ env } secrets resolve from the environment; a missing variable is named', async () => {
    twitterScenario({ outage: false, status: {} });
    const fromEnv = config({
      countries: ['US'],
      clientId: { env: 'DD_CLIENT_ID' },
      clientSecret: { env: 'DD_CLIENT_SECRET' },
    });
    const reading = await read(fromEnv, {
      env: { DD_CLIENT_ID: CLIENT_ID, DD_CLIENT_SECRET: CLIENT_SECRET },
    });
    expect(reading.status).toBe('operational');
    seen = [];
    const missing = await read(fromEnv, { env: { DD_CLIENT_ID: CLIENT_ID } });
    expect(missing).toMatchObject({
      status: 'unknown',
      detail:
        'no Downdetector clientSecret: expected in the environment variable DD_CLIENT_SECRET, which is empty or not set',
    });
    expect(seen).toEqual([]);
  });
});

describe('downdetector: companies', () => {
  it('a country without a company is noted, the others carry on, and the miss is cached', async () => {
    twitterScenario({ outage: false, status: {} });
    const memory = createMemory();
    const reading = await read(config({ countries: ['US', 'XX'] }), { memory });
    expect(reading.status).toBe('operational');
    expect(reading.detail).toMatch(/; no Downdetector company for twitter in XX$/);
    expect(count('/companies/search')).toBe(3); // US by slug; XX by slug, then by name
    seen = [];
    await read(config({ countries: ['US', 'XX'] }), { memory });
    expect(count('/companies/search')).toBe(0);
  });

  it('no company anywhere: unknown, saying so', async () => {
    const reading = await read(config({ countries: ['XX'] }));
    expect(reading).toMatchObject({ status: 'unknown', detail: 'no Downdetector company for twitter in XX' });
  });

  it('falls back to a name search, and accepts an object wrapping the list', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.findBySlug = false;
    scenario.wrapSearch = true;
    const reading = await read(config({ countries: ['GB'] }));
    expect(reading.status).toBe('operational');
    const searches = seen
      .filter((request) => request.path === '/companies/search')
      .map((request) => request.query);
    expect(searches.map((query) => [query.get('slug'), query.get('name'), query.get('country')])).toEqual([
      ['twitter', null, 'GB'],
      [null, 'twitter', 'GB'],
    ]);
    expect(searches[0]?.get('fields')).toBe('id,name,slug,country_iso');
  });
});

describe('downdetector: limits, errors and politeness', () => {
  it('429 with Retry-After: unknown, and the wait is kept for the scheduler', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.intercept = (path) =>
      path.endsWith('/reports')
        ? json(429, { error: true, message: 'Too many requests' }, { 'retry-after': '120' })
        : undefined;
    const reading = await read(config({ countries: ['US'] }));
    expect(reading).toMatchObject({ status: 'unknown', httpStatus: 429, retryAfterMs: 120_000 });
    expect(reading.detail).toBe('Downdetector rate limit (HTTP 429, retry in 120 s): Too many requests');
  });

  it.each([
    ['HTTP 429', 429],
    ['HTTP 200', 200],
  ])('the daily quota error body (%s) is explained, with what a poll costs', async (_name, status) => {
    twitterScenario({ outage: false, status: {} });
    scenario.intercept = (path) =>
      path.endsWith('/reports')
        ? json(status, { error: true, message: 'Daily request quota exceeded for this plan' })
        : undefined;
    const reading = await read(config({ countries: ['US', 'JP', 'GB'] }));
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toContain('Daily request quota exceeded for this plan');
    expect(reading.detail).toContain('about 6 requests a poll, so a longer intervalSeconds spends less');
  });

  it.each([
    [
      'an HTML page',
      '<!DOCTYPE html><html><body>Maintenance</body></html>',
      /expected JSON but got an HTML page \(HTTP 200, text\/html\)/,
    ],
    [
      'a truncated body',
      '[{"point_in_time": "2022-12-29T07:00:00+00:00", "tot',
      /not valid JSON, perhaps truncated/,
    ],
    ['an empty body', '', /empty response body/],
    ['an object without a list', '{"hello": "world"}', /not a list of buckets/],
    ['buckets without times', '[{"total": 3}]', /no readable time and total/],
  ])('%s: a clear unknown', async (_name, body, detail) => {
    twitterScenario({ outage: false, status: {} });
    const type = body.startsWith('<') ? 'text/html' : 'application/json';
    scenario.intercept = (path) =>
      path.endsWith('/reports') ? { status: 200, text: body, headers: { 'content-type': type } } : undefined;
    const reading = await read(config({ countries: ['US'] }));
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('an API that echoes the secret in its error message never gets it into the reading', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.intercept = (path) =>
      path.endsWith('/reports')
        ? json(500, { error: true, message: `bad key ${CLIENT_SECRET} for ${CLIENT_ID}` })
        : undefined;
    const reading = await read(config({ countries: ['US'] }));
    expect(reading.detail).toBe(
      'Downdetector answered HTTP 500 for the reports of twitter in US: bad key [hidden] for [hidden]',
    );
  });

  it('an unreachable API: unknown, not reached', async () => {
    const reading = await read(config({ url: 'http://127.0.0.1:1/v2', countries: ['US'] }));
    expect(reading).toMatchObject({ status: 'unknown', reached: false });
  });

  it('spaces its requests under 10 a second and dates every ranged request', async () => {
    twitterScenario({ outage: true, status: {} });
    await read(config({ countries: ['US', 'JP', 'GB'] }), { realPacing: true });
    expect(seen.length).toBe(13); // token, 3 searches, 3 reports, 3 companies, 3 indicator lists
    const gaps = seen.slice(1).map((request, index) => request.at - (seen[index]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(90);
    const ranged = seen.filter((request) => /reports$|indicators$/.test(request.path));
    expect(ranged.every((request) => request.query.has('startdate') && request.query.has('enddate'))).toBe(
      true,
    );
  });

  it('follows X-Page-Next when the API pages the buckets', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.pageSize = 40;
    const reading = await read(config({ countries: ['US'] }));
    expect(reading.crowd?.series).toHaveLength(SLOTS);
    expect(
      seen.filter((request) => request.path.endsWith('/reports')).map((request) => request.query.get('page')),
    ).toEqual([null, '2', '3']);
  });
});

describe('downdetector: parsers and config', () => {
  it.each([
    ['0-100', [60, 40]],
    ['0-1', [0.6, 0.4]],
  ])('indicator percentages on a %s scale become shares', (_scale, [website, app]) => {
    const list = parseIndicators([
      { slug: 'x', indicator: 'Website', key: 'website', percentage: website },
      { slug: 'x', indicator: 'App', key: 'app', percentage: app },
    ]);
    expect(list.map((row) => row.share)).toEqual([0.6, 0.4]);
    expect(mergeIndicators([list])).toEqual([
      { name: 'Website', share: 0.6 },
      { name: 'App', share: 0.4 },
    ]);
  });

  it('company details: status, the 96-number baseline, baseline_current', () => {
    expect(parseCompanyDetails({ status: 'Danger', baseline: [1, '2', 3], baseline_current: 3 })).toEqual({
      status: 'danger',
      baseline: [1, 2, 3],
      baselineCurrent: 3,
    });
    expect(parseCompanyDetails({ baseline: [1, 'x'] })).toEqual({});
    // The fields answer may list indicators first: they are not the company.
    expect(parseCompanyDetails({ indicators: [{ status: 'danger' }], status: 'success' })).toEqual({
      status: 'success',
    });
    expect(parseCompanyDetails([{ status: 'warning' }])).toEqual({ status: 'warning' });
  });

  it('aligns the baseline by position: its last entry is the slot containing now', () => {
    const now = Date.UTC(2022, 11, 29, 7, 40);
    const at = (slot: number): number => Date.UTC(2022, 11, 29, 7, 30) - slot * BUCKET;
    const series = buildSeries(
      [
        {
          country: 'US',
          buckets: [
            { at: at(2), total: 5 },
            { at: at(0), total: 9 },
          ],
          details: { baseline: [10, 20, 30] },
        },
      ],
      now,
    );
    expect(series).toEqual([
      { at: at(2), count: 5, usual: 10, regions: { US: 5 } },
      { at: at(1), count: 0, usual: 20, regions: { US: 0 } },
      { at: at(0), count: 9, usual: 30, regions: { US: 9 } },
    ]);
  });

  it.each([
    [{ countries: ['us'] }, 'countries.0', 'two-letter ISO country code in capitals'],
    [{ countries: ['US', 'US'] }, 'countries', 'listed twice'],
    [{ intervalSeconds: 30 }, 'intervalSeconds', 'at least 60 seconds'],
    [{ slug: 'twit ter' }, 'slug', 'no spaces or slashes'],
    [{ clientSecret: undefined }, 'clientSecret', 'expected the secret'],
    [{ clientSecret: { env: 'not a name' } }, 'clientSecret.env', 'expected an environment variable name'],
  ])('config %j is refused at %s', (extra, path, message) => {
    const result = downdetectorSource.schema.safeParse({ ...config(), ...extra });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path.join('.') === path);
    expect(issue?.message).toContain(message);
  });

  it("the issue's config shape parses, and labels itself", () => {
    const parsed = downdetectorSource.schema.parse({
      type: 'downdetector',
      slug: 'twitter',
      countries: ['US', 'JP', 'GB'],
      clientId: '...',
      clientSecret: { env: 'DOWNDETECTOR_SECRET' },
    });
    expect(downdetectorSource.defaultLabel(parsed)).toBe('Downdetector twitter (US, JP, GB)');
    expect(downdetectorSource.defaults.intervalSeconds).toBe(300);
  });
});

describe('downdetector: found by fuzzing (test/reliability/fuzz)', () => {
  it('a report time no Date can hold is unreadable: as a time it would stall the 15-minute series (1e300 + 900000 is 1e300)', () => {
    const good = { point_in_time: '2022-04-20T14:30:00+00:00', total: 2 };
    expect(parseReports([good, { point_in_time: 1e300, total: 3 }])).toEqual([
      { at: Date.parse('2022-04-20T14:30:00Z'), total: 2 },
    ]);
    expect(parseReports([{ point_in_time: 1e300, total: 3 }])).toBe(
      'the Downdetector report buckets have no readable time and total',
    );
  });

  it('a count past 2^53 is no count: two of 1e308 would sum to Infinity in one bucket', () => {
    const at = '2022-04-20T14:30:00+00:00';
    expect(parseReports([{ point_in_time: at, total: Number.MAX_VALUE }])).toBe(
      'the Downdetector report buckets have no readable time and total',
    );
    expect(parseReports([{ point_in_time: at, indicators: 1e308, other: 1e308 }])).toBe(
      'the Downdetector report buckets have no readable time and total',
    );
  });

  it('an X-Page-Next that is no URL ends the paging instead of throwing', async () => {
    twitterScenario({ outage: false, status: {} });
    scenario.intercept = (path) =>
      path.endsWith('/reports') ? json(200, [], { 'x-page-next': 'http://[' }) : undefined;
    const reading = await read(config({ countries: ['US'] }));
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'Downdetector returned no report buckets for twitter',
    });
  });

  it('a company id that is not valid text is skipped: it would make encodeURIComponent throw', () => {
    expect(parseCompanies([{ id: '3\uD800', slug: 'instagram', country_iso: 'BE' }, { id: 34286 }])).toEqual([
      { id: '34286' },
    ]);
  });
});
