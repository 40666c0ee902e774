import type { Clock } from '../monitor/clock.js';
import { UpdateSchedule } from '../desktop/update-schedule.js';

/**
 * The part of electron-updater's AppUpdater this adapter uses. Written out rather than imported
 * so the adapter's test can hand in a small fake, and so loading electron-updater (which
 * requires electron and reads the packaged app-update.yml) waits until an update check is due.
 */
export interface SelfUpdater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogger | null;
  checkForUpdates(): Promise<{ readonly downloadPromise?: Promise<unknown> | null } | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { readonly version: string }) => void): unknown;
}

interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

export interface UpdaterDeps {
  /** Why this copy does not update itself (updatesUnavailable), or undefined when it does. */
  readonly unavailable: string | undefined;
  /** electron-updater's autoUpdater; loaded at the first check. */
  readonly load: () => Promise<SelfUpdater>;
  readonly clock: Pick<Clock, 'setTimer'>;
  /** The person's "check for updates" setting. */
  readonly enabled: () => boolean;
  /** Subscribes to settings changes; returns the unsubscribe. */
  readonly onSettingsChange: (listener: () => void) => () => void;
  /** A new version is downloaded: say so once (a notification, the tray's menu). */
  readonly onDownloaded: (version: string) => void;
  /** Before electron-updater closes every window to install: let the popover close. */
  readonly prepareToQuit: () => void;
  readonly log: (message: string) => void;
}

export interface Updater {
  /** The downloaded version waiting to be installed, if any. */
  readonly ready: () => string | undefined;
  /** Subscribes to "an update is ready"; returns the unsubscribe. */
  readonly onReady: (listener: () => void) => () => void;
  /** Quit now, install the downloaded version and start it again (the tray's menu item). */
  readonly installNow: () => void;
  readonly dispose: () => void;
}

/**
 * Updates from the GitHub releases the release workflow publishes: checked on UpdateSchedule's
 * plan, downloaded in the background, installed when the app quits (or at once from the tray).
 */
export function setupUpdater(deps: UpdaterDeps): Updater {
  const listeners = new Set<() => void>();
  let readyVersion: string | undefined;
  let updater: SelfUpdater | undefined;

  if (deps.unavailable !== undefined) {
    deps.log(`updates: not checked: ${deps.unavailable}`);
    return {
      ready: () => undefined,
      onReady: () => () => undefined,
      installNow: () => undefined,
      dispose: () => undefined,
    };
  }

  const configure = (loaded: SelfUpdater): SelfUpdater => {
    loaded.autoDownload = true;
    loaded.autoInstallOnAppQuit = true;
    const line = (message?: unknown): void => deps.log(`updates: ${String(message)}`);
    loaded.logger = { info: line, warn: line, error: line };
    loaded.on('update-downloaded', (info) => {
      if (readyVersion !== undefined) return;
      readyVersion = info.version;
      schedule.updateDownloaded();
      deps.onDownloaded(info.version);
      for (const listener of listeners) listener();
    });
    return loaded;
  };

  const schedule = new UpdateSchedule({
    clock: deps.clock,
    enabled: deps.enabled,
    log: deps.log,
    check: async () => {
      updater ??= configure(await deps.load());
      const result = await updater.checkForUpdates();
      // The check resolves when the release is read; wait for the download too, so a failed
      // download is logged by the schedule like a failed check.
      await result?.downloadPromise;
    },
  });
  const unsubscribe = deps.onSettingsChange(() => schedule.settingsChanged());
  schedule.start();

  return {
    ready: () => readyVersion,
    onReady: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    installNow: () => {
      if (updater === undefined || readyVersion === undefined) return;
      deps.prepareToQuit();
      // Silent (no installer pages on Windows), and start the new version afterwards.
      updater.quitAndInstall(true, true);
    },
    dispose: () => {
      unsubscribe();
      schedule.dispose();
      listeners.clear();
    },
  };
}
