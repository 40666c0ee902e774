import { net, powerMonitor } from 'electron';
import { WakeDetector, type ClockJump } from '../desktop/wake-detector.js';
import type { Clock, TimerHandle } from '../monitor/clock.js';

export interface PowerDeps {
  /** The machine is going to sleep, or woke unannounced: stop checking (Monitor.pause). */
  readonly onSuspend: () => void;
  /**
   * The machine woke and the grace period is over: ask "is it me?", then check everything
   * (Monitor.resume(0): the grace is already spent here).
   */
  readonly onResume: () => void;
  readonly clock: Pick<Clock, 'now' | 'setTimer'>;
  /** The network comes back slower than the CPU: checks straight after a wake would all fail. */
  readonly graceMs?: number;
  /** A clock no one can set; performance.now() unless a test says otherwise. */
  readonly monotonicNow?: () => number;
  /** How often the wake detector compares clocks; its default unless a test says otherwise. */
  readonly wakeCheckIntervalMs?: number;
  readonly log: (message: string) => void;
}

export interface Power {
  /**
   * Electron's view of the network. Only `false` means something: it is "definitely offline"
   * (no interface up), while `true` says nothing about reaching the internet (Electron docs,
   * net.isOnline). The connectivity check can skip its probes on `false`.
   */
  readonly isOnline: () => boolean;
  readonly dispose: () => void;
}

export const DEFAULT_RESUME_GRACE_MS = 5000;

/**
 * Sleep and wake. powerMonitor's suspend/resume is the main signal; the wake detector catches
 * the wakes it misses (Linux without logind, a VM paused from outside). Each wake is handled
 * once: powerMonitor's resume rebases the detector, and a detected wake while a resume is
 * already waiting out its grace is the same wake.
 */
export function setupPower(deps: PowerDeps): Power {
  const graceMs = deps.graceMs ?? DEFAULT_RESUME_GRACE_MS;
  let resumeTimer: TimerHandle | undefined;
  /** Between powerMonitor's suspend and the next wake: the checks are already paused. */
  let asleep = false;

  const cancelResume = (): void => {
    resumeTimer?.cancel();
    resumeTimer = undefined;
  };

  const resumeAfterGrace = (): void => {
    cancelResume();
    resumeTimer = deps.clock.setTimer(graceMs, () => {
      resumeTimer = undefined;
      deps.onResume();
    });
  };

  const onSuspend = (): void => {
    deps.log('power: suspend');
    // Asleep again before the grace ended: the next resume starts its own.
    cancelResume();
    asleep = true;
    deps.onSuspend();
  };

  const onResume = (): void => {
    deps.log('power: resume');
    asleep = false;
    detector.rebase();
    resumeAfterGrace();
  };

  const onJump = (jump: ClockJump): void => {
    if (jump.kind === 'clock-change') {
      deps.log(`power: wall clock moved back ${Math.round(-jump.shiftMs / 1000)} s; nothing to re-check`);
      return;
    }
    if (resumeTimer) return;
    deps.log(`power: woke unannounced after about ${Math.round(jump.awayMs / 1000)} s`);
    // The detector's tick can come before powerMonitor's resume; then the checks are paused
    // already. Otherwise nothing paused them, and resuming checks that were never paused checks
    // nothing (Scheduler.resume): pause now, so the resume after the grace checks everything.
    if (!asleep) deps.onSuspend();
    asleep = false;
    resumeAfterGrace();
  };

  const detector = new WakeDetector({
    clock: deps.clock,
    monotonicNow: deps.monotonicNow ?? (() => performance.now()),
    onJump,
    ...(deps.wakeCheckIntervalMs === undefined ? {} : { intervalMs: deps.wakeCheckIntervalMs }),
  });

  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  detector.start();

  return {
    isOnline: () => net.isOnline(),
    dispose: () => {
      powerMonitor.removeListener('suspend', onSuspend);
      powerMonitor.removeListener('resume', onResume);
      detector.stop();
      cancelResume();
    },
  };
}
