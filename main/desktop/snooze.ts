import { localMinuteOfDay } from '../monitor/alerts/local-time.js';
import type { SnoozeActionId } from './tray-model.js';

const MINUTE = 60_000;
/** "Until tomorrow" means until the working day starts: 08:00 local time. */
export const TOMORROW_AT_MINUTE = 8 * 60;

/**
 * When a snooze chosen in the tray ends (epoch ms), or null to resume notifications.
 * "Until tomorrow" is the next 08:00 local time: after midnight that is the same morning, which
 * is what someone still up at 00:30 means. It counts local minutes, so on a night with a
 * daylight-saving change it may end an hour early or late, which a snooze can live with.
 */
export function snoozeUntil(action: SnoozeActionId, now: number, timeZone?: string): number | null {
  switch (action) {
    case 'snooze-1h':
      return now + 60 * MINUTE;
    case 'snooze-8h':
      return now + 8 * 60 * MINUTE;
    case 'snooze-tomorrow': {
      const minute = localMinuteOfDay(now, timeZone);
      const minutesAhead =
        minute < TOMORROW_AT_MINUTE ? TOMORROW_AT_MINUTE - minute : 24 * 60 - minute + TOMORROW_AT_MINUTE;
      // From the start of the current minute, so it ends at 08:00:00, not 08:00 and some seconds.
      return now - (now % MINUTE) + minutesAhead * MINUTE;
    }
    case 'snooze-off':
      return null;
  }
}
