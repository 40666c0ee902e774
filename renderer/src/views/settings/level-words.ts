import type { AlertLevel } from '../../../../main/monitor/alerts/alert-settings.js';

/** The notification levels, in the words the window uses (main/monitor/alerts/alert-settings.ts). */
export const LEVEL_WORDS: Record<AlertLevel, string> = {
  all: 'Every change',
  outages: 'Outages only',
  muted: 'Muted',
};
