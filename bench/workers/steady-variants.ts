import { nodeHttpStack, undiciStack } from './bare-stacks.js';
import type { HttpClient } from '../../main/monitor/http/types.js';

/** Something polling N URLs on an interval, as the steady-state worker measures it. */
export interface Polling {
  /** Resolves once every source has been polled once. */
  readonly firstRound: Promise<void>;
  /** RSS just before the first poll: modules loaded, config parsed. */
  readonly startRssBytes: number;
  /** Requests sent so far, to show every source was polled once per interval. */
  requests(): number;
  /** Stops polling; resolves to how many sources were failing (anything but 0 voids the run). */
  stop(): Promise<number>;
}

/** Like the scheduler: first polls spread over 10 s, then one per source per interval. */
const STAGGER_MS = 10_000;

/** The floors: bare request loops with no engine module loaded. */
export type Floor = 'bare' | 'fetch' | 'node-http';

/**
 * A floor on timers: the same URLs on the same timetable as the Monitor (first polls staggered
 * over 10 s, then every interval), body read and dropped, with one HTTP stack:
 * - `bare`: undici's `request`, the stack the engine is built on;
 * - `fetch`: undici's `fetch` (what Node's global fetch is), the floor issue 8 names;
 * - `node-http`: Node's own `http` module, the lightest stack Node has, for what the runtime
 *   itself costs in memory.
 */
export async function startFloor(
  floor: Floor,
  urls: readonly string[],
  intervalMs: number,
): Promise<Polling> {
  const stack =
    floor === 'node-http'
      ? await nodeHttpStack()
      : await undiciStack(floor === 'fetch' ? 'fetch' : 'request');
  const timers: NodeJS.Timeout[] = [];
  let requests = 0;
  let failing = 0;
  let pending = urls.length;
  let roundDone: () => void = () => undefined;
  const firstRound = new Promise<void>((resolve) => (roundDone = resolve));
  const startRssBytes = process.memoryUsage.rss();
  const poll = async (url: string, first: boolean): Promise<void> => {
    requests++;
    if (!(await stack.get(url).catch(() => false))) failing++;
    if (first && --pending === 0) roundDone();
  };
  urls.forEach((url, index) => {
    const offset = Math.floor((STAGGER_MS * index) / urls.length);
    timers.push(
      setTimeout(() => {
        void poll(url, true);
        timers.push(setInterval(() => void poll(url, false), intervalMs));
      }, offset),
    );
  });
  return {
    firstRound,
    startRssBytes,
    requests: () => requests,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      await stack.close();
      return failing;
    },
  };
}

/**
 * The real Monitor on real timers, headless, with a snapshot listener (the app always has one:
 * the tray), and, given a history path, the History and its HistoryWriter saving to that file
 * every 30 s, as the app and `downwatch watch` do. Engine modules are imported here only.
 */
export async function startMonitor(
  urls: readonly string[],
  base: string,
  intervalMs: number,
  historyPath: string | undefined,
): Promise<Polling> {
  const { systemClock } = await import('../../main/monitor/clock.js');
  const { parseConfig } = await import('../../main/monitor/config/parse.js');
  const { HistoryWriter, loadHistory } = await import('../../main/monitor/history/history-file.js');
  const { createHttpClient } = await import('../../main/monitor/http/client.js');
  const { silentLogger } = await import('../../main/monitor/logger.js');
  const { Monitor } = await import('../../main/monitor/monitor.js');

  const parsed = parseConfig({
    version: 1,
    // On loopback: the default targets are on the internet, which the bench must not depend on.
    connectivity: { targets: [`${base}/connectivity`] },
    services: urls.map((url, index) => ({
      id: `s${index}`,
      name: `Service ${index}`,
      sources: [{ type: 'http', url, intervalSeconds: intervalMs / 1000 }],
    })),
  });
  if (!parsed.ok) throw new Error(`bench config invalid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  const counter = countingClient(createHttpClient({ env: {} }));
  const { history } = historyPath
    ? await loadHistory(historyPath, { clock: systemClock, logger: silentLogger })
    : { history: undefined };
  const writer =
    historyPath && history
      ? new HistoryWriter({ path: historyPath, history, clock: systemClock, logger: silentLogger })
      : undefined;
  const monitor = new Monitor(parsed.config, {
    http: counter.client,
    clock: systemClock,
    logger: silentLogger,
    ...(history ? { history } : {}),
  });
  monitor.onSnapshot(() => undefined);
  const firstRound = new Promise<void>((resolve) => monitor.onRoundComplete(resolve));
  const startRssBytes = process.memoryUsage.rss();
  monitor.start();
  return {
    firstRound,
    startRssBytes,
    requests: counter.requests,
    stop: async () => {
      const failing = monitor
        .snapshot()
        .services.filter((service) => service.status !== 'operational').length;
      await monitor.stop();
      writer?.dispose();
      await writer?.flush();
      await counter.client.close();
      return failing;
    },
  };
}

function countingClient(inner: HttpClient): { client: HttpClient; requests: () => number } {
  let requests = 0;
  return {
    client: {
      request: (request) => {
        requests++;
        return inner.request(request);
      },
      close: () => inner.close(),
    },
    requests: () => requests,
  };
}
