import type { Status } from './status.js';

/**
 * A confirmed change of a verdict (DESIGN.md, "Words"). Only events can notify.
 *
 * - down: from operational, maintenance or nothing yet to a disruption
 * - worsened / improved: between two disruptions
 * - recovered: from a disruption back to operational
 */
export type EventKind = 'down' | 'worsened' | 'improved' | 'recovered';

export interface ServiceEvent {
  readonly kind: EventKind;
  readonly serviceId: string;
  readonly serviceName: string;
  /** The last known status before (unknown stretches are skipped); undefined on the first verdict. */
  readonly from: Status | undefined;
  readonly to: Status;
  readonly at: number;
  readonly summary: string;
  readonly reasons: readonly string[];
}
