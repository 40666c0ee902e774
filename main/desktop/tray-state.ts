import { attentionRank, type Status } from '../monitor/status.js';
import type { ConnectivityState, ServiceSnapshot } from '../shared/snapshot.js';

/**
 * What the tray icon says, one of seven states. Each has its own image (glyph and colour).
 *
 * Partial and major outages share one state, 'outage': at 16 px a menu bar glyph cannot carry
 * two degrees of "broken" that people would tell apart at a glance, and both ask the same thing
 * of them (look now). The tooltip, the menu and the window say which it is.
 */
export const TRAY_STATES = [
  'operational',
  'degraded',
  'outage',
  'maintenance',
  'unknown',
  'offline',
  'paused',
] as const;
export type TrayState = (typeof TRAY_STATES)[number];

const STATE_OF_STATUS: Record<Status, TrayState> = {
  operational: 'operational',
  degraded: 'degraded',
  partial_outage: 'outage',
  major_outage: 'outage',
  maintenance: 'maintenance',
  unknown: 'unknown',
};

/** The part of a Snapshot the tray reads; a whole Snapshot fits. */
export interface TraySnapshot {
  readonly connectivity: Pick<ConnectivityState, 'status'>;
  readonly services: readonly Pick<ServiceSnapshot, 'id' | 'name' | 'status'>[];
}

export interface TrayStateOptions {
  /** Monitoring is paused: the snapshot is stale, whatever it says. */
  readonly paused: boolean;
}

/**
 * The tray's state for a snapshot, in this order:
 * - paused wins: a paused monitor's snapshot is stale, so neither green nor red would be true;
 * - offline next: while offline every failed reading is ours, not the services' (the verdicts
 *   are already unknown), and one "it's you" state replaces a wall of outages (DESIGN.md step 4);
 * - no services is unknown: nothing is watched, so nothing can be shown as fine (as with
 *   `combineStatuses([])`, an empty list says nothing);
 * - else the worst service by attention rank: a disruption beats unknown beats maintenance
 *   beats operational, so unknown is never green and never an outage.
 */
export function trayState(snapshot: TraySnapshot, options: TrayStateOptions): TrayState {
  if (options.paused) return 'paused';
  if (snapshot.connectivity.status === 'offline') return 'offline';
  const worst = worstStatus(snapshot.services.map((service) => service.status));
  return worst === undefined ? 'unknown' : STATE_OF_STATUS[worst];
}

/** The status that deserves the most attention; undefined for none. */
export function worstStatus(statuses: Iterable<Status>): Status | undefined {
  let worst: Status | undefined;
  for (const status of statuses) {
    if (worst === undefined || attentionRank(status) > attentionRank(worst)) worst = status;
  }
  return worst;
}
