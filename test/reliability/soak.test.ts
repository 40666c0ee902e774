import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History, MAX_EVENTS } from '../../main/monitor/history/history.js';
import { HistoryWriter, loadHistory } from '../../main/monitor/history/history-file.js';
import { MAX_BUCKETS_PER_SERIES } from '../../main/monitor/history/series.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { FleetClock } from './support/fleet-clock.js';
import { startFleet, type Fleet } from './support/fleet-engine.js';
import { startFleetSite, type FleetSite } from './support/fleet-site.js';

/**
 * A week of 1,000 sources on a ManualClock over loopback: the real engine, notification centre
 * and history, with the history saved by its writer to a real file. What must stay bounded is
 * checked at checkpoints: the heap after a full garbage collection, the timers the engine
 * holds, the history's series, buckets and event log, the saved file.
 *
 * `npm test` runs it scaled: the steady sources are checked once a day (the longest interval)
 * and 24 of them, checked hourly, are down every other hour (about 3,500 events, past the event log's
 * cap of 2,000): about 16,000 checks, some 10 s of CPU. DOWNWATCH_SOAK=full checks every steady
 * source hourly: about 172,000 checks, under a minute of CPU (two on a busy two-core machine):
 *
 *   DOWNWATCH_SOAK=full npx vitest run test/reliability/soak.test.ts
 */

const FULL = process.env.DOWNWATCH_SOAK === 'full';
const SOURCES = 1000;
const FLAPPERS = 24;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5, 0, 0);

/**
 * The heap in use after full collections, in MB. `--expose-gc` is set at run time, so no vitest
 * flag is needed. Several rounds with a turn of the event loop between them, because what
 * FinalizationRegistry callbacks release (AbortSignal.any's bookkeeping) goes only after one.
 */
function heapAfterGc(): () => Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('gc could not be exposed');
  return async () => {
    for (let round = 0; round < 4; round++) {
      (gc as () => void)();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().heapUsed / 1e6;
  };
}

let site: FleetSite;
let fleet: Fleet | undefined;
let directory: string;

beforeEach(async () => {
  site = await startFleetSite({ keepCheckTimes: false });
  directory = await mkdtemp(join(tmpdir(), 'downwatch-soak-'));
});

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  await site.close();
  await rm(directory, { recursive: true, force: true });
});

interface Checkpoint {
  readonly day: number;
  readonly heapMb: number;
  readonly timers: number;
  readonly checks: number;
  readonly events: number;
}

describe('a week of 1,000 sources', () => {
  it(
    FULL
      ? `full: every source hourly, ${FLAPPERS} of them flapping`
      : `scaled: sources daily, ${FLAPPERS} of them hourly and flapping`,
    async () => {
      const measureHeap = heapAfterGc();
      const clock = new FleetClock(START);
      const history = new History({ clock });
      const path = join(directory, 'history.json');
      const writer = new HistoryWriter({ path, history, clock, logger: silentLogger, intervalMs: DAY });
      // The flappers are down every other hour; the rest are always fine.
      site.answer = (index) =>
        index < FLAPPERS && Math.floor((clock.now() - START) / HOUR) % 2 === 1 ? 'down' : 'up';
      fleet = startFleet(site, {
        services: SOURCES,
        clock,
        history,
        intervalSeconds: FULL ? 3600 : 86_400,
        firstServices: { count: FLAPPERS, intervalSeconds: 3600 },
        keepRecords: false,
      });
      const running = fleet;

      const checkpoints: Checkpoint[] = [];
      for (let day = 1; day <= 7; day++) {
        for (let hour = 0; hour < 24; hour++) await running.runFor(HOUR);
        checkpoints.push({
          day,
          heapMb: await measureHeap(),
          timers: clock.pendingCount(),
          checks: site.serviceHits(),
          events: history.stats().events,
        });
        // Bounded at every checkpoint, not only at the end.
        const stats = history.stats();
        expect(stats.sources).toBe(SOURCES);
        expect(stats.services).toBe(SOURCES);
        expect(stats.buckets).toBeLessThanOrEqual(2 * SOURCES * MAX_BUCKETS_PER_SERIES);
        expect(stats.events).toBeLessThanOrEqual(MAX_EVENTS);
        // One timer per source, and a handful of the engine's own (snapshot, alert window,
        // history writer, wake of a confirmation): never one per check.
        expect(clock.pendingCount()).toBeLessThanOrEqual(SOURCES + 10);
      }
      // A manual full run shows its numbers; a failing check says them anyway.
      if (FULL) console.table(checkpoints);
      const table = JSON.stringify(checkpoints);

      // The week happened: every source was checked, the flappers' changes overflowed the log.
      expect(running.eventCount()).toBeGreaterThan(MAX_EVENTS);
      expect(running.notificationCount()).toBeGreaterThan(0);
      expect(history.stats().events).toBe(MAX_EVENTS);
      for (let index = FLAPPERS; index < SOURCES; index += 97)
        expect(site.hits(index)).toBeGreaterThanOrEqual(FULL ? 160 : 6);

      // Flat once the event log is full (its last legitimate growth): from that day to the end,
      // no growth per check. Day-to-day noise stays under 100 bytes per check; the leak this
      // found (a listener per reading, main/monitor/read-source.ts) grew 2,200.
      const full = checkpoints.find((checkpoint) => checkpoint.events === MAX_EVENTS);
      const last = checkpoints.at(-1);
      if (!full || !last || full === last) throw new Error('the event log filled too late to measure');
      const checks = last.checks - full.checks;
      const perDay = (SOURCES - FLAPPERS) * (FULL ? 24 : 1) + FLAPPERS * 24;
      expect(checks).toBeGreaterThan(0.9 * perDay * (last.day - full.day));
      const growthBytes = (last.heapMb - full.heapMb) * 1e6;
      expect(growthBytes / checks, table).toBeLessThan(256);

      // The saved file holds the same bounded history and reads back whole.
      writer.dispose();
      await writer.flush();
      const reloaded = await loadHistory(path, { clock, logger: silentLogger });
      expect(reloaded.notice).toBeUndefined();
      expect(reloaded.history.stats()).toEqual(history.stats());
    },
    FULL ? 600_000 : 60_000,
  );
});
