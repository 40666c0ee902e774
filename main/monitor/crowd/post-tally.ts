import type { CrowdBucket } from '../reading.js';

/**
 * Sources that see individual posts (Mastodon, Hacker News) count them per minute in their
 * memory; here those tallies become a series of report counts the spike detector can judge.
 */

export const MINUTE_MS = 60_000;
export const BUCKET_MS = 15 * MINUTE_MS;
export const DAY_MS = 24 * 60 * MINUTE_MS;
/** The baseline compares with the same time up to 7 days back; one more day to compare from. */
export const KEEP_MS = 8 * DAY_MS;

/** [minute start (epoch ms), posts], oldest first, at most 8 days. */
export type MinuteCounts = readonly (readonly [number, number])[];

/** Adds posts (their times) to the tally and drops minutes older than 8 days. */
export function tally(counts: MinuteCounts, times: readonly number[], now: number): [number, number][] {
  const byMinute = new Map<number, number>(counts.map(([minute, count]) => [minute, count]));
  for (const at of times) {
    // A clock a little ahead of ours puts a post in the future: it belongs to "now".
    const minute = Math.floor(Math.min(at, now) / MINUTE_MS) * MINUTE_MS;
    byMinute.set(minute, (byMinute.get(minute) ?? 0) + 1);
  }
  return [...byMinute].filter(([minute]) => minute > now - KEEP_MS).sort((a, b) => a[0] - b[0]);
}

/**
 * 15-minute buckets ending with the last whole minute, from the first whole bucket after
 * `coveredFrom` (before it the counts are incomplete). Rolling, not clock-aligned: the newest
 * bucket is always a full 15 minutes, so a fresh quarter hour never looks like a sudden drop
 * (posts of the running minute count from the next poll on). There is always at least one
 * bucket, even when less than 15 minutes were read.
 */
export function rollingSeries(
  counts: MinuteCounts,
  coveredFrom: number,
  now: number,
  usualAt?: (at: number) => number | undefined,
): CrowdBucket[] {
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const from = Math.max(Math.ceil(coveredFrom / MINUTE_MS) * MINUTE_MS, end - KEEP_MS);
  const buckets = Math.max(1, Math.floor((end - from) / BUCKET_MS));
  const start = end - buckets * BUCKET_MS;
  const totals = new Array<number>(buckets).fill(0);
  for (const [minute, count] of counts) {
    const index = Math.floor((minute - start) / BUCKET_MS);
    if (index >= 0 && index < buckets) totals[index] = (totals[index] ?? 0) + count;
  }
  return totals.map((count, index) => {
    const at = start + index * BUCKET_MS;
    const usual = usualAt?.(at);
    return usual === undefined ? { at, count } : { at, count, usual };
  });
}

/** Minute counts read back from memory, or undefined when they are not what we wrote. */
export function parseMinuteCounts(value: unknown): [number, number][] | undefined {
  if (!Array.isArray(value)) return undefined;
  const counts: [number, number][] = [];
  for (const entry of value) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const [minute, count] = entry as unknown[];
    if (!isCount(minute) || !isCount(count)) return undefined;
    counts.push([minute, count]);
  }
  return counts;
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
