import { describe, expect, it } from 'vitest';
import { usualFor, median } from '../../../main/monitor/crowd/baseline.js';
import { detectSpike, regionShares } from '../../../main/monitor/crowd/spike.js';
import type { CrowdBucket, SpikeLevel } from '../../../main/monitor/reading.js';
import {
  noisyWeek,
  QUARTER_HOUR,
  TWITTER_OUTAGE_DAY,
  twitter2022Series,
} from '../../support/report-series.js';

const flat = (counts: readonly number[], start = 0): CrowdBucket[] =>
  counts.map((count, index) => ({ at: start + index * QUARTER_HOUR, count }));

/** The level after each bucket, as if the series arrived one bucket at a time. */
function levels(series: readonly CrowdBucket[]): SpikeLevel[] {
  return series.map((_, index) => detectSpike(series.slice(0, index + 1), QUARTER_HOUR).level);
}

describe('spike detection: tables', () => {
  // A day and a bit of quiet history, so buckets are judged against the same time yesterday.
  const quiet = Array<number>(100).fill(30);
  it.each<[string, number[], SpikeLevel]>([
    ['a quiet series', quiet, 'none'],
    ['one noisy bucket is never a spike', [...quiet, 200], 'none'],
    ['two buckets at 4× the usual level are possible', [...quiet, 120, 130], 'possible'],
    ['two buckets at 30× are likely', [...quiet, 900, 1000], 'likely'],
    [
      'a rise that holds stays a spike through one dip (hysteresis)',
      [...quiet, 150, 160, 50, 170],
      'possible',
    ],
    ['two calm buckets end it', [...quiet, 150, 160, 40, 35], 'none'],
    [
      'a big ratio on tiny numbers is noise (below the 10-report floor)',
      [...Array<number>(20).fill(1), 6, 7],
      'none',
    ],
    ['likely falls back to possible when the peak passes', [...quiet, 900, 1000, 200, 150], 'possible'],
  ])('%s', (_name, counts, expected) => {
    expect(detectSpike(flat(counts), QUARTER_HOUR).level).toBe(expected);
  });

  it('reports where a spike started, its ratio and what is usual', () => {
    const result = detectSpike(flat([...quiet, 150, 160]), QUARTER_HOUR);
    expect(result).toMatchObject({ level: 'possible', current: 160, usual: 30, basis: 'time-of-day' });
    expect(result.ratio).toBeCloseTo(160 / 30);
    expect(result.since).toBe(100 * QUARTER_HOUR);
  });

  it('uses the provider baseline when there is one', () => {
    const series = flat([...quiet, 150, 160]).map((bucket) => ({ ...bucket, usual: 100 }));
    expect(detectSpike(series, QUARTER_HOUR)).toMatchObject({ level: 'none', usual: 100, basis: 'provider' });
  });

  it('learns nothing from an empty history and says so', () => {
    expect(detectSpike(flat([500]), QUARTER_HOUR)).toMatchObject({
      level: 'none',
      usual: undefined,
      basis: 'none',
    });
  });

  it('does not let a spike raise its own bar', () => {
    // Three hours at 10× would be the median of the last day's buckets without the exclusion.
    const long = flat([...Array<number>(40).fill(30), ...Array<number>(60).fill(400)]);
    expect(detectSpike(long, QUARTER_HOUR).level).not.toBe('none');
  });
});

describe('baseline', () => {
  it('compares 07:00 with 07:00 once a day of history exists', () => {
    const day = 96;
    const series = Array.from({ length: day * 2 }, (_, index) => ({
      at: index * QUARTER_HOUR,
      count: index % day === 28 ? 300 : 20, // 07:00 is busy every day
    }));
    const usual = usualFor(series, day + 28, QUARTER_HOUR);
    expect(usual.basis).toBe('time-of-day');
    expect(usual.level).toBe(20); // neighbours at 06:45 and 07:15 count too: the median is robust
    const recent = usualFor(series.slice(0, 60), 50, QUARTER_HOUR);
    expect(recent).toMatchObject({ basis: 'recent', level: 20 });
  });

  it.each([
    [[], 0],
    [[5], 5],
    [[1, 9, 3], 3],
    [[1, 2, 3, 4], 2.5],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('the December 2022 Twitter outage, replayed', () => {
  const series = twitter2022Series();
  const byHour = (hours: number) =>
    series.findIndex((bucket) => bucket.at >= TWITTER_OUTAGE_DAY + hours * 3_600_000);
  const seen = levels(series);
  const firstIndex = (level: SpikeLevel, after = 0) =>
    seen.findIndex((value, index) => index >= after && value === level);

  it('stays quiet through the ordinary day before', () => {
    expect(seen.slice(0, byHour(3))).not.toContain('possible');
    expect(seen.slice(0, byHour(3))).not.toContain('likely');
  });

  it('warns early in the slow rise, and calls it likely before the peak', () => {
    const possibleAt = series[firstIndex('possible')]!.at;
    const likelyAt = series[firstIndex('likely')]!.at;
    expect(possibleAt).toBeGreaterThanOrEqual(TWITTER_OUTAGE_DAY + 3 * 3_600_000);
    expect(possibleAt).toBeLessThanOrEqual(TWITTER_OUTAGE_DAY + 4 * 3_600_000);
    expect(likelyAt).toBeLessThanOrEqual(TWITTER_OUTAGE_DAY + 7 * 3_600_000);
  });

  it('names the US, Japan and the UK, in that order, at the peak', () => {
    const peak = detectSpike(series.slice(0, byHour(7.5)), QUARTER_HOUR);
    expect(peak.level).toBe('likely');
    expect(peak.regions.map((region) => region.region)).toEqual(['US', 'JP', 'GB']);
    expect(peak.regions[0]!.share).toBeGreaterThan(0.5);
  });

  it('recovers as reports subside, and stays recovered', () => {
    const endIndex = firstIndex('none', byHour(7));
    expect(series[endIndex]!.at).toBeLessThanOrEqual(TWITTER_OUTAGE_DAY + 11 * 3_600_000);
    expect(seen.slice(endIndex)).toEqual(Array<SpikeLevel>(seen.length - endIndex).fill('none'));
  });
});

describe('a week of noisy but normal traffic', () => {
  it.each([
    ['a busy service', 40, 1],
    ['a busy service, other noise', 40, 7],
    ['a small service', 4, 3],
    ['a very quiet service', 0.5, 5],
    ['a huge service', 800, 11],
  ])('raises nothing: %s', (_name, peak, seed) => {
    expect(new Set(levels(noisyWeek(peak, seed)))).toEqual(new Set(['none']));
  });
});

describe('regions', () => {
  it('shares the spike window by region, biggest first', () => {
    const series: CrowdBucket[] = [
      { at: 0, count: 10, regions: { US: 10 } },
      { at: 1, count: 100, regions: { US: 60, JP: 20, GB: 20 } },
      { at: 2, count: 100, regions: { US: 60, GB: 25, JP: 15 } },
    ];
    expect(regionShares(series, 1)).toEqual([
      { region: 'US', count: 120, share: 0.6 },
      { region: 'GB', count: 45, share: 0.225 },
      { region: 'JP', count: 35, share: 0.175 },
    ]);
  });
});
