import diagnosticsChannel from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../main/monitor/config/defaults.js';
import { DEFAULT_CONNECTIVITY_TARGETS } from '../../main/monitor/config/schema.js';
import { OFFLINE_DETAIL } from '../../main/monitor/verdict.js';
import type { RequestChannel } from '../../main/shared/ipc.js';
import type { SettingsView } from '../../main/shared/settings-view.js';
import type { Snapshot } from '../../main/shared/snapshot.js';

/*
 * The composition root (main/index.ts) started for real, with Electron as the one thing mocked
 * (DESIGN.md, "Habits"): every Electron API the app touches is a fake that records what it is
 * asked, and the test drives it the way Electron would (a second launch, a menu click, quit).
 * Everything else is real: settings and history are real files in a fresh userData folder, the
 * engine and its HTTP client run as they do in the app.
 *
 * No network: net.isOnline() says false, so the engine knows it is offline from the start and
 * never asks the connectivity targets. The sources are still read (the engine trusts "offline"
 * for its connectivity verdict, not to skip sources), so the HTTP client is pointed, through the
 * proxy variables it honours, at a loopback proxy that records where each request was going and
 * refuses it. Every TCP connection this process opens is watched (Node's net.client.socket
 * channel): each must go to that proxy, and no host name may be looked up.
 */

type Call = readonly [method: string, ...args: unknown[]];
type Listener = (...args: unknown[]) => unknown;

const REPO = join(import.meta.dirname, '..', '..');
const APP_URL = pathToFileURL(join(REPO, 'dist', 'renderer', 'index.html')).href;

/** The contract's request channels; `satisfies` fails the type check when one is added or renamed. */
const REQUEST_CHANNELS = Object.keys({
  'snapshot:get': true,
  'services:check-now': true,
  'services:history': true,
  'services:detect': true,
  'config:validate': true,
  'notifications:snooze': true,
  'shell:open-external': true,
  'settings:get': true,
  'settings:edit': true,
  'secrets:store': true,
  'settings:export': true,
  'settings:import': true,
  'catalog:search': true,
  'catalog:add': true,
  'window:hide': true,
} satisfies Record<RequestChannel, true>);

// ---- The fake Electron: records, never decides. ----

class FakeApp extends EventEmitter {
  readonly calls: Call[] = [];
  userData = '';
  // `npm start`: updates come from the source, so electron-updater is never loaded.
  readonly isPackaged = false;
  documents = '';
  readonly dock = { hide: () => this.calls.push(['dock.hide']) };
  requestSingleInstanceLock(): boolean {
    this.calls.push(['requestSingleInstanceLock']);
    return true;
  }
  whenReady(): Promise<void> {
    this.calls.push(['whenReady']);
    return Promise.resolve();
  }
  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    if (name === 'documents') return this.documents;
    throw new Error(`the fake app has no path "${name}"`);
  }
  getAppPath(): string {
    return REPO;
  }
  quit(): void {
    this.calls.push(['quit']);
  }
  exit(code: number): void {
    this.calls.push(['exit', code]);
  }
  setAppUserModelId(id: string): void {
    this.calls.push(['setAppUserModelId', id]);
  }
  setLoginItemSettings(settings: unknown): void {
    this.calls.push(['setLoginItemSettings', settings]);
  }
  named(method: string): Call[] {
    return this.calls.filter(([name]) => name === method);
  }
}

class FakeSession {
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  headers: Listener | null = null;
  readonly webRequest = {
    onHeadersReceived: (handler: Listener | null) => {
      this.headers = handler;
    },
  };
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheck = handler;
  }
}

class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly loaded: string[] = [];
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Listener | undefined;
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  /** The page is there: pushes are sent at once. */
  isLoading(): boolean {
    return false;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
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
    this.calls.push(['destroy']);
    this.destroyed = true;
  }
}

interface FakeImage {
  readonly path: string;
  setTemplateImage(template: boolean): void;
}
interface MenuTemplate {
  readonly label?: string;
  readonly type?: string;
  readonly click?: () => void;
  readonly submenu?: readonly MenuTemplate[];
}
interface FakeMenu {
  readonly template: readonly MenuTemplate[];
}

class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];
  readonly calls: Call[] = [];
  contextMenu: FakeMenu | undefined;
  tooltip = '';
  destroyed = false;
  constructor(public image: FakeImage) {
    super();
    FakeTray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.calls.push(['setImage', image.path]);
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.calls.push(['setTitle', text]);
  }
  setContextMenu(menu: FakeMenu): void {
    this.contextMenu = menu;
  }
  popUpContextMenu(menu: FakeMenu): void {
    this.calls.push(['popUpContextMenu', menu]);
  }
  getBounds() {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy(): void {
    this.destroyed = true;
  }
}

class FakeNotification extends EventEmitter {
  static readonly shown: unknown[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: unknown) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

const app = new FakeApp();
const handlers = new Map<string, Listener>();
const powerMonitor = new EventEmitter();
const network = { isOnlineAsked: 0 };
const opened: string[] = [];
const dialogs: string[] = [];

const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: MenuTemplate[]): FakeMenu => ({ template }) },
  nativeImage: {
    createFromPath: (path: string): FakeImage => ({ path, setTemplateImage: () => undefined }),
  },
  Notification: FakeNotification,
  ipcMain: {
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  powerMonitor,
  net: {
    isOnline: () => {
      network.isOnlineAsked += 1;
      return false;
    },
  },
  shell: {
    openExternal: (url: string) => {
      opened.push(url);
      return Promise.resolve();
    },
  },
  // A reversible fake cipher, as in settings-store.test.ts.
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: (plain: string) =>
      Promise.resolve(Buffer.concat([Buffer.from('v11'), Buffer.from(plain).map((byte) => byte ^ 0x5a)])),
    decryptStringAsync: (blob: Buffer) =>
      Promise.resolve({
        result: Buffer.from(blob.subarray(3).map((byte) => byte ^ 0x5a)).toString(),
        shouldReEncrypt: false,
      }),
  },
  screen: {
    getCursorScreenPoint: () => ({ x: 1800, y: 10 }),
    getDisplayNearestPoint: () => ({
      workArea: { x: 0, y: 27, width: 1920, height: 1053 },
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    }),
  },
  dialog: {
    showSaveDialog: () => {
      dialogs.push('save');
      return Promise.resolve({ canceled: true, filePath: '' });
    },
    showOpenDialog: () => {
      dialogs.push('open');
      return Promise.resolve({ canceled: true, filePaths: [] });
    },
  },
};
vi.mock('electron', () => ({ ...electron, default: electron }));

// ---- The network fence. ----

/** Where the engine's requests were going ("CONNECT www.githubstatus.com:443"); each is refused. */
const proxied: string[] = [];
const proxy = createServer((socket: Socket) => {
  socket.on('error', () => undefined);
  socket.once('data', (chunk: Buffer) => {
    const [method = '', target = ''] = chunk.toString('latin1').split(' ');
    proxied.push(`${method} ${target}`);
    socket.destroy();
  });
});
/** Every TCP connection attempt and host name lookup made by this process. */
const connections: string[] = [];
const lookups: string[] = [];
const watchSocket = (message: unknown): void => {
  const { socket } = message as { socket: Socket };
  socket.on('lookup', (_error: unknown, _address: unknown, _family: unknown, host: string) =>
    lookups.push(host),
  );
  socket.on('connectionAttempt', (ip: string, port: number) => connections.push(`${ip}:${port}`));
};
let proxyAddress = '';

const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'];
const savedEnv: Record<string, string | undefined> = {};
let scratch = '';

// ---- Driving the app as Electron and the renderer would. ----

function frame(url: string, top = true) {
  return { senderFrame: { url, parent: top ? null : {} } };
}

async function invoke<T = unknown>(channel: string, event: unknown, ...args: unknown[]): Promise<T> {
  const listener = handlers.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  return (await listener(event, ...args)) as T;
}

const fromApp = <T>(channel: string, ...args: unknown[]): Promise<T> =>
  invoke<T>(channel, frame(APP_URL), ...args);

function theWindow(): FakeBrowserWindow {
  expect(FakeBrowserWindow.instances).toHaveLength(1);
  return FakeBrowserWindow.instances[0] as FakeBrowserWindow;
}

function theTray(): FakeTray {
  expect(FakeTray.instances).toHaveLength(1);
  return FakeTray.instances[0] as FakeTray;
}

function menuItem(label: string): MenuTemplate {
  const item = theTray().contextMenu?.template.find((entry) => entry.label === label);
  if (!item) throw new Error(`no "${label}" in the tray menu`);
  return item;
}

const hostOf = (url: string): string => new URL(url).host;
const SOURCE_HOSTS = new Set(
  DEFAULT_CONFIG.services.flatMap((service) => service.sources.map((s) => hostOf(s.url))),
);
const CONNECTIVITY_HOSTS = DEFAULT_CONNECTIVITY_TARGETS.map(hostOf);

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'downwatch-composition-'));
  app.userData = join(scratch, 'userData');
  app.documents = join(scratch, 'Documents');

  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  proxyAddress = `127.0.0.1:${address.port}`;
  for (const name of [...PROXY_VARIABLES, 'XDG_CONFIG_HOME']) savedEnv[name] = process.env[name];
  for (const name of PROXY_VARIABLES) process.env[name] = '';
  process.env.http_proxy = `http://${proxyAddress}`;
  process.env.https_proxy = `http://${proxyAddress}`;
  // Launch at login is off by default, and applied at start: on Linux that touches the XDG
  // autostart folder, kept here.
  process.env.XDG_CONFIG_HOME = join(scratch, 'xdg-config');
  diagnosticsChannel.subscribe('net.client.socket', watchSocket);

  // main/index.ts starts itself when imported.
  await import('../../main/index.js');
  await vi.waitFor(
    () => {
      expect(app.named('exit')).toEqual([]);
      expect(FakeTray.instances).toHaveLength(1);
      // Sleep and wake come last but one; the engine starts in the same turn, right after.
      expect(powerMonitor.listenerCount('suspend')).toBe(1);
    },
    { timeout: 10_000 },
  );
});

afterAll(async () => {
  diagnosticsChannel.unsubscribe('net.client.socket', watchSocket);
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await rm(scratch, { recursive: true, force: true });
});

describe('main/index.ts, started against a fake Electron', () => {
  it('starts as the single instance, and a second launch shows the popover', () => {
    expect(app.named('requestSingleInstanceLock')).toHaveLength(1);
    expect(app.named('exit')).toEqual([]);
    expect(theWindow().visible).toBe(false);

    app.emit('second-instance', {}, ['downwatch'], REPO);

    expect(theWindow().visible).toBe(true);
    expect(theWindow().calls.map(([method]) => method)).toEqual(['setPosition', 'show', 'focus']);
  });

  it('does what Linux needs and nothing meant for other platforms', () => {
    expect(process.platform).toBe('linux');
    // Windows only: the AppUserModelID for toasts, the login item; macOS only: the dock.
    expect(app.named('setAppUserModelId')).toEqual([]);
    expect(app.named('setLoginItemSettings')).toEqual([]);
    expect(app.named('dock.hide')).toEqual([]);
    // Launch at login is off by default: no XDG autostart entry.
    expect(existsSync(join(scratch, 'xdg-config', 'autostart'))).toBe(false);
    // Linux panels often send no clicks: the menu is on the icon.
    expect(theTray().contextMenu).toBeDefined();
    expect(theTray().listenerCount('right-click')).toBe(0);
    expect(theTray().listenerCount('click')).toBe(1);
  });

  it('creates the popover hidden, frameless and locked down, on the renderer page', async () => {
    const window = theWindow();
    expect(window.options).toMatchObject({ show: false, frame: false, skipTaskbar: true });
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      // Beside the entry module: dist/main/preload/index.cjs in the built app, main/preload here.
      preload: join(REPO, 'main', 'preload', 'index.cjs'),
    });
    // Built, the entry is dist/main/index.js, and tsc emits main/preload/index.cts as
    // dist/main/preload/index.cjs beside it.
    const manifest = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(manifest.main).toBe('dist/main/index.js');
    expect(existsSync(join(REPO, 'main', 'preload', 'index.cts'))).toBe(true);
    expect(window.webContents.loaded).toEqual([APP_URL]);
    expect(window.webContents.windowOpenHandler).toBeDefined();
    expect(window.webContents.listenerCount('will-navigate')).toBe(1);
    const { session } = window.webContents;
    expect(session.permissionRequest).not.toBeNull();
    expect(session.permissionCheck?.({}, 'geolocation')).toBe(false);
    expect(session.headers).not.toBeNull();
  });

  it('registers a handler for every request channel and answers only its own page', async () => {
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());

    for (const event of [
      frame('https://evil.example/'),
      frame(APP_URL, false),
      frame('file:///tmp/index.html'),
    ]) {
      await expect(invoke('settings:get', event)).rejects.toThrow(
        'settings:get: refused: not sent by the Downwatch window',
      );
    }

    const snapshot = await fromApp<Snapshot>('snapshot:get');
    expect(snapshot.services.map((service) => service.id)).toEqual([
      'github',
      'cloudflare',
      'npm',
      'discord',
    ]);
  });

  it('keeps secrets out of what the window sees and out of the settings file', async () => {
    const config = join(app.userData, 'config.json');
    expect(existsSync(config)).toBe(true);
    // History is saved every 30 s and on quit, not at start.
    expect(existsSync(join(app.userData, 'history.json'))).toBe(false);

    const secret = 'correct horse battery staple';
    await fromApp('secrets:store', 'DOWNDETECTOR_SECRET', secret);
    const view = await fromApp<SettingsView>('settings:get');
    expect(view.storedSecrets).toEqual(['DOWNDETECTOR_SECRET']);
    expect(view).not.toHaveProperty('secrets');
    expect(JSON.stringify(view)).not.toContain(secret);
    const onDisk = await readFile(config, 'utf8');
    expect(onDisk).not.toContain(secret);
    expect((JSON.parse(onDisk) as { secrets: Record<string, string> }).secrets).toHaveProperty(
      'DOWNDETECTOR_SECRET',
    );
  });

  it('saves a settings change to config.json and pushes it to the window', async () => {
    const sent = theWindow().webContents.sent;
    const before = sent.length;
    await fromApp('settings:edit', { kind: 'app', theme: 'dark' });

    const pushes = sent.slice(before).filter((push) => push.channel === 'settings:changed');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.payload).toMatchObject({ theme: 'dark' });
    const onDisk = JSON.parse(await readFile(join(app.userData, 'config.json'), 'utf8')) as { theme: string };
    expect(onDisk.theme).toBe('dark');
  });

  it('shows the tray with a generated icon and the menu', async () => {
    const tray = theTray();
    expect(tray.image.path.startsWith(join(REPO, 'assets', 'icons', 'generated', 'linux'))).toBe(true);
    expect(existsSync(tray.image.path)).toBe(true);
    const labels = tray.contextMenu?.template.map((item) => item.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Open Downwatch',
        'Check all now',
        'Snooze notifications',
        'Settings',
        'Quit Downwatch',
      ]),
    );

    // The engine learned it is offline: the snapshot reaches the tray and the window.
    await vi.waitFor(() =>
      expect(tray.image.path).toBe(join(REPO, 'assets', 'icons', 'generated', 'linux', 'tray-offline.png')),
    );
    expect(existsSync(tray.image.path)).toBe(true);
    // The window's push is coalesced (up to 250 ms), so it may come after the tray's redraw.
    await vi.waitFor(() => {
      const pushed = theWindow().webContents.sent.filter((push) => push.channel === 'snapshot:changed');
      expect(pushed.at(-1)?.payload).toMatchObject({ connectivity: { status: 'offline' } });
    });

    // "Settings" opens the settings view in the window.
    menuItem('Settings').click?.();
    expect(theWindow().webContents.sent.at(-1)).toEqual({ channel: 'window:show-settings', payload: null });
  });

  it('carries out the tray menu: open, snooze and resume', async () => {
    await fromApp('window:hide');
    expect(theWindow().visible).toBe(false);
    menuItem('Open Downwatch').click?.();
    expect(theWindow().visible).toBe(true);

    const snoozeFor = (label: string): MenuTemplate | undefined =>
      menuItem('Snooze notifications').submenu?.find((item) => item.label === label);
    snoozeFor('For 1 hour')?.click?.();
    await vi.waitFor(async () => {
      const view = await fromApp<SettingsView>('settings:get');
      expect(view.alerts.snoozedUntil).toBeGreaterThan(Date.now());
    });
    // The tray redraws from the settings change, not at the next snapshot.
    const snoozed = theTray().contextMenu?.template.find((item) =>
      item.label?.startsWith('Notifications snoozed until'),
    );
    const resume = snoozed?.submenu?.find((item) => item.label === 'Resume notifications');
    expect(resume).toBeDefined();

    resume?.click?.();
    await vi.waitFor(async () => {
      const view = await fromApp<SettingsView>('settings:get');
      expect(view.alerts.snoozedUntil).toBeUndefined();
    });
    expect(menuItem('Snooze notifications').submenu).toHaveLength(3);
  });

  it('pauses checks from the tray, shows it, and resumes them', () => {
    const icons = join(REPO, 'assets', 'icons', 'generated', 'linux');
    menuItem('Pause checks').click?.();
    expect(theTray().image.path).toBe(join(icons, 'tray-paused.png'));
    expect(theTray().tooltip).toBe('Downwatch: paused');
    menuItem('Resume checks').click?.();
    expect(theTray().image.path).not.toBe(join(icons, 'tray-paused.png'));
    expect(() => menuItem('Pause checks')).not.toThrow();
  });

  it('"Check all now" reads every source, offline, without leaving this machine', async () => {
    menuItem('Check all now').click?.();

    await vi.waitFor(
      async () => {
        const snapshot = await fromApp<Snapshot>('snapshot:get');
        expect(snapshot.connectivity).toMatchObject({
          status: 'offline',
          detail: 'the system reports no network connection',
        });
        for (const service of snapshot.services) {
          expect(service.summary).toBe('Unknown: you appear to be offline');
          for (const source of service.sources) expect(source.detail).toBe(OFFLINE_DETAIL);
        }
      },
      { timeout: 10_000 },
    );

    // The system's "offline" was asked for and trusted: every source was asked for, through the
    // fence, and no connectivity target was.
    expect(network.isOnlineAsked).toBeGreaterThan(0);
    const asked = new Set(proxied.map((line) => line.replace(/^CONNECT /, '').replace(/:443$/, '')));
    expect(asked).toEqual(SOURCE_HOSTS);
    for (const host of CONNECTIVITY_HOSTS) expect(asked).not.toContain(host);
    expect(proxied.every((line) => line.startsWith('CONNECT '))).toBe(true);
    expect(new Set(connections)).toEqual(new Set([proxyAddress]));
    expect(lookups).toEqual([]);
  });

  it('quits from the menu: the engine stops, history is saved, every part is released', async () => {
    menuItem('Quit Downwatch').click?.();
    expect(app.named('quit')).toHaveLength(1);

    // Electron answers app.quit() with 'before-quit'; the lifecycle holds it until the engine stopped.
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(app.named('quit')).toHaveLength(2), { timeout: 10_000 });

    // The lifecycle lets the app go only after stop() ended: the engine stopped and history
    // was saved, then every part was released.
    const history = JSON.parse(await readFile(join(app.userData, 'history.json'), 'utf8')) as unknown;
    expect(JSON.stringify(history)).toContain('"github"');
    expect(handlers.size).toBe(0);
    expect(theTray().destroyed).toBe(true);
    expect(theWindow().destroyed).toBe(true);
    expect(powerMonitor.listenerCount('suspend')).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    for (const name of ['before-quit', 'second-instance', 'window-all-closed']) {
      expect(app.listenerCount(name)).toBe(0);
    }
    expect(app.named('exit')).toEqual([]);
  });
});
