import fc from 'fast-check';

/**
 * Values a random generator would almost never produce but real parsers trip on, named so a
 * failing counterexample prints "proto key" rather than 100,000 characters.
 *
 * - Keys of Object.prototype: `TABLE[value]` on a plain object returns a function for them.
 * - The words the providers' tables know, so mutated payloads still reach the deep branches.
 * - Dates at the edges: Go's zero time, years a Date cannot hold, days that do not exist.
 * - Markup, entities and line breaks: third-party text must come out as one plain line.
 */
export const NASTY_STRINGS = {
  empty: '',
  space: ' ',
  'proto key': '__proto__',
  constructor: 'constructor',
  toString: 'toString',
  hasOwnProperty: 'hasOwnProperty',
  valueOf: 'valueOf',
  'null word': 'null',
  'NaN word': 'NaN',
  'minus one': '-1',
  'huge number text': '1e309',
  'long digits': '9'.repeat(400),
  'epoch seconds text': '1583020800',
  'epoch ms text': '1583020800000',
  'go zero time': '0001-01-01T00:00:00Z',
  'year 275760': '+275760-09-13T00:00:00.000Z',
  'far future': '9999-12-31T23:59:59Z',
  'no such day': '2020-02-30T25:61:00Z',
  'rfc822 odd zone': 'Fri, 23 Aug 2019 04:18:35 XYZ',
  'rfc822 leap second': 'Sat, 31 Dec 2016 23:59:60 GMT',
  'zoneless time': '2020-10-01 12:00:00',
  operational: 'operational',
  degraded_performance: 'degraded_performance',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
  under_maintenance: 'under_maintenance',
  in_progress: 'in_progress',
  resolved: 'resolved',
  investigating: 'investigating',
  scheduled: 'scheduled',
  completed: 'completed',
  maintenance: 'maintenance',
  critical: 'critical',
  none: 'none',
  up: 'up',
  down: 'down',
  active: 'active',
  ok: 'ok',
  outage: 'outage',
  notice: 'notice',
  danger: 'danger',
  warning: 'warning',
  finished: 'finished',
  failed: 'failed',
  'in-progress': 'in-progress',
  offline: 'offline',
  SERVICE_OUTAGE: 'SERVICE_OUTAGE',
  'statusio 600': '600',
  'cachet 4': '4',
  script: '<script>alert(1)</script>',
  'unclosed tag': '<b>bold',
  entities: '&amp;&lt;&#0;&#x110000;&#xD800;&bogus;&',
  'javascript link': 'javascript:alert(1)',
  'broken url': 'https://[::1',
  'relative url': '/incidents/1',
  nul: '\u0000',
  'lone surrogate': '\uD800',
  'line breaks': 'line\nbreak\r\n\ttab',
  'unicode separators': 'a\u2028b\u2029c\u0085d',
  rtl: '\u202Eevil',
  'long text': 'x'.repeat(100_000),
  'long words': 'outage '.repeat(5_000),
} as const;

export type NastyString = keyof typeof NASTY_STRINGS;

export const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  8.64e15 + 1,
  1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1583020800,
  1583020800000,
] as const;

export const nastyString: fc.Arbitrary<NastyString> = fc.constantFrom(
  ...(Object.keys(NASTY_STRINGS) as NastyString[]),
);

/** Object keys worth planting: prototype names and keys that look like a provider's own. */
export const NASTY_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'status',
  'name',
  'id',
  '',
] as const;
