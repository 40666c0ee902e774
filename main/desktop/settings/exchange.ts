import { z } from 'zod';
import { fromZodIssues, type ConfigIssue, type PathSegment } from '../../monitor/config/issues.js';
import { parseConfig } from '../../monitor/config/parse.js';
import {
  alertsSettingsSchema,
  inlineSecrets,
  parseSettings,
  secretNames,
  secretNameSchema,
  THEMES,
  type Settings,
  type Theme,
} from './schema.js';

/**
 * Import and export of the services and settings as one JSON file in the CLI's config format,
 * so `downwatch check --config exported.json` watches the same services, plus an `app` section
 * for what only the app has (the CLI ignores it).
 *
 * Secrets never leave in plain text. The app's are encrypted with a key bound to this machine
 * and account, useless anywhere else, so they are left out; each secret field stays the
 * `{ "env": NAME }` reference it already is, which the CLI reads from the environment, and
 * `app.secrets` lists the names to set. The note in the file says so.
 *
 * Not exported: launch at login and the window size, which belong to a machine, not a setup.
 */

export const EXPORT_NOTE =
  'Exported from Downwatch. Secrets are not in this file: each { "env": NAME } reads NAME from the ' +
  'environment when the downwatch CLI runs, and the app asks for them after an import. ' +
  'The names are listed in app.secrets.';

const appSectionSchema = z.object(
  {
    note: z.string().optional(),
    secrets: z.array(secretNameSchema, { error: 'expected a list of secret names' }).optional(),
    theme: z.enum(THEMES, { error: 'expected "system", "light" or "dark"' }).optional(),
    autoUpdate: z.boolean({ error: 'expected true or false' }).optional(),
    alerts: alertsSettingsSchema.optional(),
  },
  { error: 'expected the app section (an object)' },
);

/** The file's JSON: a CLI config with `app` last. */
export function exportSettings(settings: Settings): Record<string, unknown> {
  // Settings never hold inline secrets (the schema refuses them); if a bug put one there, it
  // still does not leave: it becomes a reference, and its value is dropped here.
  const { monitor } = externalizeSecrets(settings.monitor);
  const app = {
    note: EXPORT_NOTE,
    secrets: secretNames(monitor),
    theme: settings.theme,
    autoUpdate: settings.autoUpdate,
    alerts: settings.alerts,
  };
  return { ...monitor, app };
}

export function exportSettingsText(settings: Settings): string {
  return `${JSON.stringify(exportSettings(settings), null, 2)}\n`;
}

export interface ImportedSettings {
  /** The config as written (defaults not filled in), inline secrets replaced by references. */
  readonly monitor: Record<string, unknown>;
  /** The app settings the file carries; those it leaves out stay as they are. */
  readonly app: {
    readonly theme?: Theme;
    readonly autoUpdate?: boolean;
    readonly alerts?: Record<string, unknown>;
  };
  /**
   * Secrets that were written into the file itself (a CLI config may), by the name their
   * reference now uses. Encrypt each with safeStorage, then call applyImport; never log them.
   */
  readonly plaintextSecrets: Readonly<Record<string, string>>;
  /** Every name the services reference, to find the ones the app still has to ask for. */
  readonly secretNames: readonly string[];
}

export type ImportResult = { ok: true; imported: ImportedSettings } | { ok: false; issues: ConfigIssue[] };

/**
 * Reads an imported file's JSON (parse it with parseJsonText from main/monitor/config/load.ts
 * for line and column on syntax errors). Validates it as the CLI does and reports every problem
 * with its field path; nothing changes unless all of it is valid.
 */
export function importSettings(input: unknown): ImportResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ path: '(top level)', message: 'expected a Downwatch config: a JSON object' }],
    };
  }
  const { app, ...config } = input as Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  const parsed = parseConfig(config);
  if (!parsed.ok) issues.push(...parsed.issues);
  const appSection = appSectionSchema.safeParse(app ?? {});
  if (!appSection.success) issues.push(...fromZodIssues(appSection.error.issues, ['app'], app));
  if (!parsed.ok || !appSection.success) return { ok: false, issues };

  const { monitor, plaintext } = externalizeSecrets(config);
  const { note: _note, secrets: _names, ...settings } = appSection.data;
  return {
    ok: true,
    imported: { monitor, app: settings, plaintextSecrets: plaintext, secretNames: secretNames(monitor) },
  };
}

/**
 * The settings after an import: the imported service list replaces the current one, the app
 * settings the file carries replace theirs, and `encrypted` (safeStorage's output for each of
 * `plaintextSecrets`, base64) joins the stored secrets. Secrets already stored are kept: a
 * reference in the imported services may name one.
 */
export function applyImport(
  current: Settings,
  imported: ImportedSettings,
  encrypted: Readonly<Record<string, string>>,
): Settings {
  const missing = Object.keys(imported.plaintextSecrets).filter((name) => !Object.hasOwn(encrypted, name));
  if (missing.length > 0) throw new Error(`applyImport: no encrypted value for ${missing.join(', ')}`);
  const result = parseSettings({
    ...current,
    ...imported.app,
    monitor: imported.monitor,
    secrets: { ...current.secrets, ...encrypted },
  });
  if (!result.ok) {
    throw new Error(
      `applyImport: the result is not valid settings: ${result.issues.map((i) => i.path).join(', ')}`,
    );
  }
  return result.settings;
}

/** Names the services reference that the app holds no encrypted value for. */
export function missingSecrets(settings: Settings): string[] {
  return secretNames(settings.monitor).filter((name) => !Object.hasOwn(settings.secrets, name));
}

/**
 * A copy of the config with every inline secret replaced by `{ "env": NAME }`, and the values
 * by name. Names read like the variables a person would set for the CLI:
 * DOWNWATCH_OUR_API_DOWNDETECTOR_CLIENT_SECRET.
 */
export function externalizeSecrets(monitor: Record<string, unknown>): {
  monitor: Record<string, unknown>;
  plaintext: Record<string, string>;
} {
  const copy = structuredClone(monitor);
  const taken = new Set(secretNames(monitor));
  const plaintext: Record<string, string> = {};
  for (const field of inlineSecrets(monitor)) {
    const base = envName(['DOWNWATCH', field.serviceId ?? 'service', field.sourceType, ...field.field]);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    setAt(copy, field.path, { env: name });
    plaintext[name] = String(field.value);
  }
  return { monitor: copy, plaintext };
}

function envName(parts: readonly string[]): string {
  return parts
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function setAt(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let node: unknown = root;
  for (const segment of path.slice(0, -1)) node = (node as Record<PathSegment, unknown>)[segment];
  const last = path.at(-1);
  if (last !== undefined) (node as Record<PathSegment, unknown>)[last] = value;
}
