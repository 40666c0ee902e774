import { z } from 'zod';
import { crowdReading, spikeConfigSchema } from '../crowd/crowd-reading.js';
import type { CrowdDetails, Reading } from '../reading.js';
import { describeSecret } from '../secrets.js';
import { jsonFeed, notThisFormat } from './feed-response.js';
import { commonSourceFields, httpUrl, secret } from './fields.js';
import type { ReadingBasis } from './official-summary.js';
import { aggregate, describeSkipped, describeValue, findItems, type ItemPaths } from './reports-api.js';
import { answerProblem } from './feed-response.js';
import { defineSource } from './source.js';

/**
 * Report counts from any JSON endpoint: for teams that collect their own reports (a support
 * form, a ticket queue) or read another provider's API. The answer is a time series; JSON paths
 * say where the items, and in each item the time, the count and optionally the region, are.
 * The series carries its own history, so the baseline needs no memory: a one-shot check judges
 * what the endpoint returns (a week is best: the usual level then follows the time of day).
 */

const jsonPath = z
  .string({ error: 'expected a path such as "data.series" or "points.0.t"' })
  .min(1, { error: 'expected a path such as "data.series" or "points.0.t"' })
  .max(200, { error: 'a path is at most 200 characters' })
  .refine((path) => path.split('.').every((part) => part !== ''), {
    error: 'expected a path such as "data.series": parts separated by single dots',
  });

const schema = z.strictObject({
  type: z.literal('reports'),
  ...commonSourceFields,
  url: httpUrl,
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/), secret, {
      // The key's own message sits nested in zod's "Invalid key in record"; say it at the top.
      error: (issue) =>
        issue.code === 'invalid_key'
          ? 'expected an HTTP header name (letters, digits and - only)'
          : 'expected header names with their values',
    })
    .optional(),
  items: jsonPath.optional(),
  time: jsonPath,
  count: jsonPath,
  region: jsonPath.optional(),
  bucketMinutes: z
    .number({ error: 'expected a number of minutes' })
    .int({ error: 'expected a whole number of minutes' })
    .min(1, { error: 'a bucket is at least 1 minute' })
    .max(1440, { error: 'a bucket is at most 1440 minutes (a day)' })
    .optional(),
  spike: spikeConfigSchema.optional(),
});

export type ReportsSourceConfig = z.output<typeof schema>;

export const reportsSource = defineSource<ReportsSourceConfig>({
  type: 'reports',
  family: 'crowd',
  title: 'Report counts (JSON)',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: (config) => `Reports from ${new URL(config.url).host}`,
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const headers: Record<string, string> = { accept: 'application/json' };
    const secrets: string[] = [];
    for (const [name, ref] of Object.entries(config.headers ?? {})) {
      const value = ctx.secret(ref);
      if (value === undefined)
        return {
          status: 'unknown',
          detail: `headers.${name}: no value in ${describeSecret(ref)}`,
          checkedAt,
          // Nothing was asked: a missing setting, not a hint that the machine is offline.
          reached: true,
        };
      headers[name.toLowerCase()] = value;
      secrets.push(value);
    }
    const outcome = await ctx.http.request({
      url: config.url,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      conditional: true,
      headers,
    });
    // Whatever the endpoint sends back is data, and it might echo a header: scrub every line.
    return withoutSecrets(readAnswer(config, outcome, checkedAt), secrets);
  },
});

function readAnswer(
  config: ReportsSourceConfig,
  outcome: Parameters<typeof jsonFeed>[0],
  checkedAt: number,
): Reading {
  const host = new URL(config.url).host;
  const problem = answerProblem(outcome, checkedAt, host);
  if (problem && (problem.httpStatus === 401 || problem.httpStatus === 403))
    return { ...problem, detail: `${problem.detail}; check the credentials in "headers"` };
  if (problem) return problem;
  const answer = jsonFeed(outcome, checkedAt);
  if (!answer.ok) return answer.reading;
  const items = findItems(answer.value, config.items);
  if (typeof items === 'string') return notThisFormat(answer.basis, items);
  const bucketMs = (config.bucketMinutes ?? 15) * 60_000;
  const paths: ItemPaths = { time: config.time, count: config.count, region: config.region };
  const result = aggregate(items, paths, bucketMs, checkedAt);
  const skipped = describeSkipped(result, paths);
  if (result.series.length === 0) {
    if (items.length === 0) return quiet(answer.basis, bucketMs);
    const { time, count } = result.skipped;
    const detail =
      time === items.length
        ? `time: no item has a readable time at "${config.time}" (the first item is ${describeValue(items[0])})`
        : count === items.length
          ? `count: no item has a count at "${config.count}"`
          : `no item could be counted: ${skipped ?? ''}`;
    return notThisFormat(answer.basis, detail);
  }
  const reading = crowdReading(
    { provider: 'reports', series: result.series, bucketMs, spike: config.spike, noun: 'reports' },
    answer.basis,
  );
  return skipped === undefined ? reading : { ...reading, detail: `${reading.detail}; ${skipped}` };
}

/** An empty list is a valid answer: nobody reported anything. */
function quiet(basis: ReadingBasis, bucketMs: number): Reading {
  const crowd: CrowdDetails = {
    provider: 'reports',
    level: 'none',
    current: 0,
    usual: undefined,
    bucketMs,
    series: [],
    regions: [],
  };
  return { ...basis, status: 'operational', detail: 'no reports in the answer', reached: true, crowd };
}

function withoutSecrets(reading: Reading, secrets: readonly string[]): Reading {
  let detail = reading.detail;
  for (const value of secrets) if (value.length > 0) detail = detail.split(value).join('[secret]');
  return detail === reading.detail ? reading : { ...reading, detail };
}
