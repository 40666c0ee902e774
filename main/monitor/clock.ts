/**
 * Time, injected. The engine never calls Date.now() or setTimeout directly, so tests drive it
 * with a manual clock and the app can swap in a clock that notices sleep and wall-clock jumps.
 */
export interface TimerHandle {
  readonly cancel: () => void;
}

export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /** Run `callback` after `delayMs`; the handle cancels it. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Resolve after `delayMs`, or reject with the signal's reason when it aborts first. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    // Not unref'd: a one-shot check awaits its retry delays, and everything that plans timers
    // (scheduler, monitor, history writer) cancels them when it stops.
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(timer) };
  },
  sleep(delayMs, signal) {
    return sleepWith(this, delayMs, signal);
  },
};

/** `sleep` built on any clock's timers, so manual clocks get it for free. */
export function sleepWith(
  clock: Pick<Clock, 'setTimer'>,
  delayMs: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      handle.cancel();
      reject(signal?.reason as Error);
    };
    const handle = clock.setTimer(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
