import type { CrowdBucket } from '../reading.js';

/**
 * The usual level of reports for one bucket, robustly (issue 4):
 * - the provider's own baseline when it gives one (Downdetector's `baseline`);
 * - once a day of history exists, time-of-day aware: reports at 07:00 are compared with 07:00
 *   on earlier days (and the buckets beside it), because report traffic follows people's day;
 * - before that, the median of the buckets before it.
 * Medians, not means: an outage in the history must not raise the bar for the next one.
 * The spread (MAD, median absolute deviation) says how noisy "usual" is.
 */

export interface Usual {
  readonly level: number;
  /** Robust spread: 1.4826 × MAD, the normal-equivalent standard deviation. */
  readonly spread: number;
  readonly basis: 'provider' | 'time-of-day' | 'recent' | 'none';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What is usual for bucket `index`, from the buckets before it. `skip` leaves out buckets that
 * were part of a spike, so an outage never raises the bar for the next one.
 */
export function usualFor(
  series: readonly CrowdBucket[],
  index: number,
  bucketMs: number,
  skip: (index: number) => boolean = () => false,
): Usual {
  const bucket = series[index];
  if (!bucket) return { level: 0, spread: 0, basis: 'none' };
  if (bucket.usual !== undefined && Number.isFinite(bucket.usual)) {
    // The provider's baseline carries no spread; Poisson noise (√level) is the honest stand-in.
    return { level: bucket.usual, spread: Math.sqrt(Math.max(bucket.usual, 1)), basis: 'provider' };
  }
  const first = series[0];
  const perDay = Math.round(DAY_MS / bucketMs);
  if (first && bucket.at - first.at >= DAY_MS && perDay >= 1) {
    const sameTime: number[] = [];
    for (let day = 1; day <= 7; day++) {
      for (const offset of [-1, 0, 1]) {
        const at = bucket.at - day * DAY_MS + offset * bucketMs;
        const found = findBucket(series, at, index, bucketMs / 2);
        if (found !== undefined && !skip(found)) sameTime.push(series[found]?.count ?? 0);
      }
    }
    if (sameTime.length >= 3) return summarise(sameTime, 'time-of-day');
  }
  const recent: number[] = [];
  for (let earlier = Math.max(0, index - perDay); earlier < index; earlier++) {
    if (!skip(earlier)) recent.push(series[earlier]?.count ?? 0);
  }
  return recent.length > 0 ? summarise(recent, 'recent') : { level: 0, spread: 0, basis: 'none' };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function summarise(values: readonly number[], basis: Usual['basis']): Usual {
  const level = median(values);
  const mad = median(values.map((value) => Math.abs(value - level)));
  return { level, spread: 1.4826 * mad, basis };
}

/** The index of the bucket starting at `at` (within `tolerance`), searching before `before`. */
function findBucket(
  series: readonly CrowdBucket[],
  at: number,
  before: number,
  tolerance: number,
): number | undefined {
  let low = 0;
  let high = before - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = series[middle];
    if (!candidate) return undefined;
    if (candidate.at < at - tolerance) low = middle + 1;
    else if (candidate.at > at + tolerance) high = middle - 1;
    else return middle;
  }
  return undefined;
}
