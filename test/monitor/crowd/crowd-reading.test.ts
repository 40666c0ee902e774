import { describe, expect, it } from 'vitest';
import { crowdReading, describeRegions, thresholdsFor } from '../../../main/monitor/crowd/crowd-reading.js';
import type { CrowdBucket } from '../../../main/monitor/reading.js';
import { HACKERNEWS_SPIKE_DEFAULTS } from '../../../main/monitor/sources/hackernews.js';
import { noisyWeek, QUARTER_HOUR } from '../../support/report-series.js';

const day = (counts: number[], regions?: Record<string, number>): CrowdBucket[] =>
  [...Array<number>(100).fill(30), ...counts].map((count, index) => ({
    at: index * QUARTER_HOUR,
    count,
    ...(index >= 100 && regions ? { regions } : {}),
  }));

function read(series: CrowdBucket[], noun?: string) {
  return crowdReading(
    { provider: 'test', series, bucketMs: QUARTER_HOUR, ...(noun ? { noun } : {}) },
    { checkedAt: 0 },
  );
}

describe('crowd readings say it in words', () => {
  it.each<[string, CrowdBucket[], string, string]>([
    ['quiet', day([28]), 'operational', 'reports at the usual level (28 against about 30 per 15 min)'],
    [
      'possible, mostly one country',
      day([150, 160], { US: 80, GB: 20 }),
      'degraded',
      'possible problem: reports 5.3× the usual level (160 against about 30 per 15 min), mostly US (80%), also GB',
    ],
    [
      'likely, several countries',
      day([9000, 12000], { US: 50, JP: 25, GB: 25 }),
      'partial_outage',
      'likely outage: reports 400× the usual level (12,000 against about 30 per 15 min), in US, GB, JP',
    ],
    [
      'no history yet',
      [{ at: 0, count: 7 }],
      'operational',
      '7 reports in the last 15 min (learning the usual level)',
    ],
  ])('%s', (_name, series, status, detail) => {
    const reading = read(series);
    expect(reading.status).toBe(status);
    expect(reading.detail).toBe(detail);
  });

  it.each([
    [
      [
        { region: 'US', count: 66, share: 0.66 },
        { region: 'JP', count: 17, share: 0.17 },
        { region: 'GB', count: 17, share: 0.17 },
      ],
      ', mostly US (66%), also JP, GB',
    ],
    [
      [
        { region: 'US', count: 95, share: 0.95 },
        { region: 'CA', count: 5, share: 0.05 },
      ],
      ', mostly US (95%)',
    ],
    [[], ''],
  ])('names regions %#', (regions, text) => {
    expect(describeRegions(regions)).toBe(text);
  });

  it('uses the source noun and keeps a day of series for charts', () => {
    const reading = read(day([28]), 'posts tagged #twitterdown');
    expect(reading.detail).toBe(
      'posts tagged #twitterdown at the usual level (28 against about 30 per 15 min)',
    );
    expect(reading.crowd?.series).toHaveLength(96);
  });

  it("lets the provider's own judgement raise the level, never lower it", () => {
    const series = day([31]);
    expect(
      crowdReading(
        { provider: 'dd', series, bucketMs: QUARTER_HOUR, providerLevel: 'likely' },
        { checkedAt: 0 },
      ).status,
    ).toBe('partial_outage');
    expect(
      crowdReading(
        { provider: 'dd', series: day([9000, 12000]), bucketMs: QUARTER_HOUR, providerLevel: 'none' },
        { checkedAt: 0 },
      ).status,
    ).toBe('partial_outage');
  });

  it('turns minutes into buckets', () => {
    expect(thresholdsFor({ sustainMinutes: 45, endMinutes: 60 }, QUARTER_HOUR)).toMatchObject({
      sustainBuckets: 3,
      endBuckets: 4,
    });
    expect(thresholdsFor(undefined, 5 * 60_000)).toMatchObject({ sustainBuckets: 6, endBuckets: 6 });
  });
});

describe('lower floors for sources with few reports (Hacker News, Mastodon)', () => {
  const sequential = (series: CrowdBucket[]) =>
    series.map(
      (_, index) =>
        crowdReading(
          {
            provider: 'hn',
            series: series.slice(0, index + 1),
            bucketMs: QUARTER_HOUR,
            spikeDefaults: HACKERNEWS_SPIKE_DEFAULTS,
          },
          { checkedAt: 0 },
        ).crowd?.level,
    );

  it.each([
    [0.3, 21],
    [1, 22],
    [2, 23],
  ])('a week of ordinary mentions (peak %d per quarter hour) raises nothing', (peak, seed) => {
    expect(new Set(sequential(noisyWeek(peak, seed)))).toEqual(new Set(['none']));
  });

  it('a modest outage on Hacker News is caught', () => {
    const week = noisyWeek(0.5, 24);
    const last = week.at(-1)!.at;
    const outage = [6, 9, 18, 25].map((count, index) => ({ at: last + (index + 1) * QUARTER_HOUR, count }));
    expect(sequential([...week, ...outage]).slice(-4)).toEqual(['none', 'possible', 'possible', 'likely']);
  });
});
