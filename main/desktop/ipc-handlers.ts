import type { IpcHandlers } from '../app/ipc.js';
import { parseConfig } from '../monitor/config/parse.js';
import { detectSources, parseDetectInput } from '../monitor/detect.js';
import type { History } from '../monitor/history/history.js';
import type { HttpClient } from '../monitor/http/types.js';
import type { Monitor } from '../monitor/monitor.js';
import { isSafeExternalUrl } from './security.js';

/**
 * What main does for each request channel, from the engine's pieces: no Electron here (the
 * composition root passes shell.openExternal and the notifier's snooze), so every handler is
 * tested against the real engine. Arguments arrive validated (ipc-arguments.ts); a refusal is a
 * rejected promise whose message the renderer shows.
 */

export interface IpcHandlerDeps {
  readonly monitor: Pick<Monitor, 'snapshot' | 'checkNow'>;
  /** Absent when history could not be loaded: uptime is then unknown and the event list empty. */
  readonly history: History | undefined;
  /** For "add by URL". */
  readonly http: HttpClient;
  /** Per request; detection asks many endpoints at once. */
  readonly detectTimeoutMs?: number;
  readonly snooze: (until: number | null) => void;
  /** shell.openExternal; only ever given http(s) URLs. */
  readonly openExternal: (url: string) => Promise<void> | void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Events listed in a service's history. */
const HISTORY_EVENTS = 50;

export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  return {
    'snapshot:get': () => deps.monitor.snapshot(),
    'services:check-now': (serviceIds) => {
      deps.monitor.checkNow(serviceIds);
      return undefined;
    },
    'services:history': (serviceId) => ({
      serviceId,
      uptime24h: deps.history?.uptime('service', serviceId, DAY_MS),
      uptime7d: deps.history?.uptime('service', serviceId, 7 * DAY_MS),
      events: deps.history?.events({ serviceId, limit: HISTORY_EVENTS }) ?? [],
    }),
    'services:detect': async (input) => {
      const parsed = parseDetectInput(input);
      if (!parsed.ok) throw new Error(parsed.message);
      return detectSources(parsed.url, {
        http: deps.http,
        ...(deps.detectTimeoutMs === undefined ? {} : { timeoutMs: deps.detectTimeoutMs }),
      });
    },
    'config:validate': (config) => {
      const parsed = parseConfig(config);
      return parsed.ok ? [] : parsed.issues;
    },
    'notifications:snooze': (until) => {
      deps.snooze(until);
      return undefined;
    },
    'shell:open-external': async (url) => {
      if (!isSafeExternalUrl(url)) {
        throw new Error(`Not opened: only http and https links open in the browser (${shorten(url)})`);
      }
      await deps.openExternal(url);
      return undefined;
    },
  };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
