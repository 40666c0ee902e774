import type { ConnectivityStatus } from '../../shared/snapshot.js';
import type { ServiceEvent } from '../events.js';
import { isDisrupted, ladderIndex, type DisruptedStatus } from '../status.js';
import { levelFor, type AlertSettings } from './alert-settings.js';
import {
  composeNotification,
  offlineNotification,
  type AlertItem,
  type AlertNotification,
} from './coalesce.js';
import { reachesLevel, isGloballySilenced, silenceReason } from './rules.js';

/**
 * The notification policy (DESIGN.md step 5) as a pure state machine: events and what happens
 * around them go in, notifications come out. The adapter owns the timer: it feeds `tick` at
 * `nextFlushAt`.
 *
 * The state's core is `told`: per service, the disruption the person has been told about (or
 * will be when the coalescing window closes). Every rule is judged against it, so "recovery only
 * after a notified disruption" and "improved only if a disruption was notified" hold by
 * construction, and a service that was already down at start (never told) recovers silently.
 */

export type AlertInput =
  | { readonly kind: 'event'; readonly event: ServiceEvent }
  | { readonly kind: 'connectivity'; readonly status: ConnectivityStatus }
  /** The first full round of checks after start or wake has ended: from now on, changes are news. */
  | { readonly kind: 'round-complete' }
  | { readonly kind: 'woke' }
  /** Time passed: a coalescing window that has ended is flushed. */
  | { readonly kind: 'tick' };

interface PendingChange {
  /** What the person had been told before this window's first change of the service. */
  readonly toldBefore: DisruptedStatus | undefined;
  /** The latest event of the service in this window (all of them passed the rules). */
  readonly event: ServiceEvent;
}

export interface AlertState {
  /** Settling: the first round after start or wake; events are absorbed, not notified. */
  readonly phase: 'settling' | 'live';
  readonly connectivity: ConnectivityStatus;
  /** The current offline spell has had its one notice (or was silenced): no second one. */
  readonly offlineSpellNoticed: boolean;
  readonly told: ReadonlyMap<string, DisruptedStatus>;
  /** Changes waiting for the window to close, in arrival order. */
  readonly pending: ReadonlyMap<string, PendingChange>;
  readonly windowOpenedAt: number | undefined;
  /** The latest change that joined the window: it stays open `coalesceMs` after it. */
  readonly lastChangeAt: number | undefined;
}

/**
 * However long changes keep coming, a window closes this long after it opened (or after
 * `coalesceMs`, when that is longer), so a stream of changes can delay news only so much.
 *
 * Why the window stays open while changes keep coming, and not a fixed span from its first
 * change: many services failing together are confirmed over the spread of the scheduler's
 * staggered, jittered checks (10 s of stagger, ±10 % of a minute of jitter), not within a few
 * seconds. A fixed 5 s window turned 200 services going down together into six notifications
 * (test/reliability/storms.test.ts); a window that waits for a 5 s lull makes them one.
 */
export const MAX_WINDOW_MS = 60_000;

export interface AlertDecision {
  readonly state: AlertState;
  readonly notifications: readonly AlertNotification[];
}

export function initialAlertState(): AlertState {
  return {
    phase: 'settling',
    connectivity: 'unknown',
    offlineSpellNoticed: false,
    told: new Map(),
    pending: new Map(),
    windowOpenedAt: undefined,
    lastChangeAt: undefined,
  };
}

/**
 * When the adapter should feed a `tick`; undefined when nothing is waiting. A window closes at
 * the first lull of `coalesceMs` after its latest change, and at most MAX_WINDOW_MS after it
 * opened.
 */
export function nextFlushAt(state: AlertState, settings: AlertSettings): number | undefined {
  const { windowOpenedAt, lastChangeAt } = state;
  if (windowOpenedAt === undefined) return undefined;
  const lull = (lastChangeAt ?? windowOpenedAt) + settings.coalesceMs;
  return Math.min(lull, windowOpenedAt + Math.max(settings.coalesceMs, MAX_WINDOW_MS));
}

export function decide(
  state: AlertState,
  input: AlertInput,
  settings: AlertSettings,
  now: number,
  timeZone?: string,
): AlertDecision {
  // A window that ended is flushed first, whatever came in: a late tick must not merge two windows.
  const due = nextFlushAt(state, settings);
  const flushed =
    due !== undefined && now >= due ? flush(state, settings, now, timeZone) : { state, notifications: [] };
  const next = apply(flushed.state, input, settings, now, timeZone);
  return { state: next.state, notifications: [...flushed.notifications, ...next.notifications] };
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
      return settings.coalesceMs === 0
        ? flush(after, settings, now, timeZone)
        : { state: after, notifications: [] };
    }
    case 'connectivity':
      return onConnectivity(state, input.status, settings, now, timeZone);
    case 'round-complete':
      return { state: { ...state, phase: 'live' }, notifications: [] };
    case 'woke':
      return { state: { ...discardPending(state), phase: 'settling' }, notifications: [] };
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
  const absorbed =
    state.phase === 'settling' ||
    state.connectivity === 'offline' ||
    // A first verdict is how things were when the service was first seen, not a change.
    event.from === undefined ||
    silenceReason(event, settings, now, timeZone) !== undefined;
  if (absorbed) return absorb(state, event);

  const id = event.serviceId;
  const toldNow = state.told.get(id);
  let toldNext: DisruptedStatus | undefined;
  if (!reachesLevel(levelFor(settings, id), event.to)) toldNext = undefined;
  // An un-told disruption that eases stays un-told: "improved" only makes sense after "down".
  else if (toldNow === undefined && event.kind === 'improved') toldNext = undefined;
  else toldNext = event.to;

  const waiting = state.pending.get(id);
  const pending = new Map(state.pending);
  // A service already waiting keeps its place and its starting point; only its latest words change.
  pending.set(id, { toldBefore: waiting ? waiting.toldBefore : toldNow, event });
  return {
    ...state,
    told: withTold(state.told, id, toldNext),
    pending,
    windowOpenedAt: state.windowOpenedAt ?? now,
    lastChangeAt: now,
  };
}

/**
 * An event the person is not told about. What they were told stays true while the service is
 * still disrupted, and ends silently when it is not. A change of the same service still waiting
 * in the window is dropped with it: the person asked for quiet about it now.
 */
function absorb(state: AlertState, event: ServiceEvent): AlertState {
  const id = event.serviceId;
  const waiting = state.pending.get(id);
  const toldBefore = waiting ? waiting.toldBefore : state.told.get(id);
  const pending = new Map(state.pending);
  pending.delete(id);
  return {
    ...state,
    told: withTold(state.told, id, afterSilence(toldBefore, event)),
    pending,
    windowOpenedAt: pending.size === 0 ? undefined : state.windowOpenedAt,
    lastChangeAt: pending.size === 0 ? undefined : state.lastChangeAt,
  };
}

/** What the person was told stays true while the service is disrupted, and ends when it is not. */
function afterSilence(
  toldBefore: DisruptedStatus | undefined,
  event: ServiceEvent,
): DisruptedStatus | undefined {
  return isDisrupted(event.to) ? toldBefore : undefined;
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

/** Drops the window's changes untold: `told` goes back to what the person was actually told. */
function discardPending(state: AlertState): AlertState {
  let told = state.told;
  for (const [id, change] of state.pending) told = withTold(told, id, change.toldBefore);
  return { ...state, told, pending: new Map(), windowOpenedAt: undefined, lastChangeAt: undefined };
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
  for (const [id, change] of state.pending) {
    if (silenceReason(change.event, settings, now, timeZone) !== undefined) {
      told = withTold(told, id, afterSilence(change.toldBefore, change.event));
      continue;
    }
    const item = itemFor(change, told.get(id));
    if (item) items.push(item);
  }
  const notification = composeNotification(items);
  return {
    state: { ...state, told, pending: new Map(), windowOpenedAt: undefined, lastChangeAt: undefined },
    notifications: notification ? [notification] : [],
  };
}

function itemFor(change: PendingChange, toldNow: DisruptedStatus | undefined): AlertItem | undefined {
  const { toldBefore, event } = change;
  const base = { serviceId: event.serviceId, serviceName: event.serviceName, summary: event.summary };
  if (toldNow === undefined) {
    if (toldBefore === undefined) return undefined;
    return { ...base, kind: event.to === 'operational' ? 'recovered' : 'better', status: event.to };
  }
  if (toldBefore === undefined) return { ...base, kind: 'down', status: toldNow };
  const delta = ladderIndex(toldNow) - ladderIndex(toldBefore);
  if (delta === 0) return undefined;
  return { ...base, kind: delta > 0 ? 'worse' : 'better', status: toldNow };
}

function withTold(
  told: ReadonlyMap<string, DisruptedStatus>,
  id: string,
  status: DisruptedStatus | undefined,
): ReadonlyMap<string, DisruptedStatus> {
  if (told.get(id) === status) return told;
  const next = new Map(told);
  if (status === undefined) next.delete(id);
  else next.set(id, status);
  return next;
}
