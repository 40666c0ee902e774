import type { PendingChange } from '../shared/snapshot.js';
import type { Reading, SignalFamily } from './reading.js';
import { isDisrupted, type Status } from './status.js';

/**
 * Confirmation before a change counts (DESIGN.md, step 2), so one dropped packet never alerts.
 *
 * Continuous mode is hysteresis per source: `failureThreshold` bad readings in a row before a
 * disruption counts, `successThreshold` good ones before a recovery counts. Moves within a
 * disruption (down to degraded, degraded to down) count at once: the service is already known
 * to be in trouble. Unknown readings are shown as they are and move neither count.
 *
 * Only probes are confirmed here: an official page has already been confirmed by its vendor,
 * and crowd spikes are sustained by their own detector.
 */

export interface Thresholds {
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

export interface ConfirmState {
  /** What counts now; undefined until the first reading is confirmed. */
  readonly confirmed: Reading | undefined;
  /** The last confirmed status that was not unknown: what a change is measured against. */
  readonly reference: Status | undefined;
  readonly pending: PendingChange | undefined;
  readonly streak: number;
}

export const INITIAL_CONFIRM_STATE: ConfirmState = {
  confirmed: undefined,
  reference: undefined,
  pending: undefined,
  streak: 0,
};

export function confirmReading(
  state: ConfirmState,
  reading: Reading,
  family: SignalFamily,
  thresholds: Thresholds,
): ConfirmState {
  if (family !== 'probe' || reading.status === 'unknown') {
    const reference = reading.status === 'unknown' ? state.reference : reading.status;
    return {
      confirmed: reading,
      reference,
      pending: family === 'probe' ? state.pending : undefined,
      streak: family === 'probe' ? state.streak : 0,
    };
  }
  const wasDisrupted = state.reference !== undefined && isDisrupted(state.reference);
  const isBad = isDisrupted(reading.status);
  // Same side as the reference (or a move within a disruption): nothing to confirm.
  if (wasDisrupted === isBad) {
    return { confirmed: reading, reference: reading.status, pending: undefined, streak: 0 };
  }
  const sameDirection = state.pending !== undefined && isDisrupted(state.pending.status) === isBad;
  const count = sameDirection ? state.streak + 1 : 1;
  const needed = isBad ? thresholds.failureThreshold : thresholds.successThreshold;
  if (count >= needed)
    return { confirmed: reading, reference: reading.status, pending: undefined, streak: 0 };
  return {
    confirmed: state.confirmed,
    reference: state.reference,
    pending: { status: reading.status, detail: reading.detail, count, needed },
    streak: count,
  };
}

/** A reading is worth re-testing in one-shot mode when it says the probe failed. */
export function needsRetest(reading: Reading): boolean {
  return isDisrupted(reading.status);
}

/**
 * One-shot mode: re-test a failing probe up to `retries` times, `retryDelayMs` apart, before
 * its failure counts. A good retry wins (the failure was a blip).
 */
export async function readConfirmedOnce(
  read: () => Promise<Reading>,
  retries: number,
  wait: () => Promise<void>,
): Promise<Reading> {
  let reading = await read();
  let attempts = 1;
  // A server that asked us to wait (Retry-After) is not asked again within the same check.
  while (needsRetest(reading) && reading.retryAfterMs === undefined && attempts <= retries) {
    await wait();
    reading = await read();
    attempts += 1;
  }
  if (attempts > 1 && needsRetest(reading)) {
    return { ...reading, detail: `${reading.detail} (failed ${attempts} of ${attempts} attempts)` };
  }
  return reading;
}
