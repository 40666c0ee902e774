/**
 * Tolerant timestamp parsing for provider payloads: ISO 8601 with an offset or "Z", ISO without
 * a zone (read as UTC, which is what every provider we read means by it), and epoch numbers in
 * seconds or milliseconds. Returns epoch milliseconds, or undefined for anything else; a bad
 * date never throws and never becomes "now".
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));
  // "2020-10-01 12:00:00" (no T, no zone): make it ISO and UTC.
  const zoneless = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(text);
  if (zoneless) return valid(Date.parse(`${zoneless[1]}T${zoneless[2]}Z`));
  return valid(Date.parse(text));
}

function fromEpoch(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  // Ten digits or fewer is seconds (good until the year 2286).
  return value < 1e11 ? value * 1000 : value;
}

function valid(ms: number): number | undefined {
  return Number.isNaN(ms) ? undefined : ms;
}
