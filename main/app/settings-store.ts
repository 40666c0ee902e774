import { isDeepStrictEqual } from 'node:util';
import { basename, dirname, extname } from 'node:path';
import Store from 'electron-store';
import type { Clock } from '../monitor/clock.js';
import { issueText, type ConfigIssue } from '../monitor/config/issues.js';
import { parseJsonText } from '../monitor/config/load.js';
import type { MonitorConfig } from '../monitor/config/parse.js';
import type { Logger } from '../monitor/logger.js';
import {
  applyImport,
  exportSettingsText,
  importSettings,
  missingSecrets,
} from '../desktop/settings/exchange.js';
import { loadSettingsFile, writeSettingsBackup } from '../desktop/settings/settings-file.js';
import {
  electronStoreSchema,
  monitorConfigOf,
  parseSettings,
  type Settings,
} from '../desktop/settings/schema.js';

/**
 * The settings, carried out: settings-file.ts decides what a damaged, old or newer file becomes;
 * electron-store then owns the file (atomic writes, the schema checked on each) and every
 * change also refreshes `<file>.bak`. When the file must be left alone (`readOnly`), settings
 * live in memory for the session and the person has been told so.
 */

export interface SettingsStoreDeps {
  /** userData/config.json: electron-store's own file. */
  readonly path: string;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  /** Tells the person something happened to their settings file (shown once). */
  readonly notify: (text: string) => void;
  /** Encrypts a secret found in plain text in an imported file (secrets.ts's encryptSecret). */
  readonly encrypt: (plaintext: string, name: string) => Promise<string>;
}

export type ImportOutcome =
  | {
      readonly ok: true;
      readonly settings: Settings;
      /** Names the imported services refer to that the app has no value for: ask for them. */
      readonly missingSecrets: readonly string[];
    }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export interface SettingsStore {
  /** The current settings; treat as read-only (update() hands out a copy to change). */
  settings(): Settings;
  /**
   * Applies a change: `mutator` gets a copy and returns the next settings. Rejects, changing
   * nothing, when the result is not valid settings. Resolves once the backup is written too.
   */
  update(mutator: (draft: Settings) => Settings): Promise<Settings>;
  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void;
  /** The engine's config from the current settings. */
  monitorConfig(): MonitorConfig;
  /** An exported file's text in; nothing changes unless all of it is valid. */
  import(text: string): Promise<ImportOutcome>;
  /** The settings as a CLI config plus the app section, secrets left out (exchange.ts). */
  export(): string;
  /** Changes are kept in memory only this session (see LoadedSettings.readOnly). */
  readonly readOnly: boolean;
  /**
   * Resolves once every change made so far has its backup written. A change whose caller does
   * not wait (a snooze from the tray) would otherwise still be writing when the app quits.
   */
  flush(): Promise<void>;
  dispose(): void;
}

export async function setupSettingsStore(deps: SettingsStoreDeps): Promise<SettingsStore> {
  const { path, logger } = deps;
  const loaded = await loadSettingsFile(path, { clock: deps.clock, logger });
  if (loaded.notice !== undefined) deps.notify(loaded.notice);

  let current = loaded.settings;
  const store = loaded.readOnly ? undefined : openStore(path, current, logger);
  const readOnly = store === undefined;
  if (readOnly && !loaded.readOnly) {
    deps.notify(`Your settings file ${path} could not be opened; changes made now will not be saved.`);
  }

  const listeners = new Set<(settings: Settings) => void>();
  // The last good save starts as what was just opened; later ones follow in order.
  if (store) await backup(path, current, logger);
  let backups = Promise.resolve();

  const update = async (mutator: (draft: Settings) => Settings): Promise<Settings> => {
    const parsed = parseSettings(mutator(structuredClone(current)));
    if (!parsed.ok) {
      throw new Error(`Settings not changed: ${parsed.issues.slice(0, 3).map(issueText).join('; ')}`);
    }
    const next = parsed.settings;
    if (isDeepStrictEqual(next, current)) return current;
    if (store) store.store = next;
    current = next;
    for (const listener of listeners) listener(next);
    if (store) {
      backups = backups.then(() => backup(path, next, logger));
      await backups;
    }
    return next;
  };

  return {
    settings: () => current,
    update,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    monitorConfig: () => monitorConfigOf(current),
    async import(text) {
      const json = parseJsonText(text, 'the imported file');
      if (!json.ok) return { ok: false, issues: [json.issue] };
      const result = importSettings(json.value);
      if (!result.ok) return { ok: false, issues: result.issues };
      const { imported } = result;
      const encrypted: Record<string, string> = {};
      for (const [name, plaintext] of Object.entries(imported.plaintextSecrets)) {
        try {
          encrypted[name] = await deps.encrypt(plaintext, name);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          return { ok: false, issues: [{ path: '(top level)', message: `the file holds a secret. ${why}` }] };
        }
      }
      const settings = await update((draft) => applyImport(draft, imported, encrypted));
      logger.info('settings: imported', {
        services: Array.isArray(settings.monitor.services) ? settings.monitor.services.length : 0,
        secrets: Object.keys(encrypted),
      });
      return { ok: true, settings, missingSecrets: missingSecrets(settings) };
    },
    export: () => exportSettingsText(current),
    readOnly,
    flush: () => backups,
    dispose() {
      listeners.clear();
    },
  };
}

/** electron-store on the file loadSettingsFile left valid; undefined when it cannot open it. */
function openStore(path: string, settings: Settings, logger: Logger): Store<Settings> | undefined {
  try {
    const store = new Store<Settings>({
      ...electronStoreSchema(),
      cwd: dirname(path),
      name: basename(path, extname(path)),
      // loadSettingsFile already set a bad file aside, with a notice; never wipe one silently.
      clearInvalidConfig: false,
    });
    // First run: the store wrote its schema defaults; make the file say exactly what we hold.
    if (!isDeepStrictEqual(store.store, settings)) store.store = settings;
    return store;
  } catch (error) {
    logger.error('settings: electron-store could not open the file; keeping settings in memory', {
      path,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

async function backup(path: string, settings: Settings, logger: Logger): Promise<void> {
  try {
    await writeSettingsBackup(path, settings);
  } catch (error) {
    logger.warn('settings: could not write the backup', {
      path,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
