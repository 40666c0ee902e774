import type { Status } from '../../../../main/monitor/status.js';
import type { Route } from '../../../support/http-server.js';
import { realPayload } from '../repository.js';
import { everyFiveMinutes, json, page, type Scene } from './scene.js';

/**
 * N services on one loopback site, for the benchmark and for long lists: most answer, and a
 * regular share is down (HTTP 503), partly down (one of two probes fails), degraded (the real
 * Twilio summary) or unknown (a status page that answers with HTML).
 */

type Kind = 'up' | 'down' | 'partial' | 'degraded' | 'unknown';

const STATUS_OF: Readonly<Record<Kind, Status>> = {
  up: 'operational',
  down: 'major_outage',
  partial: 'partial_outage',
  degraded: 'degraded',
  unknown: 'unknown',
};

function kindOf(index: number): Kind {
  if (index % 25 === 5) return 'degraded';
  if (index % 25 === 15) return 'unknown';
  if (index % 10 === 3) return 'down';
  if (index % 10 === 7) return 'partial';
  return 'up';
}

const id = (index: number): string => `service-${String(index).padStart(3, '0')}`;

export function manyScene(count: number): Scene {
  const indexes = Array.from({ length: count }, (_, index) => index);
  return {
    name: `many-${count}`,
    // Stagger (10 s) plus a failure confirmed over three readings 10 s apart, with room to spare.
    runMs: 60_000,
    connectivity: 'online',
    expected: Object.fromEntries(indexes.map((index) => [id(index), STATUS_OF[kindOf(index)]])),
    site: () => {
      const routes: Record<string, Route> = { '/generate_204': { status: 204 } };
      const degraded = json(realPayload('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json'));
      for (const index of indexes) {
        const kind = kindOf(index);
        routes[`/${id(index)}/`] = kind === 'down' ? { status: 503, body: 'unavailable' } : page('<p>ok</p>');
        if (kind === 'partial') routes[`/${id(index)}/api`] = { status: 503, body: 'unavailable' };
        if (kind === 'degraded') routes[`/${id(index)}/status/api/v2/summary.json`] = degraded;
        if (kind === 'unknown')
          routes[`/${id(index)}/status/api/v2/summary.json`] = page('<p>Maintenance</p>');
      }
      return {
        routes,
        config: (site) => ({
          version: 1,
          maxConcurrent: 64,
          connectivity: { targets: [`${site}/generate_204`], timeoutMs: 2000 },
          services: indexes.map((index) => {
            const kind = kindOf(index);
            const base = `${site}/${id(index)}`;
            const sources: Record<string, unknown>[] =
              kind === 'degraded' || kind === 'unknown'
                ? [{ type: 'statuspage', url: `${base}/status` }]
                : [{ type: 'http', label: 'Homepage', url: `${base}/` }];
            if (kind === 'partial') sources.push({ type: 'http', label: 'API', url: `${base}/api` });
            return everyFiveMinutes({ id: id(index), name: `Service ${index + 1}`, sources });
          }),
        }),
      };
    },
  };
}
