/**
 * Small readers for untrusted JSON. Provider payloads are parsed field by field so one odd
 * component or incident is skipped instead of failing the whole page.
 */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string or number as text (ids arrive as either). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Records from an array, skipping anything that is not an object. */
export function records(value: unknown): JsonRecord[] {
  return asArray(value).flatMap((item) => {
    const record = asRecord(item);
    return record ? [record] : [];
  });
}

/**
 * `table[key]` for the table's own keys only. A payload's "constructor" or "__proto__" must not
 * find Object.prototype's function or object, which would leave a reading with a status that
 * is no status at all (and an unknown value read as green).
 */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string | undefined): V | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `new URL(value, base).href`, or undefined where the constructor would throw ("https://[::1"). */
export function resolveUrl(value: string, base?: string): string | undefined {
  try {
    return new URL(value, base).href;
  } catch {
    return undefined;
  }
}

/**
 * The text without the slashes it ends with, by a scan from the end: `replace(/\/+$/, '')` tries
 * a match at every slash of a run and reads each to the run's end, which is quadratic, and a
 * path can be a stranger's (a link on a page that auto-detect follows).
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end -= 1; // '/'
  return end === text.length ? text : text.slice(0, end);
}

/** `{ key: value }` when the value is defined, else nothing: optional fields stay absent, not undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
