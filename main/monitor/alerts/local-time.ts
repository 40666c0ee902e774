import type { QuietHours } from './alert-settings.js';

/**
 * Local wall-clock time through Intl with an explicit zone, so quiet hours follow the person's
 * clock across DST changes and tests can pin the zone instead of depending on the machine's TZ.
 * `timeZone` undefined means the system's zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    // hourCycle h23: midnight is "00", never "24" (hour12: false alone gives "24" on some ICU builds).
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Minutes since local midnight (0..1439) at `now` in `timeZone`. */
export function localMinuteOfDay(now: number, timeZone?: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(now)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/** "22:30" to 1350. The settings schema has already checked the shape. */
export function clockTimeToMinutes(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Whether `now` falls in the daily window [start, end) on the local clock. A window whose end is
 * before its start wraps midnight (22:00 to 07:00); equal ends make an empty window. Judged on the
 * wall clock: on a DST day the window is as long as the clock says, not a fixed number of hours.
 */
export function isInQuietHours(quietHours: QuietHours, now: number, timeZone?: string): boolean {
  const start = clockTimeToMinutes(quietHours.start);
  const end = clockTimeToMinutes(quietHours.end);
  const minute = localMinuteOfDay(now, timeZone);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
