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

/** How far a crowd signal stands above its usual level. */
export type SpikeLevel = 'none' | 'possible' | 'likely';

/** One time bucket of report counts (15 minutes for Downdetector). */
export interface CrowdBucket {
  /** Start of the bucket, epoch ms. */
  readonly at: number;
  readonly count: number;
  /** The provider's own expected count for this bucket, when it gives one. */
  readonly usual?: number;
  /** Counts by region (ISO country code), when the source can split them. */
  readonly regions?: Readonly<Record<string, number>>;
}

export interface RegionShare {
  readonly region: string;
  readonly count: number;
  /** Share of all reports in the spike window, 0..1. */
  readonly share: number;
}

/** What a crowd source knows beyond its status: the counts, their usual level, who reports. */
export interface CrowdDetails {
  readonly provider: string;
  readonly level: SpikeLevel;
  /** Reports in the newest bucket. */
  readonly current: number;
  /** What is usual for that bucket; undefined before enough history exists. */
  readonly usual: number | undefined;
  readonly bucketMs: number;
  /** When the current spike began (its first bucket above the threshold). */
  readonly since?: number;
  /** Oldest first, at most a day: what a chart of reports against the usual level shows. */
  readonly series: readonly CrowdBucket[];
  /** The regions driving the newest window, biggest first. */
  readonly regions: readonly RegionShare[];
  /** What people report (Downdetector: Website, App, Login), as shares 0..1. */
  readonly indicators?: readonly { readonly name: string; readonly share: number }[];
  /** A few posts or stories behind the counts, for context (plain text). */
  readonly samples?: readonly { readonly title: string; readonly link?: string; readonly at?: number }[];
}

/** Probes of the same target from other networks (Globalping): "down for everyone, or just me?". */
export interface VantageDetails {
  readonly provider: string;
  readonly probes: number;
  readonly failing: number;
  /** everyone: most other networks fail too; just-here: they reach it; mixed: some do. */
  readonly finding: 'everyone' | 'just-here' | 'mixed';
  readonly locations: readonly {
    readonly country: string;
    readonly city?: string;
    readonly network?: string;
    readonly ok: boolean;
    readonly detail: string;
  }[];
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
  readonly crowd?: CrowdDetails;
  readonly vantage?: VantageDetails;
}
