import type { ConfirmState } from './confirm.js';
import type { Reading, SignalFamily } from './reading.js';
import { isDisrupted } from './status.js';

/** Shortest re-test while a failure is being confirmed (the minimum source interval). */
export const MIN_RETEST_MS = 10_000;
/** A feed that keeps failing is asked at most this rarely (or its own interval, if longer). */
export const MAX_BACKOFF_MS = 30 * 60 * 1000;

export interface DelayInput {
  readonly intervalMs: number;
  readonly family: SignalFamily;
  readonly reading: Reading;
  readonly confirm: ConfirmState;
  /** Unreadable readings in a row, this one included. */
  readonly failuresInARow: number;
  readonly retryDelayMs: number;
}

/**
 * When a source runs next, when not simply at its next interval (pure, table-tested):
 * - a change being confirmed is re-tested soon, so a real outage is confirmed in tens of
 *   seconds instead of `failureThreshold` whole intervals;
 * - a server's Retry-After is honoured;
 * - a status feed that cannot be read backs off exponentially (2×, 4×, 8× its interval, at most
 *   30 minutes), so a struggling vendor page is not hammered.
 * Returns undefined for "next grid point".
 */
export function nextDelayMs(input: DelayInput): number | undefined {
  const { intervalMs, reading } = input;
  if (reading.retryAfterMs !== undefined) return Math.max(intervalMs, reading.retryAfterMs);
  if (input.confirm.pending !== undefined) {
    const retest = Math.max(MIN_RETEST_MS, input.retryDelayMs);
    return Math.min(intervalMs, retest);
  }
  if (input.family !== 'probe' && reading.status === 'unknown' && input.failuresInARow > 1) {
    const factor = 2 ** Math.min(input.failuresInARow - 1, 3);
    return Math.min(intervalMs * factor, Math.max(intervalMs, MAX_BACKOFF_MS));
  }
  return undefined;
}

/** A reading worth asking "is it me?" about before it is believed. */
export function suggestsOffline(reading: Reading): boolean {
  return !reading.reached && (isDisrupted(reading.status) || reading.status === 'unknown');
}
