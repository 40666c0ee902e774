import type { SourceType } from '../../../main/monitor/sources/registry.js';

/**
 * One way a fixture reaches a parser: which source type reads it, with which config, and where
 * among the requests that source makes the (mutated) fixture is the answer. The other requests
 * get real companion fixtures or a plain 404, so the source runs its whole read.
 */
export interface FuzzTarget {
  /** Unique, for test names and replay: "statuspage/github-summary-…json → statuspage summary". */
  readonly name: string;
  /** Under fixtures/real (or fixtures/documented when `documented`). */
  readonly fixture: string;
  readonly documented?: boolean;
  readonly source: SourceType;
  /** The source's config for a server at `origin` (no trailing slash); parsed by the type's schema. */
  readonly config: (origin: string) => unknown;
  readonly routes: readonly Route[];
  /** The clock's start: near the fixture's own dates, so "open", "recent" and "stale" all occur. */
  readonly now: number;
  /** Environment secrets the config refers to with `{ "env": NAME }`. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The bytes to mutate, when the fixture wraps the payload (the GCP sample is Checkmk output
   * around the real incidents.json array).
   */
  readonly payloadOf?: (fixture: Buffer) => Buffer;
}

export type Answer =
  /** The mutated payload under test. */
  | { readonly kind: 'payload'; readonly status?: number; readonly contentType: string }
  /** A real fixture, as it is. */
  | {
      readonly kind: 'fixture';
      readonly fixture: string;
      readonly documented?: boolean;
      readonly status?: number;
      readonly contentType: string;
      readonly payloadOf?: (fixture: Buffer) => Buffer;
    };

export interface Route {
  readonly method?: 'GET' | 'POST';
  /** A pathname, exact, or a pattern for paths with ids in them. */
  readonly path: string | RegExp;
  readonly answer: Answer;
}

/** The route answering a request, if any; anything else is a 404, as from a real server. */
export function findRoute(routes: readonly Route[], method: string, url: URL): Route | undefined {
  return routes.find(
    (route) =>
      (route.method ?? 'GET') === method &&
      (typeof route.path === 'string' ? route.path === url.pathname : route.path.test(url.pathname)),
  );
}
