import type { AlertSettings } from './alert-settings.js';

/**
 * When a coalescing window closes. Changes join the window while they keep coming; it closes
 * at the first lull of `coalesceMs` after its latest change, held longer in two cases where
 * more of the same news is known to be on its way: a storm, and the round after a wake.
 *
 * Why a window waits for a lull rather than closing a fixed span after its first change: many
 * services failing together are confirmed over the spread of the scheduler's staggered,
 * jittered checks (10 s of stagger, ±10 % of a minute of jitter), not within a few seconds. A
 * fixed 5 s window turned 200 services going down together into six notifications
 * (test/reliability/storms.test.ts); a window that waits for a 5 s lull makes them one.
 */

export interface CoalescingWindow {
  readonly openedAt: number;
  /** The latest change that joined it. */
  readonly lastChangeAt: number;
}

/**
 * However long changes keep coming, a window closes this long after it opened (or after
 * `coalesceMs`, when that is longer), so a stream of changes delays news only so much.
 */
export const MAX_WINDOW_MS = 90_000;

/** Three services changing within one window are a storm, not a coincidence. */
export const STORM_SERVICES = 3;

/**
 * A storm's window stays open at least this long after it opened. An outage that begins in the
 * middle of a round of checks is seen at once by the sources checked after it began, and a
 * round later by those checked before: two bursts of confirmations up to about 40 s apart
 * (test/reliability/storms.test.ts). The second burst ends at most one interval (60 s, the
 * probes' default) plus the jitter of both checks (±6 s each) after the first began: 72 s, and
 * 75 s leaves a margin. A storm is therefore told 75 to 90 s after its first confirmed change,
 * once, instead of twice; one or two services are still told after the usual lull, since
 * nothing yet says more will follow and a lone outage must not wait a minute on the chance.
 */
export const STORM_HOLD_MS = 75_000;

/**
 * After the round that follows a wake, windows opened until this long after it stay open until
 * then: what the round found that needs confirming (a recovery needs a second good reading
 * 10 s later, a failure a third bad one 20 s later) arrives within about 20 s, and belongs in
 * the same notification as what was confirmed at once, not in a second one.
 */
export const WAKE_HOLD_MS = 25_000;

/**
 * When `window` closes, holding `services` changes. `wakeHoldUntil` is the end of the hold after
 * a wake's round, if one was set. A `coalesceMs` of 0 asked for each change at once: no holds.
 */
export function windowClosesAt(
  window: CoalescingWindow,
  services: number,
  settings: AlertSettings,
  wakeHoldUntil: number | undefined,
): number {
  const lull = window.lastChangeAt + settings.coalesceMs;
  if (settings.coalesceMs === 0) return lull;
  let earliest = lull;
  if (wakeHoldUntil !== undefined && window.openedAt <= wakeHoldUntil)
    earliest = Math.max(lull, wakeHoldUntil);
  else if (services >= STORM_SERVICES) earliest = Math.max(lull, window.openedAt + STORM_HOLD_MS);
  return Math.min(earliest, window.openedAt + Math.max(settings.coalesceMs, MAX_WINDOW_MS));
}

/** The window with a change joining it at `now` (a new window when none is open). */
export function withChangeAt(window: CoalescingWindow | undefined, now: number): CoalescingWindow {
  return { openedAt: window?.openedAt ?? now, lastChangeAt: now };
}
