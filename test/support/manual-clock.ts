import { sleepWith } from '../../main/monitor/clock.js';
import type { Clock, TimerHandle } from '../../main/monitor/clock.js';

interface PendingTimer {
  readonly id: number;
  /** On the monotonic timeline, like a real setTimeout: wall-clock jumps do not move it. */
  readonly dueAt: number;
  readonly callback: () => void;
}

/** Lets promise continuations (an awaited sleep, an async callback's next step) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A Clock that moves only when a test says so. `advance` fires due timers in due-time order
 * (ties in the order they were set), with `now()` reading each timer's due time while it runs,
 * and lets promises settle after each, so timers set by callbacks or by code awaiting a sleep
 * fire too when they fall inside the advanced span.
 *
 * Like the real clock, timers run on elapsed time while `now()` is wall time: `jumpTo` moves
 * the wall clock (a correction, a resume) without touching when timers fire.
 */
export class ManualClock implements Clock {
  #elapsed = 0;
  #wallOffset: number;
  #nextId = 0;
  #timers: PendingTimer[] = [];

  /** Starts at 2026-01-01T00:00:00Z unless told otherwise: fixed, so tests are repeatable. */
  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#wallOffset = startMs;
  }

  now(): number {
    return this.#wallOffset + this.#elapsed;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer = { id: this.#nextId++, dueAt: this.#elapsed + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    return {
      cancel: () => {
        this.#timers = this.#timers.filter((pending) => pending.id !== timer.id);
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, delayMs, signal);
  }

  /** Moves time forward by `ms`, firing every timer that comes due on the way. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0))
      throw new Error('ManualClock.advance: time only moves forward; use jumpTo for a wall-clock jump');
    const target = this.#elapsed + ms;
    await settle();
    for (;;) {
      const next = this.#nextDue();
      if (!next || next.dueAt > target) break;
      this.#timers = this.#timers.filter((pending) => pending.id !== next.id);
      this.#elapsed = Math.max(this.#elapsed, next.dueAt);
      next.callback();
      await settle();
    }
    this.#elapsed = target;
  }

  /** Fires whatever is due now (timers set with delay 0), without moving time. */
  async runDue(): Promise<void> {
    await this.advance(0);
  }

  /** Sets the wall clock without firing anything, as when the system clock is corrected. */
  jumpTo(epochMs: number): void {
    this.#wallOffset = epochMs - this.#elapsed;
  }

  /** How long until each pending timer fires, in ms, soonest first. */
  pendingTimers(): number[] {
    return this.#timers.map((timer) => timer.dueAt - this.#elapsed).sort((a, b) => a - b);
  }

  #nextDue(): PendingTimer | undefined {
    let next: PendingTimer | undefined;
    for (const timer of this.#timers) {
      if (!next || timer.dueAt < next.dueAt || (timer.dueAt === next.dueAt && timer.id < next.id))
        next = timer;
    }
    return next;
  }
}
