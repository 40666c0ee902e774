import type { DetectContext } from './source.js';
import { withoutTrailingSlashes } from './guards.js';
import { parseJsonBody } from './json-body.js';

/**
 * Asking a candidate endpoint during auto-detect. Anything but a 2xx answer with a readable
 * body is "no": detection never fails loudly, it just does not match.
 */
export async function fetchJsonForDetect(url: URL | string, ctx: DetectContext): Promise<unknown> {
  const outcome = await ctx.http.request({
    url: String(url),
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    headers: { accept: 'application/json' },
    maxBodyBytes: 2 * 1024 * 1024,
  });
  if (outcome.kind === 'failure' || outcome.status < 200 || outcome.status > 299) return undefined;
  const body = parseJsonBody(outcome);
  return body.ok ? body.value : undefined;
}

export async function fetchTextForDetect(url: URL | string, ctx: DetectContext): Promise<string | undefined> {
  const outcome = await ctx.http.request({
    url: String(url),
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    maxBodyBytes: 2 * 1024 * 1024,
  });
  if (outcome.kind === 'failure' || outcome.status < 200 || outcome.status > 299 || outcome.truncated)
    return undefined;
  return outcome.text;
}

/** The page's origin plus `path`, keeping any path prefix the person gave ("https://x.y/status" + "/api/v2/summary.json"). */
export function withPath(base: URL, path: string): URL {
  const url = new URL(base.href);
  url.search = '';
  url.hash = '';
  url.pathname = `${withoutTrailingSlashes(url.pathname)}${path}`;
  return url;
}
