import { z } from 'zod';
import type { EventKind, ServiceEvent } from '../events.js';
import { STATUSES } from '../status.js';
import type { Status } from '../status.js';
import { TIERS, tierBuckets } from './series.js';
import type { Bucket, Series, TierSpec, TierName } from './series.js';

/**
 * The history file's format, version 1, and its parser. The file is data from disk: it is read
 * as `unknown` and parsed once here. Only a wrong envelope fails the whole file; a bad series,
 * bucket or event is dropped on its own, since the rest of the file is still good.
 *
 * Each tier of a series is one flat list of numbers, BUCKET_FIELDS per bucket:
 *   slotsAgo, up, down, unknown, worstCode, latencySumMs, latencyCount, latencyMaxMs
 * where the bucket starts `slotsAgo` tier resolutions before the slot holding `savedAt`, and
 * worstCode indexes STATUS_CODES. Why not objects or tuples with epoch times and status names:
 * a 1,000-source history holds ~650k buckets; tuples made a 30 MB file that took 0.4 s to write
 * and 1.4 s to validate with zod per tuple. Flat numbers are half the size and are checked by
 * one loop.
 */

export const HISTORY_FORMAT_VERSION = 1;
export const BUCKET_FIELDS = 8;

/** Part of format version 1: append only, never reorder. */
export const STATUS_CODES = [
  'operational',
  'degraded',
  'partial_outage',
  'major_outage',
  'maintenance',
  'unknown',
] as const satisfies readonly Status[];
const _allStatusesCoded: [Exclude<Status, (typeof STATUS_CODES)[number]>] extends [never] ? true : never =
  true;

export type SeriesJson = Readonly<Record<TierName, readonly number[]>>;

export interface HistoryJson {
  readonly version: typeof HISTORY_FORMAT_VERSION;
  readonly savedAt: number;
  readonly sources: Readonly<Record<string, SeriesJson>>;
  readonly services: Readonly<Record<string, SeriesJson>>;
  readonly events: readonly ServiceEvent[];
}

/** The file as a whole cannot be used; the message says why, for the person. */
export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';
}

/** A series as found in the file: per tier, the flat list still to be decoded. */
export type RawSeries = Readonly<Record<TierName, readonly unknown[]>>;

export interface ParsedHistory {
  readonly savedAt: number;
  readonly sources: readonly (readonly [string, RawSeries])[];
  readonly services: readonly (readonly [string, RawSeries])[];
  readonly events: ServiceEvent[];
  readonly dropped: { readonly series: number; readonly events: number };
}

const EVENT_KINDS = ['down', 'worsened', 'improved', 'recovered'] as const satisfies readonly EventKind[];
// Fails to compile when events.ts grows a kind this parser would silently drop.
const _allKindsParsed: [Exclude<EventKind, (typeof EVENT_KINDS)[number]>] extends [never] ? true : never =
  true;

const status = z.enum(STATUSES as readonly [Status, ...Status[]]);

const eventSchema = z.object({
  kind: z.enum(EVENT_KINDS),
  serviceId: z.string(),
  serviceName: z.string(),
  // JSON has no undefined: an absent `from` is the first verdict.
  from: status.optional(),
  to: status,
  at: z.number(),
  summary: z.string(),
  reasons: z.array(z.string()),
});

// A custom check, not z.record: the raw object is kept and read with Object.entries, so a key
// such as "__proto__" stays data and never reaches an object's prototype.
const plainObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { error: 'expected an object' },
);

// Arrays are checked element by element in decodeTier, not by zod (see the header).
const flatList = z.custom<unknown[]>((value) => Array.isArray(value), { error: 'expected a list' });

const seriesSchema = z.object({
  minute: flatList.optional(),
  fiveMinutes: flatList.optional(),
  hour: flatList.optional(),
} satisfies Record<TierName, unknown>);

const envelope = z.object({
  version: z.literal(HISTORY_FORMAT_VERSION),
  savedAt: z.number(),
  sources: plainObject,
  services: plainObject,
  events: z.array(z.unknown()),
});

export function parseHistoryJson(value: unknown): ParsedHistory {
  const version =
    typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > HISTORY_FORMAT_VERSION) {
    throw new HistoryFormatError(
      `format version ${version} is newer than this version of Downwatch reads (${HISTORY_FORMAT_VERSION})`,
    );
  }
  const parsed = envelope.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new HistoryFormatError(`not a Downwatch history file (${where}: ${issue?.message ?? 'invalid'})`);
  }
  const dropped = { series: 0, events: 0 };
  const seriesOf = (record: Record<string, unknown>): [string, RawSeries][] =>
    Object.entries(record).flatMap(([key, raw]): [string, RawSeries][] => {
      const series = seriesSchema.safeParse(raw);
      if (series.success) {
        const { minute = [], fiveMinutes = [], hour = [] } = series.data;
        return [[key, { minute, fiveMinutes, hour }]];
      }
      dropped.series++;
      return [];
    });
  const events: ServiceEvent[] = [];
  for (const item of parsed.data.events) {
    const event = eventSchema.safeParse(item);
    if (event.success) events.push({ ...event.data, from: event.data.from });
    else dropped.events++;
  }
  return {
    savedAt: parsed.data.savedAt,
    sources: seriesOf(parsed.data.sources),
    services: seriesOf(parsed.data.services),
    events,
    dropped,
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isMilliseconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Calls `visit` with each valid bucket of one tier's flat list and returns how many were
 * dropped. A list whose length is not a whole number of buckets is dropped entirely: once the
 * fields are misaligned no bucket in it can be trusted.
 */
export function decodeTier(
  flat: readonly unknown[],
  tier: TierSpec,
  savedAt: number,
  visit: (bucket: Bucket) => void,
): number {
  if (flat.length % BUCKET_FIELDS !== 0) return Math.ceil(flat.length / BUCKET_FIELDS);
  const savedSlot = Math.floor(savedAt / tier.resolutionMs) * tier.resolutionMs;
  let dropped = 0;
  for (let offset = 0; offset < flat.length; offset += BUCKET_FIELDS) {
    const [slotsAgo, up, down, unknown, code, latencySumMs, latencyCount, latencyMaxMs] = flat.slice(
      offset,
      offset + BUCKET_FIELDS,
    );
    const worst = isCount(code) ? STATUS_CODES[code] : undefined;
    const valid =
      isCount(slotsAgo) &&
      isCount(up) &&
      isCount(down) &&
      isCount(unknown) &&
      worst !== undefined &&
      isMilliseconds(latencySumMs) &&
      isCount(latencyCount) &&
      isMilliseconds(latencyMaxMs) &&
      up + down + unknown > 0 &&
      latencyCount <= up + down + unknown;
    if (!valid) {
      dropped++;
      continue;
    }
    const start = savedSlot - slotsAgo * tier.resolutionMs;
    const samples = up + down + unknown;
    visit({
      start,
      durationMs: tier.resolutionMs,
      samples,
      up,
      down,
      unknown,
      worst,
      latencySumMs,
      latencyCount,
      latencyMaxMs,
    });
  }
  return dropped;
}

export function encodeSeries(series: Series, savedAt: number): SeriesJson {
  const encodeTier = (tier: TierSpec): number[] => {
    const savedSlot = Math.floor(savedAt / tier.resolutionMs) * tier.resolutionMs;
    const flat: number[] = [];
    // A plain push loop: flatMap here made saving a large history four times slower.
    for (const bucket of tierBuckets(series, tier.name, savedAt)) {
      flat.push(
        (savedSlot - bucket.start) / tier.resolutionMs,
        bucket.up,
        bucket.down,
        bucket.unknown,
        STATUS_CODES.indexOf(bucket.worst),
        bucket.latencySumMs,
        bucket.latencyCount,
        bucket.latencyMaxMs,
      );
    }
    return flat;
  };
  const [minute = [], fiveMinutes = [], hour = []] = TIERS.map(encodeTier);
  return { minute, fiveMinutes, hour };
}
