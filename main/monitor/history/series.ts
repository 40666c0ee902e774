import { STATUSES, attentionRank } from '../status.js';
import type { Status } from '../status.js';

/**
 * A bounded, downsampled time series of one source's readings or one service's verdicts.
 *
 * Why fixed rings and not a sorted list of raw points compacted as they age: a per-sample tier
 * grows with the poll rate (a 10 s source would hold 2,160 points in 6 h) and a list needs
 * compaction passes, ordering repairs and a cap. Here every tier is a ring of clock-aligned
 * slots (slot = floor(at / resolution), index = slot mod slots) and every sample is written
 * through to all tiers, so:
 * - memory is bounded per series whatever the poll rate (MAX_BUCKETS_PER_SERIES slots, 8 numbers
 *   each, in one Float64Array per tier: ~35 KB at most, against ~160 B per bucket *object* in V8);
 *   a tier starts with a few slots and doubles when two periods it holds would share one, so a
 *   young or quiet series costs what it holds (2,000 full rings up front were ~70 MB), and at
 *   full size it is exactly the ring described here;
 * - an append is O(1): three slot updates, no compaction; only growth copies, at most a few
 *   times per tier in a series' life;
 * - out-of-order samples land in their own slot, so order cannot break;
 * - each window is answered from one tier of uniform resolution (24 h from 5-minute slots,
 *   7 d from hourly ones), so nothing is stitched.
 * A slot whose stored start differs from the period being written holds an older lap of the
 * ring (aged out) or a period stamped ahead of the clock (the clock went back): either way it is
 * reclaimed. Reads walk the expected periods of the window and skip slots holding anything else.
 *
 * The series is mutable and owned by one History; reads hand out fresh objects.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type TierName = 'minute' | 'fiveMinutes' | 'hour';

export interface TierSpec {
  readonly name: TierName;
  readonly resolutionMs: number;
  /** How far back the tier answers; windows up to this long are read from it. */
  readonly spanMs: number;
}

/**
 * Finest first. 1-minute slots for the sparkline of the last hour (at 60 s that is every
 * reading), 5-minute slots for the 24 h view, hourly slots for 8 days: the 7-day uptime needs a
 * full 7 days, the spare day keeps it full right after a restart. Older data is dropped.
 */
export const TIERS: readonly TierSpec[] = [
  { name: 'minute', resolutionMs: MINUTE_MS, spanMs: HOUR_MS },
  { name: 'fiveMinutes', resolutionMs: 5 * MINUTE_MS, spanMs: DAY_MS },
  { name: 'hour', resolutionMs: HOUR_MS, spanMs: 8 * DAY_MS },
];

/** One slot more than the span, so a window of exactly `spanMs` ending mid-slot is covered. */
function slotCount(tier: TierSpec): number {
  return tier.spanMs / tier.resolutionMs + 1;
}

/** The hard bound on buckets per series: the rings' total size (61 + 289 + 193). */
export const MAX_BUCKETS_PER_SERIES = TIERS.reduce((sum, tier) => sum + slotCount(tier), 0);

/** Samples older than this are dropped on arrival. */
export const RETENTION_MS = Math.max(...TIERS.map((tier) => tier.spanMs));

// Slot layout inside a tier's Float64Array. WORST is an index into STATUSES.
const START = 0;
const UP = 1;
const DOWN = 2;
const UNKNOWN = 3;
const WORST = 4;
const LATENCY_SUM = 5;
const LATENCY_COUNT = 6;
const LATENCY_MAX = 7;
const FIELDS = 8;

export interface Series {
  /** One ring per entry of TIERS, replaced as it grows; treat as opaque and use the functions below. */
  readonly tiers: Float64Array[];
}

export interface HistorySample {
  readonly at: number;
  readonly status: Status;
  readonly latencyMs?: number | undefined;
}

export interface Bucket {
  readonly start: number;
  readonly durationMs: number;
  readonly samples: number;
  /** operational, degraded, maintenance: the service answered. */
  readonly up: number;
  /** partial_outage, major_outage. */
  readonly down: number;
  /** unknown: we could not tell; excluded from uptime. */
  readonly unknown: number;
  /** By attention rank (status.ts): a disruption beats unknown beats maintenance beats operational. */
  readonly worst: Status;
  readonly latencySumMs: number;
  readonly latencyCount: number;
  readonly latencyMaxMs: number;
}

export interface LatencyPoint {
  readonly at: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** Slots a tier starts with: a series written every minute needs its first growth after 4 minutes. */
const INITIAL_SLOTS = 4;

export function createSeries(): Series {
  return { tiers: TIERS.map((tier) => emptyRing(Math.min(INITIAL_SLOTS, slotCount(tier)))) };
}

/** Bytes held by the series' rings: what a young series saves over full rings (tests, stats). */
export function seriesByteLength(series: Series): number {
  return series.tiers.reduce((sum, data) => sum + data.byteLength, 0);
}

function emptyRing(slots: number): Float64Array {
  // NaN never equals a period start, so every slot reads as empty.
  return new Float64Array(slots * FIELDS).fill(Number.NaN);
}

function countAs(status: Status): typeof UP | typeof DOWN | typeof UNKNOWN {
  switch (status) {
    case 'operational':
    case 'degraded':
    case 'maintenance':
      return UP;
    case 'partial_outage':
    case 'major_outage':
      return DOWN;
    case 'unknown':
      return UNKNOWN;
  }
}

function statusAt(index: number): Status {
  return STATUSES[index] ?? 'unknown';
}

function tierOf(series: Series, index: number): { spec: TierSpec; data: Float64Array } {
  const spec = TIERS[index];
  const data = series.tiers[index];
  if (!spec || !data) throw new Error(`series has no tier ${index}`);
  return { spec, data };
}

/** Offset of the slot for the period starting at `start` (a multiple of the resolution) in a ring of `data`'s size. */
function offsetOf(spec: TierSpec, data: Float64Array, start: number): number {
  return ringIndex(spec, start, data.length / FIELDS) * FIELDS;
}

function ringIndex(spec: TierSpec, start: number, slots: number): number {
  return (((start / spec.resolutionMs) % slots) + slots) % slots;
}

/**
 * The tier's ring, grown until the slot for `start` is free, holds `start`, or holds a period
 * the full-size ring would reclaim for it (same full-size slot). So a smaller ring drops exactly
 * what the full one would, never a period the full one keeps, and reads agree at every size.
 */
function ringFor(series: Series, index: number, start: number): Float64Array {
  const tier = tierOf(series, index);
  const { spec } = tier;
  const full = slotCount(spec);
  let { data } = tier;
  for (;;) {
    const held = data[offsetOf(spec, data, start) + START];
    if (held === undefined || Number.isNaN(held) || held === start) return data;
    if (ringIndex(spec, held, full) === ringIndex(spec, start, full)) return data;
    data = grown(spec, data);
    series.tiers[index] = data;
  }
}

/**
 * A copy of the ring at least twice the size (at most the full one) holding every period it
 * held. Held periods never share a full-size slot (see ringFor), so the full size always fits.
 */
function grown(spec: TierSpec, data: Float64Array): Float64Array {
  const full = slotCount(spec);
  const oldSlots = data.length / FIELDS;
  for (let slots = Math.min(full, oldSlots * 2); ; slots = Math.min(full, slots * 2)) {
    const next = emptyRing(slots);
    let fits = true;
    for (let offset = 0; offset < data.length && fits; offset += FIELDS) {
      const start = data[offset + START];
      if (start === undefined || Number.isNaN(start)) continue;
      const target = ringIndex(spec, start, slots) * FIELDS;
      if (Number.isNaN(next[target + START])) next.set(data.subarray(offset, offset + FIELDS), target);
      else fits = false;
    }
    if (fits || slots === full) return next;
  }
}

/** The earliest period start the tier still answers for, given `now`. */
function oldestStart(spec: TierSpec, now: number): number {
  return floorTo(now, spec.resolutionMs) - (slotCount(spec) - 1) * spec.resolutionMs;
}

function floorTo(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

/** Adds counts to the slot for `start`, reclaiming it if it holds another period. */
function addToSlot(
  series: Series,
  tierIndex: number,
  start: number,
  add: Omit<Bucket, 'start' | 'durationMs' | 'samples'>,
): void {
  const data = ringFor(series, tierIndex, start);
  const offset = offsetOf(tierOf(series, tierIndex).spec, data, start);
  if (data[offset + START] !== start) {
    data.fill(0, offset, offset + FIELDS);
    data[offset + START] = start;
    data[offset + WORST] = STATUSES.indexOf('operational');
  }
  data[offset + UP] = (data[offset + UP] ?? 0) + add.up;
  data[offset + DOWN] = (data[offset + DOWN] ?? 0) + add.down;
  data[offset + UNKNOWN] = (data[offset + UNKNOWN] ?? 0) + add.unknown;
  if (attentionRank(add.worst) > attentionRank(statusAt(data[offset + WORST] ?? 0))) {
    data[offset + WORST] = STATUSES.indexOf(add.worst);
  }
  data[offset + LATENCY_SUM] = (data[offset + LATENCY_SUM] ?? 0) + add.latencySumMs;
  data[offset + LATENCY_COUNT] = (data[offset + LATENCY_COUNT] ?? 0) + add.latencyCount;
  data[offset + LATENCY_MAX] = Math.max(data[offset + LATENCY_MAX] ?? 0, add.latencyMaxMs);
}

/**
 * Records one sample. A sample stamped after `now` (a source's clock ahead of ours) counts as
 * `now`; one older than a tier's span skips that tier; one older than RETENTION_MS is dropped.
 * Latency is kept in whole milliseconds: finer is noise for network timings, and integers keep
 * the saved file small and its round trip exact.
 */
export function appendSample(series: Series, sample: HistorySample, now: number): void {
  if (!Number.isFinite(sample.at) || !Number.isFinite(now)) return;
  const at = Math.min(sample.at, now);
  const kind = countAs(sample.status);
  const latency =
    sample.latencyMs !== undefined && Number.isFinite(sample.latencyMs) && sample.latencyMs >= 0
      ? Math.round(sample.latencyMs)
      : undefined;
  const add = {
    up: kind === UP ? 1 : 0,
    down: kind === DOWN ? 1 : 0,
    unknown: kind === UNKNOWN ? 1 : 0,
    worst: sample.status,
    latencySumMs: latency ?? 0,
    latencyCount: latency === undefined ? 0 : 1,
    latencyMaxMs: latency ?? 0,
  };
  for (let index = 0; index < TIERS.length; index++) {
    const { spec } = tierOf(series, index);
    const start = floorTo(at, spec.resolutionMs);
    if (start < oldestStart(spec, now)) continue;
    addToSlot(series, index, start, add);
  }
}

/**
 * Merges a whole bucket into the tier it was read from (loading a saved file). Returns false
 * when the bucket is misaligned or outside the tier's span as of `now`, and so was not kept.
 */
export function mergeBucket(series: Series, tier: TierName, bucket: Bucket, now: number): boolean {
  const index = TIERS.findIndex((spec) => spec.name === tier);
  const { spec } = tierOf(series, index);
  if (bucket.durationMs !== spec.resolutionMs || bucket.start % spec.resolutionMs !== 0) return false;
  if (bucket.start < oldestStart(spec, now) || bucket.start > now) return false;
  addToSlot(series, index, bucket.start, bucket);
  return true;
}

/** The finest tier whose span covers the window; the coarsest for anything longer. */
function tierIndexFor(windowMs: number): number {
  const index = TIERS.findIndex((tier) => tier.spanMs >= windowMs);
  return index === -1 ? TIERS.length - 1 : index;
}

/**
 * Calls `visit` for each filled slot overlapping [now - windowMs, now], oldest first, with the
 * share of the slot inside the window (below 1 only for the slot straddling the window's start).
 * Walking the expected periods skips aged-out slots and ones stamped after `now`.
 */
function forEachInWindow(
  series: Series,
  tierIndex: number,
  windowMs: number,
  now: number,
  visit: (data: Float64Array, offset: number, start: number, share: number) => void,
): void {
  const { spec, data } = tierOf(series, tierIndex);
  const from = now - windowMs;
  const first = Math.max(floorTo(from, spec.resolutionMs), oldestStart(spec, now));
  for (let start = first; start <= now; start += spec.resolutionMs) {
    const offset = offsetOf(spec, data, start);
    if (data[offset + START] !== start) continue;
    const share = start >= from ? 1 : (start + spec.resolutionMs - from) / spec.resolutionMs;
    if (share > 0) visit(data, offset, start, share);
  }
}

function bucketAt(data: Float64Array, offset: number, durationMs: number): Bucket {
  const up = data[offset + UP] ?? 0;
  const down = data[offset + DOWN] ?? 0;
  const unknown = data[offset + UNKNOWN] ?? 0;
  return {
    start: data[offset + START] ?? 0,
    durationMs,
    samples: up + down + unknown,
    up,
    down,
    unknown,
    worst: statusAt(data[offset + WORST] ?? 0),
    latencySumMs: data[offset + LATENCY_SUM] ?? 0,
    latencyCount: data[offset + LATENCY_COUNT] ?? 0,
    latencyMaxMs: data[offset + LATENCY_MAX] ?? 0,
  };
}

/**
 * Share of the window's time the target was up, in [0, 1]; undefined when the window holds no
 * up or down sample (unknown never counts either way). Weighted by time, not by samples: each
 * slot counts for its length with the share of its answered samples that were up, so the quick
 * re-checks made while confirming a failure do not outweigh the minutes between ordinary checks.
 * The slot straddling the window's start counts in proportion to its overlap, so a 24 h figure
 * does not jump as a 5-minute slot ages out.
 */
export function uptime(series: Series, windowMs: number, now: number): number | undefined {
  const tierIndex = tierIndexFor(windowMs);
  const { resolutionMs } = tierOf(series, tierIndex).spec;
  let upTime = 0;
  let answeredTime = 0;
  forEachInWindow(series, tierIndex, windowMs, now, (data, offset, start, share) => {
    const slotUp = data[offset + UP] ?? 0;
    const slotAnswered = slotUp + (data[offset + DOWN] ?? 0);
    if (slotAnswered === 0) return;
    // The slot still filling counts for the time it has run (a minute at least: it holds a reading).
    const elapsed = Math.min(1, Math.max(now - start, MINUTE_MS) / resolutionMs);
    const weight = Math.min(share, elapsed);
    upTime += (slotUp / slotAnswered) * weight;
    answeredTime += weight;
  });
  return answeredTime > 0 ? upTime / answeredTime : undefined;
}

/** The status most deserving attention in the window, or undefined when it holds no samples. */
export function worstIn(series: Series, windowMs: number, now: number): Status | undefined {
  let worst: Status | undefined;
  forEachInWindow(series, tierIndexFor(windowMs), windowMs, now, (data, offset) => {
    const status = statusAt(data[offset + WORST] ?? 0);
    if (worst === undefined || attentionRank(status) > attentionRank(worst)) worst = status;
  });
  return worst;
}

/** Mean and max latency per slot with any latency, oldest first, at the window's resolution. */
export function latencyPoints(series: Series, windowMs: number, now: number): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  forEachInWindow(series, tierIndexFor(windowMs), windowMs, now, (data, offset, start) => {
    const count = data[offset + LATENCY_COUNT] ?? 0;
    if (count === 0) return;
    points.push({
      at: start,
      meanMs: (data[offset + LATENCY_SUM] ?? 0) / count,
      maxMs: data[offset + LATENCY_MAX] ?? 0,
    });
  });
  return points;
}

/** The filled buckets overlapping the window, oldest first, at the window's resolution. */
export function bucketsIn(series: Series, windowMs: number, now: number): Bucket[] {
  const tierIndex = tierIndexFor(windowMs);
  const { spec } = tierOf(series, tierIndex);
  const buckets: Bucket[] = [];
  forEachInWindow(series, tierIndex, windowMs, now, (data, offset) => {
    buckets.push(bucketAt(data, offset, spec.resolutionMs));
  });
  return buckets;
}

/**
 * Every live bucket of one tier (a period from the tier's oldest to `now`), oldest first: what
 * gets saved. Scans the ring's slots rather than walking the span's periods, so saving a young
 * series costs what it holds, not the ~540 periods of a full span.
 */
export function tierBuckets(series: Series, tier: TierName, now: number): Bucket[] {
  const index = TIERS.findIndex((spec) => spec.name === tier);
  const { spec, data } = tierOf(series, index);
  const oldest = oldestStart(spec, now);
  const slots = data.length / FIELDS;
  const buckets: Bucket[] = [];
  // From the oldest period's slot round the ring: in a full ring that is oldest first already.
  const first = ringIndex(spec, oldest, slots);
  for (let step = 0; step < slots; step++) {
    const offset = ((first + step) % slots) * FIELDS;
    const start = data[offset + START];
    if (start === undefined || !(start >= oldest && start <= now)) continue;
    buckets.push(bucketAt(data, offset, spec.resolutionMs));
  }
  // A smaller ring holds its periods in no particular order.
  if (slots < slotCount(spec)) buckets.sort((a, b) => a.start - b.start);
  return buckets;
}

/** Live buckets across all tiers; never above MAX_BUCKETS_PER_SERIES. */
export function bucketCount(series: Series, now: number): number {
  return TIERS.reduce((sum, tier) => sum + tierBuckets(series, tier.name, now).length, 0);
}
