import notifier from 'node-notifier';
import type { AlertNotification } from '../monitor/alerts/coalesce.js';
import {
  notificationBody,
  notificationTitle,
  toNotifierOptions,
} from '../monitor/alerts/notification-text.js';
import type { Logger } from '../monitor/logger.js';

export interface DesktopNotification {
  readonly title: string;
  readonly message: string;
  readonly urgency?: AlertNotification['urgency'];
}

/**
 * Desktop notifications for the CLI's `watch`, through node-notifier (notify-send, terminal-
 * notifier, SnoreToast). The text is made safe the same way as the app's: plain, short,
 * escaped for servers that read markup, and backslashes kept from notify-send's C escapes.
 */
export function notifyDesktop(notification: DesktopNotification, logger: Logger): void {
  const options = toNotifierOptions(
    {
      title: notificationTitle(notification.title),
      body: notificationBody(notification.message),
      serviceIds: [],
      urgency: notification.urgency ?? 'normal',
    },
    process.platform,
  );
  notifier.notify(options, (error) => {
    if (error) logger.warn('desktop notification failed', { error: error.message });
  });
}
