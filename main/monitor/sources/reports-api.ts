import type { CrowdBucket } from '../reading.js';
import { asRecord, asText } from './guards.js';
import { oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Reading report counts out of any JSON answer: a tiny dot-path reader (no eval, own keys only)
 * and the aggregation of items into evenly spaced buckets.
 */

/** Counts older than this are left out: the baseline looks back a week, plus a day to compare. */
export const KEEP_MS = 8 * 24 * 60 * 60 * 1000;

/** `data.series`, `points.0.t`: object keys, and numeric indexes into arrays. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part)) return undefined;
      current = current[Number(part)] as unknown;
      continue;
    }
    const record = asRecord(current);
    // Own keys only: "constructor" or "__proto__" in a path never reach the prototype.
    if (!record || !Object.hasOwn(record, part)) return undefined;
    current = record[part];
  }
  return current;
}

/** What a value is, for messages: "an object (keys: data, meta)", "a number". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const record = asRecord(value);
  if (record) {
    const keys = Object.keys(record).slice(0, 6);
    return keys.length > 0 ? `an object (keys: ${oneLine(keys.join(', '), 80)})` : 'an empty object';
  }
  return `a ${typeof value}`;
}

export interface ItemPaths {
  readonly time: string;
  readonly count: string;
  readonly region?: string | undefined;
}

export interface Aggregate {
  /** Evenly spaced, oldest first; empty when no item could be counted. */
  readonly series: CrowdBucket[];
  readonly items: number;
  readonly skipped: {
    readonly time: number;
    readonly count: number;
    readonly future: number;
    readonly old: number;
  };
}

/**
 * Sums counts per bucket (and per region when a region path is given). Items without a
 * readable time or count are skipped and counted, never guessed. The series runs to the last
 * complete bucket even when the answer stops earlier, because an endpoint that lists only
 * buckets with reports means "none" by the ones it leaves out; the current bucket is included
 * only when the answer has it, so an endpoint that publishes a bucket once it is over does not
 * look like a sudden drop.
 */
export function aggregate(
  items: readonly unknown[],
  paths: ItemPaths,
  bucketMs: number,
  now: number,
): Aggregate {
  const current = Math.floor(now / bucketMs) * bucketMs;
  const totals = new Map<number, { count: number; regions: Map<string, number> }>();
  const skipped = { time: 0, count: 0, future: 0, old: 0 };
  for (const item of items) {
    const at = parseTimestamp(readPath(item, paths.time));
    const count = readCount(readPath(item, paths.count));
    if (at === undefined) skipped.time += 1;
    else if (count === undefined) skipped.count += 1;
    else if (at >= current + bucketMs) skipped.future += 1;
    else if (at <= now - KEEP_MS) skipped.old += 1;
    else {
      const start = Math.floor(at / bucketMs) * bucketMs;
      const bucket = totals.get(start) ?? { count: 0, regions: new Map<string, number>() };
      bucket.count += count;
      const region = paths.region === undefined ? undefined : readRegion(readPath(item, paths.region));
      if (region !== undefined) bucket.regions.set(region, (bucket.regions.get(region) ?? 0) + count);
      totals.set(start, bucket);
    }
  }
  const starts = [...totals.keys()];
  if (starts.length === 0) return { series: [], items: items.length, skipped };
  const first = Math.min(...starts);
  const last = Math.max(...starts, current - bucketMs);
  const series: CrowdBucket[] = [];
  for (let at = first; at <= last; at += bucketMs) {
    const bucket = totals.get(at);
    const regions = bucket && paths.region !== undefined ? Object.fromEntries(bucket.regions) : undefined;
    series.push({ at, count: bucket?.count ?? 0, ...(regions ? { regions } : {}) });
  }
  return { series, items: items.length, skipped };
}

/**
 * A count: a non-negative number, or a numeric string ("12"), at most 2^53: two counts of 1e308
 * are each finite, but their sum in a bucket is Infinity.
 */
function readCount(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && number >= 0 && number <= Number.MAX_SAFE_INTEGER ? number : undefined;
}

function readRegion(value: unknown): string | undefined {
  const text = asText(value)?.trim();
  return text === undefined || text === '' ? undefined : oneLine(text, 40);
}

/** "2 of 50 items left out (no time at "t": 1, dated in the future: 1)", or undefined. */
export function describeSkipped(aggregate: Aggregate, paths: ItemPaths): string | undefined {
  const { time, count, future, old } = aggregate.skipped;
  const reasons = [
    time > 0 ? `no time at "${paths.time}": ${time}` : undefined,
    count > 0 ? `no count at "${paths.count}": ${count}` : undefined,
    future > 0 ? `dated in the future: ${future}` : undefined,
    old > 0 ? `older than 8 days: ${old}` : undefined,
  ].filter((reason) => reason !== undefined);
  const total = time + count + future + old;
  return total === 0 ? undefined : `${total} of ${aggregate.items} items left out (${reasons.join(', ')})`;
}

/** The list of items: the root, or what `items` points at; a string says what is wrong instead. */
export function findItems(body: unknown, items: string | undefined): readonly unknown[] | string {
  const list = items === undefined ? body : readPath(body, items);
  if (Array.isArray(list)) return list as readonly unknown[];
  if (items === undefined)
    return `items: the answer is ${describeValue(body)}, not a list; set "items" to the path of the list`;
  return `items: "${items}" leads to ${describeValue(list)} in the answer, not a list`;
}
