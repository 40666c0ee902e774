/**
 * Tolerant timestamp parsing for provider payloads: ISO 8601 with an offset or "Z", ISO without
 * a zone (read as UTC, which is what every provider we read means by it), epoch numbers in
 * seconds or milliseconds, and the RFC 822 / RFC 2822 dates of RSS feeds ("Fri, 23 Aug 2019
 * 04:18:35 PDT"). Returns epoch milliseconds, or undefined for anything else; a bad date never
 * throws and never becomes "now".
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
  // RFC 822 dates are read here, not by Date.parse: V8 reads an abbreviation it does not know
  // (JST, CET) as the machine's local time, so the same feed would mean different instants on
  // different machines.
  const rfc822 = RFC_822.exec(text);
  if (rfc822) return parseRfc822(rfc822);
  return valid(Date.parse(text));
}

/**
 * Zone abbreviations, in minutes east of UTC. RFC 822 defines UT/GMT, Z and the four US zones;
 * the others are the ones status feeds are seen to use. Where an abbreviation is ambiguous the
 * RFC or the commonest use wins: CST is US Central (RFC 822), not China; IST is India
 * (+05:30), not Ireland or Israel; BST is British Summer Time. An abbreviation not listed here
 * makes the date unreadable (undefined) rather than a guess.
 */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  EST: -5 * 60,
  EDT: -4 * 60,
  CST: -6 * 60,
  CDT: -5 * 60,
  MST: -7 * 60,
  MDT: -6 * 60,
  PST: -8 * 60,
  PDT: -7 * 60,
  AKST: -9 * 60,
  AKDT: -8 * 60,
  HST: -10 * 60,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 2 * 60,
  EET: 2 * 60,
  EEST: 3 * 60,
  MSK: 3 * 60,
  IST: 5 * 60 + 30,
  SGT: 8 * 60,
  HKT: 8 * 60,
  AWST: 8 * 60,
  JST: 9 * 60,
  KST: 9 * 60,
  ACST: 9 * 60 + 30,
  AEST: 10 * 60,
  AEDT: 11 * 60,
  NZST: 12 * 60,
  NZDT: 13 * 60,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// [Day,] D Mon YYYY HH:MM[:SS] [zone]. The day of week is optional (real feeds drop it) and
// not checked against the date; months may be spelled out; a missing zone is UTC, as above.
const RFC_822 =
  /^(?:[a-z]{3,9}\.?,?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(?:\s*([+-]\d{2}:?\d{2}|[a-z]{1,5}))?$/i;

function parseRfc822(match: RegExpExecArray): number | undefined {
  const [, day, monthName, yearText, hour, minute, second, zone] = match;
  const month = MONTHS.indexOf((monthName ?? '').slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  let year = Number(yearText);
  // RFC 822 two-digit years; RFC 2822 section 4.3 reads 00-49 as 20xx, 50-99 as 19xx.
  if ((yearText ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  const [d, h, m, s] = [Number(day), Number(hour), Number(minute), Number(second ?? 0)];
  if (d < 1 || d > 31 || h > 23 || m > 59 || s >= 61) return undefined;
  const utc = Date.UTC(year, month, d, h, m, 0) + Math.round(s * 1000);
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is not a date.
  if (new Date(utc).getUTCDate() !== d && s < 60) return undefined;
  return utc - offset * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONE_OFFSETS[zone.toUpperCase()];
}

function fromEpoch(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  // Ten digits or fewer is seconds (good until the year 2286).
  return valid(value < 1e11 ? value * 1000 : value);
}

/** The latest instant a Date can hold (ECMA-262, "Time Values and Time Range"). */
export const MAX_TIME_MS = 8.64e15;

/**
 * Whether `ms` is an instant worth keeping: after 1970 (earlier dates are placeholders, like
 * Go's zero time "0001-01-01T00:00:00Z") and one a Date can hold. Beyond that, `new Date(ms)`
 * is invalid and formatting it throws, and arithmetic in 15-minute steps stops moving (1e21 +
 * 900000 is 1e21), so a payload's "1e300" must not become a time.
 */
export function isTime(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_TIME_MS;
}

function valid(ms: number): number | undefined {
  return isTime(ms) ? ms : undefined;
}
