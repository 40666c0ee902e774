import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { printResult } from './protocol.js';
import { startFloor, startMonitor, type Polling } from './steady-variants.js';
import { threadCpuMs, threadCpuSince } from './thread-cpu.js';

/**
 * Continuous polling on real timers, measured over whole intervals once the first round is over.
 * The first round starts every source (staggered over 10 s) and is not steady state, so the
 * window opens a few seconds after it ends; over whole intervals every source is polled once
 * per interval in the window, whatever its jitter.
 */
const SETTLE_MS = 5_000;
const RSS_SAMPLE_MS = 1_000;

const { values } = parseArgs({
  options: {
    variant: { type: 'string' },
    sources: { type: 'string' },
    interval: { type: 'string' },
    intervals: { type: 'string' },
    base: { type: 'string' },
    'history-dir': { type: 'string' },
  },
});
const variant = values.variant;
const count = Number(values.sources);
const intervalMs = Number(values.interval) * 1000;
const intervals = Number(values.intervals);
const base = values.base ?? '';
const historyDir = values['history-dir'];
if (
  (variant !== 'bare' &&
    variant !== 'fetch' &&
    variant !== 'node-http' &&
    variant !== 'monitor' &&
    variant !== 'history') ||
  !(count > 0) ||
  !(intervalMs > 0) ||
  !(intervals > 0) ||
  base === '' ||
  (variant === 'history' && historyDir === undefined)
)
  throw new Error(
    'usage: steady.js --variant bare|fetch|node-http|monitor|history --sources N --interval S --intervals K --base URL [--history-dir DIR]',
  );

const urls = Array.from({ length: count }, (_, index) => `${base}/s${index}`);
const startCpu = process.cpuUsage();
const started = performance.now();
const polling: Polling =
  variant === 'bare' || variant === 'fetch' || variant === 'node-http'
    ? await startFloor(variant, urls, intervalMs)
    : await startMonitor(
        urls,
        base,
        intervalMs,
        variant === 'history' ? join(historyDir ?? '', 'history.json') : undefined,
      );
await polling.firstRound;
const firstRoundMs = performance.now() - started;
const firstRoundCpu = process.cpuUsage(startCpu);
await sleep(SETTLE_MS);

const rss: number[] = [];
const sampler = setInterval(() => rss.push(process.memoryUsage.rss()), RSS_SAMPLE_MS);
const windowStart = performance.now();
const windowCpu = process.cpuUsage();
const windowThreads = threadCpuMs();
const requestsBefore = polling.requests();
const intervalCpu: number[] = [];
for (let index = 0; index < intervals; index++) {
  const cpu = process.cpuUsage();
  const at = performance.now();
  await sleep(intervalMs);
  intervalCpu.push(cpuMs(process.cpuUsage(cpu)) / (performance.now() - at));
}
const windowMs = performance.now() - windowStart;
const used = process.cpuUsage(windowCpu);
const threadMs = threadCpuSince(windowThreads);
const requestsInWindow = polling.requests() - requestsBefore;
clearInterval(sampler);
// Started with --expose-gc by the bench, after the window: what is live, without GC slack.
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
// External memory includes the ArrayBuffers behind History's typed-array rings.
const liveHeapBytes = memory.heapUsed + memory.external;
const failures = await polling.stop();

printResult({
  firstRoundMs,
  firstRoundCpuMs: cpuMs(firstRoundCpu),
  windowMs,
  windowUserMs: used.user / 1000,
  windowSystemMs: used.system / 1000,
  intervalCpu,
  threadMs,
  rssAverageBytes: rss.reduce((sum, value) => sum + value, 0) / Math.max(1, rss.length),
  rssPeakBytes: Math.max(...rss),
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  startRssBytes: polling.startRssBytes,
  liveHeapBytes,
  requestsInWindow,
  failures,
});

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
