import { z } from 'zod';
import type { HttpOutcome, HttpResponse } from '../http/types.js';
import type { Reading, VantageDetails } from '../reading.js';
import { describeSecret } from '../secrets.js';
import { commonSourceFields, hostname, httpUrl, isHttpUrl, nonEmptyStrings, secret } from './fields.js';
import { withoutTrailingSlashes } from './guards.js';
import { failureReading } from './http-failure.js';
import { parseJsonBody } from './json-body.js';
import type { ReadingBasis } from './official-summary.js';
import { oneLine } from './plain-text.js';
import { defineSource, type ReadContext } from './source.js';
import {
  judgeProbe,
  measurementPlan,
  parseApiError,
  parseCreated,
  parseMeasurement,
  rateLimitResetMs,
  type Measurement,
  type MeasurementKind,
} from './globalping-api.js';

/**
 * Globalping: when this machine's probe of a service fails, the engine asks a few probes on
 * other networks whether they reach it, which tells "down for everyone" from "just you".
 *
 * On demand only (`onDemand`): the engine runs it after a failed probe of the same service, at
 * most once per interval. The default 600 s keeps the anonymous limit in reach: 250 tests an
 * hour per IP, counted per probe, so 5 probes every 10 minutes cost 30 an hour for one failing
 * service, and eight services failing at once still fit (a token raises the limit).
 */

const DEFAULT_API = 'https://api.globalping.io/v1';
const DEFAULT_LOCATIONS = ['world'];
const DEFAULT_LIMIT = 5;
/** Globalping asks for no more than one poll every 500 ms; most measurements end within 2 s. */
const POLL_DELAYS_MS = [500, 500, 500, 500, 1000];

const target = z
  .string({ error: 'expected an http(s) URL or a host name' })
  .refine(
    (value) =>
      isHttpUrl(value) || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && hostname.safeParse(value).success),
    { error: 'expected an http(s) URL (https://example.com/health) or a host name (example.com)' },
  );

const schema = z
  .strictObject({
    type: z.literal('globalping'),
    ...commonSourceFields,
    target,
    locations: nonEmptyStrings
      .min(1, { error: 'list at least one location, or leave it out for "world"' })
      .max(10, { error: 'at most 10 locations' })
      .optional(),
    limit: z
      .number({ error: 'expected a number of probes' })
      .int({ error: 'expected a whole number of probes' })
      .min(1, { error: 'at least 1 probe' })
      .max(10, { error: 'at most 10 probes: each one counts against the hourly limit' })
      .optional(),
    method: z.enum(['HEAD', 'GET'], { error: 'expected "HEAD" or "GET"' }).optional(),
    token: secret.optional(),
    url: httpUrl.optional(),
  })
  .refine((config) => config.method === undefined || isHttpUrl(config.target), {
    error: 'method applies to a URL target; a host name is pinged',
    path: ['method'],
  });

export type GlobalpingSourceConfig = z.output<typeof schema>;

export const globalpingSource = defineSource<GlobalpingSourceConfig>({
  type: 'globalping',
  family: 'crowd',
  title: 'Globalping (other networks)',
  schema,
  defaults: { intervalSeconds: 600, timeoutMs: 30_000 },
  defaultLabel: () => 'Other networks',
  onDemand: true,
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    let token: string | undefined;
    if (config.token !== undefined) {
      token = ctx.secret(config.token);
      if (token === undefined) {
        const where = describeSecret(config.token);
        return unknown({ checkedAt }, `no Globalping token in ${where}`, false);
      }
    }
    const reading = await measure(config, ctx, token, checkedAt);
    // Belt and braces: no answer of the API may carry the token into a detail.
    return token === undefined ? reading : { ...reading, detail: reading.detail.split(token).join('…') };
  },
});

async function measure(
  config: GlobalpingSourceConfig,
  ctx: ReadContext,
  token: string | undefined,
  checkedAt: number,
): Promise<Reading> {
  const base = withoutTrailingSlashes(config.url ?? DEFAULT_API);
  const locations = config.locations ?? DEFAULT_LOCATIONS;
  const plan = measurementPlan(config.target, {
    locations,
    limit: config.limit ?? DEFAULT_LIMIT,
    method: config.method ?? 'HEAD',
  });
  const created = await ctx.http.request({
    url: `${base}/measurements`,
    method: 'POST',
    body: JSON.stringify(plan.body),
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    // A measurement's answer is a few KB; anything near this is not Globalping.
    maxBodyBytes: 1024 * 1024,
  });
  if (created.kind === 'failure') return failureReading(created, checkedAt, 'unknown');
  const basis: ReadingBasis = { checkedAt, httpStatus: created.status };
  if (created.status !== 202 && created.status !== 200) {
    return refused(created, { basis, locations, token: token !== undefined });
  }
  const body = parseJsonBody(created);
  if (!body.ok) return unknown(basis, `Globalping: ${body.detail}`);
  const measurement = parseCreated(body.value);
  if (typeof measurement === 'string') return unknown(basis, measurement);

  const done = await poll(`${base}/measurements/${encodeURIComponent(measurement.id)}`, ctx, checkedAt);
  if (!('results' in done)) return done;
  return vantageReading(done, plan.kind, { checkedAt });
}

/** Polls until the measurement is no longer in progress, within the source's timeout. */
async function poll(url: string, ctx: ReadContext, checkedAt: number): Promise<Measurement | Reading> {
  const deadline = checkedAt + ctx.timeoutMs;
  const seconds = Math.round(ctx.timeoutMs / 1000);
  let problem = '';
  let askedToWait = 0;
  for (let attempt = 0; ; attempt++) {
    const pace = POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)] ?? 1000;
    const wait = Math.max(pace, askedToWait);
    askedToWait = 0;
    if (ctx.clock.now() + wait >= deadline) break;
    try {
      await ctx.clock.sleep(wait, ctx.signal);
    } catch {
      return unknown({ checkedAt }, 'the check was cancelled', false);
    }
    const outcome: HttpOutcome = await ctx.http.request({
      url,
      timeoutMs: Math.max(1, deadline - ctx.clock.now()),
      signal: ctx.signal,
      headers: { accept: 'application/json' },
    });
    if (outcome.kind === 'failure') {
      if (outcome.reason === 'aborted') return failureReading(outcome, checkedAt, 'unknown');
      problem = outcome.message;
      continue;
    }
    if (outcome.status === 429 || outcome.status >= 500) {
      // Worth another try while time is left: a busy API or a brief hiccup.
      problem = `Globalping answered HTTP ${outcome.status}`;
      askedToWait = outcome.retryAfterMs ?? 0;
      continue;
    }
    const basis: ReadingBasis = { checkedAt, httpStatus: outcome.status };
    if (outcome.status !== 200)
      return unknown(basis, `Globalping lost the measurement (HTTP ${outcome.status})`);
    const body = parseJsonBody(outcome);
    if (!body.ok) return unknown(basis, `Globalping: ${body.detail}`);
    const measurement = parseMeasurement(body.value);
    if (typeof measurement === 'string') return unknown(basis, measurement);
    if (measurement.status !== 'in-progress') return measurement;
  }
  const last = problem === '' ? '' : ` (last poll: ${oneLine(problem, 120)})`;
  return unknown({ checkedAt }, `Globalping did not finish within ${seconds} s${last}`);
}

/** "Down for everyone, or just me?" from the probes that answered; offline probes do not count. */
export function vantageReading(
  measurement: Measurement,
  kind: MeasurementKind,
  basis: ReadingBasis,
): Reading {
  const answering = measurement.results.filter((r) => r.status === 'finished' || r.status === 'failed');
  const offline = measurement.results.filter((r) => r.status === 'offline').length;
  const offlineNote =
    offline === 0 ? '' : `; ${offline} offline probe${offline === 1 ? '' : 's'} not counted`;
  if (answering.length === 0) return unknown(basis, `no Globalping probe answered${offlineNote}`);

  const locations = answering.map((answer) => ({
    country: answer.country,
    ...(answer.city !== undefined ? { city: answer.city } : {}),
    ...(answer.network !== undefined ? { network: answer.network } : {}),
    ...judgeProbe(answer, kind),
  }));
  const failing = locations.filter((location) => !location.ok);
  const probes = locations.length;
  const finding: VantageDetails['finding'] =
    failing.length === 0 ? 'just-here' : failing.length * 2 >= probes ? 'everyone' : 'mixed';
  const vantage: VantageDetails = {
    provider: 'Globalping',
    probes,
    failing: failing.length,
    finding,
    locations,
  };

  const countries = [...new Set(failing.map((location) => location.country))].join(', ');
  const reasons = new Set(failing.map((location) => location.detail));
  const why = reasons.size === 1 ? `: ${[...reasons][0] ?? ''}` : '';
  const fail = `${failing.length} of ${probes} other network${probes === 1 ? '' : 's'}`;
  const base = { ...basis, reached: true, vantage };
  switch (finding) {
    case 'everyone':
      return {
        ...base,
        status: 'major_outage',
        // A measurement may list many probes: the line stays one line a person reads.
        detail: oneLine(`${fail} also fail (${countries})${why}${offlineNote}`, 300),
      };
    case 'mixed': {
      const each = failing.map((location) => `${location.country}: ${location.detail}`).join(', ');
      return {
        ...base,
        status: 'partial_outage',
        detail: oneLine(`${fail} fail (${each}); the others reach it${offlineNote}`, 300),
      };
    }
    case 'just-here':
      return {
        ...base,
        status: 'operational',
        detail: `other networks reach it (${probes} of ${probes}): likely your network or region${offlineNote}`,
      };
  }
}

/** A non-2xx answer to POST /measurements, in words, with the wait a 429 asks for. */
function refused(
  response: HttpResponse,
  context: { basis: ReadingBasis; locations: readonly string[]; token: boolean },
): Reading {
  const { basis, locations, token } = context;
  const error = parseApiError(response.text);
  const said = error.message === undefined ? '' : `: ${oneLine(error.message, 200)}`;
  if (response.status === 429) {
    const retryAfterMs = response.retryAfterMs ?? rateLimitResetMs(response.headers);
    const limit = response.headers['x-ratelimit-limit'] ?? '250';
    const wait = retryAfterMs === undefined ? '' : `; it resets in ${formatWait(retryAfterMs)}`;
    const detail = token
      ? `Globalping's hourly limit for this token is used up${wait}`
      : `Globalping's hourly limit is used up (${limit} tests an hour per IP without a token; a token raises it)${wait}`;
    return { ...unknown(basis, detail), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (response.status === 422 || error.type === 'no_probes_found') {
    return unknown(basis, `no Globalping probes in ${locations.join(', ')}`);
  }
  if (response.status === 400) return unknown(basis, `Globalping rejected the measurement${said}`);
  if ((response.status === 401 || response.status === 403) && token) {
    return unknown(basis, `Globalping refused the token (HTTP ${response.status})`);
  }
  const detail = `Globalping answered HTTP ${response.status}${said}`;
  const retry = response.retryAfterMs;
  return { ...unknown(basis, detail), ...(retry !== undefined ? { retryAfterMs: retry } : {}) };
}

function unknown(basis: ReadingBasis, detail: string, reached = true): Reading {
  return { ...basis, status: 'unknown', detail, reached };
}

function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
