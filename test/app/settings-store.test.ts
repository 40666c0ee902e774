import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is the one thing mocked (DESIGN.md, "Habits"): safeStorage with a reversible fake
// cipher. electron-store and conf underneath are real and write real files; as a dependency
// outside the tree electron-store loads the electron package itself (its binary path, no API),
// which is fine because the adapter gives it an absolute cwd and so needs no app.getPath.
const electron = vi.hoisted(() => {
  const keyring = { available: true };
  const api = {
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(keyring.available),
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: (plain: string) =>
        Promise.resolve(Buffer.concat([Buffer.from('v11'), Buffer.from(plain).map((byte) => byte ^ 0x5a)])),
      decryptStringAsync: (blob: Buffer) =>
        Promise.resolve({
          result: Buffer.from(blob.subarray(3).map((byte) => byte ^ 0x5a)).toString(),
          shouldReEncrypt: false,
        }),
    },
  };
  return { keyring, api };
});
vi.mock('electron', () => ({ ...electron.api, default: electron.api }));

const { setupSettingsStore } = await import('../../main/app/settings-store.js');
const { createSecretVault, encryptSecret } = await import('../../main/app/secrets.js');
const { defaultSettings, monitorConfigOf, parseSettings } =
  await import('../../main/desktop/settings/schema.js');
const { ManualClock } = await import('../support/manual-clock.js');

type Settings = ReturnType<typeof defaultSettings>;

const FIXTURES = join(import.meta.dirname, '../fixtures/settings');
const VALID_IDS = ['github', 'twitter', 'our-api'];
const DEFAULT_IDS = ['github', 'cloudflare', 'npm', 'discord'];

let directory: string;
let path: string;
let notices: string[];
let logged: string[];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'downwatch-store-'));
  path = join(directory, 'config.json');
  notices = [];
  logged = [];
  electron.keyring.available = true;
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function open() {
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    };
  return setupSettingsStore({
    path,
    clock: new ManualClock(),
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    notify: (text) => notices.push(text),
    encrypt: (plaintext, name) => encryptSecret(plaintext, { name, platform: 'linux' }),
  });
}

async function onDisk(file = path): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

async function useFixture(name: string): Promise<void> {
  await copyFile(join(FIXTURES, name), path);
}

const ids = (settings: Settings): string[] => monitorConfigOf(settings).services.map((service) => service.id);

describe('opening the settings', () => {
  it('starts a first run from the defaults, written by electron-store, with a backup', async () => {
    const store = await open();
    expect(store.readOnly).toBe(false);
    expect(store.settings()).toEqual(defaultSettings());
    expect(parseSettings(await onDisk())).toEqual({ ok: true, settings: defaultSettings() });
    expect(await onDisk(`${path}.bak`)).toEqual(defaultSettings());
    expect(notices).toEqual([]);
    expect(ids(store.settings())).toEqual(DEFAULT_IDS);
    // Nothing lands in electron-store's default folder: the file is where the path says.
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'config.json.bak']);
  });

  it('opens a valid file as it is, with no notice, and gives the engine its config', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    expect(store.settings()).toMatchObject({ theme: 'dark', launchAtLogin: true });
    expect(store.monitorConfig().services.map((service) => service.id)).toEqual(VALID_IDS);
    expect(notices).toEqual([]);
  });

  it('sets a damaged file aside, tells the person once, and carries on writing', async () => {
    await useFixture('truncated.txt');
    const store = await open();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Your settings file could not be used \(.*\); it was kept as .*corrupt-/);
    expect(store.readOnly).toBe(false);
    expect((await readdir(directory)).some((name) => name.includes('.corrupt-'))).toBe(true);

    await store.update((draft) => ({ ...draft, theme: 'light' }));
    expect(await onDisk()).toMatchObject({ theme: 'light' });
    expect(notices).toHaveLength(1);
  });

  it('leaves a file from a newer Downwatch alone: changes stay in memory', async () => {
    await useFixture('future-version.json');
    const before = await readFile(path, 'utf8');
    const store = await open();
    expect(store.readOnly).toBe(true);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/written by a newer Downwatch/);

    const changed = await store.update((draft) => ({ ...draft, theme: 'light' }));
    expect(changed.theme).toBe('light');
    expect(store.settings().theme).toBe('light');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(directory)).toEqual(['config.json']);
  });
});

describe('changing the settings', () => {
  it('writes through electron-store and the backup, and tells listeners', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    const heard: string[] = [];
    store.onChange((settings) => heard.push(settings.theme));

    const next = await store.update((draft) => {
      draft.theme = 'light';
      draft.window = { width: 500, height: 700 };
      return draft;
    });
    expect(next).toMatchObject({ theme: 'light', window: { width: 500, height: 700 } });
    expect(store.settings()).toBe(next);
    expect(await onDisk()).toEqual(next);
    expect(await onDisk(`${path}.bak`)).toEqual(next);
    expect(heard).toEqual(['light']);
  });

  it('refuses invalid settings, changing nothing on disk or in memory', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    const before = await readFile(path, 'utf8');
    const heard: unknown[] = [];
    store.onChange((settings) => heard.push(settings));

    await expect(
      store.update((draft) => ({ ...draft, theme: 'solarized' as Settings['theme'] })),
    ).rejects.toThrow(/^Settings not changed: theme: expected "system", "light" or "dark"/);
    await expect(
      store.update((draft) => ({ ...draft, secrets: { TOKEN: 'hunter2 in plain text' } })),
    ).rejects.toThrow(/secrets.TOKEN/);
    expect(store.settings().theme).toBe('dark');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(heard).toEqual([]);
  });

  it('flush waits for the backups of changes nobody awaited (a snooze from the tray)', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    // The fixture's theme is dark; the backup made at open says so until these land.
    void store.update((draft) => ({ ...draft, theme: 'system' }));
    void store.update((draft) => ({ ...draft, theme: 'light' }));
    await store.flush();
    expect(await onDisk(`${path}.bak`)).toMatchObject({ theme: 'light' });
  });

  it('does not write or notify when nothing changed', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    const heard: unknown[] = [];
    store.onChange((settings) => heard.push(settings));
    await store.update((draft) => draft);
    expect(heard).toEqual([]);
  });

  it('stops telling listeners once they unsubscribe or the store is disposed', async () => {
    const store = await open();
    const heard: string[] = [];
    const off = store.onChange((settings) => heard.push(`a ${settings.theme}`));
    store.onChange((settings) => heard.push(`b ${settings.theme}`));
    await store.update((draft) => ({ ...draft, theme: 'light' }));
    off();
    await store.update((draft) => ({ ...draft, theme: 'dark' }));
    store.dispose();
    await store.update((draft) => ({ ...draft, theme: 'system' }));
    expect(heard).toEqual(['a light', 'b light', 'b dark']);
  });

  it('keeps the secrets the vault stores, encrypted, in the file', async () => {
    const store = await open();
    const vault = createSecretVault({
      read: (name) => store.settings().secrets[name],
      write: async (name, base64) => {
        await store.update((draft) => ({ ...draft, secrets: { ...draft.secrets, [name]: base64 } }));
      },
      env: {},
    });
    await vault.store('DOWNDETECTOR_SECRET', 'hunter2-plain');
    expect(await readFile(path, 'utf8')).not.toContain('hunter2-plain');
    expect(vault.resolver({ env: 'DOWNDETECTOR_SECRET' })).toBe('hunter2-plain');
  });
});

/** A CLI config with a secret written into it, as the CLI allows. */
const CLI_CONFIG = JSON.stringify({
  version: 1,
  services: [
    {
      id: 'twitter',
      name: 'X (Twitter)',
      sources: [{ type: 'downdetector', slug: 'twitter', clientSecret: 'dd-secret-plain' }],
    },
    {
      id: 'npm',
      name: 'npm',
      sources: [{ type: 'downdetector', slug: 'npm', clientSecret: { env: 'NPM_DD_SECRET' } }],
    },
  ],
  app: { theme: 'light' },
});

describe('import and export', () => {
  it('imports a CLI config, encrypting its plain-text secrets, and lists the secrets still to ask for', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    const result = await store.import(CLI_CONFIG);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));

    expect(ids(result.settings)).toEqual(['twitter', 'npm']);
    expect(result.settings.theme).toBe('light');
    expect(result.missingSecrets).toEqual(['NPM_DD_SECRET']);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('dd-secret-plain');
    expect(await readFile(`${path}.bak`, 'utf8')).not.toContain('dd-secret-plain');
    // Stored secrets are kept, and the imported one joins them, encrypted.
    expect(Object.keys(result.settings.secrets).sort()).toEqual([
      'DOWNDETECTOR_SECRET',
      'DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET',
    ]);
    const vault = createSecretVault({
      read: (name) => store.settings().secrets[name],
      write: () => undefined,
      env: {},
    });
    await vault.unlock(Object.keys(result.settings.secrets));
    expect(vault.resolver({ env: 'DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET' })).toBe('dd-secret-plain');
    expect(logged.join('\n')).not.toContain('dd-secret-plain');
  });

  it.each([
    ['text that is not JSON', '{ "version": 1, ', /^the imported file: not valid JSON/],
    ['a config with a mistake', JSON.stringify({ version: 1, services: [{ id: 'X!' }] }), /^services\[0\]/],
  ])('refuses %s with its issues, changing nothing', async (_name, text, first) => {
    await useFixture('v1-valid.json');
    const store = await open();
    const before = await readFile(path, 'utf8');
    const result = await store.import(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(`${result.issues[0]!.path}: ${result.issues[0]!.message}`).toMatch(first);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(ids(store.settings())).toEqual(VALID_IDS);
  });

  it('refuses a file with plain-text secrets when nothing can encrypt them, changing nothing', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    electron.keyring.available = false;
    const result = await store.import(CLI_CONFIG);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: '(top level)',
          message: expect.stringMatching(
            /^the file holds a secret\. Cannot store the secret: .*set the environment variable DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET instead\.$/,
          ) as unknown,
        },
      ],
    });
    expect(ids(store.settings())).toEqual(VALID_IDS);
  });

  it('exports the services in the CLI format, secrets left out, and the export imports back', async () => {
    await useFixture('v1-valid.json');
    const store = await open();
    const text = store.export();
    const exported = JSON.parse(text) as Record<string, unknown>;
    expect(exported).toMatchObject({ version: 1, app: { theme: 'dark', secrets: ['DOWNDETECTOR_SECRET'] } });
    expect(text).not.toContain('djEwq2VuY3J5cHRlZCBibG9iIGJ5dGVzIGhlcmU=');

    await writeFile(path, '');
    await rm(path);
    await rm(`${path}.bak`);
    const fresh = await open();
    const result = await fresh.import(text);
    expect(result.ok && result.missingSecrets).toEqual(['DOWNDETECTOR_SECRET']);
    expect(ids(fresh.settings())).toEqual(VALID_IDS);
  });
});
