import type { HttpClient, HttpOutcome, HttpResponse } from '../main/monitor/http/types.js';

/**
 * An in-memory HttpClient that answers from payloads by URL path, so the parsing bench times a
 * source's own work on an answer (parse, judge, build the reading) and nothing of the network.
 * Any other path answers 404, as a page without that endpoint would.
 */
export interface FakeHttp extends HttpClient {
  /** Paths asked for that had no payload, to tell a bench case that routes the wrong path. */
  readonly missed: ReadonlySet<string>;
}

export function fakeHttp(routes: ReadonlyMap<string, string>): FakeHttp {
  const missed = new Set<string>();
  return {
    missed,
    request(request) {
      const url = new URL(request.url);
      const text = routes.get(url.pathname);
      if (text === undefined) missed.add(url.pathname);
      return Promise.resolve<HttpOutcome>(answer(url.href, text));
    },
    close: () => Promise.resolve(),
  };
}

function answer(url: string, text: string | undefined): HttpResponse {
  const body = text ?? 'not found';
  return {
    kind: 'response',
    url,
    status: text === undefined ? 404 : 200,
    headers: {},
    text: body,
    bodyBytes: Buffer.byteLength(body),
    truncated: false,
    maxBodyBytes: 5 * 1024 * 1024,
    // What the real server would say; sources judge the body, not this, but keep it plausible.
    contentType: body.trimStart().startsWith('<') ? 'application/xml' : 'application/json',
    charset: 'utf-8',
    redirects: [],
    latencyMs: 1,
    notModified: false,
    retryAfterMs: undefined,
  };
}
