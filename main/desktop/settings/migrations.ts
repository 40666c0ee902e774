import { DEFAULT_CONFIG } from '../../monitor/config/defaults.js';
import { SETTINGS_VERSION } from './schema.js';
import { isRecord } from '../../monitor/sources/guards.js';

/**
 * Settings file versions. Each migration turns a version-N document into version N+1 and is
 * kept forever, so a file from any earlier Downwatch walks up to SETTINGS_VERSION before it is
 * validated (like main/monitor/config/migrate.ts for the CLI's config). A migration renames and
 * reshapes; it never validates or drops: a wrong value is carried to where validation names it.
 *
 * Version 0 is the prototype's file, written before settings had a version:
 *
 *   {
 *     "services": [ ...CLI services... ],           the service list, at the top level
 *     "maxConcurrent", "confirm", "connectivity",   the CLI config's other fields, top level too
 *     "notifications": true | false,                false: no notifications at all
 *     "startAtLogin": true | false,                 renamed launchAtLogin
 *     "darkMode": true | false                      absent: follow the system
 *   }
 *
 * A file with no "version" is version 0: the prototype never wrote one.
 */

export type SettingsDocument = Record<string, unknown>;
export type SettingsMigration = (document: SettingsDocument) => SettingsDocument;

/** The CLI config fields version 0 kept at the top level beside the services. */
const MONITOR_FIELDS = ['services', 'maxConcurrent', 'confirm', 'connectivity'] as const;

/** 0 -> 1: the monitor config moves under `monitor`; the app's own fields get their v1 names. */
function fromVersion0(document: SettingsDocument): SettingsDocument {
  const { notifications, startAtLogin, darkMode, ...rest } = document;
  const monitor: SettingsDocument = { version: 1 };
  for (const field of MONITOR_FIELDS) {
    if (field in rest) monitor[field] = rest[field];
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- moving a known key, not a record entry
    delete rest[field];
  }
  if (!('services' in monitor)) monitor.services = structuredClone(DEFAULT_CONFIG.services);
  const migrated: SettingsDocument = { ...rest, monitor };
  // "No notifications" becomes every service muted: version 1's alerts have levels per service
  // (main/monitor/alerts), and muting each one is what the person had.
  if (notifications === false) migrated.alerts = { levels: mutedLevels(monitor.services) };
  else if (notifications !== undefined && notifications !== true) migrated.alerts = notifications;
  if (startAtLogin !== undefined) migrated.launchAtLogin = startAtLogin;
  if (darkMode === true) migrated.theme = 'dark';
  else if (darkMode === false) migrated.theme = 'light';
  else if (darkMode !== undefined) migrated.theme = darkMode;
  return migrated;
}

function mutedLevels(services: unknown): Record<string, 'muted'> {
  const levels: Record<string, 'muted'> = {};
  if (!Array.isArray(services)) return levels;
  for (const service of services as unknown[]) {
    if (isRecord(service) && typeof service.id === 'string') levels[service.id] = 'muted';
  }
  return levels;
}

/** Keyed by the version a migration starts from. */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = { 0: fromVersion0 };

export type MigratedSettings =
  | { readonly ok: true; readonly document: SettingsDocument; readonly from: number }
  | { readonly ok: false; readonly problem: 'not-an-object' | 'bad-version'; readonly message: string }
  | { readonly ok: false; readonly problem: 'newer'; readonly version: number; readonly message: string };

/** Walks a parsed settings file up to the current version; never throws, never validates. */
export function migrateSettings(
  input: unknown,
  migrations: Readonly<Record<number, SettingsMigration>> = SETTINGS_MIGRATIONS,
  current = SETTINGS_VERSION,
): MigratedSettings {
  if (!isRecord(input)) {
    return { ok: false, problem: 'not-an-object', message: 'expected a JSON object' };
  }
  const version = input.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      ok: false,
      problem: 'bad-version',
      message: `"version" is ${JSON.stringify(version)}, not a version number`,
    };
  }
  if (version > current) {
    return {
      ok: false,
      problem: 'newer',
      version,
      message: `written by a newer Downwatch (settings version ${version}; this one knows up to ${current})`,
    };
  }
  // A copy: migrations may move keys around, and the caller's object is what it read from disk.
  let document: SettingsDocument = structuredClone(input);
  for (let from = version; from < current; from += 1) {
    const migrate = migrations[from];
    if (!migrate)
      return { ok: false, problem: 'bad-version', message: `no migration from settings version ${from}` };
    document = { ...migrate(document), version: from + 1 };
  }
  return { ok: true, document, from: version };
}
