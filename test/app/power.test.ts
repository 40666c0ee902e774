import type { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';

// Electron is the one thing mocked (DESIGN.md, "Habits"): powerMonitor is an EventEmitter the
// test drives, net.isOnline answers what the test says.
const electron = vi.hoisted(() => ({
  online: true,
  powerMonitor: undefined as unknown as EventEmitter,
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  electron.powerMonitor = new EventEmitter();
  return { powerMonitor: electron.powerMonitor, net: { isOnline: () => electron.online } };
});

const { setupPower } = await import('../../main/app/power.js');

const INTERVAL = 30_000;
const GRACE = 5000;

function setup() {
  const clock = new ManualClock();
  const seen: string[] = [];
  // The monotonic clock stops while the machine sleeps; the wall clock does not.
  let sleptMs = 0;
  const start = clock.now();
  /** Seconds since start on the monotonic clock (time asleep left out): readable timestamps. */
  const at = (): string => `${(clock.now() - sleptMs - start) / 1000}s`;
  const power = setupPower({
    clock,
    graceMs: GRACE,
    monotonicNow: () => clock.now() - sleptMs,
    onSuspend: () => seen.push(`${at()} suspend`),
    onResume: () => seen.push(`${at()} resume`),
    log: () => undefined,
  });
  return {
    clock,
    power,
    seen,
    /** The machine sleeps: the wall clock jumps, timers (elapsed time) do not move. */
    sleep: (ms: number) => {
      sleptMs += ms;
      clock.jumpTo(clock.now() + ms);
    },
  };
}

beforeEach(() => {
  electron.online = true;
  electron.powerMonitor.removeAllListeners();
});

describe('power: sleep and wake', () => {
  it('pauses on suspend and resumes after the grace period on resume', async () => {
    const { clock, seen, sleep } = setup();
    await clock.advance(10_000);
    electron.powerMonitor.emit('suspend');
    sleep(3_600_000);
    electron.powerMonitor.emit('resume');
    await clock.advance(GRACE - 1);
    expect(seen).toEqual(['10s suspend']);
    await clock.advance(1);
    expect(seen).toEqual(['10s suspend', '15s resume']);
  });

  it('handles one wake once when the detector notices it too', async () => {
    const { clock, seen, sleep } = setup();
    await clock.advance(10_000);
    electron.powerMonitor.emit('suspend');
    sleep(3_600_000);
    electron.powerMonitor.emit('resume');
    // The detector's next tick sees the jump, but the resume rebased it.
    await clock.advance(10 * INTERVAL);
    expect(seen).toEqual(['10s suspend', '15s resume']);
  });

  it('handles one wake once when the detector ticks before powerMonitor reports it', async () => {
    const { clock, seen, sleep } = setup();
    await clock.advance(INTERVAL - 1000);
    electron.powerMonitor.emit('suspend');
    sleep(3_600_000);
    await clock.advance(1000);
    electron.powerMonitor.emit('resume');
    await clock.advance(10 * INTERVAL);
    expect(seen).toEqual(['29s suspend', '35s resume']);
  });

  it('notices a wake powerMonitor missed: pauses at once, resumes after the grace period', async () => {
    const { clock, seen, sleep } = setup();
    await clock.advance(10_000);
    sleep(10 * 60_000);
    await clock.advance(INTERVAL - 10_000);
    expect(seen).toEqual(['30s suspend']);
    await clock.advance(GRACE);
    expect(seen).toEqual(['30s suspend', '35s resume']);
    await clock.advance(10 * INTERVAL);
    expect(seen).toHaveLength(2);
  });

  it('ignores a wall clock set back, and small steps', async () => {
    const { clock, seen, sleep } = setup();
    sleep(INTERVAL / 2);
    await clock.advance(INTERVAL);
    clock.jumpTo(clock.now() - 3_600_000);
    await clock.advance(10 * INTERVAL);
    expect(seen).toEqual([]);
  });

  it('does not resume when the machine sleeps again within the grace period', async () => {
    const { clock, seen } = setup();
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('resume');
    await clock.advance(GRACE - 1000);
    electron.powerMonitor.emit('suspend');
    await clock.advance(GRACE);
    expect(seen).toEqual(['0s suspend', '4s suspend']);
    electron.powerMonitor.emit('resume');
    await clock.advance(GRACE);
    expect(seen).toEqual(['0s suspend', '4s suspend', '14s resume']);
  });

  it('passes on what Electron says about the network', () => {
    const { power } = setup();
    expect(power.isOnline()).toBe(true);
    electron.online = false;
    expect(power.isOnline()).toBe(false);
  });

  it('lets go of powerMonitor, the detector and a pending resume on dispose', async () => {
    const { clock, power, seen, sleep } = setup();
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('resume');
    power.dispose();
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(0);
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0);
    expect(clock.pendingTimers()).toEqual([]);
    sleep(3_600_000);
    await clock.advance(10 * INTERVAL);
    expect(seen).toEqual(['0s suspend']);
  });
});
