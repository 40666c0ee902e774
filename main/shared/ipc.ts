import type { DetectResult } from '../monitor/detect.js';
import type { ConfigIssue } from '../monitor/config/issues.js';
import type { ServiceEvent } from '../monitor/events.js';
import type { Status } from '../monitor/status.js';
import type { ExchangeResult, SettingsEdit, SettingsEditResult, SettingsView } from './settings-view.js';
import type { Snapshot } from './snapshot.js';

/**
 * The contract between the renderer and main (DESIGN.md, "IPC"): request channels named
 * `area:verb` with their argument and result types, and the channels main pushes on. The
 * preload exposes one method per request channel, typed from this file; main registers each
 * handler through one helper that checks the sender frame and validates the arguments first.
 * Types only: the renderer imports this file too.
 */

export interface ServiceHistory {
  readonly serviceId: string;
  /** Share of readings that were up, 0..1; undefined when nothing answered in the window. */
  readonly uptime24h: number | undefined;
  readonly uptime7d: number | undefined;
  /** Newest first. */
  readonly events: readonly ServiceEvent[];
  /** The service's worst status per 5 minutes over 24 h, oldest first (the timeline strip). */
  readonly timeline: readonly { readonly at: number; readonly status: Status }[];
  /** Each probe's latency over 24 h (mean and max per 5 minutes), oldest first. */
  readonly latency: readonly {
    readonly sourceKey: string;
    readonly label: string;
    readonly points: readonly { readonly at: number; readonly meanMs: number; readonly maxMs: number }[];
  }[];
}

/** A catalog entry as the "Add a service" view lists it. */
export interface CatalogHit {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly category: string;
  /** "Developer platforms" */
  readonly categoryLabel: string;
  readonly homepage: string;
  /** The official source's type and its title ("Atlassian Statuspage"). */
  readonly statusType: string;
  readonly statusTitle: string;
}

export interface RequestChannels {
  /** The current picture, for a window that just opened. */
  'snapshot:get': { args: []; result: Snapshot };
  /** "Check all now", or only the given services. */
  'services:check-now': { args: [serviceIds?: readonly string[]]; result: undefined };
  'services:history': { args: [serviceId: string]; result: ServiceHistory };
  /** "Add by URL": which status formats a page speaks. */
  'services:detect': { args: [url: string]; result: DetectResult };
  /** Inline validation of an edited config, with the engine's own messages. */
  'config:validate': { args: [config: unknown]; result: readonly ConfigIssue[] };
  /** Snooze all notifications until a time (epoch ms), or resume with null. */
  'notifications:snooze': { args: [until: number | null]; result: undefined };
  /** Open a link (an official status page) in the browser: http(s) only. */
  'shell:open-external': { args: [url: string]; result: undefined };
  /** The settings as the window shows them: no secret values. */
  'settings:get': { args: []; result: SettingsView };
  /** One change (add a service, a notification level, the theme), all or nothing. */
  'settings:edit': { args: [edit: SettingsEdit]; result: SettingsEditResult };
  /** Encrypts and keeps a credential a source refers to as `{ "env": NAME }`. */
  'secrets:store': { args: [name: string, value: string]; result: SettingsView };
  /** Saves the services and settings as one config file, where the person picks. */
  'settings:export': { args: []; result: ExchangeResult };
  /** Replaces the services and settings with a config file the person picks. */
  'settings:import': { args: []; result: ExchangeResult };
  /** The catalog, best matches first; every entry for an empty query. */
  'catalog:search': { args: [query: string]; result: readonly CatalogHit[] };
  /** Adds a catalog service as the catalog describes it (the CLI's `downwatch add ID`). */
  'catalog:add': { args: [id: string]; result: SettingsEditResult };
  /** Escape on the overview: hide the popover. */
  'window:hide': { args: []; result: undefined };
}

export type RequestChannel = keyof RequestChannels;
export type RequestArgs<C extends RequestChannel> = RequestChannels[C]['args'];
export type RequestResult<C extends RequestChannel> = RequestChannels[C]['result'];

export interface PushChannels {
  /** Coalesced: at most a few per second. */
  'snapshot:changed': Snapshot;
  /** A notification was clicked: show this service. */
  'window:show-service': string;
  /** The tray's "Settings" item: open the settings view. */
  'window:show-settings': null;
  /** The settings changed (here, from the tray, or by an import). */
  'settings:changed': SettingsView;
}

export type PushChannel = keyof PushChannels;

/** What the preload exposes as `window.downwatch`: one method per request channel, one subscription per push channel. */
export type DownwatchApi = {
  readonly [C in RequestChannel as CamelCase<C>]: (...args: RequestArgs<C>) => Promise<RequestResult<C>>;
} & {
  readonly on: <P extends PushChannel>(
    channel: P,
    listener: (payload: PushChannels[P]) => void,
  ) => () => void;
};

/** 'services:check-now' → 'servicesCheckNow'. */
type CamelCase<S extends string> = S extends `${infer Head}:${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S extends `${infer Head}-${infer Tail}`
    ? `${Head}${Capitalize<CamelCase<Tail>>}`
    : S;
