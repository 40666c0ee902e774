import type { ConfigIssue } from './issues.js';

/**
 * Config versions. Each migration turns a version-N document into version N+1; a document is
 * walked up to CURRENT_CONFIG_VERSION before it is validated, so old files keep working and are
 * never silently dropped. Add a function here when the contract changes in a breaking way.
 */
export const CURRENT_CONFIG_VERSION = 1;

type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/** Keyed by the version a migration starts from. Empty while version 1 is the only one. */
const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type Migrated = { ok: true; document: Record<string, unknown> } | { ok: false; issue: ConfigIssue };

export function migrateConfig(
  input: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current = CURRENT_CONFIG_VERSION,
): Migrated {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issue: { path: '(top level)', message: 'expected a JSON object with "version" and "services"' },
    };
  }
  let document = input as Record<string, unknown>;
  const version = document.version;
  if (version === undefined) {
    return { ok: false, issue: { path: 'version', message: `required: add "version": ${current}` } };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, issue: { path: 'version', message: `expected a whole number such as ${current}` } };
  }
  if (version > current) {
    return {
      ok: false,
      issue: {
        path: 'version',
        message: `version ${version} is newer than this Downwatch understands (${current}); update Downwatch`,
      },
    };
  }
  for (let from = version; from < current; from += 1) {
    const migrate = migrations[from];
    if (!migrate)
      return { ok: false, issue: { path: 'version', message: `no migration from version ${from}` } };
    document = { ...migrate(document), version: from + 1 };
  }
  return { ok: true, document };
}
