import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/monitor/logger.js';
import { Scheduler, type RunResult, type ScheduledTask } from '../../main/monitor/scheduler.js';
import { ManualClock } from '../support/manual-clock.js';

const START = Date.UTC(2026, 0, 1);
const schedulers: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()));
});

function scheduler(
  clock: ManualClock,
  options: { maxConcurrent?: number; jitter?: number; staggerMs?: number } = {},
): Scheduler {
  const created = new Scheduler({
    clock,
    logger: silentLogger,
    maxConcurrent: options.maxConcurrent ?? 8,
    random: () => 0.5,
    jitter: options.jitter ?? 0,
    staggerMs: options.staggerMs ?? 0,
  });
  schedulers.push(created);
  return created;
}

/** A task that records when each run starts (ms since START) and takes `durationMs` of clock time. */
function recordingTask(
  clock: ManualClock,
  key: string,
  intervalMs: number,
  durationMs = 0,
  result?: () => RunResult | undefined,
) {
  const starts: number[] = [];
  let active = 0;
  let overlapped = false;
  const task: ScheduledTask = {
    key,
    intervalMs,
    async run(signal) {
      starts.push(clock.now() - START);
      active += 1;
      if (active > 1) overlapped = true;
      if (durationMs > 0) await clock.sleep(durationMs, signal);
      active -= 1;
      return result?.();
    },
  };
  return { task, starts, overlapped: () => overlapped };
}

describe('scheduler', () => {
  it('runs on a fixed grid: a run that takes time does not push the next one back', async () => {
    const clock = new ManualClock(START);
    const { task, starts } = recordingTask(clock, 'a', 60_000, 7_000);
    scheduler(clock).setTasks([task]);
    await clock.advance(5 * 60_000 + 1);
    expect(starts).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000]);
  });

  it('never overlaps a task with itself, and skips missed grid points instead of bursting', async () => {
    const clock = new ManualClock(START);
    const { task, starts, overlapped } = recordingTask(clock, 'a', 10_000, 25_000);
    scheduler(clock).setTasks([task]);
    await clock.advance(100_000);
    expect(overlapped()).toBe(false);
    expect(starts).toEqual([0, 25_000, 50_000, 75_000, 100_000]);
  });

  it('keeps jitter around the grid without accumulating it', async () => {
    const clock = new ManualClock(START);
    const { task, starts } = recordingTask(clock, 'a', 60_000);
    new Scheduler({
      clock,
      logger: silentLogger,
      maxConcurrent: 1,
      random: () => 1,
      jitter: 0.1,
      staggerMs: 0,
    }).setTasks([task]);
    await clock.advance(3 * 60_000 + 6_001);
    // random() = 1 means +10 % every time: each run is 6 s after its grid point, never 12, 18...
    expect(starts).toEqual([0, 66_000, 126_000, 186_000]);
  });

  it('staggers first runs across the stagger window', async () => {
    const clock = new ManualClock(START);
    const tasks = ['a', 'b', 'c', 'd'].map((key) => recordingTask(clock, key, 60_000));
    scheduler(clock, { staggerMs: 8_000 }).setTasks(tasks.map((entry) => entry.task));
    await clock.advance(8_000);
    expect(tasks.map((entry) => entry.starts[0])).toEqual([0, 2_000, 4_000, 6_000]);
  });

  it('holds at most maxConcurrent runs at once', async () => {
    const clock = new ManualClock(START);
    let active = 0;
    let peak = 0;
    const tasks: ScheduledTask[] = Array.from({ length: 10 }, (_, index) => ({
      key: `t${index}`,
      intervalMs: 60_000,
      async run(signal) {
        active += 1;
        peak = Math.max(peak, active);
        await clock.sleep(1_000, signal);
        active -= 1;
        return undefined;
      },
    }));
    scheduler(clock, { maxConcurrent: 3 }).setTasks(tasks);
    await clock.advance(10_000);
    expect(peak).toBe(3);
  });

  it('honours a requested next delay', async () => {
    const clock = new ManualClock(START);
    let runs = 0;
    const { task, starts } = recordingTask(clock, 'a', 60_000, 0, () => ({
      nextDelayMs: runs++ < 2 ? 10_000 : undefined,
    }));
    scheduler(clock).setTasks([task]);
    await clock.advance(90_001);
    expect(starts).toEqual([0, 10_000, 20_000, 80_000]);
  });

  it('plans nothing while paused and checks everything shortly after resume', async () => {
    const clock = new ManualClock(START);
    const { task, starts } = recordingTask(clock, 'a', 60_000);
    const instance = scheduler(clock);
    instance.setTasks([task]);
    await clock.advance(1);
    instance.pause();
    await clock.advance(10 * 60_000);
    expect(starts).toEqual([0]);
    instance.resume(5_000);
    await clock.advance(5_000);
    expect(starts).toEqual([0, 1 + 10 * 60_000 + 5_000]);
  });

  it('runs now on request, and once more after a run already under way', async () => {
    const clock = new ManualClock(START);
    const { task, starts } = recordingTask(clock, 'a', 60_000, 3_000);
    const instance = scheduler(clock);
    instance.setTasks([task]);
    await clock.advance(1_000);
    instance.runNow();
    await clock.advance(2_000);
    expect(starts).toEqual([0, 3_000]);
  });

  it('drops removed tasks and keeps the grid of kept ones', async () => {
    const clock = new ManualClock(START);
    const a = recordingTask(clock, 'a', 60_000);
    const b = recordingTask(clock, 'b', 60_000);
    const instance = scheduler(clock);
    instance.setTasks([a.task, b.task]);
    await clock.advance(1);
    instance.setTasks([a.task]);
    await clock.advance(120_000);
    expect(a.starts).toEqual([0, 60_000, 120_000]);
    expect(b.starts).toEqual([0]);
  });

  it('survives a task that throws', async () => {
    const clock = new ManualClock(START);
    let runs = 0;
    const task: ScheduledTask = {
      key: 'boom',
      intervalMs: 10_000,
      run() {
        runs += 1;
        return Promise.reject(new Error('bug'));
      },
    };
    scheduler(clock).setTasks([task]);
    await clock.advance(30_001);
    expect(runs).toBe(4);
  });

  describe('when the wall clock is set while it runs (timers keep elapsed time, the grid is wall time)', () => {
    const HOUR = 3_600_000;

    /** A task recording each run's start on the elapsed timeline, which the jumps do not move. */
    function elapsedTask(clock: ManualClock, shifted: () => number, durationMs: number) {
      const starts: number[] = [];
      const task: ScheduledTask = {
        key: 'a',
        intervalMs: 60_000,
        async run(signal) {
          starts.push((clock.now() - shifted() - START) / 1000);
          if (durationMs > 0) await clock.sleep(durationMs, signal);
          return undefined;
        },
      };
      return { task, starts };
    }

    const GRID = [0, 60, 120, 180, 240, 300];
    it.each([
      ['set back 3 h between runs: no stall', -3 * HOUR, 30_000, 0, GRID],
      ['set forward 3 h between runs: no second run straight after the first', 3 * HOUR, 30_000, 0, GRID],
      // The run's end is the first moment the scheduler can tell; the grid restarts from there.
      ['set back 3 h during a run: no stall', -3 * HOUR, 5_000, 10_000, [0, 70, 130, 190, 250]],
    ])('%s', async (_name, shiftMs, atMs, durationMs, expected) => {
      const clock = new ManualClock(START);
      let shifted = 0;
      const { task, starts } = elapsedTask(clock, () => shifted, durationMs);
      scheduler(clock).setTasks([task]);
      await clock.advance(atMs);
      shifted += shiftMs;
      clock.jumpTo(clock.now() + shiftMs);
      await clock.advance(5 * 60_000 - atMs + 1);
      expect(starts).toEqual(expected);
    });
  });
});
