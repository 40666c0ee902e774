import { parseArgs } from 'node:util';
import type { MonitorConfig } from '../../main/monitor/config/parse.js';
import { Semaphore } from '../../main/monitor/semaphore.js';
import { undiciStack } from './bare-stacks.js';
import { printResult } from './protocol.js';
import { threadCpuMs, threadCpuSince } from './thread-cpu.js';

/**
 * One full round of N http sources in a fresh process: a warm-up round (JIT, module
 * initialisation), then the measured one. Two variants poll the same URLs at the same
 * concurrency:
 * - `fetch`: the floor issue 8 names, a bare `fetch` loop behind a semaphore, body read and
 *   dropped (undici's fetch, the one Node's global fetch is built on, so that it too can be given
 *   a new agent per round);
 * - `bare`: a stricter floor, undici's lower-level `request`, which skips fetch's WHATWG
 *   Request/Response/stream objects;
 * - `engine`: the one-shot engine (`checkOnce`, what `downwatch check` runs): config-driven
 *   sources, the HTTP client with its timeouts, caps and redirect handling, judging, verdicts,
 *   one snapshot.
 * Each round opens its own connections (a new agent or client), as a real round does: polls a
 * minute apart outlive any keep-alive. The engine's modules are imported only by the engine
 * variant, so the floor's RSS is that of a bare loop.
 *
 * Warm-up is at least WARM_UP_REQUESTS requests (several rounds for small N): the app runs
 * rounds for hours, so what matters is optimised code, not the first calls' interpreter.
 */
const WARM_UP_REQUESTS = 2000;
const { values } = parseArgs({
  options: {
    variant: { type: 'string' },
    sources: { type: 'string' },
    base: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const variant = values.variant;
const count = Number(values.sources);
const concurrency = Number(values.concurrency);
const base = values.base ?? '';
if (
  (variant !== 'fetch' && variant !== 'bare' && variant !== 'engine') ||
  !(count > 0) ||
  !(concurrency > 0) ||
  base === ''
)
  throw new Error('usage: round.js --variant fetch|bare|engine --sources N --concurrency C --base URL');

const urls = Array.from({ length: count }, (_, index) => `${base}/s${index}`);
// Parsed before anything is measured: the app parses its config once, not every round.
const round =
  variant === 'fetch'
    ? () => bareRound(urls, concurrency, 'fetch')
    : variant === 'bare'
      ? () => bareRound(urls, concurrency, 'request')
      : await engineRound(urls, base, concurrency);

const startRssBytes = process.memoryUsage.rss();
for (let warm = 0; warm < Math.max(1, Math.ceil(WARM_UP_REQUESTS / count)); warm++) await round();
const cpu = process.cpuUsage();
const threads = threadCpuMs();
const started = performance.now();
const failures = await round();
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
const threadMs = threadCpuSince(threads);
printResult({
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  systemMs: used.system / 1000,
  v8ThreadsMs: threadMs['V8 workers'] ?? 0,
  // ru_maxrss is in kilobytes on Linux and macOS alike as Node reports it.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  startRssBytes,
  failures,
});

/** A bare loop's round on a new agent; returns how many requests did not answer 200. */
async function bareRound(
  targets: readonly string[],
  slots: number,
  kind: 'fetch' | 'request',
): Promise<number> {
  const stack = await undiciStack(kind);
  const gate = new Semaphore(slots);
  let failed = 0;
  await Promise.all(
    targets.map((url) =>
      gate.run(async () => {
        if (!(await stack.get(url).catch(() => false))) failed++;
      }),
    ),
  );
  await stack.close();
  return failed;
}

async function engineRound(
  targets: readonly string[],
  origin: string,
  slots: number,
): Promise<() => Promise<number>> {
  const { checkOnce } = await import('../../main/monitor/check.js');
  const { systemClock } = await import('../../main/monitor/clock.js');
  const { createHttpClient } = await import('../../main/monitor/http/client.js');
  const { silentLogger } = await import('../../main/monitor/logger.js');
  const config = await engineConfig(targets, origin, slots);
  return async () => {
    // No proxy variables: the bare loop does not look for a proxy either.
    // The client's per-host cap (6) would throttle a single-host bench below the global cap the
    // bare loop gets; lift it to the same number.
    const http = createHttpClient({ env: {}, perHostConcurrency: slots });
    const snapshot = await checkOnce(config, { http, clock: systemClock, logger: silentLogger });
    await http.close();
    return snapshot.services.filter((service) => service.status !== 'operational').length;
  };
}

async function engineConfig(
  targets: readonly string[],
  origin: string,
  slots: number,
): Promise<MonitorConfig> {
  const { parseConfig } = await import('../../main/monitor/config/parse.js');
  const parsed = parseConfig({
    version: 1,
    maxConcurrent: slots,
    // On loopback too: the defaults are on the internet, which the bench must not depend on.
    connectivity: { targets: [`${origin}/connectivity`] },
    services: targets.map((url, index) => ({
      id: `s${index}`,
      name: `Service ${index}`,
      sources: [{ type: 'http', url }],
    })),
  });
  if (!parsed.ok) throw new Error(`bench config invalid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  return parsed.config;
}
