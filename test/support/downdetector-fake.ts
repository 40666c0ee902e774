import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CrowdBucket } from '../../main/monitor/reading.js';
import { QUARTER_HOUR, twitterUsual, type TwitterRegion } from './report-series.js';

/**
 * A small Downdetector Enterprise API (v2) for end-to-end tests, in the shapes of
 * ../shared/reference/crowd-apis.md: a token, one Twitter company per country, 15-minute report
 * buckets up to the simulated now, the provider's 96-slot baseline and its status.
 */
export interface FakeDowndetector {
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): boolean;
}

const COMPANIES: Readonly<Record<string, { id: string; country: TwitterRegion }>> = {
  US: { id: '10001', country: 'US' },
  JP: { id: '10002', country: 'JP' },
  GB: { id: '10003', country: 'GB' },
};

export function fakeDowndetector(series: readonly CrowdBucket[], now: () => number): FakeDowndetector {
  const send = (res: ServerResponse, body: unknown): void => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const byId = (id: string) => Object.values(COMPANIES).find((company) => company.id === id);
  return {
    handle(req, res, path, query) {
      if (req.method === 'POST' && path === '/dd/tokens') {
        send(res, { access_token: 'fake-token', token_type: 'bearer', expires_in: 3600 });
        return true;
      }
      if (path === '/dd/companies/search') {
        const company = COMPANIES[query.get('country') ?? ''];
        send(
          res,
          company
            ? [{ id: Number(company.id), name: 'Twitter', slug: 'twitter', country_iso: company.country }]
            : [],
        );
        return true;
      }
      if (path === '/dd/slugs/twitter/reports') {
        const company = byId(query.get('companies') ?? '');
        const from = Date.parse(query.get('startdate') ?? '');
        const to = Math.min(Date.parse(query.get('enddate') ?? ''), now());
        const buckets = series
          .filter((bucket) => bucket.at >= from && bucket.at <= to)
          .map((bucket) => {
            const total = company ? (bucket.regions?.[company.country] ?? 0) : bucket.count;
            return {
              point_in_time: new Date(bucket.at).toISOString(),
              total,
              indicators: Math.round(total * 0.7),
              other: total - Math.round(total * 0.7),
              tweets: 0,
            };
          });
        send(res, buckets);
        return true;
      }
      const detail = /^\/dd\/companies\/(\d+)(\/indicators)?$/.exec(path);
      const company = detail ? byId(detail[1] ?? '') : undefined;
      if (company && detail?.[2]) {
        send(res, [
          { slug: 'website', indicator: 'Website', key: 'website', amount: 60, percentage: 60 },
          { slug: 'app', indicator: 'App', key: 'app', amount: 30, percentage: 30 },
          { slug: 'login', indicator: 'Login', key: 'login', amount: 10, percentage: 10 },
        ]);
        return true;
      }
      if (company) {
        // The last slot is the one holding now; each earlier slot is 15 minutes before.
        const slot = Math.floor(now() / QUARTER_HOUR) * QUARTER_HOUR;
        const baseline = Array.from({ length: 96 }, (_, index) =>
          Math.round(twitterUsual(company.country, slot - (95 - index) * QUARTER_HOUR)),
        );
        send(res, {
          id: Number(company.id),
          name: 'Twitter',
          slug: 'twitter',
          status: 'success',
          baseline,
          baseline_current: baseline[95],
        });
        return true;
      }
      return false;
    },
  };
}
