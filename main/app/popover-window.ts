import { BrowserWindow, screen, type Event, type WebContents } from 'electron';
import { popoverPosition, type Point, type Rect, type Size } from '../desktop/popover-position.js';
import {
  CONTENT_SECURITY_POLICY,
  allowNavigation,
  allowPermission,
  isSafeExternalUrl,
  secureWebPreferences,
} from '../desktop/security.js';
import type { PushChannel, PushChannels } from '../shared/ipc.js';

/** The displays, as far as placement needs them; Electron's `screen` unless a test injects one. */
export interface PopoverScreen {
  /** Where the pointer is: it picks the display when the tray gives no bounds (Linux). */
  cursorPoint(): Point;
  /** The display nearest a point: its work area and its whole bounds. */
  displayNear(point: Point): { readonly workArea: Rect; readonly bounds: Rect };
}

export interface PopoverWindowDeps {
  readonly preloadPath: string;
  readonly rendererUrl: string;
  readonly platform: NodeJS.Platform;
  readonly size?: Size;
  readonly screen?: PopoverScreen;
  /** The browser, for http(s) links the page tries to open (shell.openExternal). */
  readonly openExternal: (url: string) => Promise<void>;
  /** For the blur/toggle guard; Date.now when absent. */
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

export interface PopoverWindow {
  /** The tray icon was clicked: show near it, or hide. */
  toggle(trayBounds?: Rect): void;
  /** Shows near the tray (the last bounds it gave, if any). */
  show(trayBounds?: Rect): void;
  hide(): void;
  /** A notification or a menu item asked for a service: show the window on it. */
  showService(serviceId: string): void;
  /** Sends a push to the page, if it is there. */
  push<P extends PushChannel>(channel: P, payload: PushChannels[P]): void;
  /**
   * Runs a system dialog (import, export) attached to the window. The dialog takes focus, which
   * would blur-hide the popover under it: while it is open, blur does not hide.
   */
  withDialog<T>(open: (parent: BrowserWindow) => Promise<T>): Promise<T>;
  /** Quit is under way: let 'close' close instead of hide. */
  allowClose(): void;
  readonly webContents: WebContents;
  dispose(): void;
}

export const POPOVER_SIZE: Size = { width: 380, height: 560 };

/**
 * A click on the tray icon while the popover is open first blurs the window (which hides it),
 * then arrives as a toggle that would show it again. A toggle this soon after a blur-hide is
 * that click, so it is ignored (max-mapper/menubar does the same).
 */
export const BLUR_TOGGLE_GUARD_MS = 300;

/**
 * The popover: one frameless window, created hidden and kept for the app's life, so opening it
 * is instant. It carries out the security checklist's decisions (security.ts) on its contents
 * and session, and places itself where popoverPosition says.
 */
export function setupPopoverWindow(deps: PopoverWindowDeps): PopoverWindow {
  const size = deps.size ?? POPOVER_SIZE;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const displays = deps.screen ?? electronScreen();

  const window = new BrowserWindow({
    width: size.width,
    height: size.height,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    webPreferences: secureWebPreferences(deps.preloadPath),
  });
  const contents = window.webContents;
  const session = contents.session;

  let lastTrayBounds: Rect | undefined;
  let blurHiddenAt = Number.NEGATIVE_INFINITY;
  let closing = false;
  let dialogsOpen = 0;

  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      deps.openExternal(url).catch((error: unknown) => log(`could not open ${url}: ${String(error)}`));
    } else {
      log('refused to open a link that is not http(s)');
    }
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the policy says no today; it stays the one place that decides
    if (!allowNavigation(event.url)) event.preventDefault();
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(allowPermission(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
  // The renderer's meta tag carries the same policy; the header also covers anything served
  // through the network stack (a dev server), where a meta tag could be stripped or come late.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  window.on('blur', () => {
    if (!window.isVisible() || dialogsOpen > 0) return;
    window.hide();
    blurHiddenAt = now();
  });
  window.on('close', (event: Event) => {
    if (closing) return;
    event.preventDefault();
    window.hide();
  });

  contents.loadURL(deps.rendererUrl).catch((error: unknown) => {
    log(`could not load the window: ${String(error)}`);
  });

  const show = (trayBounds?: Rect): void => {
    if (window.isDestroyed()) return;
    if (trayBounds && trayBounds.width > 0 && trayBounds.height > 0) lastTrayBounds = trayBounds;
    const anchor = lastTrayBounds ? centreOf(lastTrayBounds) : displays.cursorPoint();
    const display = displays.displayNear(anchor);
    const { x, y } = popoverPosition({
      trayBounds: lastTrayBounds,
      windowSize: size,
      workArea: display.workArea,
      displayBounds: display.bounds,
      platform: deps.platform,
    });
    window.setPosition(x, y);
    window.show();
    window.focus();
  };

  const push = <P extends PushChannel>(channel: P, payload: PushChannels[P]): void => {
    if (window.isDestroyed()) return;
    // A push sent while the page is still loading would be lost: deliver it once it is there.
    if (contents.isLoading()) contents.once('did-finish-load', () => contents.send(channel, payload));
    else contents.send(channel, payload);
  };

  return {
    toggle(trayBounds) {
      if (window.isDestroyed()) return;
      if (window.isVisible()) {
        window.hide();
        return;
      }
      if (now() - blurHiddenAt < BLUR_TOGGLE_GUARD_MS) {
        blurHiddenAt = Number.NEGATIVE_INFINITY;
        return;
      }
      show(trayBounds);
    },
    show,
    hide() {
      if (!window.isDestroyed()) window.hide();
    },
    showService(serviceId) {
      show();
      push('window:show-service', serviceId);
    },
    push,
    async withDialog(open) {
      dialogsOpen++;
      try {
        return await open(window);
      } finally {
        dialogsOpen--;
        if (!window.isDestroyed() && window.isVisible()) window.focus();
      }
    },
    allowClose() {
      closing = true;
    },
    webContents: contents,
    dispose() {
      closing = true;
      session.setPermissionRequestHandler(null);
      session.setPermissionCheckHandler(null);
      session.webRequest.onHeadersReceived(null);
      if (!window.isDestroyed()) window.destroy();
    },
  };
}

function electronScreen(): PopoverScreen {
  return {
    cursorPoint: () => screen.getCursorScreenPoint(),
    displayNear: (point) => screen.getDisplayNearestPoint(point),
  };
}

function centreOf(rect: Rect): Point {
  return { x: Math.round(rect.x + rect.width / 2), y: Math.round(rect.y + rect.height / 2) };
}
