import type { ServiceEvent } from '../events.js';
import { levelFor, type AlertSettings } from './alert-settings.js';
import { withPending, type AlertState } from './alert-state.js';
import { endFlapping, steadyBy, toldStatusAt, type Flapping } from './flapping.js';
import { toldAfter, withTold, type PendingChange } from './told.js';
import { withChangeAt } from './window.js';

/** The policy's steps for flap damping (flapping.ts): the start told once, the end told once. */

/**
 * The service started flapping: the window tells that instead of its change, and `told` stays
 * what the person was told before, since that is all they will hear until it is steady.
 */
export function announce(
  state: AlertState,
  event: ServiceEvent,
  flapping: Flapping,
  now: number,
): AlertState {
  const id = event.serviceId;
  const waiting = state.pending.get(id);
  const toldBefore = waiting ? waiting.toldBefore : state.told.get(id);
  const spanMs = flapping.lastChangeAt - flapping.firstChangeAt;
  const change: PendingChange = {
    toldBefore,
    event,
    flap: { kind: 'started', changes: flapping.changes, spanMs },
  };
  return {
    ...withPending(state, id, change),
    told: withTold(state.told, id, toldBefore),
    window: withChangeAt(state.window, now),
  };
}

/**
 * Flapping services that held still for STEADY_MS are steady. One the person was told flaps
 * gets its end told, in its steady state; one whose notice is still waiting gets, instead of
 * start and end, its ordinary net change; one whose changes were all absorbed (snoozed, quiet
 * hours) has nothing to tell.
 */
export function settleSteady(state: AlertState, settings: AlertSettings, now: number): AlertState {
  if (state.connectivity === 'offline') return state;
  let next = state;
  for (const id of steadyBy(state.flaps, now)) {
    const flapping = next.flaps.flapping.get(id);
    if (!flapping) continue;
    next = { ...next, flaps: endFlapping(next.flaps, id) };
    const level = levelFor(settings, id);
    const latest = flapping.latest;
    const waiting = next.pending.get(id);
    if (waiting?.flap?.kind === 'started') {
      const plain: PendingChange = { toldBefore: waiting.toldBefore, event: latest };
      next = {
        ...withPending(next, id, plain),
        told: withTold(next.told, id, toldAfter(waiting.toldBefore, latest, level)),
      };
    } else if (flapping.announced) {
      const ended: PendingChange = { toldBefore: next.told.get(id), event: latest, flap: { kind: 'ended' } };
      next = {
        ...withPending(next, id, ended),
        told: withTold(next.told, id, toldStatusAt(level, latest.to)),
        window: withChangeAt(next.window, now),
      };
    }
  }
  return next;
}
