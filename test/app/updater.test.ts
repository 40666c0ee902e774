import { describe, expect, it } from 'vitest';
import { setupUpdater, type SelfUpdater, type UpdaterDeps } from '../../main/app/updater.js';
import { FIRST_CHECK_DELAY_MS } from '../../main/desktop/update-schedule.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * electron-updater's autoUpdater, played by a fake: it loads electron and a packaged app's
 * app-update.yml, neither of which exists here. The fake answers each check the way the real
 * one does: "no update", or an update whose download finishes (or fails) in the background.
 */
class FakeUpdater implements SelfUpdater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: SelfUpdater['logger'] = null;
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  /** What the next check finds: a version to download, a download failure, or nothing new. */
  next: { version: string } | { downloadFails: string } | 'none' = 'none';
  private downloaded: ((info: { version: string }) => void)[] = [];

  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null> {
    this.checks++;
    const next = this.next;
    if (next === 'none') return Promise.resolve({ downloadPromise: null });
    if ('downloadFails' in next)
      return Promise.resolve({ downloadPromise: Promise.reject(new Error(next.downloadFails)) });
    const downloadPromise = Promise.resolve().then(() => {
      for (const listener of this.downloaded) listener({ version: next.version });
      return ['/tmp/update.zip'];
    });
    return Promise.resolve({ downloadPromise });
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }

  on(_event: 'update-downloaded', listener: (info: { version: string }) => void): this {
    this.downloaded.push(listener);
    return this;
  }
}

function start(overrides: Partial<UpdaterDeps> = {}) {
  const clock = new ManualClock();
  const fake = new FakeUpdater();
  const record = { loads: 0, downloaded: [] as string[], prepared: 0, logged: [] as string[], enabled: true };
  const settingsListeners = new Set<() => void>();
  const updater = setupUpdater({
    unavailable: undefined,
    load: () => {
      record.loads++;
      return Promise.resolve(fake);
    },
    clock,
    enabled: () => record.enabled,
    onSettingsChange: (listener) => {
      settingsListeners.add(listener);
      return () => settingsListeners.delete(listener);
    },
    onDownloaded: (version) => record.downloaded.push(version),
    prepareToQuit: () => record.prepared++,
    log: (message) => record.logged.push(message),
    ...overrides,
  });
  const changeSettings = (): void => {
    for (const listener of settingsListeners) listener();
  };
  return { clock, fake, record, updater, changeSettings, settingsListeners };
}

describe('setupUpdater', () => {
  it('loads electron-updater only when the first check is due, and configures it to download and install on quit', async () => {
    const { clock, fake, record } = start();
    expect(record.loads).toBe(0);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(record.loads).toBe(1);
    expect(fake.checks).toBe(1);
    expect(fake.autoDownload).toBe(true);
    expect(fake.autoInstallOnAppQuit).toBe(true);
    fake.logger?.info('Checking for update');
    expect(record.logged).toContain('updates: Checking for update');
  });

  it('a downloaded update is announced once, offered in the tray, and installed on request', async () => {
    const { clock, fake, record, updater } = start();
    const trayRefreshes: number[] = [];
    updater.onReady(() => trayRefreshes.push(clock.now()));
    fake.next = { version: '0.2.0' };
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(record.downloaded).toEqual(['0.2.0']);
    expect(updater.ready()).toBe('0.2.0');
    expect(trayRefreshes).toHaveLength(1);

    updater.installNow();
    expect(record.prepared).toBe(1);
    expect(fake.installs).toEqual([[true, true]]);
  });

  it('installNow does nothing while no update is downloaded', async () => {
    const { clock, fake, record, updater } = start();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    updater.installNow();
    expect(record.prepared).toBe(0);
    expect(fake.installs).toEqual([]);
  });

  it('a failed download is logged like a failed check', async () => {
    const { clock, fake, record, updater } = start();
    fake.next = { downloadFails: 'sha512 checksum mismatch' };
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(updater.ready()).toBeUndefined();
    expect(record.logged).toContain('updates: check failed: sha512 checksum mismatch');
  });

  it('follows the setting: off, no checks; on again, a check soon', async () => {
    const { clock, fake, record, changeSettings } = start();
    record.enabled = false;
    changeSettings();
    await clock.advance(24 * 60 * 60_000);
    expect(fake.checks).toBe(0);
    record.enabled = true;
    changeSettings();
    await clock.advance(10_000);
    expect(fake.checks).toBe(1);
  });

  it('where updates are unavailable, says why once and never loads electron-updater', async () => {
    const { clock, record, updater } = start({
      unavailable: 'a development build (npm start) is updated from its source',
    });
    await clock.advance(24 * 60 * 60_000);
    expect(record.loads).toBe(0);
    expect(record.logged).toEqual([
      'updates: not checked: a development build (npm start) is updated from its source',
    ]);
    expect(updater.ready()).toBeUndefined();
  });

  it('dispose stops the checks and the settings subscription', async () => {
    const { clock, fake, updater, settingsListeners } = start();
    updater.dispose();
    expect(settingsListeners.size).toBe(0);
    await clock.advance(24 * 60 * 60_000);
    expect(fake.checks).toBe(0);
  });
});
