import type { Page } from 'playwright-core';
import type { PushChannels } from '../main/shared/ipc.js';
import type { Snapshot } from '../main/shared/snapshot.js';
import { chromiumMissing, launchChromium, POPOVER_VIEWPORT } from '../test/renderer/support/chromium.js';
import { PAGE_API_NAMES } from '../test/renderer/support/page-api.js';
import { manyScene } from '../test/renderer/support/scenes/many.js';
import { rendererBuilt, RENDERER_DIR, startStaticServer } from '../test/renderer/support/static-server.js';
import { formatMs, formatRange, summarize, table } from './measure.js';
import type { SectionReport } from './report.js';

/**
 * The built renderer in Chromium, fed by the real engine (the renderer tests' harness): how long
 * until the overview shows the first snapshot, and how long a pushed snapshot takes to be on
 * screen, for N services. The renderer marks both moments itself (renderer/src/main.tsx):
 * `downwatch:first-render`, measured from navigation start, and `downwatch:snapshot-applied`,
 * measured from the moment the push reaches the page.
 */

const FIRST_RENDER = 'downwatch:first-render';
const APPLIED = 'downwatch:snapshot-applied';
const MARK_TIMEOUT_MS = 30_000;

const TITLE = 'The window in Chromium';

/** `runs` fresh pages per size: one first render and three pushed updates each. */
export async function uiSection(sizes: readonly number[], runs: number): Promise<SectionReport> {
  const skipped = (why: string): SectionReport => ({
    title: TITLE,
    markdown: `${why}; UI timings skipped.`,
    targets: [],
  });
  if (!rendererBuilt())
    return skipped(`renderer not built: run npm run build (no ${RENDERER_DIR}/index.html)`);
  const missing = chromiumMissing();
  if (missing) return skipped(missing);

  // The settings store loads electron-store, which requires the electron package, whose index
  // downloads the binary when it is missing; nothing here runs Electron (vitest.config.ts says
  // the same to the tests). Set before the harness is imported, hence the dynamic import.
  process.env.ELECTRON_OVERRIDE_DIST_PATH ??= '/nonexistent/electron-dist';
  const { startApp } = await import('../test/renderer/support/app-under-test.js');

  const browser = await launchChromium();
  const server = await startStaticServer(RENDERER_DIR);
  const rows: string[][] = [];
  try {
    for (const n of sizes) {
      const app = await startApp(manyScene(n), { live: false });
      try {
        // Two real snapshots a round apart (new times and latencies), pushed in turn.
        const before = app.monitor.snapshot();
        await app.runFor(5 * 60_000);
        const after = app.monitor.snapshot();

        const firstRender: number[] = [];
        const ipc: number[] = [];
        const update: number[] = [];
        for (let run = 0; run < runs; run++) {
          const context = await browser.newContext({ viewport: POPOVER_VIEWPORT });
          try {
            const page = await context.newPage();
            await app.open(page, server.pageUrl);
            firstRender.push(await markAfter(page, FIRST_RENDER, 0));
            ipc.push(await snapshotRoundTrip(page));
            // The page shows `after`; each push changes every source's time and latency.
            for (const snapshot of [before, after, before]) update.push(await pushAndWait(page, snapshot));
          } finally {
            await context.close();
          }
        }
        rows.push([
          `${n}`,
          formatMs(summarize(firstRender).median),
          formatRange(summarize(firstRender)),
          formatMs(summarize(update).median),
          formatRange(summarize(update)),
          formatMs(summarize(ipc).median),
        ]);
      } finally {
        await app.close();
      }
    }
  } finally {
    await server.close();
    await browser.close();
  }
  const markdown = [
    table(
      [
        'services',
        'first render (median)',
        'spread',
        'apply a pushed snapshot (median)',
        'spread',
        'snapshotGet round trip',
      ],
      rows,
    ),
    '',
    `Chromium ${POPOVER_VIEWPORT.width} × ${POPOVER_VIEWPORT.height}, ${runs} fresh pages per size, three pushes each. First render counts ` +
      'from navigation start and includes two requests through the test harness (a Playwright binding, ' +
      'slower than Electron IPC): the last column is one such round trip. Issue 8 sets no target for ' +
      'these; they are here to notice regressions.',
  ].join('\n');
  return { title: TITLE, markdown, targets: [] };
}

/** The start time of the first `name` mark after `after` (page time, ms), waiting for it to come. */
async function markAfter(page: Page, name: string, after: number): Promise<number> {
  const mark = page.evaluate(
    ([wanted, since]) =>
      new Promise<number>((resolve) => {
        const find = (): number | undefined =>
          performance.getEntriesByName(wanted, 'mark').find((entry) => entry.startTime > since)?.startTime;
        const found = find();
        if (found !== undefined) {
          resolve(found);
          return;
        }
        const observer = new PerformanceObserver(() => {
          const seen = find();
          if (seen === undefined) return;
          observer.disconnect();
          resolve(seen);
        });
        observer.observe({ type: 'mark' });
      }),
    [name, after] as const,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the renderer never set the performance mark "${name}" (bench/ui.ts)`)),
      MARK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([mark, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pushes `snapshot` as main would and returns ms from its arrival in the page to the renderer's mark. */
async function pushAndWait(page: Page, snapshot: Snapshot): Promise<number> {
  const pushedAt = await page.evaluate(
    ([receiver, payload]) => {
      const started = performance.now();
      const scope = globalThis as unknown as Record<
        string,
        ((channel: keyof PushChannels, value: unknown) => void) | undefined
      >;
      const deliver = scope[receiver];
      if (!deliver) throw new Error('no push receiver: open the page through the harness (app.open)');
      deliver('snapshot:changed', payload);
      return started;
    },
    [PAGE_API_NAMES.push, snapshot] as const,
  );
  return (await markAfter(page, APPLIED, pushedAt)) - pushedAt;
}

/** One snapshotGet from the page through the harness, in ms. */
function snapshotRoundTrip(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const started = performance.now();
    await (
      globalThis as unknown as { downwatch: { snapshotGet(): Promise<unknown> } }
    ).downwatch.snapshotGet();
    return performance.now() - started;
  });
}
