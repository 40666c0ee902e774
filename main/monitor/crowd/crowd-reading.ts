import { z } from 'zod';
import type { CrowdBucket, CrowdDetails, Reading, RegionShare, SpikeLevel } from '../reading.js';
import type { Status } from '../status.js';
import type { ReadingBasis } from '../sources/official-summary.js';
import { DEFAULT_SPIKE_THRESHOLDS, detectSpike, type SpikeResult, type SpikeThresholds } from './spike.js';

/**
 * What every crowd source shares once it has its report counts: the thresholds a person may
 * tune, the spike judgement, and a reading that says it in words ("possible problem: reports
 * 12× the usual level, mostly US").
 */

/** A crowd spike alone is at most degraded (possible) or a partial outage (likely). */
export const SPIKE_STATUS: Readonly<Record<SpikeLevel, Status>> = {
  none: 'operational',
  possible: 'degraded',
  likely: 'partial_outage',
};

const positive = (what: string) =>
  z.number({ error: `expected ${what}` }).positive({ error: `expected ${what} above 0` });

/** The `spike` field of a crowd source: thresholds in a person's terms (minutes, not buckets). */
export const spikeConfigSchema = z
  .strictObject({
    possibleRatio: positive('a ratio').optional(),
    possibleMinimum: positive('a number of reports').optional(),
    likelyRatio: positive('a ratio').optional(),
    likelyMinimum: positive('a number of reports').optional(),
    sustainMinutes: positive('a number of minutes')
      .max(24 * 60)
      .optional(),
    endMinutes: positive('a number of minutes')
      .max(24 * 60)
      .optional(),
  })
  .refine((spike) => (spike.likelyRatio ?? 10) >= (spike.possibleRatio ?? 3), {
    error: 'likelyRatio must be at least possibleRatio',
    path: ['likelyRatio'],
  });

export type SpikeConfig = z.output<typeof spikeConfigSchema>;

/** Thresholds for buckets of `bucketMs` (defaults: 30 minutes to start, 30 to end). */
export function thresholdsFor(config: SpikeConfig | undefined, bucketMs: number): SpikeThresholds {
  const buckets = (minutes: number | undefined, fallbackBuckets: number): number =>
    minutes === undefined ? fallbackBuckets : Math.max(1, Math.round((minutes * 60_000) / bucketMs));
  const defaults = DEFAULT_SPIKE_THRESHOLDS;
  const sustainDefault = Math.max(1, Math.round((30 * 60_000) / bucketMs));
  return {
    ...defaults,
    possibleRatio: config?.possibleRatio ?? defaults.possibleRatio,
    possibleMinimum: config?.possibleMinimum ?? defaults.possibleMinimum,
    likelyRatio: config?.likelyRatio ?? defaults.likelyRatio,
    likelyMinimum: config?.likelyMinimum ?? defaults.likelyMinimum,
    sustainBuckets: buckets(config?.sustainMinutes, sustainDefault),
    endBuckets: buckets(config?.endMinutes, sustainDefault),
  };
}

export interface CrowdInput {
  readonly provider: string;
  readonly series: readonly CrowdBucket[];
  readonly bucketMs: number;
  readonly spike?: SpikeConfig | undefined;
  /** The source type's own defaults under the person's `spike` settings (small counts need lower floors). */
  readonly spikeDefaults?: SpikeConfig;
  /** What the counts are of ("reports", "posts tagged #twitterdown", "stories and comments"). */
  readonly noun?: string;
  readonly indicators?: CrowdDetails['indicators'];
  readonly samples?: CrowdDetails['samples'];
  /** The provider's own judgement (Downdetector's status), when it has one: the worse counts. */
  readonly providerLevel?: SpikeLevel | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function crowdReading(input: CrowdInput, basis: ReadingBasis): Reading {
  const spike = { ...input.spikeDefaults, ...input.spike };
  const result = detectSpike(input.series, input.bucketMs, thresholdsFor(spike, input.bucketMs));
  const level = worseLevel(result.level, input.providerLevel);
  const newest = input.series.at(-1)?.at ?? basis.checkedAt;
  const crowd: CrowdDetails = {
    provider: input.provider,
    level,
    current: result.current,
    usual: result.usual,
    bucketMs: input.bucketMs,
    ...(result.since !== undefined ? { since: result.since } : {}),
    series: input.series.filter((bucket) => bucket.at > newest - DAY_MS),
    regions: result.regions,
    ...(input.indicators ? { indicators: input.indicators } : {}),
    ...(input.samples ? { samples: input.samples } : {}),
  };
  return {
    ...basis,
    status: SPIKE_STATUS[level],
    detail: describeSpike(result, level, input),
    reached: true,
    crowd,
  };
}

function worseLevel(a: SpikeLevel, b: SpikeLevel | undefined): SpikeLevel {
  if (b === undefined) return a;
  const rank = { none: 0, possible: 1, likely: 2 } as const;
  return rank[b] > rank[a] ? b : a;
}

/** "possible problem: reports 12× the usual level (360 against about 30 per 15 min), mostly US (80%)". */
export function describeSpike(
  result: SpikeResult,
  level: SpikeLevel,
  input: Pick<CrowdInput, 'bucketMs' | 'noun'>,
): string {
  const noun = input.noun ?? 'reports';
  const per = `per ${formatMinutes(input.bucketMs)}`;
  if (result.usual === undefined)
    return `${count(result.current)} ${noun} in the last ${formatMinutes(input.bucketMs)} (learning the usual level)`;
  const against = `${count(result.current)} against about ${count(Math.round(result.usual))} ${per}`;
  if (level === 'none') return `${noun} at the usual level (${against})`;
  const lead = level === 'likely' ? 'likely outage' : 'possible problem';
  const ratio =
    result.ratio !== undefined && result.ratio >= 1.5
      ? `${formatRatio(result.ratio)} the usual level`
      : 'above the usual level';
  return `${lead}: ${noun} ${ratio} (${against})${describeRegions(result.regions)}`;
}

/** "mostly US (66%), also JP, GB" or "in US, GB, JP": who drives the spike, in words. */
export function describeRegions(regions: readonly RegionShare[]): string {
  const [top, ...rest] = regions;
  if (!top) return '';
  if (top.share >= 0.6) {
    // Smaller regions still matter when they are a real part of it (Japan and the UK in 2022).
    const also = rest.filter((region) => region.share >= 0.1).map((region) => region.region);
    return `, mostly ${top.region} (${Math.round(top.share * 100)}%)${also.length > 0 ? `, also ${also.join(', ')}` : ''}`;
  }
  return `, in ${regions
    .slice(0, 3)
    .map((region) => region.region)
    .join(', ')}`;
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${Math.round(ratio * 10) / 10}×`;
}

function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 && minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
