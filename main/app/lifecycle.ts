import { app } from 'electron';

export interface LifecycleDeps {
  readonly platform: NodeJS.Platform;
  /** A second launch: show the popover instead of starting another Downwatch. */
  readonly onSecondInstance: () => void;
  /** Quit was chosen (menu, OS logout): let windows close and stop the engine. */
  readonly onQuit: () => Promise<void>;
}

export interface Lifecycle {
  /** False in a second instance, which quits at once. */
  readonly primary: boolean;
  dispose(): void;
}

/**
 * The app's life as a tray app: one instance, no dock icon on macOS (LSUIElement is set in the
 * packaged Info.plist; this covers `npm start`), running with no window open, and quitting only
 * when asked, after the engine has stopped and history is saved.
 */
export function setupLifecycle(deps: LifecycleDeps): Lifecycle {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, dispose: () => undefined };
  }
  const onSecondInstance = (): void => deps.onSecondInstance();
  // A tray app has no window most of the time; closing the popover must not quit it.
  const keepRunning = (): void => undefined;
  let quitting = false;
  const onBeforeQuit = (event: Electron.Event): void => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void deps.onQuit().finally(() => app.quit());
  };
  app.on('second-instance', onSecondInstance);
  app.on('window-all-closed', keepRunning);
  app.on('before-quit', onBeforeQuit);
  if (deps.platform === 'darwin') app.dock?.hide();
  return {
    primary: true,
    dispose: () => {
      app.off('second-instance', onSecondInstance);
      app.off('window-all-closed', keepRunning);
      app.off('before-quit', onBeforeQuit);
    },
  };
}
