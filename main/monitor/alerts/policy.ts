import type { ConnectivityStatus } from '../../shared/snapshot.js';
import type { ServiceEvent } from '../events.js';
import { levelFor, type AlertLevel, type AlertSettings } from './alert-settings.js';
import { absorb, discardPending, withPending, type AlertState } from './alert-state.js';
import {
  composeNotification,
  offlineNotification,
  type AlertItem,
  type AlertNotification,
} from './coalesce.js';
import { announce, settleSteady } from './flap-steps.js';
import { markAnnounced, nextSteadyAt, noteChange } from './flapping.js';
import { isGloballySilenced, silenceReason } from './rules.js';
import { afterSilence, itemFor, toldAfter, withTold, type PendingChange } from './told.js';
import { WAKE_HOLD_MS, windowClosesAt, withChangeAt } from './window.js';

export { initialAlertState, type AlertState } from './alert-state.js';

/**
 * The notification policy (DESIGN.md step 5) as a pure state machine: events and what happens
 * around them go in, notifications come out. The adapter owns the timer: it feeds `tick` at
 * `nextTickAt`.
 *
 * The state's core is `told`: per service, the disruption the person has been told about (or
 * will be when the coalescing window closes). Every rule is judged against it, so "recovery only
 * after a notified disruption" and "improved only if a disruption was notified" hold by
 * construction, and a service that was already down at start (never told) recovers silently.
 * Around it: the coalescing window (window.ts) and flap damping (flapping.ts).
 */

export type AlertInput =
  | { readonly kind: 'event'; readonly event: ServiceEvent }
  | { readonly kind: 'connectivity'; readonly status: ConnectivityStatus }
  /** The first full round of checks after start or wake has ended. */
  | { readonly kind: 'round-complete' }
  /**
   * The machine is going to sleep, or woke: either way what waits is held until the round after
   * the wake has been read. Held from the sleep on, a window that fell due while the machine slept
   * is not sent the moment it wakes (on the clock's jump), before the wake's round could judge it.
   */
  | { readonly kind: 'sleeping' }
  | { readonly kind: 'woke' }
  /** Time passed: a window that has ended is flushed, a flapping service that held still is steady. */
  | { readonly kind: 'tick' };

export interface AlertDecision {
  readonly state: AlertState;
  readonly notifications: readonly AlertNotification[];
}

/** When the window closes; undefined when none is open or a wake's round holds it. */
function windowDueAt(state: AlertState, settings: AlertSettings): number | undefined {
  if (state.window === undefined || state.phase === 'waking') return undefined;
  return windowClosesAt(state.window, state.pending.size, settings, state.wakeHoldUntil);
}

/**
 * When the adapter should feed a `tick`: the window's end or the moment a flapping service has
 * held still long enough; undefined when nothing is waiting. Steadiness is not judged offline:
 * nothing is seen then.
 */
export function nextTickAt(state: AlertState, settings: AlertSettings): number | undefined {
  const window = windowDueAt(state, settings);
  const steady = state.connectivity === 'offline' ? undefined : nextSteadyAt(state.flaps);
  if (window === undefined || steady === undefined) return window ?? steady;
  return Math.min(window, steady);
}

export function decide(
  state: AlertState,
  input: AlertInput,
  settings: AlertSettings,
  now: number,
  timeZone?: string,
): AlertDecision {
  // A wake holds the window before anything is flushed: changes waiting when the machine went
  // to sleep are judged with what the round after it finds, not sent on the clock's jump.
  const entered =
    input.kind === 'woke' || input.kind === 'sleeping'
      ? { ...state, phase: state.phase === 'starting' ? ('starting' as const) : ('waking' as const) }
      : state;
  // What is due goes first, whatever came in: a late tick must not merge two windows.
  const flushed = flushIfDue(entered, settings, now, timeZone);
  const steadied = flushIfDue(settleSteady(flushed.state, settings, now), settings, now, timeZone);
  const next = apply(steadied.state, input, settings, now, timeZone);
  return {
    state: next.state,
    notifications: [...flushed.notifications, ...steadied.notifications, ...next.notifications],
  };
}

function flushIfDue(
  state: AlertState,
  settings: AlertSettings,
  now: number,
  timeZone: string | undefined,
): AlertDecision {
  const due = windowDueAt(state, settings);
  return due !== undefined && now >= due
    ? flush(state, settings, now, timeZone)
    : { state, notifications: [] };
}

function apply(
  state: AlertState,
  input: AlertInput,
  settings: AlertSettings,
  now: number,
  timeZone: string | undefined,
): AlertDecision {
  switch (input.kind) {
    case 'event': {
      const after = onEvent(state, input.event, settings, now, timeZone);
      return settings.coalesceMs === 0 && after.phase === 'live'
        ? flush(after, settings, now, timeZone)
        : { state: after, notifications: [] };
    }
    case 'connectivity':
      return onConnectivity(state, input.status, settings, now, timeZone);
    case 'round-complete':
      return onRoundComplete(state, settings, now, timeZone);
    case 'sleeping':
    case 'woke':
    case 'tick':
      return { state, notifications: [] };
  }
}

function onEvent(
  state: AlertState,
  event: ServiceEvent,
  settings: AlertSettings,
  now: number,
  timeZone: string | undefined,
): AlertState {
  // A first verdict, like everything in the round after start, is how things were, not a change.
  if (state.phase === 'starting' || event.from === undefined) return absorb(state, event);
  const id = event.serviceId;
  const level = levelFor(settings, id);
  const next = { ...state, flaps: noteChange(state.flaps, event, level, now) };
  const silenced =
    state.connectivity === 'offline' || silenceReason(event, settings, now, timeZone) !== undefined;
  const flapping = next.flaps.flapping.get(id);
  if (!flapping) return silenced ? absorb(next, event) : tell(next, event, level, now);

  // Flapping: its changes are not told one by one. Told that it flaps (or about to be), the
  // person hears nothing more of it until it is steady; the notice waiting shows its latest state.
  const waiting = next.pending.get(id);
  if (waiting?.flap?.kind === 'started') return withPending(next, id, { ...waiting, event });
  if (flapping.announced) return next;
  return silenced ? absorb(next, event) : announce(next, event, flapping, now);
}

/** An event that reaches the person: it joins the window as the service's net change. */
function tell(state: AlertState, event: ServiceEvent, level: AlertLevel, now: number): AlertState {
  const id = event.serviceId;
  const toldNow = state.told.get(id);
  const waiting = state.pending.get(id);
  // A service already waiting keeps its place and its starting point; only its latest words change.
  const change: PendingChange = { ...waiting, toldBefore: waiting ? waiting.toldBefore : toldNow, event };
  return {
    ...withPending(state, id, change),
    told: withTold(state.told, id, toldAfter(toldNow, event, level)),
    window: withChangeAt(state.window, now),
  };
}

function onConnectivity(
  state: AlertState,
  status: ConnectivityStatus,
  settings: AlertSettings,
  now: number,
  timeZone: string | undefined,
): AlertDecision {
  if (status === 'online')
    return { state: { ...state, connectivity: status, offlineSpellNoticed: false }, notifications: [] };
  if (status === 'unknown' || state.connectivity === 'offline')
    return { state: { ...state, connectivity: status }, notifications: [] };
  // Turned offline: the changes waiting are most likely this machine's, not the services'.
  const next = { ...discardPending(state), connectivity: status, offlineSpellNoticed: true };
  const notify =
    !state.offlineSpellNoticed && state.phase === 'live' && !isGloballySilenced(settings, now, timeZone);
  return { state: next, notifications: notify ? [offlineNotification()] : [] };
}

function onRoundComplete(
  state: AlertState,
  settings: AlertSettings,
  now: number,
  timeZone: string | undefined,
): AlertDecision {
  if (state.phase !== 'waking') return { state: { ...state, phase: 'live' }, notifications: [] };
  // What the round after a wake found is news from now on, together with what its re-tests
  // confirm next (window.ts WAKE_HOLD_MS).
  const live: AlertState = {
    ...state,
    phase: 'live',
    wakeHoldUntil: now + WAKE_HOLD_MS,
    window: state.window && { openedAt: now, lastChangeAt: now },
  };
  return settings.coalesceMs === 0
    ? flush(live, settings, now, timeZone)
    : { state: live, notifications: [] };
}

/**
 * Closes the window: each service's net change since it opened becomes one item. The rules are
 * asked again, so a snooze or mute set while the window was open silences what it holds.
 */
function flush(
  state: AlertState,
  settings: AlertSettings,
  now: number,
  timeZone: string | undefined,
): AlertDecision {
  const items: AlertItem[] = [];
  let told = state.told;
  let flaps = state.flaps;
  for (const [id, change] of state.pending) {
    if (silenceReason(change.event, settings, now, timeZone) !== undefined) {
      told = withTold(told, id, afterSilence(change.toldBefore, change.event));
      continue;
    }
    const item = itemFor(change, told.get(id));
    if (item) items.push(item);
    if (change.flap?.kind === 'started') flaps = markAnnounced(flaps, id);
  }
  const notification = composeNotification(items);
  const wakeHoldUntil =
    state.wakeHoldUntil !== undefined && now < state.wakeHoldUntil ? state.wakeHoldUntil : undefined;
  return {
    state: { ...state, told, flaps, pending: new Map(), window: undefined, wakeHoldUntil },
    notifications: notification ? [notification] : [],
  };
}
