import type { HttpClient } from '../../../main/monitor/http/types.js';
import type { ManualClock } from '../../support/manual-clock.js';

/**
 * Time for a real engine on real loopback I/O. A ManualClock alone fires a timer and moves on
 * while the request it started is still on the wire, so readings would land minutes late in
 * clock time. Here the clock stops at each batch of due timers until every request has been
 * answered, which makes a simulated day take seconds and still read every source for real.
 */

/** An HttpClient that knows how many of its requests are still open. */
export interface CountingHttp extends HttpClient {
  readonly inFlight: number;
  /** Resolves once no request is open (at once when none is). */
  drained(): Promise<void>;
}

export function countingHttp(inner: HttpClient): CountingHttp {
  let open = 0;
  let waiters: (() => void)[] = [];
  return {
    get inFlight() {
      return open;
    },
    async request(request) {
      open += 1;
      try {
        return await inner.request(request);
      } finally {
        open -= 1;
        if (open === 0) for (const wake of waiters.splice(0)) wake();
      }
    },
    close: () => inner.close(),
    drained: () =>
      open === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            waiters = [...waiters, resolve];
          }),
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Waits until no request is open and none starts over a few event-loop turns: a finished
 * reading may ask connectivity next, which is another request a microtask later.
 */
export async function quiesce(http: CountingHttp): Promise<void> {
  for (let quietTurns = 0; quietTurns < 3;) {
    await nextTurn();
    if (http.inFlight === 0) quietTurns += 1;
    else {
      quietTurns = 0;
      await http.drained();
    }
  }
}

export interface RunOptions {
  /**
   * Timers due within this long of the next one fire together before the clock waits for their
   * requests: the scheduler staggers first runs over 10 s, and one wait per stagger would make a
   * day of rounds many times slower. Readings stay within this long of their planned time.
   */
  readonly batchMs?: number;
}

/** Moves the clock `ms` forward, letting every check that comes due run to its end on the way. */
export async function runFor(
  clock: ManualClock,
  http: CountingHttp,
  ms: number,
  options: RunOptions = {},
): Promise<void> {
  const batchMs = options.batchMs ?? 0;
  const target = clock.now() + ms;
  for (;;) {
    await quiesce(http);
    const remaining = target - clock.now();
    const due = clock.pendingTimers();
    const next = due[0];
    if (next === undefined || next > remaining) break;
    // Up to the last timer of the batch, not past it: what runs after waits from there.
    const batch = due.filter((delay) => delay <= Math.min(remaining, next + batchMs));
    await clock.advance(batch.at(-1) ?? next);
  }
  await clock.advance(target - clock.now());
  await quiesce(http);
}

/**
 * After a scene has been built, the clock follows real time, so the page sees the app as it is
 * in use: "check now" answers, a pushed snapshot arrives 50 ms (of clock time) after a reading,
 * and relative times computed with the page's own Date.now() agree with the engine's.
 * Returns the function that stops following.
 */
export function followRealTime(clock: ManualClock, tickMs = 10): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void clock.advance(Math.max(0, Date.now() - clock.now())).finally(() => {
      busy = false;
    });
  }, tickMs);
  return () => clearInterval(timer);
}
