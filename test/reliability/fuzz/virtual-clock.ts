import { sleepWith, type Clock } from '../../../main/monitor/clock.js';

/**
 * A clock whose waits take no real time: a timer fires on the next turn of the event loop and
 * moves `now()` forward by its delay. Sources that pace themselves (Downdetector's 110 ms between
 * requests, Globalping's polls every 500 ms until its deadline) then run thousands of times a
 * second, and a deadline computed from `now()` still arrives, so a source that polls "until the
 * answer is done" cannot spin forever on an answer that never is.
 */
export function virtualClock(startMs: number): Clock {
  let now = startMs;
  const clock: Clock = {
    now: () => now,
    setTimer(delayMs, callback) {
      let cancelled = false;
      setImmediate(() => {
        if (cancelled) return;
        now += Math.max(0, delayMs);
        callback();
      });
      return {
        cancel: () => {
          cancelled = true;
        },
      };
    },
    sleep: (delayMs, signal) => sleepWith(clock, delayMs, signal),
  };
  return clock;
}
