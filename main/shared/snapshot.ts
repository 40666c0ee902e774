import type { CrowdDetails, OfficialDetails, SignalFamily, VantageDetails } from '../monitor/reading.js';
import type { Status } from '../monitor/status.js';

/**
 * The whole picture at one moment (DESIGN.md, "Words"): what the tray, the window and the CLI
 * render. Types only: the renderer imports this file too.
 */

export type ConnectivityStatus = 'online' | 'offline' | 'unknown';

export interface ConnectivityState {
  readonly status: ConnectivityStatus;
  readonly detail: string;
  readonly checkedAt?: number;
}

/** A change that is seen but not yet confirmed ("failed once, confirming: 1 of 3"). */
export interface PendingChange {
  readonly status: Status;
  readonly detail: string;
  readonly count: number;
  readonly needed: number;
}

/** What a source last said before it became unreadable, so the page's last word is not lost. */
export interface LastGoodReading {
  readonly status: Status;
  readonly detail: string;
  /** When it was read: its age is `snapshot.checkedAt - checkedAt`. */
  readonly checkedAt: number;
  readonly official?: OfficialDetails;
}

export interface SourceSnapshot {
  /** Stable within a config: `<serviceId>/<index>`. */
  readonly key: string;
  readonly type: string;
  readonly label: string;
  readonly family: SignalFamily;
  /** The confirmed status ("unknown" while the first reading is being confirmed). */
  readonly status: Status;
  readonly detail: string;
  readonly checkedAt?: number;
  readonly latencyMs?: number;
  readonly pending?: PendingChange;
  readonly official?: OfficialDetails;
  /** Report counts against their usual level, and who reports (crowd sources). */
  readonly crowd?: CrowdDetails;
  /** Probes from other networks (on-demand sources such as Globalping). */
  readonly vantage?: VantageDetails;
  /** Set while the source cannot be read (status unknown) and it was read well before. */
  readonly lastGood?: LastGoodReading;
}

export interface ServiceSnapshot {
  readonly id: string;
  readonly name: string;
  readonly status: Status;
  readonly summary: string;
  readonly reasons: readonly string[];
  /** When the service entered its current status, as far as this run has seen. */
  readonly since?: number;
  readonly sources: readonly SourceSnapshot[];
}

export interface Snapshot {
  readonly checkedAt: number;
  readonly connectivity: ConnectivityState;
  readonly services: readonly ServiceSnapshot[];
}
