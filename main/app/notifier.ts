import { app, Notification } from 'electron';
import type { AlertNotification } from '../monitor/alerts/coalesce.js';
import {
  forLinuxMarkup,
  toNotifierOptions,
  type NotifierOptions,
} from '../monitor/alerts/notification-text.js';

export interface NotifierDeps {
  readonly platform: NodeJS.Platform;
  /** Must equal the installer's appId: Windows shows toasts only for a known AppUserModelID. */
  readonly appUserModelId: string;
  /** A click on a notification: the popover opens on this service (undefined: the offline notice). */
  readonly onClick: (serviceId: string | undefined) => void;
  /** node-notifier's `notify`, for systems where Electron cannot show notifications. */
  readonly fallback: (options: NotifierOptions) => void;
  readonly log: (message: string) => void;
}

export interface Notifier {
  readonly notify: (notification: AlertNotification) => void;
  readonly dispose: () => void;
}

/**
 * Electron's `close` is "not guaranteed to be emitted in all cases" (Windows toasts that go to
 * the Action Center), so the set of notifications kept alive is bounded: the oldest go first.
 */
const MAX_KEPT = 20;

/**
 * Shows the alert policy's notifications. The text arrives plain and short (notification-text.ts);
 * here it only gets the platform's escaping.
 */
export function setupNotifier(deps: NotifierDeps): Notifier {
  // First, before any notification exists: Windows reads the id when a toast is created, and
  // without it toasts are dropped silently (Electron docs, "Notifications", Windows).
  if (deps.platform === 'win32') app.setAppUserModelId(deps.appUserModelId);

  // A shown Notification must stay referenced until it closes: once garbage-collected, its click
  // handler is gone with it and a click does nothing (electron/electron#12690, #16922).
  const shown = new Set<Notification>();
  let disposed = false;

  const forget = (notification: Notification): void => {
    shown.delete(notification);
    notification.removeAllListeners();
  };

  const viaFallback = (notification: AlertNotification): void => {
    deps.fallback(toNotifierOptions(notification, deps.platform));
  };

  const notify = (alert: AlertNotification): void => {
    if (disposed) return;
    if (!Notification.isSupported()) {
      viaFallback(alert);
      return;
    }
    const notification = new Notification(electronOptions(alert, deps.platform));
    notification.on('click', () => {
      deps.onClick(alert.serviceIds[0]);
    });
    notification.on('close', () => {
      forget(notification);
    });
    // Windows only: the toast could not be shown. Tell the person another way.
    notification.on('failed', (_event, error) => {
      forget(notification);
      deps.log(`notification failed (${error}); using the fallback`);
      viaFallback(alert);
    });
    shown.add(notification);
    for (const old of shown) {
      if (shown.size <= MAX_KEPT) break;
      forget(old);
    }
    notification.show();
  };

  return {
    notify,
    dispose: () => {
      disposed = true;
      for (const notification of shown) forget(notification);
    },
  };
}

/**
 * Electron hands title and body to libnotify unchanged on Linux (libnotify_notification.cc), and
 * notification servers with "body-markup" read them as markup: third-party text is escaped there.
 * `urgency` is Linux only; other platforms ignore it.
 */
function electronOptions(alert: AlertNotification, platform: NodeJS.Platform) {
  const escape = platform === 'darwin' || platform === 'win32' ? (text: string) => text : forLinuxMarkup;
  return { title: escape(alert.title), body: escape(alert.body), urgency: alert.urgency };
}
