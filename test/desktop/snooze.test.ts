import { describe, expect, it } from 'vitest';
import { snoozeUntil } from '../../main/desktop/snooze.js';

describe('snoozes chosen in the tray', () => {
  const now = Date.UTC(2026, 10, 22, 13, 37, 42, 500); // 14:37:42.5 in Berlin (UTC+1)
  it.each([
    ['snooze-1h', Date.UTC(2026, 10, 22, 14, 37, 42, 500)],
    ['snooze-8h', Date.UTC(2026, 10, 22, 21, 37, 42, 500)],
    ['snooze-tomorrow', Date.UTC(2026, 10, 23, 7, 0)], // 08:00 in Berlin
    ['snooze-off', null],
  ] as const)('%s ends at %s', (action, expected) => {
    expect(snoozeUntil(action, now, 'Europe/Berlin')).toBe(expected);
  });

  it('until tomorrow just after midnight is the same morning', () => {
    expect(snoozeUntil('snooze-tomorrow', Date.UTC(2026, 10, 22, 23, 30), 'Europe/Berlin')).toBe(
      Date.UTC(2026, 10, 23, 7, 0),
    );
  });
});
