import { beforeEach, describe, expect, it, vi } from 'vitest';
import { popoverPosition, type Point, type Rect } from '../../main/desktop/popover-position.js';
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from '../../main/desktop/security.js';

// Electron itself is the one thing mocked (DESIGN.md, "Habits"): a BrowserWindow that records its
// options and calls, with a fake webContents and session that keep the handlers given to them.

type Listener = (...args: unknown[]) => void;
type Call = readonly [method: string, ...args: unknown[]];

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapper: Listener = (...args) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapper),
      );
      listener(...args);
    };
    return this.on(event, wrapper);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (ok: boolean) => void,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;
type HeadersHandler = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

class FakeSession {
  permissionRequest: PermissionRequestHandler | null = null;
  permissionCheck: PermissionCheckHandler | null = null;
  headers: HeadersHandler | null = null;
  readonly webRequest = {
    onHeadersReceived: (handler: HeadersHandler | null) => {
      this.headers = handler;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheck = handler;
  }
}

class FakeWebContents extends FakeEmitter {
  readonly session = new FakeSession();
  readonly sent: [string, unknown][] = [];
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  loadedUrl: string | undefined;
  loading = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isLoading(): boolean {
    return this.loading;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: Call[] = [];
  visible = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setPosition(x: number, y: number): void {
    this.calls.push(['setPosition', x, y]);
  }
  show(): void {
    this.calls.push(['show']);
    this.visible = true;
  }
  focus(): void {
    this.calls.push(['focus']);
  }
  hide(): void {
    this.calls.push(['hide']);
    this.visible = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Electron's 'close': closes unless a listener prevents it. */
  close(): boolean {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    this.emit('close', event);
    if (!event.prevented) this.destroyed = true;
    return !event.prevented;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeBrowserWindow,
  screen: {
    getCursorScreenPoint: () => {
      throw new Error('tests inject the screen');
    },
    getDisplayNearestPoint: () => {
      throw new Error('tests inject the screen');
    },
  },
}));

const { setupPopoverWindow, BLUR_TOGGLE_GUARD_MS } = await import('../../main/app/popover-window.js');

const PRELOAD = '/opt/Downwatch/resources/app.asar/dist/main/preload/index.cjs';
const APP_URL = 'file:///opt/Downwatch/resources/app.asar/renderer/index.html';
const SIZE = { width: 380, height: 560 };

/** Two displays side by side; the second is where the tray is. */
const LEFT = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
};
const RIGHT = {
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 25, width: 2560, height: 1415 },
};

interface Harness {
  readonly window: FakeBrowserWindow;
  readonly popover: ReturnType<typeof setupPopoverWindow>;
  readonly opened: string[];
  readonly clock: { now: number };
  readonly asked: Point[];
}

function start(platform: NodeJS.Platform = 'darwin', cursor: Point = { x: 3000, y: 10 }): Harness {
  const opened: string[] = [];
  const clock = { now: 1_000_000 };
  const asked: Point[] = [];
  const popover = setupPopoverWindow({
    preloadPath: PRELOAD,
    rendererUrl: APP_URL,
    platform,
    size: SIZE,
    screen: {
      cursorPoint: () => cursor,
      displayNear: (point) => {
        asked.push(point);
        return point.x >= 1920 ? RIGHT : LEFT;
      },
    },
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    now: () => clock.now,
  });
  return { window: FakeBrowserWindow.instances.at(-1)!, popover, opened, clock, asked };
}

const positions = (window: FakeBrowserWindow): Call[] =>
  window.calls.filter(([method]) => method === 'setPosition');

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

describe('popover window: creation', () => {
  it('is a hidden, frameless, fixed-size window with the secure preferences, loading the renderer', () => {
    const { window } = start();
    expect(window.options).toMatchObject({
      width: 380,
      height: 560,
      show: false,
      frame: false,
      resizable: false,
      skipTaskbar: true,
    });
    expect(window.options['webPreferences']).toStrictEqual(secureWebPreferences(PRELOAD));
    expect(window.visible).toBe(false);
    expect(window.webContents.loadedUrl).toBe(APP_URL);
  });
});

describe('popover window: placement from popoverPosition', () => {
  const TRAY_MAC: Rect = { x: 4000, y: 0, width: 24, height: 25 };
  const TRAY_WIN: Rect = { x: 4300, y: 1410, width: 24, height: 24 };

  it.each([
    ['darwin', TRAY_MAC, RIGHT],
    ['win32', TRAY_WIN, RIGHT],
  ] as const)('%s: near the icon, on the display the icon is on', (platform, tray, display) => {
    const { window, popover, asked } = start(platform);
    popover.toggle(tray);
    const expected = popoverPosition({
      trayBounds: tray,
      windowSize: SIZE,
      workArea: display.workArea,
      displayBounds: display.bounds,
      platform,
    });
    expect(positions(window)).toEqual([['setPosition', expected.x, expected.y]]);
    expect(asked).toEqual([{ x: tray.x + 12, y: Math.round(tray.y + tray.height / 2) }]);
    expect(window.calls.slice(-2)).toEqual([['show'], ['focus']]);
  });

  it('linux without icon bounds: the top-right of the display under the pointer', () => {
    const { window, popover, asked } = start('linux', { x: 100, y: 5 });
    popover.toggle({ x: 0, y: 0, width: 0, height: 0 });
    const expected = popoverPosition({
      windowSize: SIZE,
      workArea: LEFT.workArea,
      displayBounds: LEFT.bounds,
      platform: 'linux',
    });
    expect(asked).toEqual([{ x: 100, y: 5 }]);
    expect(positions(window)).toEqual([['setPosition', expected.x, expected.y]]);
    expect(expected).toEqual({ x: 1920 - 380 - 8, y: 8 });
  });

  it('a show without bounds (a notification) goes where the icon last was', () => {
    const { window, popover } = start('darwin');
    popover.toggle(TRAY_MAC);
    popover.hide();
    popover.show();
    expect(positions(window)).toHaveLength(2);
    expect(positions(window)[1]).toEqual(positions(window)[0]);
  });
});

describe('popover window: blur and the toggle guard', () => {
  it('toggles: shows, then hides', () => {
    const { window, popover } = start();
    popover.toggle();
    expect(window.visible).toBe(true);
    popover.toggle();
    expect(window.visible).toBe(false);
  });

  it('hides on blur', () => {
    const { window, popover } = start();
    popover.toggle();
    window.emit('blur');
    expect(window.visible).toBe(false);
  });

  it.each([
    ['ignores the tray click that caused the blur', BLUR_TOGGLE_GUARD_MS - 1, false],
    ['opens again on a later click', BLUR_TOGGLE_GUARD_MS, true],
  ])('%s', (_name, elapsed, visible) => {
    const { window, popover, clock } = start();
    popover.toggle();
    window.emit('blur');
    clock.now += elapsed;
    popover.toggle();
    expect(window.visible).toBe(visible);
  });

  it('the guard swallows one click only', () => {
    const { window, popover, clock } = start();
    popover.toggle();
    window.emit('blur');
    clock.now += 50;
    popover.toggle();
    clock.now += 50;
    popover.toggle();
    expect(window.visible).toBe(true);
  });

  it('stays open under a file dialog, and hides on blur again once it closes', async () => {
    const { window, popover } = start();
    popover.toggle();
    let finish: (path: string) => void = () => undefined;
    const chosen = popover.withDialog(
      (parent) =>
        new Promise<string>((resolve) => {
          expect(parent).toBe(window);
          finish = resolve;
        }),
    );
    window.emit('blur');
    expect(window.visible).toBe(true);
    finish('/home/me/config.json');
    await expect(chosen).resolves.toBe('/home/me/config.json');
    window.emit('blur');
    expect(window.visible).toBe(false);
  });

  it('a blur while hidden arms no guard', () => {
    const { window, popover } = start();
    window.emit('blur');
    popover.toggle();
    expect(window.visible).toBe(true);
  });
});

describe('popover window: close hides until quitting', () => {
  it('close is prevented and hides the window', () => {
    const { window, popover } = start();
    popover.show();
    expect(window.close()).toBe(false);
    expect(window.visible).toBe(false);
    expect(window.destroyed).toBe(false);
  });

  it('after allowClose, close closes', () => {
    const { window, popover } = start();
    popover.allowClose();
    expect(window.close()).toBe(true);
  });
});

describe('popover window: security', () => {
  it.each([
    ['https://www.githubstatus.com/', true],
    ['http://status.example.com/incidents/1', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://user:pass@example.com/', false],
  ])('window.open(%s) is denied; opened in the browser: %s', (url, external) => {
    const { window, opened } = start();
    expect(window.webContents.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(opened).toEqual(external ? [url] : []);
  });

  it('navigation is prevented', () => {
    const { window } = start();
    const preventDefault = vi.fn();
    window.webContents.emit('will-navigate', { url: 'https://evil.example/', preventDefault });
    expect(preventDefault).toHaveBeenCalledOnce();
  });

  it.each(['notifications', 'geolocation', 'media', 'clipboard-read'])(
    'permission %s is denied',
    (permission) => {
      const { window } = start();
      const session = window.webContents.session;
      const answers: boolean[] = [];
      session.permissionRequest!(window.webContents, permission, (ok) => answers.push(ok));
      expect(answers).toEqual([false]);
      expect(session.permissionCheck!(window.webContents, permission)).toBe(false);
    },
  );

  it('every response gets the Content-Security-Policy header, keeping the others', () => {
    const { window } = start();
    const responses: unknown[] = [];
    window.webContents.session.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) =>
      responses.push(response),
    );
    expect(responses).toEqual([
      {
        responseHeaders: {
          'Content-Type': ['text/html'],
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      },
    ]);
  });
});

describe('popover window: showService and pushes', () => {
  it('shows the window and sends window:show-service with the id', () => {
    const { window, popover } = start();
    popover.showService('github');
    expect(window.visible).toBe(true);
    expect(window.webContents.sent).toEqual([['window:show-service', 'github']]);
  });

  it('waits for the page when it is still loading', () => {
    const { window, popover } = start();
    window.webContents.loading = true;
    popover.showService('slack');
    expect(window.webContents.sent).toEqual([]);
    window.webContents.loading = false;
    window.webContents.emit('did-finish-load');
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sent).toEqual([['window:show-service', 'slack']]);
  });

  it('dispose destroys the window and drops the session handlers', () => {
    const { window, popover } = start();
    popover.dispose();
    expect(window.destroyed).toBe(true);
    const session = window.webContents.session;
    expect([session.permissionRequest, session.permissionCheck, session.headers]).toEqual([null, null, null]);
    popover.showService('github');
    expect(window.webContents.sent).toEqual([]);
  });
});
