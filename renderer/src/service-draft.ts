import type { ConfigIssue } from '../../main/monitor/config/issues.js';

/**
 * A service as the editor holds it: the fields a form shows (name, id, and per source its type,
 * label and URL), plus each source's other fields as JSON text (rules, headers, intervals).
 * Pure: turned into the config format and back, and the engine's issues placed on the fields
 * they name. Tested in Node (test/renderer/service-draft.test.ts).
 */
export interface SourceDraft {
  readonly type: string;
  readonly label: string;
  readonly url: string;
  /** The source's other fields, as a JSON object's text. */
  readonly extra: string;
}

export interface ServiceDraft {
  readonly name: string;
  readonly id: string;
  /** The person typed the id: stop deriving it from the name. */
  readonly idEdited: boolean;
  readonly sources: readonly SourceDraft[];
}

/** Where an issue shows: the service's name or id, one source's field, or the form as a whole. */
export type FieldKey = 'name' | 'id' | `sources.${number}.${'type' | 'label' | 'url' | 'extra'}` | 'form';

export function draftFromService(service: unknown): ServiceDraft {
  const record = isObject(service) ? service : {};
  const sources = Array.isArray(record.sources) ? (record.sources as unknown[]) : [];
  return {
    name: typeof record.name === 'string' ? record.name : '',
    id: typeof record.id === 'string' ? record.id : '',
    idEdited: typeof record.id === 'string',
    sources: sources.map(sourceDraft),
  };
}

function sourceDraft(source: unknown): SourceDraft {
  const { type, label, url, ...rest } = isObject(source) ? source : {};
  return {
    type: typeof type === 'string' ? type : 'http',
    label: typeof label === 'string' ? label : '',
    url: typeof url === 'string' ? url : '',
    extra: Object.keys(rest).length === 0 ? '' : JSON.stringify(rest, null, 2),
  };
}

export function emptySource(type = 'http'): SourceDraft {
  return { type, label: '', url: '', extra: '' };
}

/** "Our API (staging)" → "our-api-staging": the config's id rule. */
export function idFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

export type DraftResult =
  | { readonly ok: true; readonly service: Record<string, unknown> }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** The config object the engine validates; a source's JSON text that does not parse is an issue. */
export function serviceFromDraft(draft: ServiceDraft): DraftResult {
  const issues: ConfigIssue[] = [];
  const sources = draft.sources.map((source, index) => {
    let extra: Record<string, unknown> = {};
    if (source.extra.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(source.extra);
        if (isObject(parsed)) extra = parsed;
        else
          issues.push({
            path: `sources[${index}].extra`,
            message: 'expected a JSON object: { "field": value }',
          });
      } catch (error) {
        issues.push({
          path: `sources[${index}].extra`,
          message: `not valid JSON: ${(error as Error).message}`,
        });
      }
    }
    return {
      type: source.type,
      ...(source.label.trim() === '' ? {} : { label: source.label.trim() }),
      ...(source.url.trim() === '' ? {} : { url: source.url.trim() }),
      ...extra,
    };
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, service: { id: draft.id.trim(), name: draft.name.trim(), sources } };
}

/**
 * Places the engine's issues (paths from the service, `sources[0].url`, or from a config,
 * `services[0].sources[0].url`) on the form's fields; what names no field goes on the form.
 */
export function placeIssues(issues: readonly ConfigIssue[]): Map<FieldKey, string[]> {
  const placed = new Map<FieldKey, string[]>();
  for (const issue of issues) {
    const key = fieldOf(issue.path.replace(/^services\[0\]\.?/, ''));
    placed.set(key, [...(placed.get(key) ?? []), issue.message]);
  }
  return placed;
}

function fieldOf(path: string): FieldKey {
  if (path === 'name' || path === 'id') return path;
  const source = /^sources\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (!source) return 'form';
  const index = Number(source[1]);
  const field = source[2];
  if (field === 'type' || field === 'label' || field === 'url' || field === 'extra')
    return `sources.${index}.${field}`;
  // Anything else of a source (rules, headers, intervalSeconds) lives in its JSON text.
  return `sources.${index}.extra`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
