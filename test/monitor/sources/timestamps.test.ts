import { describe, expect, it } from 'vitest';
import { isTime, parseTimestamp, ZONE_OFFSETS } from '../../../main/monitor/sources/timestamps.js';

// Expected values are epoch milliseconds worked out independently (from the ISO form with a
// numeric offset). Several are cross-checked by the payloads themselves: the AWS feed's guids
// carry the epoch seconds of their pubDate (…_1566559115, …_1467779043).
describe('parseTimestamp: RFC 822 dates of RSS feeds', () => {
  it.each<[string, number]>([
    ['Fri, 23 Aug 2019 04:18:35 PDT', 1566559115000],
    ['Sat, 07 Sep 2019 00:03:14 PDT', 1567839794000],
    ['Tue, 05 Jul 2016 21:24:03 PDT', 1467779043000],
    ['Sat, 14 Nov 2020 14:07:00 PST', 1605391620000],
    ['Mon, 02 Jan 2006 15:04:05 MST', 1136239445000],
    ['Mon, 01 Jun 2020 12:00:00 MDT', 1591034400000],
    ['Mon, 06 Jan 2020 09:30:00 EST', 1578321000000],
    ['Mon, 01 Jun 2020 09:30:00 EDT', 1591018200000],
    ['Mon, 06 Jan 2020 09:30:00 CST', 1578324600000],
    ['Mon, 01 Jun 2020 09:30:00 CDT', 1591021800000],
    ['Mon, 06 Jan 2020 09:30:00 UTC', 1578303000000],
    ['Mon, 06 Jan 2020 09:30:00 GMT', 1578303000000],
    ['Mon, 06 Jan 2020 09:30:00 UT', 1578303000000],
    ['Mon, 06 Jan 2020 09:30:00 Z', 1578303000000],
    ['Mon, 06 Jan 2020 09:30:00 JST', 1578270600000],
    ['Mon, 06 Jan 2020 09:30:00 CET', 1578299400000],
    ['Mon, 01 Jun 2020 09:30:00 CEST', 1590996600000],
    ['Mon, 01 Jun 2020 09:30:00 BST', 1591000200000],
    ['Mon, 06 Jan 2020 09:30:00 IST', 1578283200000],
    ['Mon, 06 Jan 2020 09:30:00 AEST', 1578267000000],
    ['Mon, 06 Jan 2020 09:30:00 NZDT', 1578256200000],
    ['Mon, 06 Jan 2020 09:30:00 +0530', 1578283200000],
    ['Mon, 06 Jan 2020 09:30:00 -0800', 1578331800000],
    ['Mon, 06 Jan 2020 09:30:00 +09:00', 1578270600000],
    // The Meraki sample: no day of week.
    ['24 Mar 2026 03:05:00 +0900', 1774289100000],
    // No seconds (RFC 822 allows it), no zone (read as UTC), spelled-out names, lower case.
    ['14 Nov 2020 14:07 PST', 1605391620000],
    ['24 Mar 2026 03:05:00', 1774321500000],
    ['Tuesday, 5 July 2016 21:24:03 PDT', 1467779043000],
    ['fri, 23 aug 2019 04:18:35 pdt', 1566559115000],
    // Two-digit years (RFC 2822 4.3): 00-49 are 20xx, 50-99 are 19xx.
    ['Thu, 01 Jan 99 00:00:00 GMT', 915148800000],
    ['Sat, 01 Jan 05 00:00:00 GMT', 1104537600000],
  ])('%s → %d', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each([
    ['an unknown zone abbreviation', 'Fri, 23 Aug 2019 04:18:35 XYZ'],
    ['a military zone letter other than Z', 'Fri, 23 Aug 2019 04:18:35 A'],
    ['a date that does not exist', 'Mon, 31 Feb 2020 00:00:00 GMT'],
    ['an hour past 23', 'Mon, 06 Jan 2020 24:30:00 GMT'],
    ['an unknown month', 'Mon, 06 Foo 2020 09:30:00 GMT'],
  ])('%s is unreadable, never a guess in local time', (_, text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('knows every documented zone, each within UTC-12..UTC+14', () => {
    for (const offset of Object.values(ZONE_OFFSETS)) {
      expect(offset).toBeGreaterThanOrEqual(-12 * 60);
      expect(offset).toBeLessThanOrEqual(14 * 60);
    }
    expect(ZONE_OFFSETS.CST).toBe(-6 * 60); // RFC 822: US Central, not China
    expect(ZONE_OFFSETS.IST).toBe(5 * 60 + 30); // India, not Ireland or Israel
  });
});

describe('parseTimestamp: ISO 8601 and epochs, as before', () => {
  it.each<[unknown, number | undefined]>([
    ['2020-11-14T14:07:38-08:00', 1605391658000],
    ['2026-08-22T11:43:00.908Z', 1787398980908],
    ['2020-10-01 12:00:00', 1601553600000],
    ['2020-10-01T12:00', 1601553600000],
    ['  2020-10-01T12:00:00Z  ', 1601553600000],
    [1566559115, 1566559115000],
    [1566559115000, 1566559115000],
    ['1566559115', 1566559115000],
    ['1566559115000', 1566559115000],
    [0, undefined],
    [-5, undefined],
    [Number.NaN, undefined],
    ['', undefined],
    ['   ', undefined],
    ['not a date', undefined],
    [null, undefined],
    [undefined, undefined],
    [{}, undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseTimestamp(value)).toBe(expected);
  });
});

describe('parseTimestamp: found by fuzzing (test/reliability/fuzz)', () => {
  it.each<[unknown, number | undefined]>([
    [8.64e15, 8.64e15],
    [8.64e15 + 1, undefined],
    [1e21, undefined],
    [1e300, undefined],
    [Number.MAX_VALUE, undefined],
    ['+275760-09-13T00:00:00.000Z', 8.64e15],
    ['+275760-09-13T00:00:00.001Z', undefined],
  ])('%j, past what a Date can hold, is no time → %s', (value, expected) => {
    expect(parseTimestamp(value)).toBe(expected);
  });

  it('says which computed instants are times', () => {
    expect([isTime(Date.UTC(2024, 0, 1)), isTime(0), isTime(8.64e15 + 1), isTime(Number.NaN)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
