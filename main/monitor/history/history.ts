import type { Clock } from '../clock.js';
import type { ServiceEvent } from '../events.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { decodeTier, encodeSeries, parseHistoryJson } from './history-schema.js';
import type { HistoryJson, SeriesJson } from './history-schema.js';
import {
  TIERS,
  appendSample,
  bucketCount,
  bucketsIn,
  createSeries,
  latencyPoints,
  mergeBucket,
  uptime,
} from './series.js';
import type { Bucket, HistorySample, LatencyPoint, Series } from './series.js';

export type SeriesKind = 'source' | 'service';

/** The event log keeps at most this many events... */
export const MAX_EVENTS = 2_000;
/** ...and none older than this. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface HistoryOptions {
  readonly clock: Pick<Clock, 'now'>;
}

export interface EventQuery {
  readonly serviceId?: string;
  readonly limit?: number;
}

export interface HistoryStats {
  readonly sources: number;
  readonly services: number;
  readonly buckets: number;
  readonly events: number;
}

/**
 * Everything the engine remembers across restarts: per-source and per-service series and the
 * event log. Keys are opaque; the scheduler decides them (e.g. `serviceId/sourceIndex`).
 *
 * Every change bumps `revision` and tells listeners, which is how HistoryWriter knows when to
 * save without the engine calling it.
 */
export class History {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #series: Record<SeriesKind, Map<string, Series>> = { source: new Map(), service: new Map() };
  #events: ServiceEvent[] = [];
  #revision = 0;
  readonly #listeners = new Set<() => void>();

  constructor(options: HistoryOptions) {
    this.#clock = options.clock;
  }

  /** Bumped by every change; a writer compares it with the revision it last saved. */
  get revision(): number {
    return this.#revision;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  recordSource(key: string, sample: HistorySample): void {
    this.#record('source', key, sample);
  }

  recordService(serviceId: string, sample: HistorySample): void {
    this.#record('service', serviceId, sample);
  }

  recordEvent(event: ServiceEvent): void {
    this.#events.push(event);
    this.#pruneEvents();
    this.#changed();
  }

  sourceSeries(key: string): Series | undefined {
    return this.#series.source.get(key);
  }

  serviceSeries(serviceId: string): Series | undefined {
    return this.#series.service.get(serviceId);
  }

  /** Uptime in [0, 1] over the last `windowMs`; undefined when nothing answered in it. */
  uptime(kind: SeriesKind, key: string, windowMs: number): number | undefined {
    const series = this.#series[kind].get(key);
    return series ? uptime(series, windowMs, this.#clock.now()) : undefined;
  }

  /** The filled buckets of the last `windowMs`, oldest first (a timeline strip). */
  buckets(kind: SeriesKind, key: string, windowMs: number): Bucket[] {
    const series = this.#series[kind].get(key);
    return series ? bucketsIn(series, windowMs, this.#clock.now()) : [];
  }

  /** A source's latency over the last `windowMs`, oldest first (a sparkline). */
  latency(key: string, windowMs: number): LatencyPoint[] {
    const series = this.#series.source.get(key);
    return series ? latencyPoints(series, windowMs, this.#clock.now()) : [];
  }

  /** Newest first, optionally for one service and at most `limit` of them. */
  events(query: EventQuery = {}): ServiceEvent[] {
    this.#pruneEvents();
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const result: ServiceEvent[] = [];
    for (let index = this.#events.length - 1; index >= 0 && result.length < limit; index--) {
      const event = this.#events[index];
      if (event && (query.serviceId === undefined || event.serviceId === query.serviceId)) result.push(event);
    }
    return result;
  }

  /**
   * Drops the series of sources and services no longer configured. Their events stay: the log
   * is a record of what happened and is bounded on its own.
   */
  forget(keep: { readonly sources: Iterable<string>; readonly services: Iterable<string> }): void {
    let dropped = false;
    for (const [kind, keys] of [
      ['source', new Set(keep.sources)],
      ['service', new Set(keep.services)],
    ] as const) {
      for (const key of this.#series[kind].keys()) {
        if (!keys.has(key)) dropped = this.#series[kind].delete(key) || dropped;
      }
    }
    if (dropped) this.#changed();
  }

  stats(): HistoryStats {
    const now = this.#clock.now();
    let buckets = 0;
    for (const map of Object.values(this.#series)) {
      for (const series of map.values()) buckets += bucketCount(series, now);
    }
    return {
      sources: this.#series.source.size,
      services: this.#series.service.size,
      buckets,
      events: this.#events.length,
    };
  }

  toJSON(): HistoryJson {
    const now = this.#clock.now();
    this.#pruneEvents();
    // Object.fromEntries defines own properties, so even a key like "__proto__" survives.
    const encode = (map: Map<string, Series>): Record<string, SeriesJson> =>
      Object.fromEntries([...map].map(([key, series]) => [key, encodeSeries(series, now)]));
    return {
      version: 1,
      savedAt: now,
      sources: encode(this.#series.source),
      services: encode(this.#series.service),
      events: [...this.#events],
    };
  }

  /**
   * Rebuilds a history from a parsed file. Throws HistoryFormatError when the file as a whole is
   * unusable (not an object, wrong or newer version); drops single series, buckets and events
   * that fail validation or have aged out, and logs how many.
   */
  static fromJSON(value: unknown, options: HistoryOptions & { readonly logger?: Logger }): History {
    const parsed = parseHistoryJson(value);
    const history = new History(options);
    const now = options.clock.now();
    let droppedBuckets = 0;
    for (const [kind, entries] of [
      ['source', parsed.sources],
      ['service', parsed.services],
    ] as const) {
      for (const [key, raw] of entries) {
        const series = createSeries();
        for (const tier of TIERS) {
          droppedBuckets += decodeTier(raw[tier.name], tier, parsed.savedAt, (bucket) => {
            // Aged out while the app was closed, or stamped ahead of a clock that went back.
            if (!mergeBucket(series, tier.name, bucket, now)) droppedBuckets++;
          });
        }
        history.#series[kind].set(key, series);
      }
    }
    history.#events = parsed.events;
    history.#pruneEvents();
    const dropped = { series: parsed.dropped.series, buckets: droppedBuckets, events: parsed.dropped.events };
    if (dropped.series + dropped.buckets + dropped.events > 0) {
      (options.logger ?? silentLogger).info('history: dropped invalid or expired entries on load', dropped);
    }
    return history;
  }

  #record(kind: SeriesKind, key: string, sample: HistorySample): void {
    const map = this.#series[kind];
    let series = map.get(key);
    if (!series) {
      series = createSeries();
      map.set(key, series);
    }
    appendSample(series, sample, this.#clock.now());
    this.#changed();
  }

  #pruneEvents(): void {
    const cutoff = this.#clock.now() - EVENT_RETENTION_MS;
    // Filter rather than trim a prefix: after the clock went back, order by `at` is not promised.
    if (this.#events.some((event) => event.at < cutoff)) {
      this.#events = this.#events.filter((event) => event.at >= cutoff);
    }
    if (this.#events.length > MAX_EVENTS) this.#events.splice(0, this.#events.length - MAX_EVENTS);
  }

  #changed(): void {
    this.#revision++;
    for (const listener of this.#listeners) listener();
  }
}
