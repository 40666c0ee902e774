import path from 'node:path';
import {
  Menu,
  Tray,
  nativeImage,
  type MenuItemConstructorOptions,
  type NativeImage,
  type Rectangle,
} from 'electron';
import {
  imageChanged,
  trayImageFile,
  trayModel,
  type MenuItem,
  type SnoozeActionId,
  type SnoozeSubmenu,
  type TrayActionId,
  type TrayImage,
  type TrayModel,
} from '../desktop/tray-model.js';
import type { TraySnapshot } from '../desktop/tray-state.js';

export type TrayAction = TrayActionId | SnoozeActionId;

export interface TrayDeps {
  /** The generated icon folder (assets/icons/generated); trayImageFile() names files inside it. */
  readonly iconsDir: string;
  readonly platform: NodeJS.Platform;
  readonly now: () => number;
  readonly getSnapshot: () => TraySnapshot;
  /** Subscribes to new snapshots; returns the unsubscribe. */
  readonly onSnapshot: (listener: (snapshot: TraySnapshot) => void) => () => void;
  readonly paused: () => boolean;
  /** Notifications are snoozed until this time (epoch ms); undefined when not snoozed. */
  readonly snoozedUntil: () => number | undefined;
  /** The new version downloaded and waiting for a restart, if any (the updater's). */
  readonly updateReady?: () => string | undefined;
  /**
   * Subscriptions to changes the snapshot does not carry (pause, snooze, a downloaded update),
   * so the tray redraws at once instead of at the next snapshot; each returns its unsubscribe.
   */
  readonly refreshOn?: readonly ((listener: () => void) => () => void)[];
  /** Debug lines: what the tray shows (the Electron smoke test reads them). */
  readonly log?: (message: string) => void;
  readonly onAction: (action: TrayAction) => void;
  /** A disrupted service was picked in the menu: open the popover on it. */
  readonly onShowService: (serviceId: string) => void;
  /** Left click on the icon, with the icon's bounds (empty where the platform does not say). */
  readonly onToggle: (bounds: Rectangle) => void;
  /** Pinned by tests for repeatable snooze times; the system's when absent. */
  readonly locale?: string;
  readonly timeZone?: string;
}

/**
 * The tray icon and its menu. Every decision (state, image, tooltip, menu) is tray-model's; this
 * only carries it out, and changes the image only when the model says it changed.
 */
export function setupTray(given: TrayDeps): () => void {
  // A menu action can change what the tray says (pause, resume) without a new snapshot.
  const deps: TrayDeps = {
    ...given,
    onAction: (action) => {
      given.onAction(action);
      refresh(given.getSnapshot());
    },
  };
  const first = modelFor(deps, deps.getSnapshot());
  const tray = new Tray(imageFor(first.image, deps));
  let shownImage: TrayImage = first.image;
  let menu = render(tray, first, deps);
  deps.log?.(`tray: created, ${first.state}: ${first.tooltip}`);

  function refresh(snapshot: TraySnapshot): void {
    const model = modelFor(deps, snapshot);
    if (imageChanged(shownImage, model.image)) {
      tray.setImage(imageFor(model.image, deps));
      shownImage = model.image;
      deps.log?.(`tray: ${model.state}: ${model.tooltip}`);
    }
    menu = render(tray, model, deps);
  }

  tray.on('click', () => deps.onToggle(tray.getBounds()));
  // macOS and Windows: left click is the popover, right click the menu. A context menu set with
  // setContextMenu would take over the left click on macOS, so it is popped up by hand there.
  if (!menuOnIcon(deps.platform)) tray.on('right-click', () => tray.popUpContextMenu(menu));

  const unsubscribeSnapshot = deps.onSnapshot(refresh);
  const unsubscribeRefresh = (deps.refreshOn ?? []).map((subscribe) =>
    subscribe(() => refresh(deps.getSnapshot())),
  );
  return () => {
    unsubscribeSnapshot();
    for (const unsubscribe of unsubscribeRefresh) unsubscribe();
    tray.destroy();
  };
}

function modelFor(deps: TrayDeps, snapshot: TraySnapshot): TrayModel {
  const snoozedUntil = deps.snoozedUntil();
  const updateReady = deps.updateReady?.();
  return trayModel(snapshot, {
    paused: deps.paused(),
    ...(updateReady === undefined ? {} : { updateReady }),
    now: deps.now(),
    platform: deps.platform,
    ...(snoozedUntil === undefined ? {} : { snoozedUntil }),
    ...(deps.locale === undefined ? {} : { locale: deps.locale }),
    ...(deps.timeZone === undefined ? {} : { timeZone: deps.timeZone }),
  });
}

function imageFor(image: TrayImage, deps: TrayDeps): NativeImage {
  const icon = nativeImage.createFromPath(path.join(deps.iconsDir, trayImageFile(image, deps.platform)));
  if (deps.platform === 'darwin') icon.setTemplateImage(image.template);
  return icon;
}

/**
 * Tooltip, title and menu: cheap, so refreshed on every snapshot. Returns the menu (its type
 * inferred: Electron's exported `Menu` is a subclass of what buildFromTemplate returns).
 */
function render(tray: Tray, model: TrayModel, deps: TrayDeps) {
  tray.setToolTip(model.tooltip);
  if (deps.platform === 'darwin') tray.setTitle(model.title ?? '');
  const menu = Menu.buildFromTemplate(model.menu.map((item) => menuItem(item, deps)));
  // Linux: many panels (AppIndicator/StatusNotifier) send no clicks at all; the menu is the
  // only reliable way in, so it is attached to the icon.
  if (menuOnIcon(deps.platform)) tray.setContextMenu(menu);
  return menu;
}

/** Linux and the other freedesktop platforms (as trayImageFile counts them). */
function menuOnIcon(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin' && platform !== 'win32';
}

function menuItem(
  item: MenuItem | SnoozeSubmenu['items'][number],
  deps: TrayDeps,
): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'service':
      return { label: item.label, click: () => deps.onShowService(item.serviceId) };
    case 'action':
      return { label: item.label, click: () => deps.onAction(item.id) };
    case 'submenu':
      return { label: item.label, submenu: item.items.map((child) => menuItem(child, deps)) };
  }
}
