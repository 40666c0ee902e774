import type { ConnectivityStatus } from '../../shared/snapshot.js';
import type { ServiceEvent } from '../events.js';
import type { DisruptedStatus } from '../status.js';
import { NO_FLAPS, type FlapState } from './flapping.js';
import { afterSilence, withTold, type PendingChange } from './told.js';
import type { CoalescingWindow } from './window.js';

/**
 * The policy's state (policy.ts), and the steps on it that only move changes between the window
 * and `told`.
 */

export interface AlertState {
  /**
   * - starting: the first round after start. Its events are how things were when first seen,
   *   absorbed, not notified.
   * - waking: the first round after a wake. Its events are judged against what the person was
   *   told like any others (a told outage that ended during the sleep is a recovery), but the
   *   window holds them until the round has been read, so they are one notification.
   */
  readonly phase: 'starting' | 'waking' | 'live';
  readonly connectivity: ConnectivityStatus;
  /** The current offline spell has had its one notice (or was silenced): no second one. */
  readonly offlineSpellNoticed: boolean;
  readonly told: ReadonlyMap<string, DisruptedStatus>;
  /** Changes waiting for the window to close, in arrival order. */
  readonly pending: ReadonlyMap<string, PendingChange>;
  readonly window: CoalescingWindow | undefined;
  /** Set when a wake's round ends: see window.ts WAKE_HOLD_MS. */
  readonly wakeHoldUntil: number | undefined;
  readonly flaps: FlapState;
}

export function initialAlertState(): AlertState {
  return {
    phase: 'starting',
    connectivity: 'unknown',
    offlineSpellNoticed: false,
    told: new Map(),
    pending: new Map(),
    window: undefined,
    wakeHoldUntil: undefined,
    flaps: NO_FLAPS,
  };
}

/**
 * An event the person is not told about. What they were told stays true while the service is
 * still disrupted, and ends silently when it is not. A change of the same service still waiting
 * in the window is dropped with it: the person asked for quiet about it now.
 */
export function absorb(state: AlertState, event: ServiceEvent): AlertState {
  const id = event.serviceId;
  const waiting = state.pending.get(id);
  const toldBefore = waiting ? waiting.toldBefore : state.told.get(id);
  const pending = new Map(state.pending);
  pending.delete(id);
  return {
    ...state,
    told: withTold(state.told, id, afterSilence(toldBefore, event)),
    pending,
    window: pending.size === 0 ? undefined : state.window,
  };
}

/**
 * Drops the window's changes untold, as if they had been absorbed: `told` goes back to what the
 * person was actually told, as far as that is still true. A told outage whose recovery is
 * dropped is over, not still told: else its next outage would read as nothing new.
 */
export function discardPending(state: AlertState): AlertState {
  let told = state.told;
  for (const [id, change] of state.pending)
    told = withTold(told, id, afterSilence(change.toldBefore, change.event));
  return { ...state, told, pending: new Map(), window: undefined };
}

export function withPending(state: AlertState, id: string, change: PendingChange): AlertState {
  const pending = new Map(state.pending);
  pending.set(id, change);
  return { ...state, pending };
}
