import { sleepWith, type Clock, type TimerHandle } from '../../../main/monitor/clock.js';
import { quiesce, type CountingHttp } from '../../renderer/support/engine-time.js';

/**
 * test/support/manual-clock.ts for a fleet: the same semantics (timers fire in due order, ties
 * in the order they were set, `now()` reads each timer's due time while it runs, promises
 * settle after each; timers run on elapsed time and `jumpTo` moves only the wall clock), with
 * the timers in a binary heap. The ManualClock scans and sorts its list on every step, which
 * with a thousand sources' timers made a simulated week cost more in the clock than in the
 * engine.
 */

interface Timer {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
  cancelled: boolean;
}

function before(a: Timer, b: Timer): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
}

/** Lets promise continuations run, as the ManualClock does after each timer. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FleetClock implements Clock {
  #elapsed = 0;
  #wallOffset: number;
  #nextId = 0;
  #live = 0;
  readonly #heap: Timer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#wallOffset = startMs;
  }

  now(): number {
    return this.#wallOffset + this.#elapsed;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: Timer = {
      id: this.#nextId++,
      dueAt: this.#elapsed + Math.max(0, delayMs),
      callback,
      cancelled: false,
    };
    this.#push(timer);
    this.#live += 1;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.#live -= 1;
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, delayMs, signal);
  }

  /** Sets the wall clock without firing anything, as when the system clock is corrected. */
  jumpTo(epochMs: number): void {
    this.#wallOffset = epochMs - this.#elapsed;
  }

  /** How many timers are waiting to fire. */
  pendingCount(): number {
    return this.#live;
  }

  /** How long until the next timer fires, in ms; undefined when none waits. */
  nextDueIn(): number | undefined {
    const next = this.#peek();
    return next ? next.dueAt - this.#elapsed : undefined;
  }

  /** Moves time forward by `ms`, firing every timer that comes due on the way. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new Error('FleetClock.advance: time only moves forward; use jumpTo');
    const target = this.#elapsed + ms;
    await settle();
    for (;;) {
      const next = this.#peek();
      if (!next || next.dueAt > target) break;
      this.#pop();
      next.cancelled = true;
      this.#live -= 1;
      this.#elapsed = Math.max(this.#elapsed, next.dueAt);
      next.callback();
      await settle();
    }
    this.#elapsed = target;
  }

  /**
   * Moves time `ms` forward, letting every check that comes due run to its end on the way
   * (engine-time.ts's runFor, without batching: a batch lets a read's watchdog fire while its
   * request still waits for a connection, which would count as a check the site never saw).
   */
  async runFor(http: CountingHttp, ms: number): Promise<void> {
    const target = this.#elapsed + ms;
    for (;;) {
      await quiesce(http);
      const next = this.nextDueIn();
      if (next === undefined || this.#elapsed + next > target) break;
      await this.advance(next);
    }
    await this.advance(target - this.#elapsed);
    await quiesce(http);
  }

  #peek(): Timer | undefined {
    while (this.#heap[0]?.cancelled) this.#pop();
    return this.#heap[0];
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent];
      if (!above || !before(timer, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      let candidate: Timer = last;
      const l = heap[left];
      const r = heap[right];
      if (l && before(l, candidate)) {
        smallest = left;
        candidate = l;
      }
      if (r && before(r, candidate)) smallest = right;
      if (smallest === index) break;
      const child = heap[smallest];
      if (!child) break;
      heap[index] = child;
      index = smallest;
    }
    heap[index] = last;
  }
}
