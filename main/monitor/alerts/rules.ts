import type { ServiceEvent } from '../events.js';
import { isDisrupted, type DisruptedStatus, type Status } from '../status.js';
import { isSnoozed, levelFor, type AlertLevel, type AlertSettings } from './alert-settings.js';
import { isInQuietHours } from './local-time.js';

/** The person's rules for one event, apart from timing (start, wake, offline: see policy.ts). */

/** Whether a status is worth telling at a level: any disruption, or only partial and major outages. */
export function reachesLevel(level: AlertLevel, status: Status): status is DisruptedStatus {
  switch (level) {
    case 'all':
      return isDisrupted(status);
    case 'outages':
      return status === 'partial_outage' || status === 'major_outage';
    case 'muted':
      return false;
  }
}

export type SilenceReason = 'muted' | 'snoozed' | 'quiet-hours';

/**
 * Why an event must not notify now, or undefined when it may. Muting and snoozing are explicit
 * requests and win over everything; quiet hours let a major outage through when asked to.
 */
export function silenceReason(
  event: ServiceEvent,
  settings: AlertSettings,
  now: number,
  timeZone?: string,
): SilenceReason | undefined {
  if (levelFor(settings, event.serviceId) === 'muted') return 'muted';
  if (isSnoozed(settings, event.serviceId, now)) return 'snoozed';
  const quiet = settings.quietHours;
  if (quiet && isInQuietHours(quiet, now, timeZone)) {
    if (!(quiet.allowMajorOutages && event.to === 'major_outage')) return 'quiet-hours';
  }
  return undefined;
}

/**
 * Notices that are not about one service (the offline notice) follow the global rules only:
 * the global snooze and quiet hours, which have no exception for them.
 */
export function isGloballySilenced(settings: AlertSettings, now: number, timeZone?: string): boolean {
  if (settings.snoozedUntil !== undefined && now < settings.snoozedUntil) return true;
  return settings.quietHours !== undefined && isInQuietHours(settings.quietHours, now, timeZone);
}
