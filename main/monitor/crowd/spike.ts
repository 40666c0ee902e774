import type { CrowdBucket, RegionShare, SpikeLevel } from '../reading.js';
import { usualFor, type Usual } from './baseline.js';

/**
 * Report spikes against their usual level (issue 4), pure and table-tested.
 *
 * A bucket is above `possible` when its count is at least `possibleRatio` × usual, at least
 * `possibleMinimum` reports, and at least `minSigmas` robust standard deviations above usual;
 * likewise `likely`. A level counts only when held for `sustainBuckets` buckets in a row (one
 * noisy bucket is never a spike), and a spike ends only after `endBuckets` in a row below
 * `endRatio` × usual (hysteresis: a dip in the middle of an outage does not end it).
 *
 * Why these defaults (15-minute buckets):
 * - December 2022 Twitter outage: Downdetector counted over 10,000 reports in the US and about
 *   2,500 each in Japan and the UK at the peak against a usual level of a few dozen (ratios in
 *   the hundreds), after a rise from around 3 am. `likely` at 10× and 100 reports fires on that
 *   peak in its first half hour; `possible` at 3× and 10 reports fires on the early rise.
 * - Ordinary noise: report counts are roughly Poisson. At a usual 30 per bucket (σ ≈ 5.5), 3× is
 *   +11σ, which noise does not reach. At a usual 3 (a small service at night) 3× is only 9, so
 *   the floor of 10 reports and two sustained buckets keep the false-alarm odds near 1e-6 per
 *   bucket (P(X ≥ 10 | λ = 3) ≈ 0.001, squared).
 * - Bursty series (a news day) have a wide spread; `minSigmas` = 4 over the robust spread keeps
 *   their ordinary peaks below the bar.
 * - Ending at 2× for 30 minutes keeps one outage one spike while reports fade.
 * - Before a day of history exists the baseline is the median of the hours before, which cannot
 *   know the daily rhythm: the evening is several times the night for most services. Until the
 *   time-of-day baseline takes over, the ratios are tripled (possible 9×, likely 30×), which a
 *   daily rise does not reach and an outage like Twitter's (hundreds of times) still does.
 */

export interface SpikeThresholds {
  readonly possibleRatio: number;
  readonly possibleMinimum: number;
  readonly likelyRatio: number;
  readonly likelyMinimum: number;
  readonly minSigmas: number;
  readonly sustainBuckets: number;
  readonly endRatio: number;
  readonly endBuckets: number;
}

export const DEFAULT_SPIKE_THRESHOLDS: SpikeThresholds = {
  possibleRatio: 3,
  possibleMinimum: 10,
  likelyRatio: 10,
  likelyMinimum: 100,
  minSigmas: 4,
  sustainBuckets: 2,
  endRatio: 2,
  endBuckets: 2,
};

export interface SpikeResult {
  readonly level: SpikeLevel;
  /** The newest bucket's count. */
  readonly current: number;
  /** What is usual for the newest bucket; undefined before any history exists. */
  readonly usual: number | undefined;
  readonly ratio: number | undefined;
  readonly basis: Usual['basis'];
  /** Start of the first bucket of the current spike. */
  readonly since: number | undefined;
  /** Regions of the spike window (or the newest bucket), biggest first. */
  readonly regions: readonly RegionShare[];
}

const RANK: Readonly<Record<SpikeLevel, number>> = { none: 0, possible: 1, likely: 2 };

/** How much more a bucket must stand out when the baseline cannot know the time of day. */
export const RECENT_BASELINE_CAUTION = 3;

/** The level of the newest bucket of `series` (oldest first, evenly spaced by `bucketMs`). */
export function detectSpike(
  series: readonly CrowdBucket[],
  bucketMs: number,
  thresholds: SpikeThresholds = DEFAULT_SPIKE_THRESHOLDS,
): SpikeResult {
  const inSpike: boolean[] = [];
  let level: SpikeLevel = 'none';
  let since: number | undefined;
  let runPossible = 0;
  let runLikely = 0;
  let runCalm = 0;
  let runBelowLikely = 0;
  let usual: Usual = { level: 0, spread: 0, basis: 'none' };
  series.forEach((bucket, index) => {
    usual = usualFor(series, index, bucketMs, (earlier) => inSpike[earlier] === true);
    const raw = rawLevel(bucket.count, usual, thresholds);
    runPossible = RANK[raw] >= 1 ? runPossible + 1 : 0;
    runLikely = raw === 'likely' ? runLikely + 1 : 0;
    runBelowLikely = raw === 'likely' ? 0 : runBelowLikely + 1;
    runCalm = bucket.count < thresholds.endRatio * Math.max(usual.level, 1) ? runCalm + 1 : 0;
    if (level === 'none') {
      if (runPossible >= thresholds.sustainBuckets) {
        level = runLikely >= thresholds.sustainBuckets ? 'likely' : 'possible';
        since = series[index - runPossible + 1]?.at ?? bucket.at;
      }
    } else if (runCalm >= thresholds.endBuckets) {
      level = 'none';
      since = undefined;
    } else if (runLikely >= thresholds.sustainBuckets) {
      level = 'likely';
    } else if (level === 'likely' && runBelowLikely >= thresholds.sustainBuckets) {
      level = 'possible';
    }
    inSpike.push(level !== 'none' || RANK[raw] >= 1);
  });
  const newest = series.at(-1);
  const current = newest?.count ?? 0;
  const known = usual.basis !== 'none';
  return {
    level,
    current,
    usual: known ? usual.level : undefined,
    ratio: known ? current / Math.max(usual.level, 1) : undefined,
    basis: usual.basis,
    since,
    regions: regionShares(series, since ?? newest?.at),
  };
}

function rawLevel(count: number, usual: Usual, thresholds: SpikeThresholds): SpikeLevel {
  if (usual.basis === 'none') return 'none';
  const caution = usual.basis === 'recent' ? RECENT_BASELINE_CAUTION : 1;
  const above = (ratio: number, minimum: number): boolean =>
    count >= minimum &&
    count >= ratio * caution * Math.max(usual.level, 1) &&
    count >= usual.level + thresholds.minSigmas * usual.spread;
  if (above(thresholds.likelyRatio, thresholds.likelyMinimum)) return 'likely';
  if (above(thresholds.possibleRatio, thresholds.possibleMinimum)) return 'possible';
  return 'none';
}

/** Reports by region from `from` on, as shares of the whole, biggest first. */
export function regionShares(series: readonly CrowdBucket[], from: number | undefined): RegionShare[] {
  if (from === undefined) return [];
  const totals = new Map<string, number>();
  for (const bucket of series) {
    if (bucket.at < from || !bucket.regions) continue;
    for (const [region, count] of Object.entries(bucket.regions))
      totals.set(region, (totals.get(region) ?? 0) + count);
  }
  const all = [...totals.values()].reduce((sum, count) => sum + count, 0);
  if (all === 0) return [];
  return [...totals]
    .map(([region, count]) => ({ region, count, share: count / all }))
    .sort((a, b) => b.count - a.count || a.region.localeCompare(b.region));
}
