import notifier from 'node-notifier';
import type { Logger } from '../monitor/logger.js';

export interface DesktopNotification {
  readonly title: string;
  readonly message: string;
}

/**
 * Some Linux notification servers read the body as markup (the Desktop Notifications spec's
 * "body-markup" capability), so third-party text must not be able to inject tags.
 */
export function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Desktop notifications for the CLI's `watch`, through node-notifier (notify-send, terminal-notifier, SnoreToast). */
export function notifyDesktop(notification: DesktopNotification, logger: Logger): void {
  const escape = process.platform === 'linux' ? escapeMarkup : (text: string): string => text;
  notifier.notify(
    { title: escape(notification.title), message: escape(notification.message), wait: false },
    (error) => {
      if (error) logger.warn('desktop notification failed', { error: error.message });
    },
  );
}
