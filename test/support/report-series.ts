import type { CrowdBucket } from '../../main/monitor/reading.js';

/**
 * Report series for crowd tests, generated, not captured: no public day of Downdetector buckets
 * exists. The shapes follow what was reported of the outages (numbers in the comments).
 */

export const QUARTER_HOUR = 15 * 60 * 1000;

/** A small seeded PRNG (mulberry32): the same noise on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw: ordinary report traffic is many people independently reporting now and then. */
export function poisson(lambda: number, random: () => number): number {
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let product = random();
  while (product > limit) {
    k += 1;
    product *= random();
  }
  return k;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** People report by day more than by night: the usual level at a given UTC hour. */
export function diurnal(peak: number, hourUtc: number, peakHourUtc = 15): number {
  const phase = ((hourUtc - peakHourUtc) / 24) * 2 * Math.PI;
  return peak * (0.55 + 0.45 * Math.cos(phase));
}

/**
 * The December 2022 Twitter outage as Downdetector saw it: a quiet day before (a few dozen
 * reports per 15 minutes in the US, fewer in Japan and the UK), then on 2022-12-29 a rise from
 * about 03:00 and a peak near 07:00 of over 10,000 reports in the US and about 2,500 each in
 * Japan and the UK, subsiding by about 10:00 (times here in UTC; the shape is what matters).
 */
export const TWITTER_OUTAGE_DAY = Date.UTC(2022, 11, 29);

export type TwitterRegion = 'US' | 'JP' | 'GB';

/** The usual level per 15 minutes in each region, at a moment (the provider's baseline). */
export function twitterUsual(region: TwitterRegion, at: number): number {
  const hour = new Date(at).getUTCHours() + new Date(at).getUTCMinutes() / 60;
  if (region === 'US') return diurnal(40, hour);
  return region === 'JP' ? diurnal(10, hour, 6) : diurnal(10, hour, 19);
}

const PEAK: Readonly<Record<TwitterRegion, number>> = { US: 10_000, JP: 2_500, GB: 2_500 };

export function twitter2022Series(random = seededRandom(2022)): CrowdBucket[] {
  const start = TWITTER_OUTAGE_DAY - 24 * 60 * 60 * 1000;
  const buckets: CrowdBucket[] = [];
  for (let at = start; at < TWITTER_OUTAGE_DAY + 14 * 60 * 60 * 1000; at += QUARTER_HOUR) {
    const outage = outageShape((at - TWITTER_OUTAGE_DAY) / 3_600_000);
    const regions = {
      US: poisson(twitterUsual('US', at) + outage * PEAK.US, random),
      JP: poisson(twitterUsual('JP', at) + outage * PEAK.JP, random),
      GB: poisson(twitterUsual('GB', at) + outage * PEAK.GB, random),
    };
    buckets.push({ at, count: regions.US + regions.JP + regions.GB, regions });
  }
  return buckets;
}

/**
 * 0 before 03:00; a slow rise (about 50 US reports above the usual level at 03:00, 400 by 06:30);
 * the spike to the peak at 07:00–08:00; gone by about 10:00.
 */
export function outageShape(hoursIn: number): number {
  if (hoursIn < 3) return 0;
  if (hoursIn < 6.5) return 0.005 + ((hoursIn - 3) / 3.5) * 0.035;
  if (hoursIn < 7) return 0.04 + ((hoursIn - 6.5) / 0.5) * 0.96;
  if (hoursIn < 8) return 1;
  if (hoursIn < 10) return 1 - ((hoursIn - 8) / 2) * 0.99;
  return 0;
}

/** A week of ordinary, noisy traffic with a few lone bursty buckets (a viral post, a bot). */
export function noisyWeek(peak: number, seed: number): CrowdBucket[] {
  const random = seededRandom(seed);
  const start = Date.UTC(2026, 2, 2);
  const buckets: CrowdBucket[] = [];
  for (let index = 0; index < 7 * 96; index++) {
    const at = start + index * QUARTER_HOUR;
    const usual = diurnal(peak, new Date(at).getUTCHours());
    const burst = random() < 0.01 ? 2.5 : 1;
    buckets.push({ at, count: poisson(usual * burst, random) });
  }
  return buckets;
}
