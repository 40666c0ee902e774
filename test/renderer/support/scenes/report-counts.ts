import type { Clock } from '../../../../main/monitor/clock.js';
import type { Handler } from '../../../support/http-server.js';
import { diurnal, poisson, seededRandom } from '../../../support/report-series.js';
import { DAY, MINUTE } from './scene.js';

/**
 * A report-count endpoint for the generic `reports` source: a week of ordinary, noisy reports
 * from three countries, then a spike in the last `spikeMinutes` before the scene's end. Built
 * here, not captured (no public series exists; see test/support/report-series.ts), in the
 * shape a support form's export might have: `{ data: [{ t, n, cc }] }`.
 */

const BUCKET = 15 * MINUTE;
/** Reports per 15 minutes at each region's busiest hour (UTC), and the spike on top. */
const REGIONS = [
  { cc: 'US', peak: 40, peakHour: 15, spike: 1600 },
  { cc: 'JP', peak: 12, peakHour: 6, spike: 420 },
  { cc: 'GB', peak: 12, peakHour: 19, spike: 380 },
] as const;

interface Point {
  readonly t: number;
  /** As the endpoint writes it, built once: the engine polls this for a whole simulated day. */
  readonly item: { readonly t: string; readonly n: number; readonly cc: string };
}

export function reportCounts(options: {
  readonly clock: Pick<Clock, 'now'>;
  readonly end: number;
  readonly spikeMinutes: number;
  readonly seed: number;
}): Handler {
  const random = seededRandom(options.seed);
  const last = Math.floor(options.end / BUCKET) * BUCKET;
  const spikeFrom = options.end - options.spikeMinutes * MINUTE;
  const points: Point[] = [];
  for (let t = last - 8 * DAY; t <= last; t += BUCKET) {
    const hour = new Date(t).getUTCHours();
    for (const region of REGIONS) {
      const extra = t + BUCKET > spikeFrom ? region.spike : 0;
      const n = poisson(diurnal(region.peak, hour, region.peakHour) + extra, random);
      points.push({ t, item: { t: new Date(t).toISOString(), n, cc: region.cc } });
    }
  }
  return (_req, res) => {
    const now = options.clock.now();
    // A week back: what the baseline needs. Buckets are published once they have begun.
    const data = points
      .filter((point) => point.t <= now && point.t > now - 7 * DAY)
      .map((point) => point.item);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  };
}
