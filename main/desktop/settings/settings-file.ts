import { randomBytes } from 'node:crypto';
import { constants, copyFile, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { issueText, type ConfigIssue } from '../../monitor/config/issues.js';
import { parseJsonText } from '../../monitor/config/load.js';
import type { Clock } from '../../monitor/clock.js';
import type { Logger } from '../../monitor/logger.js';
import { migrateSettings } from './migrations.js';
import {
  defaultSettings,
  monitorSettingsSchema,
  parseSettings,
  SETTINGS_VERSION,
  settingsSchema,
  type Settings,
} from './schema.js';

/**
 * The settings file on disk (the adapter gives its path: electron-store's). Loading never
 * throws and never silently loses the service list; saving is atomic and keeps `<file>.bak`,
 * the last good save, for the day the file itself is damaged.
 */

export interface SettingsFileOptions {
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Set when something happened to the file: tell the person once (what, and what was kept). */
  readonly notice?: string;
  /**
   * Nothing may be written to the file this session: it was written by a newer Downwatch, or
   * it was damaged and could not be set aside. Keep the settings in memory only.
   */
  readonly readOnly: boolean;
}

export function backupPath(path: string): string {
  return `${path}.bak`;
}

/**
 * Loads, migrates and validates the file; afterwards the file on disk is valid current-version
 * settings, or absent (first run), or `readOnly` says to leave it alone.
 *
 * - Missing: defaults; or, when a valid `.bak` exists, that, restored with a notice.
 * - Older version: migrated and saved; the original is kept once as `<file>.v<N>`.
 * - Unreadable, not JSON, or invalid: set aside as `<file>.corrupt-<time>`, then rebuilt from
 *   what can be recovered (recoverSettings), saved, and explained in the notice.
 * - Newer version: left untouched, read for what this version understands, `readOnly`. Moving
 *   it aside would lose the newer app's settings when the person upgrades again (trying an
 *   older build is common); rewriting it would downgrade it silently.
 */
export async function loadSettingsFile(path: string, options: SettingsFileOptions): Promise<LoadedSettings> {
  const file = await readJsonFile(path);
  if (file.kind === 'missing') return restoreFromBackup(path, options);
  if (file.kind === 'unusable') return setAsideAndRecover(path, file.reason, undefined, options);
  const migrated = migrateSettings(withoutStoreBookkeeping(file.value));
  if (!migrated.ok && migrated.problem === 'newer') {
    options.logger.warn('settings: file is from a newer version; using it read-only', { path });
    const recovered = recoverSettings(withoutStoreBookkeeping(file.value), undefined);
    return {
      settings: recovered.settings,
      readOnly: true,
      notice:
        `Your settings file ${path} was ${migrated.message}. It was left as it is and changes made now ` +
        `will not be saved; update Downwatch to use all of it. ${servicesSentence(recovered, 'newer')}`,
    };
  }
  if (!migrated.ok) return setAsideAndRecover(path, migrated.message, file.value, options);
  const parsed = parseSettings(migrated.document);
  if (!parsed.ok) return setAsideAndRecover(path, describeIssues(parsed.issues), migrated.document, options);
  if (migrated.from === SETTINGS_VERSION) return { settings: parsed.settings, readOnly: false };
  await keepCopy(path, `${path}.v${migrated.from}`, options.logger);
  options.logger.info('settings: migrated', { path, from: migrated.from, to: SETTINGS_VERSION });
  return persist(path, parsed.settings, undefined, options.logger);
}

/**
 * Validates and saves atomically, then writes the same text to `<file>.bak`. Refuses invalid
 * settings and refuses to replace a file a newer Downwatch wrote.
 */
export async function saveSettingsFile(path: string, settings: Settings): Promise<void> {
  const text = await checkedText(path, settings);
  await writeFileAtomic(path, text);
  await writeFileAtomic(backupPath(path), text);
}

/**
 * Only the `.bak`: for an adapter that lets electron-store write the file itself, called after
 * each of its writes (store.onDidAnyChange), so a backup exists either way.
 */
export async function writeSettingsBackup(path: string, settings: Settings): Promise<void> {
  await writeFileAtomic(backupPath(path), await checkedText(path, settings));
}

async function checkedText(path: string, settings: Settings): Promise<string> {
  const parsed = parseSettings(settings);
  if (!parsed.ok) throw new Error(`refusing to save invalid settings: ${describeIssues(parsed.issues)}`);
  const onDisk = await readJsonFile(path);
  const version = onDisk.kind === 'json' && isRecord(onDisk.value) ? onDisk.value.version : undefined;
  if (typeof version === 'number' && version > SETTINGS_VERSION) {
    throw new Error(`refusing to replace ${path}: a newer Downwatch wrote it (settings version ${version})`);
  }
  return `${JSON.stringify(parsed.settings, null, 2)}\n`;
}

async function restoreFromBackup(path: string, options: SettingsFileOptions): Promise<LoadedSettings> {
  const backup = await readValidBackup(path);
  if (!backup) return { settings: defaultSettings(), readOnly: false };
  options.logger.warn('settings: file missing, restored from the backup', { path });
  const notice = `Your settings file ${path} was missing; it was restored from the last good save (${backupPath(path)}).`;
  return persist(path, backup, notice, options.logger);
}

async function setAsideAndRecover(
  path: string,
  reason: string,
  document: unknown,
  options: SettingsFileOptions,
): Promise<LoadedSettings> {
  const { clock, logger } = options;
  const recovered = recoverSettings(document, await readValidBackup(path));
  const services = servicesSentence(recovered, 'corrupt');
  const reset = unreadSentence(recovered);
  let aside: string;
  try {
    aside = await setAside(path, clock.now());
  } catch (error) {
    // The file stays where it was; saving over it would destroy the only copy, so nothing is.
    const why = oneLine(error instanceof Error ? error.message : String(error));
    logger.error('settings: file unusable and could not be set aside', { path, reason, error: why });
    return {
      settings: recovered.settings,
      readOnly: true,
      notice:
        `Your settings file ${path} could not be used (${reason}) and could not be set aside (${why}). ` +
        `It was left in place and changes will not be saved this session. ${services}${reset}`,
    };
  }
  logger.warn('settings: file unusable, set aside', {
    path,
    aside,
    reason,
    services: recovered.services.from,
  });
  const notice = `Your settings file could not be used (${reason}); it was kept as ${aside}. ${services}${reset}`;
  return persist(path, recovered.settings, notice, logger);
}

/** The sentence about the service list: the one thing a person must never lose unawares. */
function servicesSentence(recovered: Recovered, situation: 'corrupt' | 'newer'): string {
  const { from, count, total, lost } = recovered.services;
  const services = (n: number): string => `${n} service${n === 1 ? '' : 's'}`;
  switch (from) {
    case 'file':
      return situation === 'newer'
        ? `Your ${services(count)} are being watched.`
        : `Your ${services(count)} were recovered from it.`;
    case 'backup':
      return `Your ${services(count)} were restored from the last good save.`;
    case 'partial': {
      const where = situation === 'newer' ? 'the file' : 'the kept copy';
      return `${count} of ${services(total)} were recovered; could not read ${lost.join(', ')} (still in ${where}).`;
    }
    case 'defaults':
      return situation === 'newer'
        ? 'Its service list could not be read, so the default services are being watched.'
        : 'No service list could be recovered from it or from a backup, so the default services are back.';
  }
}

/** What could be kept from a damaged or newer file, field by field. */
interface Recovered {
  readonly settings: Settings;
  readonly services: {
    readonly from: 'file' | 'backup' | 'partial' | 'defaults';
    readonly count: number;
    readonly total: number;
    /** The services that could not be read, as `services[3] ("Slack")`. */
    readonly lost: readonly string[];
  };
  /** App settings present in the file but invalid: they fell back to the backup's or the default. */
  readonly unread: readonly string[];
  readonly hadBackup: boolean;
}

const APP_FIELDS = ['alerts', 'launchAtLogin', 'theme', 'autoUpdate', 'window', 'secrets'] as const;
type AppField = (typeof APP_FIELDS)[number];

/**
 * Keeps every field the document still has in valid form; the rest comes from the last good
 * save when there is one, else the defaults. The service list is tried hardest: the document's
 * own when all its services read (even if other monitor fields do not), else the backup's
 * whole list, else the document's services one by one, else the defaults.
 */
function recoverSettings(document: unknown, backup: Settings | undefined): Recovered {
  const raw = isRecord(document) ? document : {};
  const base = backup ?? defaultSettings();
  const unread: AppField[] = [];
  const app: Partial<Record<AppField, unknown>> = {};
  for (const field of APP_FIELDS) {
    const parsed = settingsSchema.shape[field].safeParse(raw[field]);
    if (raw[field] !== undefined && parsed.success) app[field] = parsed.data;
    else {
      if (raw[field] !== undefined) unread.push(field);
      app[field] = base[field];
    }
  }
  const { monitor, services } = recoverMonitor(raw.monitor, backup);
  const settings = settingsSchema.parse({ ...app, version: SETTINGS_VERSION, monitor });
  return { settings, services, unread, hadBackup: backup !== undefined };
}

function recoverMonitor(
  raw: unknown,
  backup: Settings | undefined,
): { monitor: Record<string, unknown>; services: Recovered['services'] } {
  const all = (from: 'file' | 'backup', monitor: Record<string, unknown>) => {
    const count = Array.isArray(monitor.services) ? monitor.services.length : 0;
    return { monitor, services: { from, count, total: count, lost: [] } };
  };
  if (isRecord(raw) && monitorSettingsSchema.safeParse(raw).success) return all('file', raw);
  const list: unknown[] = isRecord(raw) && Array.isArray(raw.services) ? raw.services : [];
  const kept: unknown[] = [];
  const lost: string[] = [];
  list.forEach((service, index) => {
    // Checked with those kept so far: a duplicate id is lost, not the service it repeats.
    if (monitorSettingsSchema.safeParse({ version: 1, services: [...kept, service] }).success)
      kept.push(service);
    else lost.push(describeService(service, index));
  });
  const withKept = { ...(isRecord(raw) ? raw : {}), services: kept };
  const monitor = monitorSettingsSchema.safeParse(withKept).success
    ? withKept
    : { version: 1, services: kept };
  if (list.length > 0 && lost.length === 0) return all('file', monitor);
  if (backup) return all('backup', backup.monitor);
  if (kept.length > 0)
    return { monitor, services: { from: 'partial', count: kept.length, total: list.length, lost } };
  return {
    monitor: defaultSettings().monitor,
    services: { from: 'defaults', count: 0, total: list.length, lost },
  };
}

function describeService(service: unknown, index: number): string {
  const name =
    isRecord(service) && typeof service.name === 'string' ? ` (${JSON.stringify(service.name)})` : '';
  return `services[${index}]${name}`;
}

/** The app settings that fell back, if any. */
function unreadSentence({ unread, hadBackup }: Recovered): string {
  if (unread.length === 0) return '';
  const values = `${hadBackup ? 'last saved' : 'default'} value${unread.length === 1 ? '' : 's'}`;
  return ` Could not read ${unread.join(', ')}; using the ${values} instead.`;
}

/** Saves what was loaded; when that fails, runs in memory and says so. */
async function persist(
  path: string,
  settings: Settings,
  notice: string | undefined,
  logger: Logger,
): Promise<LoadedSettings> {
  try {
    await saveSettingsFile(path, settings);
    return { settings, readOnly: false, ...(notice === undefined ? {} : { notice }) };
  } catch (error) {
    const why = oneLine(error instanceof Error ? error.message : String(error));
    logger.error('settings: could not save', { path, error: why });
    const unsaved = `Settings could not be saved to ${path} (${why}); changes will not be kept this session.`;
    return { settings, readOnly: true, notice: notice === undefined ? unsaved : `${notice} ${unsaved}` };
  }
}

async function readValidBackup(path: string): Promise<Settings | undefined> {
  const file = await readJsonFile(backupPath(path));
  if (file.kind !== 'json') return undefined;
  const migrated = migrateSettings(withoutStoreBookkeeping(file.value));
  if (!migrated.ok) return undefined;
  const parsed = parseSettings(migrated.document);
  return parsed.ok ? parsed.settings : undefined;
}

type JsonFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'unusable'; readonly reason: string }
  | { readonly kind: 'json'; readonly value: unknown };

async function readJsonFile(path: string): Promise<JsonFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unusable', reason: oneLine(error instanceof Error ? error.message : String(error)) };
  }
  const json = parseJsonText(text, path);
  return json.ok ? { kind: 'json', value: json.value } : { kind: 'unusable', reason: json.issue.message };
}

/** electron-store keeps its own bookkeeping under `__internal__` (only with its migrations); not ours. */
function withoutStoreBookkeeping(value: unknown): unknown {
  if (!isRecord(value) || !('__internal__' in value)) return value;
  const { __internal__: _bookkeeping, ...rest } = value;
  return rest;
}

function describeIssues(issues: readonly ConfigIssue[]): string {
  const shown = issues.slice(0, 3).map(issueText).join('; ');
  return oneLine(issues.length > 3 ? `${shown}; and ${issues.length - 3} more` : shown);
}

/** A copy of the file as it was before a migration, once; a later one never replaces it. */
async function keepCopy(path: string, copy: string, logger: Logger): Promise<void> {
  try {
    await copyFile(path, copy, constants.COPYFILE_EXCL);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') logger.warn('settings: could not keep a pre-migration copy', { copy });
  }
}

// The three helpers below repeat main/monitor/history/history-file.ts's private ones (set
// aside, atomic write, directory fsync); both files should share them once they are extracted.

/** Renames the file to an unused `<path>.corrupt-<ISO time>` (`:` is not allowed on Windows). */
async function setAside(path: string, now: number): Promise<string> {
  const base = `${path}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
  for (let attempt = 0; ; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${attempt}`;
    // rename() replaces an existing target; never let one kept copy overwrite another.
    if (!(await exists(candidate))) {
      await rename(path, candidate);
      return candidate;
    }
  }
}

/** Temp file in the same directory, fsync, rename over the target, fsync the directory. */
async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Windows cannot fsync a directory; some file systems refuse. The rename already happened.
    if (['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes(errorCode(error) ?? '')) return;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 240 ? `${flat.slice(0, 239)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
