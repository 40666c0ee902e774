import type { ServiceEvent } from '../events.js';
import { isDisrupted, ladderIndex, type DisruptedStatus } from '../status.js';
import type { AlertLevel } from './alert-settings.js';
import type { AlertItem } from './coalesce.js';
import { reachesLevel } from './rules.js';

/**
 * What the person has been told, per service, and what a window's change of a service amounts
 * to against it (policy.ts keeps the state; these are its rules).
 */

/** A change about flapping: its start (told instead of the change itself) or its end. */
export type FlapNote =
  | { readonly kind: 'started'; readonly changes: number; readonly spanMs: number }
  | { readonly kind: 'ended' };

export interface PendingChange {
  /** What the person had been told before this window's first change of the service. */
  readonly toldBefore: DisruptedStatus | undefined;
  /** The latest event of the service in this window. */
  readonly event: ServiceEvent;
  readonly flap?: FlapNote;
}

/** What the person is told about a service after an event that reaches them. */
export function toldAfter(
  toldNow: DisruptedStatus | undefined,
  event: ServiceEvent,
  level: AlertLevel,
): DisruptedStatus | undefined {
  if (!reachesLevel(level, event.to)) return undefined;
  // An un-told disruption that eases stays un-told: "improved" only makes sense after "down".
  if (toldNow === undefined && event.kind === 'improved') return undefined;
  return event.to;
}

/** What the person was told stays true while the service is disrupted, and ends when it is not. */
export function afterSilence(
  toldBefore: DisruptedStatus | undefined,
  event: ServiceEvent,
): DisruptedStatus | undefined {
  return isDisrupted(event.to) ? toldBefore : undefined;
}

/** The item a window's change of one service becomes, or undefined when it nets out to nothing. */
export function itemFor(change: PendingChange, toldNow: DisruptedStatus | undefined): AlertItem | undefined {
  const { toldBefore, event, flap } = change;
  const base = { serviceId: event.serviceId, serviceName: event.serviceName, summary: event.summary };
  if (flap?.kind === 'started')
    return { ...base, kind: 'flapping', status: event.to, changes: flap.changes, spanMs: flap.spanMs };
  // The person was told it flaps: how it ended is news, whatever they were told before it began.
  if (flap?.kind === 'ended') {
    const kind = toldNow !== undefined ? 'down' : event.to === 'operational' ? 'recovered' : 'better';
    return { ...base, kind, status: event.to, endsFlapping: true };
  }
  if (toldNow === undefined) {
    if (toldBefore === undefined) return undefined;
    return { ...base, kind: event.to === 'operational' ? 'recovered' : 'better', status: event.to };
  }
  if (toldBefore === undefined) return { ...base, kind: 'down', status: toldNow };
  const delta = ladderIndex(toldNow) - ladderIndex(toldBefore);
  if (delta === 0) return undefined;
  return { ...base, kind: delta > 0 ? 'worse' : 'better', status: toldNow };
}

export function withTold(
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
