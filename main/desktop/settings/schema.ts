import type { Options as StoreOptions } from 'electron-store';
import { z } from 'zod';
import { DEFAULT_CONFIG } from '../../monitor/config/defaults.js';
import {
  formatPath,
  fromZodIssues,
  type ConfigIssue,
  type PathSegment,
} from '../../monitor/config/issues.js';
import { parseConfig, type MonitorConfig } from '../../monitor/config/parse.js';
import { secret as secretField } from '../../monitor/sources/fields.js';
import { isSourceType, SOURCE_TYPES } from '../../monitor/sources/registry.js';
import { isRecord } from '../../monitor/sources/guards.js';

/**
 * The desktop app's settings file, version 1. Every change to it bumps the version and adds a
 * migration (migrations.ts): additive ones too, so an older Downwatch meeting a newer file
 * knows it is newer and leaves it alone (settings-file.ts) instead of calling it corrupt.
 *
 * Secrets: `monitor` holds the CLI's config, whose secret fields are `{ "env": NAME }`
 * references here, never plain strings; `secrets[NAME]` holds that secret encrypted by
 * Electron's safeStorage, base64-encoded. The app resolves a reference from `secrets` first and
 * the environment second, so a config exported to the CLI keeps working there with NAME set in
 * the environment.
 */
export const SETTINGS_VERSION = 1;

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** The same names `{ "env": NAME }` accepts (main/monitor/sources/fields.ts). */
export const secretNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a name such as DOWNDETECTOR_SECRET' });

/**
 * What safeStorage.encryptString returned, base64. A schema cannot tell ciphertext from a
 * base64-encoded password; it can refuse everything that is not base64 at all, and the adapter
 * is the only writer.
 */
const encryptedSecret = z
  .string({ error: 'expected an encrypted secret (base64)' })
  .min(4, { error: 'expected an encrypted secret (base64)' })
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, {
    error: 'expected an encrypted secret (base64); secrets are never stored in plain text',
  });

const pixels = z.number({ error: 'expected pixels' }).int({ error: 'expected whole pixels' });

/** The popover's size after the person resized it; absent means the designed 380 x 560. */
export const windowSettingsSchema = z.strictObject({
  width: pixels.min(320, { error: 'at least 320' }).max(1600, { error: 'at most 1600' }),
  height: pixels.min(400, { error: 'at least 400' }).max(2000, { error: 'at most 2000' }),
});

/**
 * The service list and engine settings: the CLI's config file, as JSON, validated by the same
 * parseConfig (so the app and the CLI share one format), kept as written rather than with
 * defaults filled in, so a later Downwatch's better defaults still apply.
 */
export const monitorSettingsSchema = z
  .record(z.string(), z.unknown(), { error: 'expected the monitor config (an object)' })
  .superRefine((monitor, ctx) => {
    const parsed = parseConfig(monitor);
    if (!parsed.ok) {
      for (const issue of parsed.issues) {
        ctx.addIssue({
          code: 'custom',
          message: issue.message,
          path: [],
          params: { configPath: issue.path },
        });
      }
    }
    for (const field of inlineSecrets(monitor)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a secret in plain text; store it in secrets and refer to it as { "env": NAME }',
        path: [...field.path],
      });
    }
  });

/**
 * Notification rules. Their shape belongs to main/monitor/alerts (alertSettingsSchema), which
 * parses this object and fills its own defaults; here it is only carried: through migrations,
 * the file and export, unchanged.
 */
export const alertsSettingsSchema = z.record(z.string(), z.unknown(), {
  error: 'expected the notification settings (an object)',
});

export const settingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION, { error: `expected version ${SETTINGS_VERSION}` }),
  monitor: monitorSettingsSchema.default(defaultMonitorSettings),
  alerts: alertsSettingsSchema.default(() => ({})),
  launchAtLogin: z.boolean({ error: 'expected true or false' }).default(false),
  theme: z.enum(THEMES, { error: 'expected "system", "light" or "dark"' }).default('system'),
  autoUpdate: z.boolean({ error: 'expected true or false' }).default(true),
  window: windowSettingsSchema.optional(),
  secrets: z.record(secretNameSchema, encryptedSecret).default(() => ({})),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** A fresh copy each time: callers may change what they get. */
export function defaultMonitorSettings(): Record<string, unknown> {
  return structuredClone(DEFAULT_CONFIG);
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({ version: SETTINGS_VERSION });
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; issues: ConfigIssue[] };

/** Validates a current-version document (migrate older ones first), every problem with its path. */
export function parseSettings(input: unknown): SettingsResult {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, issues: settingsIssues(parsed.error.issues, input) };
}

/** Zod's issues as field paths, with the monitor config's own paths joined on. */
export function settingsIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigIssue[] {
  return issues.flatMap((issue) => {
    const inner =
      issue.code === 'custom' ? (issue.params as { configPath?: unknown } | undefined) : undefined;
    if (typeof inner?.configPath !== 'string') return fromZodIssues([issue], [], input);
    const outer = formatPath(issue.path.filter((segment) => typeof segment !== 'symbol'));
    const path = inner.configPath === '(top level)' ? outer : `${outer}.${inner.configPath}`;
    return [{ path, message: issue.message }];
  });
}

/** The engine's config from valid settings. */
export function monitorConfigOf(settings: Settings): MonitorConfig {
  const parsed = parseConfig(settings.monitor);
  // Settings are validated with this same parser, so this is a bug, not a person's mistake.
  if (!parsed.ok)
    throw new Error(`settings.monitor is not a valid config: ${parsed.issues[0]?.message ?? ''}`);
  return parsed.config;
}

/**
 * The settings as JSON Schema (draft 2020-12), input side: a field with a default may be
 * absent from the file. What the schema cannot say (the monitor config's own rules, secrets
 * never inline) is checked by parseSettings, which the file's load and save run.
 */
export function settingsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' });
}

/**
 * The same, cut the way electron-store (conf) takes it: `schema` is the `properties` object and
 * `rootSchema` the rest of the top level (conf refuses `properties` there). `version` gets a
 * default here only: a store started without a file writes the current version, while a file
 * without one is version 0 to migrations.ts.
 */
export function electronStoreSchema(): Required<Pick<StoreOptions<Settings>, 'schema' | 'rootSchema'>> {
  const { properties, required, additionalProperties } = settingsJsonSchema();
  // zod wrote these; their shape is JSON Schema by construction, which the types cannot see.
  const fields = properties as Record<keyof Settings, Record<string, unknown>>;
  return {
    schema: { ...fields, version: { ...fields.version, default: SETTINGS_VERSION } },
    rootSchema: { required, additionalProperties } as StoreOptions<Settings>['rootSchema'] & object,
  };
}

/** A secret field in the monitor config, found through the source types' own schemas. */
export interface SecretField {
  /** From the monitor config's root: ["services", 2, "sources", 0, "clientSecret"]. */
  readonly path: readonly PathSegment[];
  readonly serviceId: string | undefined;
  readonly sourceType: string;
  /** Within the source: ["clientSecret"], or ["headers", "Authorization"]. */
  readonly field: readonly string[];
  /** As written: a plain string (the secret itself) or `{ env: NAME }`; never log it. */
  readonly value: unknown;
}

/**
 * Every secret field that holds a value. Which fields are secrets is read off each source
 * type's schema (wherever fields.ts's `secret` itself is used, bare or `.optional()`), so a new
 * source type's secrets are found without a list to keep up to date here.
 */
export function secretFields(monitor: unknown): SecretField[] {
  const found: SecretField[] = [];
  const services = isRecord(monitor) && Array.isArray(monitor.services) ? monitor.services : [];
  services.forEach((service: unknown, serviceIndex) => {
    if (!isRecord(service) || !Array.isArray(service.sources)) return;
    const serviceId = typeof service.id === 'string' ? service.id : undefined;
    service.sources.forEach((source: unknown, sourceIndex) => {
      if (!isRecord(source) || !isSourceType(source.type)) return;
      const sourceType = source.type;
      walkSecrets(SOURCE_TYPES[sourceType].schema, source, [], (field, value) => {
        found.push({
          path: ['services', serviceIndex, 'sources', sourceIndex, ...field],
          serviceId,
          sourceType,
          field,
          value,
        });
      });
    });
  });
  return found;
}

/** Secret fields holding the secret itself: what must never reach the settings file. */
export function inlineSecrets(monitor: unknown): SecretField[] {
  return secretFields(monitor).filter((field) => typeof field.value === 'string');
}

/** The names `{ "env": NAME }` references use, each once, in order of appearance. */
export function secretNames(monitor: unknown): string[] {
  const names = secretFields(monitor).flatMap((field) =>
    isRecord(field.value) && typeof field.value.env === 'string' ? [field.value.env] : [],
  );
  return [...new Set(names)];
}

function walkSecrets(
  schema: z.core.$ZodType,
  value: unknown,
  path: string[],
  visit: (path: string[], value: unknown) => void,
): void {
  if (value === undefined) return;
  if (schema === secretField) {
    visit(path, value);
    return;
  }
  const def = (schema as z.core.$ZodTypes)._zod.def;
  if (def.type === 'object' && isRecord(value)) {
    for (const [key, inner] of Object.entries(def.shape))
      walkSecrets(inner, value[key], [...path, key], visit);
  } else if (def.type === 'record' && isRecord(value)) {
    for (const [key, inner] of Object.entries(value))
      walkSecrets(def.valueType, inner, [...path, key], visit);
  } else if (def.type === 'array' && Array.isArray(value)) {
    value.forEach((inner: unknown, index) => {
      walkSecrets(def.element, inner, [...path, String(index)], visit);
    });
  } else if (WRAPPERS.has(def.type) && 'innerType' in def) {
    walkSecrets(def.innerType, value, path, visit);
  } else if (def.type === 'pipe') {
    walkSecrets(def.in, value, path, visit);
  }
  // Anything else is a leaf or a combinator no source puts around a secret.
}

/** Schema wrappers that leave the value's shape alone (`.optional()`, `.default()`, ...). */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);
