import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { checkOnce } from '../main/monitor/check.js';
import { systemClock } from '../main/monitor/clock.js';
import { parseConfig } from '../main/monitor/config/parse.js';
import { createHttpClient } from '../main/monitor/http/client.js';
import { silentLogger } from '../main/monitor/logger.js';
import { Semaphore } from '../main/monitor/semaphore.js';
import { formatMs, table } from './measure.js';

const CONCURRENCY = 8;

/**
 * One full round of N http sources against a loopback server, next to the floor: a bare
 * request loop over the same URLs at the same concurrency. CPU time per request is the figure
 * that matters for a tray app (issue 8 targets 1.3× the floor).
 */
export async function engineBench(sizes: readonly number[]): Promise<string> {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: string[][] = [];
  try {
    for (const n of sizes) {
      const urls = Array.from({ length: n }, (_, index) => `${base}/s${index}`);
      const floor = await measure(() => bareLoop(urls));
      const engine = await measure(() => engineRound(urls, base));
      rows.push(
        [
          `${n}`,
          'bare request loop',
          formatMs(floor.wallMs),
          `${((floor.cpuMs * 1000) / n).toFixed(0)} µs`,
          '1.00×',
        ],
        [
          `${n}`,
          'engine (checkOnce)',
          formatMs(engine.wallMs),
          `${((engine.cpuMs * 1000) / n).toFixed(0)} µs`,
          `${(engine.cpuMs / floor.cpuMs).toFixed(2)}×`,
        ],
      );
    }
  } finally {
    server.close();
  }
  return table(['sources', 'what', 'wall time', 'CPU per request', 'CPU vs floor'], rows);
}

async function measure(task: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  await task(); // warm-up: connections, JIT
  const results: { wallMs: number; cpuMs: number }[] = [];
  for (let run = 0; run < 5; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await task();
    const used = process.cpuUsage(cpu);
    results.push({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
  }
  results.sort((a, b) => a.cpuMs - b.cpuMs);
  return results[2] ?? { wallMs: 0, cpuMs: 0 };
}

async function bareLoop(urls: readonly string[]): Promise<void> {
  const agent = new Agent();
  const slots = new Semaphore(CONCURRENCY);
  await Promise.all(
    urls.map((url) =>
      slots.run(async () => {
        const answer = await request(url, { dispatcher: agent });
        await answer.body.text();
      }),
    ),
  );
  await agent.close();
}

async function engineRound(urls: readonly string[], base: string): Promise<void> {
  const parsed = parseConfig({
    version: 1,
    maxConcurrent: CONCURRENCY,
    connectivity: { targets: [`${base}/connectivity`] },
    services: urls.map((url, index) => ({
      id: `s${index}`,
      name: `Service ${index}`,
      sources: [{ type: 'http', url }],
    })),
  });
  if (!parsed.ok) throw new Error('bench config invalid');
  // The engine's own per-host cap would serialise a single-host bench; lift it to the global cap.
  const http = createHttpClient({ env: {}, perHostConcurrency: CONCURRENCY });
  await checkOnce(parsed.config, { http, clock: systemClock, logger: silentLogger });
  await http.close();
}
