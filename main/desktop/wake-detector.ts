import type { Clock, TimerHandle } from '../monitor/clock.js';

/**
 * Notices sleep without the OS telling us: powerMonitor's suspend/resume is the main signal,
 * but it is missed on Linux systems without logind and by VMs paused from outside. This is the
 * safety net the issue asks for: a wall-clock jump larger than the interval counts as a wake.
 *
 * How it tells: every tick it compares how far the wall clock moved with how much real time
 * passed by an injected monotonic clock (performance.now() in the app). During sleep the
 * monotonic clocks of Linux (CLOCK_MONOTONIC) and macOS (mach_absolute_time) stop while the wall
 * clock keeps going, so after a wake the wall clock is ahead by about the time asleep.
 *
 * Where the monotonic clock keeps counting through sleep (Windows' QueryPerformanceCounter) both
 * move together and this sees nothing; powerMonitor's resume is reliable there.
 */

export type ClockJump =
  /** The wall clock moved ahead of real time: the machine slept (or the clock was set forward). */
  | { readonly kind: 'wake'; readonly at: number; readonly awayMs: number }
  /** The wall clock moved back: someone or NTP set it. Nothing was missed, so it is not a wake. */
  | { readonly kind: 'clock-change'; readonly at: number; readonly shiftMs: number };

/** One reading of both clocks. */
export interface ClockSample {
  readonly wall: number;
  readonly monotonic: number;
}

export const DEFAULT_WAKE_CHECK_INTERVAL_MS = 30_000;

/**
 * What happened between two samples. A forward shift larger than `thresholdMs` is a wake: a
 * clock set forward by that much looks the same, and treating it as one costs only a re-check.
 * A backward shift can never come from sleep, so it is reported as a clock change: the adapter
 * logs it, and nothing is re-checked or held back. Shifts within the threshold (NTP's small
 * steps, timer jitter) are nothing.
 */
export function classifyTick(
  previous: ClockSample,
  current: ClockSample,
  thresholdMs: number,
): ClockJump | undefined {
  const shiftMs = current.wall - previous.wall - (current.monotonic - previous.monotonic);
  if (shiftMs > thresholdMs) return { kind: 'wake', at: current.wall, awayMs: shiftMs };
  if (shiftMs < -thresholdMs) return { kind: 'clock-change', at: current.wall, shiftMs };
  return undefined;
}

export interface WakeDetectorOptions {
  /** Wall time and timers; timers run on real elapsed time, as setTimeout does. */
  readonly clock: Pick<Clock, 'now' | 'setTimer'>;
  /** Milliseconds on a clock no one can set: performance.now() in the app. */
  readonly monotonicNow: () => number;
  readonly onJump: (jump: ClockJump) => void;
  /** How often to compare the clocks, and the smallest jump that counts. */
  readonly intervalMs?: number;
}

export class WakeDetector {
  readonly #options: WakeDetectorOptions;
  readonly #intervalMs: number;
  #last: ClockSample | undefined;
  #timer: TimerHandle | undefined;

  constructor(options: WakeDetectorOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? DEFAULT_WAKE_CHECK_INTERVAL_MS;
  }

  /** Starts ticking; a second call while running does nothing. */
  start(): void {
    if (this.#timer) return;
    this.#last = this.#sample();
    this.#schedule();
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#last = undefined;
  }

  /**
   * Forgets the jump so far. Call it when powerMonitor reported the resume and the app has
   * handled it, so the next tick does not report the same wake a second time.
   */
  rebase(): void {
    if (this.#timer) this.#last = this.#sample();
  }

  #sample(): ClockSample {
    return { wall: this.#options.clock.now(), monotonic: this.#options.monotonicNow() };
  }

  #schedule(): void {
    this.#timer = this.#options.clock.setTimer(this.#intervalMs, () => {
      this.#tick();
    });
  }

  #tick(): void {
    const previous = this.#last;
    const current = this.#sample();
    this.#last = current;
    // Next tick first: a listener that throws must not stop the detector for good.
    this.#schedule();
    const jump = previous && classifyTick(previous, current, this.#intervalMs);
    if (jump) this.#options.onJump(jump);
  }
}
