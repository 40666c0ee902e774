import type { Route } from '../../../support/http-server.js';
import { realPayload } from '../repository.js';
import { json } from './scene.js';

/**
 * A company homepage whose footer links to its Statuspage, as "add by URL" meets them: every
 * scene's site hosts it, and `services:detect` on `${site}${DETECT_HOMEPAGE}` finds the page at
 * `${site}/acme-corp/status`.
 */
export const DETECT_HOMEPAGE = '/acme-corp/';

export function detectRoutes(): Record<string, Route> {
  return {
    [DETECT_HOMEPAGE]: {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><title>Acme Corp</title><main>Tools for builders</main><footer><a href="/acme-corp/status">System Status</a></footer>',
    },
    '/acme-corp/status/api/v2/summary.json': json(
      realPayload('statuspage/github-summary-all-operational-2019.json'),
    ),
  };
}
