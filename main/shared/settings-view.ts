import type { AlertLevel, AlertSettings } from '../monitor/alerts/alert-settings.js';
import type { ConfigIssue } from '../monitor/config/issues.js';
import type { SignalFamily } from '../monitor/reading.js';

/**
 * The settings as the window sees and changes them (issue 6, "Settings"). Types only: the
 * renderer imports this file too. Secrets never cross: only the names stored and the names
 * still missing.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface SettingsView {
  /** The service list and engine settings as written: the CLI's config format. */
  readonly monitor: Readonly<Record<string, unknown>>;
  readonly alerts: AlertSettings;
  readonly launchAtLogin: boolean;
  readonly theme: ThemeChoice;
  readonly autoUpdate: boolean;
  /** Names of the secrets stored encrypted (their values never leave main). */
  readonly storedSecrets: readonly string[];
  /** Names the services refer to that have no stored value: ask the person for them. */
  readonly missingSecrets: readonly string[];
  /** Changes last only for this session: the settings file could not be written. */
  readonly readOnly: boolean;
  /** Every source type the engine reads, for the service editor's type list. */
  readonly sourceTypes: readonly SourceTypeInfo[];
}

export interface SourceTypeInfo {
  readonly type: string;
  readonly title: string;
  readonly family: SignalFamily;
  /** Asked only when a probe fails (Globalping). */
  readonly onDemand: boolean;
}

/** One change the window asks for; main validates it against the settings schema. */
export type SettingsEdit =
  | {
      readonly kind: 'app';
      readonly launchAtLogin?: boolean;
      readonly theme?: ThemeChoice;
      readonly autoUpdate?: boolean;
    }
  | { readonly kind: 'alerts'; readonly alerts: unknown }
  | { readonly kind: 'service-level'; readonly serviceId: string; readonly level: AlertLevel }
  | { readonly kind: 'add-service'; readonly service: unknown }
  | { readonly kind: 'replace-service'; readonly serviceId: string; readonly service: unknown }
  | { readonly kind: 'remove-service'; readonly serviceId: string }
  /** The engine settings besides the services (confirmation, concurrency, connectivity). */
  | { readonly kind: 'engine'; readonly engine: Readonly<Record<string, unknown>> };

export type SettingsEditResult =
  | { readonly ok: true; readonly settings: SettingsView }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Import and export go through the system's file dialogs, which the person may cancel. */
export type ExchangeResult =
  | { readonly status: 'cancelled' }
  | { readonly status: 'exported'; readonly path: string }
  | { readonly status: 'imported'; readonly path: string; readonly missingSecrets: readonly string[] }
  /** Nothing changed: the file is not a valid config; every problem with its field path. */
  | { readonly status: 'invalid'; readonly path: string; readonly issues: readonly ConfigIssue[] };
