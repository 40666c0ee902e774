import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is the one thing mocked (DESIGN.md, "Habits"): app records its login item settings.
// The Linux entry is a real file in a temporary home.
const electron = vi.hoisted(() => ({ loginItems: [] as unknown[] }));
vi.mock('electron', () => ({
  app: { setLoginItemSettings: (settings: unknown) => electron.loginItems.push(settings) },
}));

const { setupAutostart } = await import('../../main/app/autostart.js');
type Deps = Parameters<typeof setupAutostart>[0];

let home: string;
const logged: string[] = [];

function setup(overrides: Partial<Deps> & Pick<Deps, 'platform'>) {
  return setupAutostart({
    enabled: () => true,
    execPath: '/opt/Downwatch/downwatch',
    env: {},
    home,
    log: (line) => logged.push(line),
    ...overrides,
  });
}

function entryPath(configHome = join(home, '.config')): string {
  return join(configHome, 'autostart', 'downwatch.desktop');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'downwatch-autostart-'));
  electron.loginItems.length = 0;
  logged.length = 0;
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('autostart: launch at login', () => {
  it('registers a login item on macOS at setup and follows the setting', async () => {
    const autostart = setup({ platform: 'darwin' });
    await autostart.ready;
    await autostart.apply(false);
    expect(electron.loginItems).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('registers the program and its arguments on Windows, quoted where they hold spaces', async () => {
    const autostart = setup({
      platform: 'win32',
      execPath: 'C:\\Program Files\\Downwatch\\Downwatch.exe',
      args: ['--hidden', 'at login'],
    });
    await autostart.ready;
    expect(electron.loginItems).toEqual([
      {
        openAtLogin: true,
        path: '"C:\\Program Files\\Downwatch\\Downwatch.exe"',
        args: ['--hidden', '"at login"'],
      },
    ]);
  });

  it('writes the XDG entry on Linux at setup, for the AppImage rather than its mount', async () => {
    const autostart = setup({
      platform: 'linux',
      execPath: '/tmp/.mount_DownwaXYZ/downwatch',
      appImage: '/home/me/Apps/Downwatch.AppImage',
    });
    await autostart.ready;
    const entry = await readFile(entryPath(), 'utf8');
    expect(entry).toContain('Exec=/home/me/Apps/Downwatch.AppImage\n');
    expect(electron.loginItems).toEqual([]);
  });

  it('follows a moved AppImage: the entry is rewritten at each start', async () => {
    await setup({ platform: 'linux', appImage: '/home/me/Downloads/Downwatch.AppImage' }).ready;
    await setup({ platform: 'linux', appImage: '/home/me/Apps/Downwatch.AppImage' }).ready;
    expect(await readFile(entryPath(), 'utf8')).toContain('Exec=/home/me/Apps/Downwatch.AppImage\n');
  });

  it('honours XDG_CONFIG_HOME', async () => {
    const configHome = join(home, 'xdg');
    await setup({ platform: 'linux', env: { XDG_CONFIG_HOME: configHome } }).ready;
    expect(await exists(entryPath(configHome))).toBe(true);
    expect(await exists(entryPath())).toBe(false);
  });

  it('removes an entry left behind when the setting is off at start', async () => {
    await setup({ platform: 'linux' }).ready;
    await setup({ platform: 'linux', enabled: () => false }).ready;
    expect(await exists(entryPath())).toBe(false);
    expect(logged).toEqual([]);
  });

  it('applies quick toggles in order: the last one wins', async () => {
    const autostart = setup({ platform: 'linux', enabled: () => false });
    const toggles = [true, false, true, false, true].map((on) => autostart.apply(on));
    await Promise.all(toggles);
    expect(await exists(entryPath())).toBe(true);
    await Promise.all([autostart.apply(true), autostart.apply(false)]);
    expect(await exists(entryPath())).toBe(false);
  });

  it('logs a failure at setup instead of throwing, and rejects a failing apply', async () => {
    // A file where the autostart directory should be: the entry cannot be written.
    await writeFile(join(home, '.config'), 'not a directory');
    const autostart = setup({ platform: 'linux' });
    await autostart.ready;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^autostart: could not apply the setting: /);
    await expect(autostart.apply(true)).rejects.toThrow();
    // The queue keeps going after a failure.
    await rm(join(home, '.config'));
    await expect(autostart.apply(true)).resolves.toBeUndefined();
    expect(await exists(entryPath())).toBe(true);
  });

  it('says so on a platform without launch at login', async () => {
    await setup({ platform: 'freebsd' }).ready;
    expect(logged).toEqual(['autostart: launch at login is not supported on freebsd']);
  });

  it('does nothing after dispose', async () => {
    const autostart = setup({ platform: 'darwin' });
    await autostart.ready;
    autostart.dispose();
    await autostart.apply(false);
    expect(electron.loginItems).toEqual([{ openAtLogin: true }]);
  });
});
