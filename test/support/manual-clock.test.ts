import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires due timers in order, reading their due time, including ones set by callbacks', async () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(100, () => {
      fired.push(`a@${clock.now()}`);
      clock.setTimer(50, () => fired.push(`nested@${clock.now()}`));
      clock.setTimer(500, () => fired.push(`late@${clock.now()}`));
    });
    clock.setTimer(100, () => fired.push(`b@${clock.now()}`));
    await clock.advance(400);
    expect(fired).toEqual(['a@1100', 'b@1100', 'nested@1150', 'c@1300']);
    expect(clock.now()).toBe(1_400);
    expect(clock.pendingTimers()).toEqual([200]);
  });

  it('cancels, and runs code that awaits sleep across one advance', async () => {
    const clock = new ManualClock(0);
    const handle = clock.setTimer(10, () => {
      throw new Error('cancelled timer fired');
    });
    handle.cancel();
    const steps: number[] = [];
    const loop = (async () => {
      for (let step = 0; step < 3; step++) {
        await clock.sleep(1_000);
        steps.push(clock.now());
      }
    })();
    await clock.advance(3_000);
    await loop;
    expect(steps).toEqual([1_000, 2_000, 3_000]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('jumps the wall clock without moving timers, like a real clock', async () => {
    const clock = new ManualClock(10_000);
    let firedAt: number | undefined;
    clock.setTimer(1_000, () => (firedAt = clock.now()));
    clock.jumpTo(0);
    expect(clock.now()).toBe(0);
    expect(clock.pendingTimers()).toEqual([1_000]);
    await clock.advance(1_000);
    expect(firedAt).toBe(1_000);
  });
});
