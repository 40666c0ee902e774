import { constants, copyFile, readFile } from 'node:fs/promises';
import { issueText, type ConfigIssue } from '../../monitor/config/issues.js';
import { parseJsonText } from '../../monitor/config/load.js';
import type { Clock } from '../../monitor/clock.js';
import { setAside, writeFileAtomic } from '../../monitor/files/safe-file.js';
import type { Logger } from '../../monitor/logger.js';
import { migrateSettings } from './migrations.js';
import { recoverSettings, servicesSentence, unreadSentence } from './recover.js';
import { defaultSettings, parseSettings, SETTINGS_VERSION, type Settings } from './schema.js';
import { errorCode } from '../../monitor/http/errors.js';
import { isRecord } from '../../monitor/sources/guards.js';
import { oneLine } from '../../monitor/sources/plain-text.js';

/**
 * The settings file on disk (the adapter gives its path: electron-store's). Loading never
 * throws and never silently loses the service list; saving is atomic and keeps `<file>.bak`,
 * the last good save, for the day the file itself is damaged.
 */

/** Notices quote file contents (JSON.parse does): kept to one readable line. */
const NOTICE_LENGTH = 240;

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
    const why = oneLine(error instanceof Error ? error.message : String(error), NOTICE_LENGTH);
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
    const why = oneLine(error instanceof Error ? error.message : String(error), NOTICE_LENGTH);
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
    return {
      kind: 'unusable',
      reason: oneLine(error instanceof Error ? error.message : String(error), NOTICE_LENGTH),
    };
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
  return oneLine(issues.length > 3 ? `${shown}; and ${issues.length - 3} more` : shown, NOTICE_LENGTH);
}

/** A copy of the file as it was before a migration, once; a later one never replaces it. */
async function keepCopy(path: string, copy: string, logger: Logger): Promise<void> {
  try {
    await copyFile(path, copy, constants.COPYFILE_EXCL);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') logger.warn('settings: could not keep a pre-migration copy', { copy });
  }
}
