import { readFile, stat } from 'node:fs/promises';
import type { IpcHandlers } from '../app/ipc.js';
import type { SettingsStore } from '../app/settings-store.js';
import { writeFileAtomic } from '../monitor/files/safe-file.js';
import type { CatalogHit, ServiceHistory } from '../shared/ipc.js';
import type { SettingsEdit, SettingsEditResult, SettingsView } from '../shared/settings-view.js';
import { applySettingsEdit, settingsView } from './settings/settings-edit.js';
import { parseConfig } from '../monitor/config/parse.js';
import { detectSources, parseDetectInput } from '../monitor/detect.js';
import type { History } from '../monitor/history/history.js';
import type { HttpClient } from '../monitor/http/types.js';
import type { Monitor } from '../monitor/monitor.js';
import { isSafeExternalUrl } from './security.js';

/**
 * What main does for each request channel, from the engine's pieces: no Electron here (the
 * composition root passes shell.openExternal and the notifier's snooze), so every handler is
 * tested against the real engine. Arguments arrive validated (ipc-arguments.ts); a refusal is a
 * rejected promise whose message the renderer shows.
 */

export interface IpcHandlerDeps {
  readonly monitor: Pick<Monitor, 'snapshot' | 'checkNow'>;
  /** Absent when history could not be loaded: uptime is then unknown and the event list empty. */
  readonly history: History | undefined;
  /** For "add by URL". */
  readonly http: HttpClient;
  /** Per request; detection asks many endpoints at once. */
  readonly detectTimeoutMs?: number;
  readonly snooze: (until: number | null) => void;
  /** shell.openExternal; only ever given http(s) URLs. */
  readonly openExternal: (url: string) => Promise<void> | void;
  readonly settings: SettingsDeps;
  readonly catalog: CatalogDeps;
  /** Hides the popover (Escape on the overview). */
  readonly hideWindow: () => void;
}

/** The catalog of well-known services (main/catalog). */
export interface CatalogDeps {
  readonly search: (query: string) => readonly CatalogHit[];
  /** The service config for a catalog id, as `downwatch add ID` writes it; undefined if unknown. */
  readonly service: (id: string) => Record<string, unknown> | undefined;
}

/** The settings store and what surrounds it: the secret vault and the system's file dialogs. */
export interface SettingsDeps {
  readonly store: Pick<SettingsStore, 'settings' | 'update' | 'import' | 'export' | 'readOnly'>;
  /** Encrypts and keeps a secret (the vault); rejects when the system cannot encrypt. */
  readonly storeSecret: (name: string, plaintext: string) => Promise<void>;
  /** A save dialog; undefined when cancelled. */
  readonly chooseExportPath: (suggestedName: string) => Promise<string | undefined>;
  /** An open dialog for a JSON file; undefined when cancelled. */
  readonly chooseImportPath: () => Promise<string | undefined>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Events listed in a service's history. */
const HISTORY_EVENTS = 50;

export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  const edit = async (change: SettingsEdit): Promise<SettingsEditResult> => {
    const outcome = applySettingsEdit(deps.settings.store.settings(), change);
    if (!outcome.ok) return outcome;
    await deps.settings.store.update(() => outcome.settings);
    return { ok: true, settings: view(deps.settings) };
  };
  return {
    'snapshot:get': () => deps.monitor.snapshot(),
    'services:check-now': (serviceIds) => {
      deps.monitor.checkNow(serviceIds);
      return undefined;
    },
    'services:history': (serviceId) => serviceHistory(deps, serviceId),
    'services:detect': async (input) => {
      const parsed = parseDetectInput(input);
      if (!parsed.ok) throw new Error(parsed.message);
      return detectSources(parsed.url, {
        http: deps.http,
        ...(deps.detectTimeoutMs === undefined ? {} : { timeoutMs: deps.detectTimeoutMs }),
      });
    },
    'config:validate': (config) => {
      const parsed = parseConfig(config);
      return parsed.ok ? [] : parsed.issues;
    },
    'notifications:snooze': (until) => {
      deps.snooze(until);
      return undefined;
    },
    'shell:open-external': async (url) => {
      if (!isSafeExternalUrl(url)) {
        throw new Error(`Not opened: only http and https links open in the browser (${shorten(url)})`);
      }
      await deps.openExternal(url);
      return undefined;
    },
    'settings:get': () => view(deps.settings),
    'settings:edit': edit,
    'secrets:store': async (name, value) => {
      await deps.settings.storeSecret(name, value);
      return view(deps.settings);
    },
    'settings:export': async () => {
      const path = await deps.settings.chooseExportPath(EXPORT_FILE_NAME);
      if (path === undefined) return { status: 'cancelled' };
      await writeFileAtomic(path, deps.settings.store.export());
      return { status: 'exported', path };
    },
    'catalog:search': (query) => deps.catalog.search(query),
    'catalog:add': async (id) => {
      const service = deps.catalog.service(id);
      if (!service) return { ok: false, issues: [{ path: 'id', message: `"${id}" is not in the catalog` }] };
      return edit({ kind: 'add-service', service });
    },
    'window:hide': () => {
      deps.hideWindow();
      return undefined;
    },
    'settings:import': async () => {
      const path = await deps.settings.chooseImportPath();
      if (path === undefined) return { status: 'cancelled' };
      const text = await readImportFile(path);
      if (!text.ok) return { status: 'invalid', path, issues: [{ path: '(file)', message: text.message }] };
      const outcome = await deps.settings.store.import(text.text);
      return outcome.ok
        ? { status: 'imported', path, missingSecrets: outcome.missingSecrets }
        : { status: 'invalid', path, issues: outcome.issues };
    },
  };
}

/** Uptime, the timeline strip, each probe's latency and the event log of one service. */
function serviceHistory(deps: IpcHandlerDeps, serviceId: string): ServiceHistory {
  const { history } = deps;
  const service = deps.monitor.snapshot().services.find((candidate) => candidate.id === serviceId);
  const probes = service?.sources.filter((source) => source.family === 'probe') ?? [];
  return {
    serviceId,
    uptime24h: history?.uptime('service', serviceId, DAY_MS),
    uptime7d: history?.uptime('service', serviceId, 7 * DAY_MS),
    events: history?.events({ serviceId, limit: HISTORY_EVENTS }) ?? [],
    timeline: (history?.buckets('service', serviceId, DAY_MS) ?? []).map((bucket) => ({
      at: bucket.start,
      status: bucket.worst,
    })),
    latency: probes.map((source) => ({
      sourceKey: source.key,
      label: source.label,
      points: history?.latency(source.key, DAY_MS) ?? [],
    })),
  };
}

function view(settings: SettingsDeps): SettingsView {
  return settingsView(settings.store.settings(), settings.store.readOnly);
}

/** An imported config is small; anything larger than this is not one. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const EXPORT_FILE_NAME = 'downwatch-config.json';

async function readImportFile(
  path: string,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const info = await stat(path);
    if (info.size > MAX_IMPORT_BYTES) {
      return {
        ok: false,
        message: `the file is ${Math.round(info.size / 1024)} KB; a config is at most 5 MB`,
      };
    }
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    return {
      ok: false,
      message: `could not read the file: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
