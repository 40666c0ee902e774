import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { HttpResponse } from '../http/types.js';
import { formatBytes } from '../http/size.js';
import { MAX_BACKOFF_MS } from '../next-delay.js';
import type { Reading } from '../reading.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { failureReading } from './http-failure.js';
import { defineSource } from './source.js';

/**
 * The `http` probe: fetch a URL from this machine and judge the answer by status code, body
 * text and latency. A 200 page that says "Something went wrong" is down (the December 2022
 * Twitter outage served exactly that).
 */

const statusRule = z.union(
  [
    z.number().int().min(100).max(599),
    z.string().regex(/^[1-5]xx$/i, { error: 'expected a status code (200) or class ("2xx")' }),
  ],
  { error: 'expected a status code (200) or class ("2xx")' },
);

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'not a valid header name' });
const headerValue = z
  .string()
  .refine((value) => !/[\r\n\0]/.test(value), { error: 'header values cannot contain line breaks' });

const schema = z
  .strictObject({
    type: z.literal('http'),
    ...commonSourceFields,
    url: httpUrl,
    method: z.enum(['GET', 'HEAD'], { error: 'expected "GET" or "HEAD"' }).optional(),
    headers: z
      .record(headerName, headerValue, { error: 'expected an object of header names to values' })
      .optional(),
    expectStatus: z
      .array(statusRule, { error: 'expected a list of status codes or classes' })
      .min(1)
      .optional(),
    bodyMustContain: nonEmptyStrings.optional(),
    bodyMustNotContain: nonEmptyStrings.optional(),
    degradedAboveMs: z
      .number()
      .int()
      .positive({ error: 'expected a positive number of milliseconds' })
      .optional(),
  })
  .refine((config) => config.method !== 'HEAD' || (!config.bodyMustContain && !config.bodyMustNotContain), {
    error: 'body rules need method GET: a HEAD response has no body',
    path: ['method'],
  });

export type HttpSourceConfig = z.output<typeof schema>;

const DEFAULT_EXPECT_STATUS = ['2xx', '3xx'] as const;

export const httpSource = defineSource<HttpSourceConfig>({
  type: 'http',
  family: 'probe',
  title: 'HTTP(S) probe',
  schema,
  defaults: { intervalSeconds: 60, timeoutMs: 10_000 },
  defaultLabel(config) {
    const url = new URL(config.url);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  },
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await ctx.http.request({
      url: config.url,
      method: config.method ?? 'GET',
      headers: config.headers ?? {},
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    });
    if (outcome.kind === 'failure') return failureReading(outcome, checkedAt, 'major_outage');
    return judge(config, outcome, checkedAt);
  },
});

/** The answer against the rules, in the order a person would ask: status, content, speed. */
export function judge(config: HttpSourceConfig, response: HttpResponse, checkedAt: number): Reading {
  const base = { checkedAt, reached: true, latencyMs: response.latencyMs, httpStatus: response.status };
  const expected = config.expectStatus ?? DEFAULT_EXPECT_STATUS;
  if (!expected.some((rule) => statusMatches(rule, response.status))) {
    // A site that says "come back later" (429, or 503 with Retry-After) is not re-tested
    // sooner, not even to confirm the failure; but a probe that waited a whole day as asked
    // would miss the recovery, so it looks again within a failing feed's longest backoff.
    const wait = response.retryAfterMs;
    const asked = wait !== undefined ? `; asked to wait ${Math.ceil(wait / 1000)} s` : '';
    return {
      ...base,
      status: 'major_outage',
      detail: `${describeStatus(response.status)} (expected ${expected.join(', ')})${asked}`,
      ...(wait !== undefined ? { retryAfterMs: Math.min(wait, MAX_BACKOFF_MS) } : {}),
    };
  }
  // Lower-cased only when a rule needs it: a probe without body rules never pays for a 5 MB copy.
  const hasBodyRules = config.bodyMustNotContain !== undefined || config.bodyMustContain !== undefined;
  const body = hasBodyRules ? response.text.toLowerCase() : '';
  const partial = response.truncated
    ? ` (only the first ${formatBytes(response.maxBodyBytes)} were checked)`
    : '';
  const forbidden = config.bodyMustNotContain?.find((text) => body.includes(text.toLowerCase()));
  if (forbidden !== undefined) {
    return {
      ...base,
      status: 'major_outage',
      detail: `HTTP ${response.status} with error text "${forbidden}"`,
    };
  }
  const missing = config.bodyMustContain?.find((text) => !body.includes(text.toLowerCase()));
  if (missing !== undefined) {
    return {
      ...base,
      status: 'major_outage',
      detail: `HTTP ${response.status} without the expected text "${missing}"${partial}`,
    };
  }
  if (config.degradedAboveMs !== undefined && response.latencyMs > config.degradedAboveMs) {
    return {
      ...base,
      status: 'degraded',
      detail: `HTTP ${response.status} in ${response.latencyMs} ms (slower than ${config.degradedAboveMs} ms)`,
    };
  }
  return {
    ...base,
    status: 'operational',
    detail: `HTTP ${response.status} in ${response.latencyMs} ms${partial}`,
  };
}

export function statusMatches(rule: number | string, status: number): boolean {
  if (typeof rule === 'number') return rule === status;
  return String(Math.floor(status / 100)) === rule[0];
}

function describeStatus(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `HTTP ${status} ${text}` : `HTTP ${status}`;
}
