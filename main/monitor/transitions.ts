import type { EventKind } from './events.js';
import { isDisrupted, ladderIndex, type Status } from './status.js';

/**
 * Which verdict changes are events (DESIGN.md, "Words"), as a table-tested pure function.
 * `previous` is the last known status: stretches of unknown are skipped, so
 * down → unknown → operational is a recovery, and down → unknown → down is nothing new.
 */
export function transitionKind(previous: Status | undefined, next: Status): EventKind | undefined {
  if (next === 'unknown') return undefined;
  const wasDisrupted = previous !== undefined && isDisrupted(previous);
  if (!isDisrupted(next)) {
    if (!wasDisrupted) return undefined;
    return next === 'operational' ? 'recovered' : 'improved';
  }
  if (!wasDisrupted) return 'down';
  const delta = ladderIndex(next) - ladderIndex(previous);
  if (delta > 0) return 'worsened';
  if (delta < 0) return 'improved';
  return undefined;
}
