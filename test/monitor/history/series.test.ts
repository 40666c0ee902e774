import { describe, expect, it } from 'vitest';
import {
  MAX_BUCKETS_PER_SERIES,
  RETENTION_MS,
  TIERS,
  appendSample,
  bucketCount,
  bucketsIn,
  createSeries,
  latencyPoints,
  seriesByteLength,
  tierBuckets,
  uptime,
  worstIn,
} from '../../../main/monitor/history/series.js';
import type { HistorySample, Series } from '../../../main/monitor/history/series.js';
import type { Status } from '../../../main/monitor/status.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

/** Appends one sample every `everyMs` from `from` up to and including `to`, with `now` = sample time. */
function fill(
  series: Series,
  from: number,
  to: number,
  everyMs: number,
  sample: (at: number) => Omit<HistorySample, 'at'>,
): void {
  for (let at = from; at <= to; at += everyMs) appendSample(series, { at, ...sample(at) }, at);
}

function withStatuses(statuses: readonly Status[], end = T0 + DAY): Series {
  const series = createSeries();
  statuses.forEach((status, index) => {
    const at = end - (statuses.length - 1 - index) * MINUTE;
    appendSample(series, { at, status }, at);
  });
  return series;
}

function repeat(count: number, status: Status): Status[] {
  return Array.from({ length: count }, () => status);
}

describe('tiers and bounds', () => {
  it('keeps a week of 60 s samples downsampled by age, in a fixed number of buckets', () => {
    const series = createSeries();
    let most = 0;
    const end = T0 + 8 * DAY + HOUR;
    for (let at = T0; at < end; at += MINUTE) {
      appendSample(series, { at, status: 'operational', latencyMs: 100 }, at);
      if (at % HOUR === 0) most = Math.max(most, bucketCount(series, at));
    }
    const now = end - MINUTE;
    expect(MAX_BUCKETS_PER_SERIES).toBe(61 + 289 + 193);
    expect(most).toBeLessThanOrEqual(MAX_BUCKETS_PER_SERIES);
    expect(bucketCount(series, now)).toBe(MAX_BUCKETS_PER_SERIES);

    const week = bucketsIn(series, 7 * DAY, now);
    expect(new Set(week.map((bucket) => bucket.durationMs))).toEqual(new Set([HOUR]));
    expect(week[0]!.start).toBe(now - 7 * DAY - (now % HOUR));
    expect(week[1]!.samples).toBe(60);

    const oldest = tierBuckets(series, 'hour', now)[0]!;
    expect(oldest.durationMs).toBe(HOUR);
    expect(oldest.start).toBe(now - (now % HOUR) - 8 * DAY);
    const fiveMinutes = tierBuckets(series, 'fiveMinutes', now);
    expect(fiveMinutes[0]!.start).toBeGreaterThanOrEqual(now - DAY - 5 * MINUTE);
    expect(fiveMinutes[1]!.samples).toBe(5);
    const minutes = tierBuckets(series, 'minute', now);
    expect(minutes[0]!.start).toBeGreaterThanOrEqual(now - HOUR - MINUTE);
  });

  it.each([
    { every: 10 * SECOND, days: 2 },
    { every: MINUTE, days: 16 },
    { every: 5 * MINUTE, days: 10 },
  ])('stays within the bound at one sample every $every ms for $days days', ({ every, days }) => {
    const series = createSeries();
    fill(series, T0, T0 + days * DAY, every, () => ({ status: 'operational', latencyMs: 50 }));
    expect(bucketCount(series, T0 + days * DAY)).toBeLessThanOrEqual(MAX_BUCKETS_PER_SERIES);
  });

  it.each([
    { window: 30 * MINUTE, resolution: MINUTE },
    { window: HOUR, resolution: MINUTE },
    { window: 6 * HOUR, resolution: 5 * MINUTE },
    { window: DAY, resolution: 5 * MINUTE },
    { window: 7 * DAY, resolution: HOUR },
    { window: 30 * DAY, resolution: HOUR },
  ])('answers a $window ms window from $resolution ms buckets', ({ window, resolution }) => {
    const series = createSeries();
    fill(series, T0, T0 + 2 * DAY, 10 * MINUTE, () => ({ status: 'operational' }));
    const buckets = bucketsIn(series, window, T0 + 2 * DAY);
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.every((bucket) => bucket.durationMs === resolution)).toBe(true);
    expect(buckets[0]!.start).toBeGreaterThan(T0 + 2 * DAY - window - resolution);
  });
});

describe('memory in proportion to what a series holds', () => {
  /** Full rings: every slot, 8 float64 fields each. */
  const FULL_BYTES = MAX_BUCKETS_PER_SERIES * 8 * 8;

  it('a fresh series with a few samples holds a small fraction of the full rings', () => {
    const series = createSeries();
    fill(series, T0, T0 + 2 * MINUTE, MINUTE, () => ({ status: 'operational', latencyMs: 80 }));
    expect(seriesByteLength(series)).toBeLessThanOrEqual(1024);
    expect(seriesByteLength(series) * 20).toBeLessThan(FULL_BYTES);
  });

  it('grows to the full rings for a week of samples, and no further', () => {
    const series = createSeries();
    fill(series, T0, T0 + 9 * DAY, MINUTE, () => ({ status: 'operational' }));
    expect(seriesByteLength(series)).toBe(FULL_BYTES);
  });

  it('keeps every period the full ring keeps while it grows, whatever the order samples arrive in', () => {
    // A fixed-seed generator (mulberry32): repeatable, and irregular enough to hit every growth path.
    let seed = 42;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const series = createSeries();
    const samples: number[] = [];
    let now = T0;
    while (now < T0 + 10 * DAY) {
      now += Math.floor(random() * 90 * MINUTE);
      // Mostly on time, sometimes hours late (a reading that waited, a file merged in).
      const at = random() < 0.8 ? now : now - Math.floor(random() * 4 * HOUR);
      appendSample(series, { at, status: 'operational' }, now);
      samples.push(at);
    }
    for (const tier of TIERS) {
      const oldest =
        Math.floor(now / tier.resolutionMs) * tier.resolutionMs -
        (tier.spanMs / tier.resolutionMs) * tier.resolutionMs;
      const expected = new Map<number, number>();
      for (const at of samples) {
        const start = Math.floor(at / tier.resolutionMs) * tier.resolutionMs;
        if (start >= oldest) expected.set(start, (expected.get(start) ?? 0) + 1);
      }
      const buckets = tierBuckets(series, tier.name, now);
      const starts = buckets.map((bucket) => bucket.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(new Map(buckets.map((bucket) => [bucket.start, bucket.samples]))).toEqual(expected);
    }
    expect(seriesByteLength(series)).toBeLessThanOrEqual(FULL_BYTES);
  });
});

describe('uptime', () => {
  // One reading a minute; the newest (down) one is in a slot that has just begun, so it counts for
  // one minute of twenty-one: uptime is time up, not readings up.
  it.each([
    { name: '1 down in 100', statuses: [...repeat(99, 'operational'), 'major_outage'], expected: 20 / 20.2 },
    {
      name: 'unknown excluded',
      statuses: [...repeat(99, 'operational'), 'partial_outage', ...repeat(50, 'unknown')],
      // the partial reading's slot is down; 20 slots up before it
      expected: 20 / 21,
    },
    { name: 'degraded and maintenance count as up', statuses: ['degraded', 'maintenance'], expected: 1 },
    { name: 'partial and major count as down', statuses: ['partial_outage', 'major_outage'], expected: 0 },
    {
      // a full slot up, then one just begun (one minute) down
      name: 'a slot up, then a minute down',
      statuses: ['operational', 'major_outage'],
      expected: 1 / 1.2,
    },
    { name: 'only unknown', statuses: repeat(10, 'unknown'), expected: undefined },
    { name: 'nothing', statuses: [], expected: undefined },
  ] satisfies { name: string; statuses: Status[]; expected: number | undefined }[])(
    '24 h: $name',
    ({ statuses, expected }) => {
      const series = withStatuses(statuses);
      const result = uptime(series, DAY, T0 + DAY);
      if (expected === undefined) expect(result).toBeUndefined();
      else expect(result).toBeCloseTo(expected, 10);
    },
  );

  it('7 d: one day down in seven, from hourly buckets', () => {
    const series = createSeries();
    const end = T0 + 7 * DAY;
    fill(series, T0, end - MINUTE, MINUTE, (at) => ({
      status: at < T0 + DAY ? 'major_outage' : 'operational',
    }));
    expect(uptime(series, 7 * DAY, end - MINUTE)).toBeCloseTo(6 / 7, 3);
    expect(uptime(series, DAY, end - MINUTE)).toBe(1);
  });

  it('24 h ignores what happened before the window', () => {
    const series = createSeries();
    fill(series, T0, T0 + 30 * HOUR, MINUTE, (at) => ({
      status: at < T0 + 5 * HOUR ? 'major_outage' : 'operational',
    }));
    expect(uptime(series, DAY, T0 + 30 * HOUR)).toBe(1);
    expect(uptime(series, 7 * DAY, T0 + 30 * HOUR)).toBeCloseTo(25 / 30, 2);
  });

  it('weighs time, not readings: re-checks while confirming a failure do not outweigh the hour', () => {
    const series = createSeries();
    const start = T0 + DAY - HOUR;
    // Checks every 5 minutes; the 06th is a failure confirmed by five re-checks 10 s apart.
    for (let minute = 0; minute < 60; minute += 5) {
      const at = start + minute * MINUTE;
      if (minute === 30) {
        for (let retry = 0; retry < 6; retry++)
          appendSample(series, { at: at + retry * 10_000, status: 'major_outage' }, at + retry * 10_000);
      } else {
        appendSample(series, { at, status: 'operational' }, at);
      }
    }
    // One 5-minute slot down in twelve; counting readings would say 11 of 17.
    expect(uptime(series, HOUR, start + HOUR)).toBeCloseTo(11 / 12, 10);
  });

  it('counts the bucket straddling the window start by its overlap', () => {
    const series = createSeries();
    const now = T0 + DAY;
    appendSample(series, { at: now - 3 * MINUTE, status: 'major_outage' }, now);
    for (const ago of [2, 1, 0]) appendSample(series, { at: now - ago * MINUTE, status: 'operational' }, now);
    // Half of the down minute lies inside a 2.5-minute window.
    expect(uptime(series, 2.5 * MINUTE, now)).toBeCloseTo(3 / 3.5, 10);
  });
});

describe('worst and latency', () => {
  it.each([
    { statuses: ['operational', 'maintenance'], worst: 'maintenance' },
    { statuses: ['operational', 'unknown', 'maintenance'], worst: 'unknown' },
    { statuses: ['unknown', 'degraded', 'operational'], worst: 'degraded' },
    { statuses: ['major_outage', 'partial_outage', 'operational'], worst: 'major_outage' },
    { statuses: [], worst: undefined },
  ] satisfies { statuses: Status[]; worst: Status | undefined }[])(
    'worst of $statuses is $worst',
    ({ statuses, worst }) => {
      expect(worstIn(withStatuses(statuses), DAY, T0 + DAY)).toBe(worst);
    },
  );

  it('gives mean and max latency per slot, oldest first, skipping samples without one', () => {
    const series = createSeries();
    const now = T0 + HOUR;
    appendSample(series, { at: now - 2 * MINUTE, status: 'operational', latencyMs: 100 }, now);
    appendSample(
      series,
      { at: now - 2 * MINUTE + 20 * SECOND, status: 'operational', latencyMs: 300.4 },
      now,
    );
    appendSample(series, { at: now - MINUTE, status: 'unknown' }, now);
    appendSample(series, { at: now, status: 'operational', latencyMs: 40 }, now);
    expect(latencyPoints(series, HOUR, now)).toEqual([
      { at: now - 2 * MINUTE, meanMs: 200, maxMs: 300 },
      { at: now, meanMs: 40, maxMs: 40 },
    ]);
  });

  it.each([Number.NaN, -5, Number.POSITIVE_INFINITY])('ignores a latency of %s', (latencyMs) => {
    const series = createSeries();
    appendSample(series, { at: T0, status: 'operational', latencyMs }, T0);
    expect(bucketsIn(series, HOUR, T0)[0]).toMatchObject({ samples: 1, latencyCount: 0 });
  });
});

describe('time that does not run straight', () => {
  it('puts late samples in their place', () => {
    const series = createSeries();
    const now = T0 + DAY;
    for (const ago of [0, 10, 5, 30, 20]) {
      appendSample(series, { at: now - ago * MINUTE, status: 'operational' }, now);
    }
    const starts = bucketsIn(series, HOUR, now).map((bucket) => (now - bucket.start) / MINUTE);
    expect(starts).toEqual([30, 20, 10, 5, 0]);
  });

  it('keeps a sample too old for the fine tiers in the coarse ones, and drops one past retention', () => {
    const series = createSeries();
    const now = T0 + 10 * DAY;
    appendSample(series, { at: now - 3 * HOUR, status: 'major_outage' }, now);
    appendSample(series, { at: now - 2 * DAY, status: 'major_outage' }, now);
    appendSample(series, { at: now - RETENTION_MS - HOUR, status: 'major_outage' }, now);
    expect(bucketsIn(series, HOUR, now)).toEqual([]);
    expect(bucketsIn(series, DAY, now)).toHaveLength(1);
    expect(bucketsIn(series, 7 * DAY, now)).toHaveLength(2);
    expect(bucketCount(series, now)).toBe(3);
  });

  it('counts a sample stamped in the future as now', () => {
    const series = createSeries();
    const now = T0 + DAY + 30 * SECOND;
    appendSample(series, { at: now + 2 * HOUR, status: 'major_outage' }, now);
    expect(bucketsIn(series, HOUR, now).map((bucket) => bucket.start)).toEqual([T0 + DAY]);
    expect(uptime(series, HOUR, now)).toBe(0);
  });

  it('stays ordered and bounded when the clock goes back, and reclaims the slots stamped ahead', () => {
    const series = createSeries();
    const before = T0 + DAY;
    fill(series, before - 2 * HOUR, before, MINUTE, () => ({ status: 'operational' }));
    const back = before - HOUR;
    fill(series, back, back + 30 * MINUTE, MINUTE, () => ({ status: 'major_outage' }));
    const now = back + 30 * MINUTE;

    const buckets = bucketsIn(series, HOUR, now);
    const starts = buckets.map((bucket) => bucket.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((start) => start <= now)).toBe(true);
    // The re-lived half hour holds only what was recorded after the jump.
    expect(
      buckets.filter((bucket) => bucket.start >= back).every((bucket) => bucket.worst === 'major_outage'),
    ).toBe(true);
    expect(bucketCount(series, now)).toBeLessThanOrEqual(MAX_BUCKETS_PER_SERIES);

    // When time catches up again, the stretch recorded ahead of the clock is not resurrected.
    const later = before + 10 * MINUTE;
    appendSample(series, { at: later, status: 'operational' }, later);
    const relived = bucketsIn(series, HOUR, later).filter(
      (bucket) => bucket.start > now && bucket.start < later,
    );
    expect(relived.every((bucket) => bucket.worst === 'operational' && bucket.samples === 1)).toBe(true);
  });

  it('ignores a sample without a finite time', () => {
    const series = createSeries();
    appendSample(series, { at: Number.NaN, status: 'major_outage' }, T0);
    expect(bucketCount(series, T0)).toBe(0);
  });
});
