import { describe, expect, it } from 'vitest';
import { classifyTick, WakeDetector, type ClockJump } from '../../main/desktop/wake-detector.js';
import { ManualClock } from '../support/manual-clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const INTERVAL = 30 * SECOND;

/**
 * A ManualClock with a monotonic clock beside it. ManualClock's timers already run on elapsed
 * time; `monotonic` is that elapsed time, which `sleep` (wall clock jumps, monotonic stays, as
 * on Linux and macOS) leaves alone and `sleepCounted` (both move, as on Windows) moves too.
 */
function setup(intervalMs = INTERVAL) {
  const clock = new ManualClock();
  let offset = 0;
  const jumps: ClockJump[] = [];
  const detector = new WakeDetector({
    clock,
    monotonicNow: () => clock.now() - offset,
    onJump: (jump) => jumps.push(jump),
    intervalMs,
  });
  return {
    clock,
    detector,
    jumps,
    /** The wall clock moves by `ms` while no real time passes for the process. */
    shiftWall: (ms: number): void => {
      offset += ms;
      clock.jumpTo(clock.now() + ms);
    },
    /** A sleep whose length the monotonic clock counts as well. */
    sleepCounted: (ms: number): void => {
      clock.jumpTo(clock.now() + ms);
    },
  };
}

describe('classifyTick', () => {
  const previous = { wall: 1_000_000, monotonic: 5000 };
  it.each([
    ['an on-time tick', { wall: 1_030_000, monotonic: 35_000 }, undefined],
    ['a few ms of timer jitter', { wall: 1_030_040, monotonic: 35_000 }, undefined],
    ['a forward step within the interval', { wall: 1_055_000, monotonic: 35_000 }, undefined],
    ['a forward step of exactly the interval', { wall: 1_060_000, monotonic: 35_000 }, undefined],
    [
      'two hours asleep',
      { wall: 1_030_000 + 2 * HOUR, monotonic: 35_000 },
      { kind: 'wake', at: 1_030_000 + 2 * HOUR, awayMs: 2 * HOUR },
    ],
    [
      'a clock set back an hour',
      { wall: 1_030_000 - HOUR, monotonic: 35_000 },
      { kind: 'clock-change', at: 1_030_000 - HOUR, shiftMs: -HOUR },
    ],
    ['a small step back', { wall: 1_025_000, monotonic: 35_000 }, undefined],
    // A blocked event loop delays the tick in both clocks alike: not a wake.
    ['a tick two minutes late', { wall: 1_000_000 + 2 * MINUTE, monotonic: 5000 + 2 * MINUTE }, undefined],
  ] as const)('%s', (_name, current, expected) => {
    expect(classifyTick(previous, current, INTERVAL)).toEqual(expected);
  });
});

describe('WakeDetector', () => {
  it('stays quiet while time runs normally', async () => {
    const { clock, detector, jumps } = setup();
    detector.start();
    await clock.advance(10 * MINUTE);
    expect(jumps).toEqual([]);
    expect(clock.pendingTimers()).toEqual([INTERVAL]);
  });

  it.each([
    ['a night asleep', 8 * HOUR, [{ kind: 'wake', awayMs: 8 * HOUR }]],
    ['a lunch break asleep', 45 * MINUTE, [{ kind: 'wake', awayMs: 45 * MINUTE }]],
    ['a sleep shorter than the interval', 20 * SECOND, []],
    ['the clock set back by an hour', -HOUR, [{ kind: 'clock-change', shiftMs: -HOUR }]],
    ['NTP stepping back two seconds', -2 * SECOND, []],
  ])('reports %s at the next tick', async (_name, shift, expected) => {
    const { clock, detector, jumps, shiftWall } = setup();
    detector.start();
    await clock.advance(10 * SECOND);
    shiftWall(shift);
    await clock.advance(INTERVAL - 10 * SECOND - 1);
    expect(jumps).toEqual([]);
    await clock.advance(1);
    expect(jumps).toEqual(expected.map((jump) => ({ ...jump, at: clock.now() })));
  });

  it('reports one wake per sleep, and again for the next one', async () => {
    const { clock, detector, jumps, shiftWall } = setup();
    detector.start();
    shiftWall(HOUR);
    await clock.advance(5 * MINUTE);
    shiftWall(2 * HOUR);
    await clock.advance(5 * MINUTE);
    expect(jumps.map((jump) => jump.kind === 'wake' && jump.awayMs)).toEqual([HOUR, 2 * HOUR]);
  });

  it('sees nothing where the monotonic clock counts the sleep too (powerMonitor covers it)', async () => {
    const { clock, detector, jumps, sleepCounted } = setup();
    detector.start();
    await clock.advance(10 * SECOND);
    sleepCounted(HOUR);
    await clock.advance(5 * MINUTE);
    expect(jumps).toEqual([]);
  });

  it('does not report a wake the app already handled after rebase', async () => {
    const { clock, detector, jumps, shiftWall } = setup();
    detector.start();
    shiftWall(HOUR);
    detector.rebase();
    await clock.advance(5 * MINUTE);
    expect(jumps).toEqual([]);
  });

  it('starts once, stops for good, and can start again fresh', async () => {
    const { clock, detector, jumps, shiftWall } = setup();
    detector.start();
    detector.start();
    expect(clock.pendingTimers()).toEqual([INTERVAL]);
    detector.stop();
    expect(clock.pendingTimers()).toEqual([]);
    shiftWall(HOUR);
    detector.rebase();
    await clock.advance(5 * MINUTE);
    expect(jumps).toEqual([]);
    // A jump while stopped is not reported after a restart: the new baseline is taken at start.
    detector.start();
    await clock.advance(5 * MINUTE);
    expect(jumps).toEqual([]);
  });

  it('keeps ticking when a listener throws', async () => {
    const clock = new ManualClock();
    let offset = 0;
    let calls = 0;
    const detector = new WakeDetector({
      clock,
      monotonicNow: () => clock.now() - offset,
      onJump: () => {
        calls++;
        throw new Error('listener bug');
      },
    });
    detector.start();
    offset += HOUR;
    clock.jumpTo(clock.now() + HOUR);
    await expect(clock.advance(INTERVAL)).rejects.toThrow('listener bug');
    expect(clock.pendingTimers()).toEqual([INTERVAL]);
    offset += HOUR;
    clock.jumpTo(clock.now() + HOUR);
    await expect(clock.advance(INTERVAL)).rejects.toThrow('listener bug');
    expect(calls).toBe(2);
  });

  it('uses the interval it is given as the threshold', async () => {
    const { clock, detector, jumps, shiftWall } = setup(5 * MINUTE);
    detector.start();
    shiftWall(4 * MINUTE);
    await clock.advance(5 * MINUTE);
    shiftWall(6 * MINUTE);
    await clock.advance(5 * MINUTE);
    expect(jumps).toEqual([{ kind: 'wake', at: clock.now(), awayMs: 6 * MINUTE }]);
  });
});
