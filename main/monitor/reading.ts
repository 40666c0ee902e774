import type { Status } from './status.js';

/** Which of the three independent signals a source belongs to (DESIGN.md, "Words"). */
export type SignalFamily = 'probe' | 'official' | 'crowd';

/** One component of an official status page, e.g. "Git Operations" in group "GitHub". */
export interface OfficialComponent {
  readonly name: string;
  readonly group?: string;
  readonly status: Status;
  /** The provider's own value, beside the normalised one ("degraded_performance"). */
  readonly rawStatus: string;
}

export interface IncidentUpdate {
  readonly at?: number;
  /** The provider's update status ("investigating", "resolved"). */
  readonly status?: string;
  /** Plain text, never HTML: third-party text is data (DESIGN.md, "Habits"). */
  readonly body: string;
}

export interface OfficialIncident {
  readonly id?: string;
  readonly title: string;
  /** The provider's lifecycle value ("investigating", "identified", "monitoring"). */
  readonly status: string;
  readonly impact: Status;
  readonly rawImpact?: string;
  readonly startedAt?: number;
  readonly updatedAt?: number;
  readonly link?: string;
  /** Names of the components the incident affects, when the provider says. */
  readonly components?: readonly string[];
  /** Newest first. */
  readonly updates: readonly IncidentUpdate[];
}

export interface OfficialMaintenance {
  readonly id?: string;
  readonly title: string;
  readonly phase: 'active' | 'upcoming';
  readonly rawStatus: string;
  readonly scheduledFor?: number;
  readonly scheduledUntil?: number;
  readonly link?: string;
  readonly components?: readonly string[];
}

/** What an official source knows beyond its status. */
export interface OfficialDetails {
  readonly provider: string;
  /** The page a person would open in a browser. */
  readonly pageUrl?: string;
  /** The provider's overall value ("none", "major"), beside the normalised status. */
  readonly rawStatus?: string;
  readonly updatedAt?: number;
  readonly components: readonly OfficialComponent[];
  /** Open incidents: what is wrong now. */
  readonly incidents: readonly OfficialIncident[];
  readonly maintenances: readonly OfficialMaintenance[];
  /** Recently resolved incidents, newest first, for history (where the provider offers them). */
  readonly recentIncidents?: readonly OfficialIncident[];
}

/**
 * The result of polling one source once (DESIGN.md, "Words"). Sources never throw for a
 * service outcome: a 503, a timeout, an error page and a parse failure are all readings.
 */
export interface Reading {
  readonly status: Status;
  /** One line a person can read: `HTTP 200 with error text "Something went wrong"`. */
  readonly detail: string;
  readonly checkedAt: number;
  /**
   * False when the source never got an answer from its target (DNS failure, refused, reset,
   * timeout). While the machine is offline such readings say nothing about the service.
   */
  readonly reached: boolean;
  readonly latencyMs?: number;
  readonly httpStatus?: number;
  /** A server asked us to wait (Retry-After); the scheduler honours it. */
  readonly retryAfterMs?: number;
  /** The feed was unchanged (HTTP 304): the reading was rebuilt from the last body. */
  readonly notModified?: boolean;
  readonly official?: OfficialDetails;
}

/** The fields every reading constructor fills in. */
export interface ReadingBase {
  readonly checkedAt: number;
  readonly latencyMs?: number;
  readonly httpStatus?: number;
}
