import type { Clock } from '../../../../main/monitor/clock.js';
import type { Status } from '../../../../main/monitor/status.js';
import type { Handler, Route } from '../../../support/http-server.js';

/**
 * A scene: a config for the real engine, the loopback site its sources read, and how long the
 * engine runs before a page opens on it. The site may change over the run (a page that starts
 * failing two hours before the end), which is what gives history its shape.
 */

export interface SceneTime {
  /** The scene's clock: routes answer according to it. */
  readonly clock: Pick<Clock, 'now'>;
  /** When the run ends, epoch ms: about the real now, so the page's Date.now() agrees. */
  readonly end: number;
}

export interface SceneSite {
  /** Paths on the loopback site; anything else is 404. */
  readonly routes: Readonly<Record<string, Route | Handler>>;
  /**
   * The monitor config as a person writes it (the CLI's format), for the site at `siteUrl`.
   * `closedUrl` is an http URL where nothing listens: a source that cannot be read.
   */
  config(siteUrl: string, closedUrl: string): Record<string, unknown>;
}

export interface Scene {
  readonly name: string;
  /** Engine time to run before the page opens: a day for history, or only the first rounds. */
  readonly runMs: number;
  site(time: SceneTime): SceneSite;
  /** The status each service must end in; the harness's own test holds every scene to it. */
  readonly expected: Readonly<Record<string, Status>>;
  /** The connectivity the run must end in. */
  readonly connectivity: 'online' | 'offline';
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Every source polled every five minutes, unless it says otherwise: one history bucket each. */
export function everyFiveMinutes(service: Record<string, unknown>): Record<string, unknown> {
  const sources = service.sources as readonly Record<string, unknown>[];
  return { ...service, sources: sources.map((source) => ({ intervalSeconds: 300, ...source })) };
}

/** An HTML page for a probe. */
export function page(body: string): Route {
  return { headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html>${body}` };
}

export function json(body: string | Buffer): Route {
  return { headers: { 'content-type': 'application/json' }, body };
}
