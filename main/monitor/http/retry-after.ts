/**
 * Retry-After (RFC 9110 section 10.2.3): either delay-seconds or an HTTP date. Returns the wait
 * in milliseconds, or undefined when absent or unreadable. Capped: a server asking us to stay
 * away for a week is not honoured past a day.
 */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
