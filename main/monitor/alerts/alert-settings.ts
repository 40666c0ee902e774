import { z } from 'zod';

/**
 * The person's notification rules (DESIGN.md step 5). The settings store keeps these under its
 * own key and parses them with `alertSettingsSchema`; the policy only reads them.
 */

/** How much of a service's life notifies: every change, outages only (partial/major), or nothing. */
export const ALERT_LEVELS = ['all', 'outages', 'muted'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** A local wall-clock time, "HH:MM" on a 24-hour clock. */
const clockTime = z
  .string({ error: 'expected a time such as "22:00"' })
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time such as "22:00" (HH:MM, 24-hour)' });

/** Epoch milliseconds. */
const instant = z.number({ error: 'expected epoch milliseconds' }).int().nonnegative();

export const quietHoursSchema = z.object({
  /** Start of the window in local time; the window may wrap midnight (22:00 to 07:00). */
  start: clockTime,
  /** End of the window (exclusive). Equal to `start` means an empty window. */
  end: clockTime,
  /** Let a service's major outage through anyway. Off unless the person asks: quiet means quiet. */
  allowMajorOutages: z.boolean({ error: 'expected true or false' }).default(false),
});

/**
 * Plain `z.object` (unknown keys are dropped, not rejected): a settings file written by a newer
 * version must still load in an older one instead of being treated as corrupt.
 */
export const alertSettingsSchema = z.object({
  /** Per service id; a service not listed notifies everything ('all'). */
  levels: z.record(z.string(), z.enum(ALERT_LEVELS)).default({}),
  /** Every notification is held back until this instant. */
  snoozedUntil: instant.optional(),
  /** Per service id: that service's notifications are held back until the instant. */
  serviceSnoozes: z.record(z.string(), instant).default({}),
  quietHours: quietHoursSchema.optional(),
  /**
   * Events less than this many ms apart become one notification, sent after a lull this long;
   * held longer for a storm of three services or more and after a wake, and never more than
   * 90 s after the first (window.ts). 0 notifies each at once, without holds.
   */
  coalesceMs: z.number({ error: 'expected milliseconds' }).int().min(0).max(60_000).default(5000),
});

export type QuietHours = z.output<typeof quietHoursSchema>;
export type AlertSettings = z.output<typeof alertSettingsSchema>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = alertSettingsSchema.parse({});

/**
 * The level for one service. Own keys only: a service id such as "constructor" must not pick up
 * Object.prototype's members from the parsed record.
 */
export function levelFor(settings: AlertSettings, serviceId: string): AlertLevel {
  return Object.hasOwn(settings.levels, serviceId) ? (settings.levels[serviceId] ?? 'all') : 'all';
}

/** Whether a service is snoozed at `now`, globally or on its own. */
export function isSnoozed(settings: AlertSettings, serviceId: string, now: number): boolean {
  if (settings.snoozedUntil !== undefined && now < settings.snoozedUntil) return true;
  const until = Object.hasOwn(settings.serviceSnoozes, serviceId)
    ? settings.serviceSnoozes[serviceId]
    : undefined;
  return until !== undefined && now < until;
}

/** Drops snoozes that have ended, so the stored settings do not grow with stale entries. */
export function withoutExpiredSnoozes(settings: AlertSettings, now: number): AlertSettings {
  const serviceSnoozes = Object.fromEntries(
    Object.entries(settings.serviceSnoozes).filter(([, until]) => now < until),
  );
  const { snoozedUntil, ...rest } = settings;
  return snoozedUntil !== undefined && now < snoozedUntil
    ? { ...rest, snoozedUntil, serviceSnoozes }
    : { ...rest, serviceSnoozes };
}
