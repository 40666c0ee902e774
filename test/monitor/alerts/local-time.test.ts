import { describe, expect, it } from 'vitest';
import type { QuietHours } from '../../../main/monitor/alerts/alert-settings.js';
import { isInQuietHours, localMinuteOfDay } from '../../../main/monitor/alerts/local-time.js';

const utc = (iso: string): number => Date.parse(iso);
const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('local time of day, in an injected zone', () => {
  it.each<[string, string, string]>([
    ['2026-01-15T12:00:00Z', 'UTC', '12:00'],
    ['2026-01-15T23:59:59Z', 'UTC', '23:59'],
    ['2026-01-15T00:00:00Z', 'UTC', '00:00'],
    ['2026-01-15T12:00:00Z', 'America/New_York', '07:00'],
    ['2026-07-15T12:00:00Z', 'America/New_York', '08:00'],
    ['2026-01-15T12:00:00Z', 'Asia/Kolkata', '17:30'],
    ['2026-01-15T12:00:00Z', 'Asia/Kathmandu', '17:45'],
    // New York springs forward at 02:00 EST on 2026-03-08: 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT.
    ['2026-03-08T06:59:00Z', 'America/New_York', '01:59'],
    ['2026-03-08T07:00:00Z', 'America/New_York', '03:00'],
    // It falls back at 02:00 EDT on 2026-11-01: 01:30 happens twice.
    ['2026-11-01T05:30:00Z', 'America/New_York', '01:30'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '01:30'],
    // Berlin springs forward on 2026-03-29 at 02:00 CET.
    ['2026-03-29T00:59:00Z', 'Europe/Berlin', '01:59'],
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', '03:00'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(hhmm(localMinuteOfDay(utc(instant), timeZone))).toBe(expected);
  });
});

describe('quiet hours', () => {
  const night: QuietHours = { start: '22:00', end: '07:00', allowMajorOutages: false };
  const lunch: QuietHours = { start: '12:00', end: '13:30', allowMajorOutages: false };
  const never: QuietHours = { start: '09:00', end: '09:00', allowMajorOutages: false };

  it.each<[string, QuietHours, string, string, boolean]>([
    ['inside a daytime window', lunch, '2026-01-15T12:45:00Z', 'UTC', true],
    ['at its start (inclusive)', lunch, '2026-01-15T12:00:00Z', 'UTC', true],
    ['at its end (exclusive)', lunch, '2026-01-15T13:30:00Z', 'UTC', false],
    ['before it', lunch, '2026-01-15T11:59:00Z', 'UTC', false],
    ['a window across midnight, late evening', night, '2026-01-15T23:00:00Z', 'UTC', true],
    ['a window across midnight, at midnight', night, '2026-01-16T00:00:00Z', 'UTC', true],
    ['a window across midnight, early morning', night, '2026-01-16T06:59:00Z', 'UTC', true],
    ['a window across midnight, at its end', night, '2026-01-16T07:00:00Z', 'UTC', false],
    ['a window across midnight, at noon', night, '2026-01-15T12:00:00Z', 'UTC', false],
    ['a window across midnight, just before it', night, '2026-01-15T21:59:00Z', 'UTC', false],
    ['equal ends make an empty window', never, '2026-01-15T09:00:00Z', 'UTC', false],
    [
      "the person's zone, not UTC: 23:00 in New York",
      night,
      '2026-01-16T04:00:00Z',
      'America/New_York',
      true,
    ],
    [
      "the person's zone, not UTC: 07:30 in New York",
      night,
      '2026-01-15T12:30:00Z',
      'America/New_York',
      false,
    ],
    // On the spring-forward day the night is an hour shorter by the clock, not shifted:
    // 06:30 EDT (10:30Z) is still quiet, 07:00 EDT (11:00Z) is not; a fixed EST offset would say 05:30 / 06:00.
    ['spring-forward morning, 06:30 EDT', night, '2026-03-08T10:30:00Z', 'America/New_York', true],
    ['spring-forward morning, 07:00 EDT', night, '2026-03-08T11:00:00Z', 'America/New_York', false],
    [
      'spring-forward night, 03:00 EDT right after the gap',
      night,
      '2026-03-08T07:00:00Z',
      'America/New_York',
      true,
    ],
    // On the fall-back day 07:00 EST is 12:00Z; with a fixed EDT offset it would end an hour early.
    ['fall-back morning, 06:30 EST', night, '2026-11-01T11:30:00Z', 'America/New_York', true],
    ['fall-back morning, 07:00 EST', night, '2026-11-01T12:00:00Z', 'America/New_York', false],
    ['fall-back night, the second 01:30', night, '2026-11-01T06:30:00Z', 'America/New_York', true],
    ['Berlin, spring forward: 06:59 CEST', night, '2026-03-29T04:59:00Z', 'Europe/Berlin', true],
    ['Berlin, spring forward: 07:00 CEST', night, '2026-03-29T05:00:00Z', 'Europe/Berlin', false],
    ['Berlin, fall back: 22:00 CET', night, '2026-10-25T21:00:00Z', 'Europe/Berlin', true],
  ])('%s', (_name, quietHours, instant, timeZone, expected) => {
    expect(isInQuietHours(quietHours, utc(instant), timeZone)).toBe(expected);
  });
});
