/**
 * The status ladder and the two states beside it (DESIGN.md, "Words").
 *
 * Ladder, best to worst: operational < degraded < partial_outage < major_outage.
 * Beside it: maintenance (planned, announced work) and unknown (we could not tell).
 * Unknown is never shown as green and never raised as an outage.
 */
export const LADDER = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;
export type LadderStatus = (typeof LADDER)[number];
export type Status = LadderStatus | 'maintenance' | 'unknown';

export const STATUSES: readonly Status[] = [...LADDER, 'maintenance', 'unknown'];

/** Statuses that mean something is wrong with the service (not planned work, not "can't tell"). */
export type DisruptedStatus = Exclude<LadderStatus, 'operational'>;

export function isDisrupted(status: Status): status is DisruptedStatus {
  return status === 'degraded' || status === 'partial_outage' || status === 'major_outage';
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** Position on the ladder; only defined for ladder statuses. */
export function ladderIndex(status: LadderStatus): number {
  return LADDER.indexOf(status);
}

/**
 * How much a status deserves attention, for "worst first" ordering and the tray's worst state.
 * Unknown ranks above maintenance and operational (it is never shown as fine) but below any
 * disruption (it is never raised as an outage).
 */
const ATTENTION: Record<Status, number> = {
  operational: 0,
  maintenance: 1,
  unknown: 2,
  degraded: 3,
  partial_outage: 4,
  major_outage: 5,
};

export function attentionRank(status: Status): number {
  return ATTENTION[status];
}

/** Compare for sorting worst first. */
export function byAttentionDescending(a: Status, b: Status): number {
  return ATTENTION[b] - ATTENTION[a];
}

/**
 * Combine several statements about one thing (a page's indicator, its components, its incidents)
 * into one status, honestly:
 * - any disruption: the worst disruption wins;
 * - else anything unknown: unknown (an unrecognised value is never read as green);
 * - else any maintenance: maintenance;
 * - else operational. An empty list is unknown: nothing was said.
 */
export function combineStatuses(statuses: Iterable<Status>): Status {
  let worstLadder = -1;
  let sawUnknown = false;
  let sawMaintenance = false;
  let sawAny = false;
  for (const status of statuses) {
    sawAny = true;
    if (status === 'unknown') sawUnknown = true;
    else if (status === 'maintenance') sawMaintenance = true;
    else worstLadder = Math.max(worstLadder, ladderIndex(status));
  }
  if (!sawAny) return 'unknown';
  if (worstLadder > 0) return LADDER[worstLadder] ?? 'unknown';
  if (sawUnknown) return 'unknown';
  if (sawMaintenance) return 'maintenance';
  return 'operational';
}

/** The worse of two ladder statuses. */
export function worseOf(a: LadderStatus, b: LadderStatus): LadderStatus {
  return ladderIndex(a) >= ladderIndex(b) ? a : b;
}

const LABELS: Record<Status, string> = {
  operational: 'Operational',
  degraded: 'Degraded',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Maintenance',
  unknown: 'Unknown',
};

/** A person-facing label: "Partial outage". */
export function statusLabel(status: Status): string {
  return LABELS[status];
}
