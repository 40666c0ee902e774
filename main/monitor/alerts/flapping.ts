import type { ServiceEvent } from '../events.js';
import type { DisruptedStatus, Status } from '../status.js';
import type { AlertLevel } from './alert-settings.js';
import { reachesLevel } from './rules.js';

/**
 * Flap damping, as in Nagios's flap detection but simpler: a service whose confirmed state keeps
 * changing is "flapping". The person is told that once, its further changes are absorbed, and
 * they hear once more when it has held one state for a while, and which. Changes are counted
 * after confirmation (confirm.ts), so readings that alternate faster than confirmation never
 * get here; this is for a service that really goes down and up again and again.
 *
 * Pure: time comes in as `now`, like everything in the policy.
 */

/**
 * Four changes within 15 minutes is flapping. An outage and its recovery are two changes, and
 * one relapse (down, recovered, down) is still told in full: a relapse is news. A fourth change
 * within a quarter hour is two whole cycles of down and up, which nobody acts on twice. With the
 * default confirmation (3 bad readings 10 s apart, 2 good, 60 s checks) a probe that flaps as
 * fast as it can be confirmed reaches four changes in about 5 minutes.
 */
export const FLAP_CHANGES = 4;
export const FLAP_WINDOW_MS = 15 * 60_000;

/**
 * A flapping service is steady again after 10 minutes without a change: twice the longest gap
 * that still counts as flapping (4 changes in 15 minutes are at most 5 minutes apart), so a
 * lull between two flaps is not taken for the end, and short enough that the person hears how
 * it ended soon after it did. Its changes are counted afresh after that.
 */
export const STEADY_MS = 10 * 60_000;

export interface Flapping {
  /** When the first of the changes that made it flapping was confirmed. */
  readonly firstChangeAt: number;
  readonly lastChangeAt: number;
  /** Changes counted since `firstChangeAt`. */
  readonly changes: number;
  /** Its latest change: the state it is in, and so the state it settles at. */
  readonly latest: ServiceEvent;
  /** The person has been told that it flaps (delivered, not only waiting in the window). */
  readonly announced: boolean;
}

export interface FlapState {
  /** Per service not flapping: when its latest changes were confirmed, oldest first, at most FLAP_CHANGES. */
  readonly recent: ReadonlyMap<string, readonly number[]>;
  readonly flapping: ReadonlyMap<string, Flapping>;
}

export const NO_FLAPS: FlapState = { recent: new Map(), flapping: new Map() };

/**
 * What the person's level makes of a status: the disruption they would be told about, or
 * undefined for anything they would not (operational, maintenance, below their level).
 */
export function toldStatusAt(level: AlertLevel, status: Status): DisruptedStatus | undefined {
  return reachesLevel(level, status) ? status : undefined;
}

/**
 * Counts a confirmed change of a service. What counts is the service going down or coming back
 * as the person's level sees it: moves within a disruption (worse, better) are an incident
 * evolving, not flapping, and a service flipping between operational and degraded is not
 * flapping for someone who asked for outages only, since none of it would reach them anyway.
 */
export function noteChange(flaps: FlapState, event: ServiceEvent, level: AlertLevel, now: number): FlapState {
  const id = event.serviceId;
  const counts =
    event.from !== undefined &&
    (toldStatusAt(level, event.from) === undefined) !== (toldStatusAt(level, event.to) === undefined);
  const current = flaps.flapping.get(id);
  if (current) {
    const next: Flapping = counts
      ? { ...current, latest: event, lastChangeAt: now, changes: current.changes + 1 }
      : { ...current, latest: event };
    return { ...flaps, flapping: withEntry(flaps.flapping, id, next) };
  }
  if (!counts) return flaps;
  // A time ahead of `now` is a wall clock that was set back: it says nothing about the last 15 minutes.
  const times = [...(flaps.recent.get(id) ?? []), now]
    .filter((at) => at <= now && now - at < FLAP_WINDOW_MS)
    .slice(-FLAP_CHANGES);
  const [first = now] = times;
  if (times.length < FLAP_CHANGES) return { ...flaps, recent: withEntry(flaps.recent, id, times) };
  const started: Flapping = {
    firstChangeAt: first,
    lastChangeAt: now,
    changes: times.length,
    latest: event,
    announced: false,
  };
  return { recent: withEntry(flaps.recent, id, undefined), flapping: withEntry(flaps.flapping, id, started) };
}

/** When the flapping service becomes steady, if it has no further change. */
export function steadyAt(flapping: Flapping): number {
  return flapping.lastChangeAt + STEADY_MS;
}

export function nextSteadyAt(flaps: FlapState): number | undefined {
  let next: number | undefined;
  for (const flapping of flaps.flapping.values()) next = Math.min(next ?? Infinity, steadyAt(flapping));
  return next;
}

/** The services that have held one state for STEADY_MS by `now`. */
export function steadyBy(flaps: FlapState, now: number): string[] {
  return [...flaps.flapping].filter(([, flapping]) => now >= steadyAt(flapping)).map(([id]) => id);
}

export function endFlapping(flaps: FlapState, id: string): FlapState {
  return { ...flaps, flapping: withEntry(flaps.flapping, id, undefined) };
}

export function markAnnounced(flaps: FlapState, id: string): FlapState {
  const flapping = flaps.flapping.get(id);
  if (!flapping || flapping.announced) return flaps;
  return { ...flaps, flapping: withEntry(flaps.flapping, id, { ...flapping, announced: true }) };
}

function withEntry<T>(map: ReadonlyMap<string, T>, id: string, value: T | undefined): ReadonlyMap<string, T> {
  if (value === undefined && !map.has(id)) return map;
  const next = new Map(map);
  if (value === undefined) next.delete(id);
  else next.set(id, value);
  return next;
}
