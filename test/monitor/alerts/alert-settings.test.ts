import { describe, expect, it } from 'vitest';
import {
  alertSettingsSchema,
  DEFAULT_ALERT_SETTINGS,
  isSnoozed,
  levelFor,
  withoutExpiredSnoozes,
  type AlertSettings,
} from '../../../main/monitor/alerts/alert-settings.js';

const NOW = Date.UTC(2026, 0, 15, 12);

function settings(input: unknown): AlertSettings {
  return alertSettingsSchema.parse(input);
}

describe('alert settings', () => {
  it('defaults: every service at "all", no snooze, no quiet hours, a 5 s window', () => {
    expect(DEFAULT_ALERT_SETTINGS).toEqual({ levels: {}, serviceSnoozes: {}, coalesceMs: 5000 });
  });

  it.each<[string, unknown, string]>([
    ['an unknown level', { levels: { github: 'loud' } }, 'levels.github'],
    ['a time that is not HH:MM', { quietHours: { start: '7:00', end: '08:00' } }, 'quietHours.start'],
    ['an hour past 23', { quietHours: { start: '22:00', end: '24:00' } }, 'quietHours.end'],
    ['a negative window', { coalesceMs: -1 }, 'coalesceMs'],
    ['a window over a minute', { coalesceMs: 60_001 }, 'coalesceMs'],
    ['a snooze that is not a time', { serviceSnoozes: { github: 'later' } }, 'serviceSnoozes.github'],
  ])('rejects %s at its field', (_name, input, path) => {
    const result = alertSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('quiet hours let major outages through only when asked', () => {
    expect(settings({ quietHours: { start: '22:00', end: '07:00' } }).quietHours).toEqual({
      start: '22:00',
      end: '07:00',
      allowMajorOutages: false,
    });
  });

  it('drops fields it does not know, so a file from a newer version still loads', () => {
    expect(settings({ coalesceMs: 3000, sound: 'chime' })).toEqual({
      ...DEFAULT_ALERT_SETTINGS,
      coalesceMs: 3000,
    });
  });

  it.each<[string, unknown, string, string]>([
    ['a listed service', { levels: { github: 'outages' } }, 'github', 'outages'],
    ['an unlisted service', { levels: { github: 'outages' } }, 'slack', 'all'],
    ['an id named like an Object.prototype member', {}, 'constructor', 'all'],
    ['the id "__proto__"', {}, '__proto__', 'all'],
  ])('level for %s', (_name, input, serviceId, level) => {
    expect(levelFor(settings(input), serviceId)).toBe(level);
  });

  it.each<[string, unknown, string, boolean]>([
    ['no snooze', {}, 'github', false],
    ['global snooze running', { snoozedUntil: NOW + 1 }, 'github', true],
    ['global snooze ended at this very moment', { snoozedUntil: NOW }, 'github', false],
    ['this service snoozed', { serviceSnoozes: { github: NOW + 1 } }, 'github', true],
    ['another service snoozed', { serviceSnoozes: { slack: NOW + 1 } }, 'github', false],
    ["this service's snooze ended", { serviceSnoozes: { github: NOW - 1 } }, 'github', false],
    ['an id named like an Object.prototype member', {}, 'constructor', false],
  ])('snoozed: %s', (_name, input, serviceId, expected) => {
    expect(isSnoozed(settings(input), serviceId, NOW)).toBe(expected);
  });

  it('forgets snoozes that have ended and keeps the rest', () => {
    const stale = settings({
      snoozedUntil: NOW - 1,
      serviceSnoozes: { github: NOW - 1, slack: NOW + 60_000 },
    });
    expect(withoutExpiredSnoozes(stale, NOW)).toEqual({
      ...DEFAULT_ALERT_SETTINGS,
      serviceSnoozes: { slack: NOW + 60_000 },
    });
    const running = settings({ snoozedUntil: NOW + 1 });
    expect(withoutExpiredSnoozes(running, NOW)).toEqual(running);
  });
});
