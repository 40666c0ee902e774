import { isSourceType, SOURCE_TYPES, type SourceConfig } from '../sources/registry.js';
import { fromZodIssues, formatPath, type ConfigIssue, type PathSegment } from './issues.js';
import { migrateConfig } from './migrate.js';
import { configSchema, serviceSchema, type ConfirmSettings, type ConnectivitySettings } from './schema.js';

/** A validated config with every default filled in: what the engine runs on. */
export interface MonitorConfig {
  readonly version: 1;
  readonly maxConcurrent: number;
  readonly confirm: ConfirmSettings;
  readonly connectivity: ConnectivitySettings;
  readonly services: readonly ServiceConfig[];
}

export interface ServiceConfig {
  readonly id: string;
  readonly name: string;
  readonly sources: readonly SourceConfig[];
}

export type ConfigResult = { ok: true; config: MonitorConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates a config from `unknown` (a parsed JSON file, an import, the app's settings) and
 * reports every problem at once, each with its field path.
 */
export function parseConfig(input: unknown): ConfigResult {
  const migrated = migrateConfig(input);
  if (!migrated.ok) return { ok: false, issues: [migrated.issue] };
  const top = configSchema.safeParse(migrated.document);
  if (!top.success) return { ok: false, issues: fromZodIssues(top.error.issues, [], migrated.document) };

  const issues: ConfigIssue[] = [];
  const services: ServiceConfig[] = [];
  const seenIds = new Map<string, number>();
  top.data.services.forEach((rawService, index) => {
    const service = parseService(rawService, ['services', index], issues);
    if (!service) return;
    const first = seenIds.get(service.id);
    if (first !== undefined) {
      issues.push({
        path: formatPath(['services', index, 'id']),
        message: `"${service.id}" is already used by services[${first}]`,
      });
      return;
    }
    seenIds.set(service.id, index);
    services.push(service);
  });
  if (issues.length > 0) return { ok: false, issues };
  // The app's own section of an exported file is not the engine's business.
  const { app: _app, ...engine } = top.data;
  return { ok: true, config: { ...engine, services } };
}

function parseService(input: unknown, path: PathSegment[], issues: ConfigIssue[]): ServiceConfig | undefined {
  const parsed = serviceSchema.safeParse(input);
  if (!parsed.success) {
    issues.push(...fromZodIssues(parsed.error.issues, path, input));
    return undefined;
  }
  const sources = parsed.data.sources.map((source, index) =>
    parseSource(source, [...path, 'sources', index], issues),
  );
  if (sources.some((source) => source === undefined)) return undefined;
  return {
    id: parsed.data.id,
    name: parsed.data.name,
    sources: sources.filter((source) => source !== undefined),
  };
}

/** One source, by its own type's schema. */
export function parseSource(
  input: unknown,
  path: PathSegment[],
  issues: ConfigIssue[],
): SourceConfig | undefined {
  const known = Object.keys(SOURCE_TYPES).join(', ');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.push({ path: formatPath(path), message: 'expected an object with a "type"' });
    return undefined;
  }
  const type = (input as { type?: unknown }).type;
  if (!isSourceType(type)) {
    const message =
      type === undefined
        ? `required: the source type (one of ${known})`
        : `unknown source type ${JSON.stringify(type)} (known: ${known})`;
    issues.push({ path: formatPath([...path, 'type']), message });
    return undefined;
  }
  const parsed = SOURCE_TYPES[type].schema.safeParse(input);
  if (!parsed.success) {
    issues.push(...fromZodIssues(parsed.error.issues, path, input));
    return undefined;
  }
  return parsed.data;
}
