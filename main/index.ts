import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, net, shell } from 'electron';
import nodeNotifier from 'node-notifier';
import { setupAutostart } from './app/autostart.js';
import { setupConfigDialogs } from './app/dialogs.js';
import { setupIpc } from './app/ipc.js';
import { setupLifecycle } from './app/lifecycle.js';
import { setupNotifier } from './app/notifier.js';
import { setupPopoverWindow } from './app/popover-window.js';
import { setupPower } from './app/power.js';
import { createSecretVault, encryptSecret } from './app/secrets.js';
import { setupSettingsStore } from './app/settings-store.js';
import { setupTray } from './app/tray.js';
import { setupUpdater, type SelfUpdater } from './app/updater.js';
import { AlertCenter } from './desktop/alert-center.js';
import { APP_ID } from './desktop/app-identity.js';
import { catalogDeps } from './desktop/catalog-hits.js';
import { CheckGate } from './desktop/check-gate.js';
import { createIpcHandlers } from './desktop/ipc-handlers.js';
import { settingsView } from './desktop/settings/settings-edit.js';
import { snoozeUntil } from './desktop/snooze.js';
import { updatesUnavailable } from './desktop/update-schedule.js';
import {
  alertSettingsSchema,
  DEFAULT_ALERT_SETTINGS,
  type AlertSettings,
} from './monitor/alerts/alert-settings.js';
import { systemClock } from './monitor/clock.js';
import { HistoryWriter, loadHistory } from './monitor/history/history-file.js';
import { createHttpClient } from './monitor/http/client.js';
import { stderrLogger } from './monitor/logger.js';
import { Monitor } from './monitor/monitor.js';

/**
 * The composition root (DESIGN.md): every part of the app, set up in order, and how they talk.
 * No decisions live here: each one is made by a tested module in main/desktop, main/monitor or
 * an adapter in main/app.
 */
const here = dirname(fileURLToPath(import.meta.url));
const clock = systemClock;
const logger = stderrLogger(process.env.DOWNWATCH_DEBUG === '1');
const log = (message: string): void => logger.info(message);
const disposers: (() => void)[] = [];

async function start(): Promise<void> {
  // 1. One instance, a tray app's life.
  const lifecycle = setupLifecycle({
    platform: process.platform,
    onSecondInstance: () => popover?.show(),
    onQuit: stop,
  });
  if (!lifecycle.primary) return;
  disposers.push(() => lifecycle.dispose());
  await app.whenReady();
  const userData = app.getPath('userData');

  // 2. Settings and secrets.
  const notices: string[] = [];
  const settings = await setupSettingsStore({
    path: join(userData, 'config.json'),
    clock,
    logger,
    notify: (text) => notices.push(text),
    encrypt: (plaintext, name) => encryptSecret(plaintext, { name }),
  });
  const vault = createSecretVault({
    read: (name) => settings.settings().secrets[name],
    write: async (name, base64) => {
      await settings.update((draft) => ({ ...draft, secrets: { ...draft.secrets, [name]: base64 } }));
    },
    env: process.env,
    logger,
  });
  await vault.unlock(Object.keys(settings.settings().secrets));
  disposers.push(() => settings.dispose());

  // 3. The engine, with its history.
  const { history, notice: historyNotice } = await loadHistory(join(userData, 'history.json'), {
    clock,
    logger,
  });
  if (historyNotice) notices.push(historyNotice);
  const historyWriter = new HistoryWriter({ path: join(userData, 'history.json'), history, clock, logger });
  const http = createHttpClient();
  const engine = new Monitor(settings.monitorConfig(), {
    http,
    clock,
    logger,
    history,
    secrets: vault.resolver,
    // The OS is trusted when it says there is no network at all; "online" is confirmed by probing.
    systemOffline: () => !net.isOnline(),
  });
  settings.onChange(() => engine.setConfig(settings.monitorConfig()));
  // Checks stop while the machine sleeps or the person pauses them (tray), whichever lasts.
  const checks = new CheckGate(engine);
  stopEngine = async () => {
    await engine.stop();
    historyWriter.dispose();
    await historyWriter.flush();
    await http.close();
    await settings.flush();
  };

  // 4. The popover window and what it may ask (IPC).
  const rendererUrl = pathToFileURL(join(app.getAppPath(), 'dist', 'renderer', 'index.html')).href;
  popover = setupPopoverWindow({
    preloadPath: join(here, 'preload', 'index.cjs'),
    rendererUrl,
    platform: process.platform,
    openExternal: (url) => shell.openExternal(url),
    log,
  });
  const window = popover;
  disposers.push(() => window.dispose());
  const snooze = (until: number | null): void => {
    void settings.update((draft) => ({
      ...draft,
      alerts: { ...alertSettings(), snoozedUntil: until ?? undefined },
    }));
  };
  const ipc = setupIpc({
    handlers: createIpcHandlers({
      monitor: engine,
      history,
      http,
      snooze,
      openExternal: (url) => shell.openExternal(url),
      settings: {
        store: settings,
        storeSecret: (name, value) => vault.store(name, value),
        ...setupConfigDialogs(window, app.getPath('documents')),
      },
      catalog: catalogDeps(),
      hideWindow: () => window.hide(),
    }),
    appUrl: rendererUrl,
    log,
  });
  disposers.push(ipc);
  disposers.push(engine.onSnapshot((snapshot) => window.push('snapshot:changed', snapshot)));
  disposers.push(
    settings.onChange((next) => window.push('settings:changed', settingsView(next, settings.readOnly))),
  );

  // 5. Notifications, under the person's rules.
  const alertSettings = (): AlertSettings =>
    alertSettingsSchema.safeParse(settings.settings().alerts).data ?? DEFAULT_ALERT_SETTINGS;
  const notifier = setupNotifier({
    platform: process.platform,
    appUserModelId: APP_ID,
    onClick: (serviceId) => (serviceId ? window.showService(serviceId) : window.show()),
    fallback: (options) => nodeNotifier.notify(options),
    log,
  });
  const alerts = new AlertCenter({
    clock,
    settings: alertSettings,
    deliver: (notification) => notifier.notify(notification),
    log,
  });
  disposers.push(
    () => notifier.dispose(),
    () => alerts.dispose(),
  );
  disposers.push(engine.onEvent((event) => alerts.event(event)));
  disposers.push(engine.onRoundComplete(() => alerts.roundComplete()));
  disposers.push(engine.onSnapshot((snapshot) => alerts.connectivity(snapshot.connectivity.status)));
  settings.onChange(() => alerts.settingsChanged());

  // 6. Updates of Downwatch itself, from the GitHub releases.
  const updater = setupUpdater({
    unavailable: updatesUnavailable({
      packaged: app.isPackaged,
      platform: process.platform,
      appImage: process.env.APPIMAGE,
    }),
    load: loadAutoUpdater,
    clock,
    enabled: () => settings.settings().autoUpdate,
    onSettingsChange: (listener) => settings.onChange(() => listener()),
    onDownloaded: (version) =>
      notifier.notify({
        title: 'Downwatch',
        body: `Downwatch ${version} is ready: it installs when you quit, or now from the tray menu.`,
        serviceIds: [],
        urgency: 'normal',
      }),
    prepareToQuit: () => window.allowClose(),
    log,
  });
  disposers.push(() => updater.dispose());

  // 7. The tray.
  disposers.push(
    setupTray({
      iconsDir: join(app.getAppPath(), 'assets', 'icons', 'generated'),
      platform: process.platform,
      now: () => clock.now(),
      getSnapshot: () => engine.snapshot(),
      onSnapshot: (listener) => engine.onSnapshot(listener),
      paused: () => checks.pausedByPerson,
      snoozedUntil: () => alertSettings().snoozedUntil,
      updateReady: () => updater.ready(),
      refreshOn: [(listener) => settings.onChange(() => listener()), updater.onReady],
      onAction: (action) => {
        if (action === 'open') window.show();
        else if (action === 'check-now') engine.checkNow();
        else if (action === 'pause') checks.pause();
        else if (action === 'resume') checks.resume();
        else if (action === 'settings') window.push('window:show-settings', null);
        else if (action === 'install-update') updater.installNow();
        else if (action === 'quit') app.quit();
        else snooze(snoozeUntil(action, clock.now()));
      },
      onShowService: (serviceId) => window.showService(serviceId),
      onToggle: (bounds) => window.toggle(bounds),
      log,
    }),
  );

  // 8. Sleep, wake and launch at login.
  const power = setupPower({
    clock,
    log,
    onSuspend: () => {
      alerts.sleeping();
      checks.sleep();
    },
    // The power adapter has already waited out the grace period.
    onResume: () => {
      alerts.woke();
      checks.wake();
    },
  });
  const autostart = setupAutostart({
    platform: process.platform,
    enabled: () => settings.settings().launchAtLogin,
    execPath: process.execPath,
    env: process.env,
    home: homedir(),
    appImage: process.env.APPIMAGE,
    log,
  });
  settings.onChange((next) => void autostart.apply(next.launchAtLogin));
  disposers.push(
    () => power.dispose(),
    () => autostart.dispose(),
  );

  // 9. Go.
  engine.start();
  for (const notice of notices)
    notifier.notify({ title: 'Downwatch', body: notice, serviceIds: [], urgency: 'normal' });
}

let popover: ReturnType<typeof setupPopoverWindow> | undefined;

/** electron-updater requires electron as it loads: imported only when a check is due. */
async function loadAutoUpdater(): Promise<SelfUpdater> {
  const { default: electronUpdater } = await import('electron-updater');
  return electronUpdater.autoUpdater;
}
let stopEngine: () => Promise<void> = () => Promise.resolve();

/** Quit: windows may close, the engine stops, history and settings are saved, then every part is released. */
async function stop(): Promise<void> {
  popover?.allowClose();
  await stopEngine().catch((error: unknown) =>
    logger.error('could not stop cleanly', { error: String(error) }),
  );
  for (const dispose of disposers.splice(0).reverse()) dispose();
}

void start().catch((error: unknown) => {
  logger.error('Downwatch could not start', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  app.exit(1);
});
