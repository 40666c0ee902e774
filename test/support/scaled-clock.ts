import { sleepWith, type Clock } from '../../main/monitor/clock.js';

/**
 * A real clock running `factor` times faster: real timers and real I/O, so loopback servers
 * answer as they do in production, while minutes of monitoring pass in seconds.
 */
export function scaledClock(
  factor: number,
  start = Date.UTC(2022, 11, 29, 6, 0),
): Clock & { elapsedMs(): number } {
  const realStart = performance.now();
  const clock = {
    now: () => Math.round(start + (performance.now() - realStart) * factor),
    elapsedMs: () => Math.round((performance.now() - realStart) * factor),
    setTimer(delayMs: number, callback: () => void) {
      const timer = setTimeout(callback, Math.max(0, delayMs) / factor);
      return { cancel: () => clearTimeout(timer) };
    },
    sleep: (delayMs: number, signal?: AbortSignal) => sleepWith(clock, delayMs, signal),
  };
  return clock;
}

/** Resolves when `predicate` holds, polling every few real milliseconds; fails after `realTimeoutMs`. */
export async function until(predicate: () => boolean, what: string, realTimeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + realTimeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
