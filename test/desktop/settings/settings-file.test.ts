import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultSettings,
  monitorConfigOf,
  parseSettings,
  type Settings,
} from '../../../main/desktop/settings/schema.js';
import {
  backupPath,
  loadSettingsFile,
  saveSettingsFile,
  writeSettingsBackup,
  type LoadedSettings,
} from '../../../main/desktop/settings/settings-file.js';
import type { Logger } from '../../../main/monitor/logger.js';
import { ManualClock } from '../../support/manual-clock.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/settings');
const ASIDE = 'config.json.corrupt-2026-01-01T00-00-00.000Z';
const DEFAULT_IDS = ['github', 'cloudflare', 'npm', 'discord'];
const VALID_IDS = ['github', 'twitter', 'our-api'];
const BLOB = 'djEwq2VuY3J5cHRlZCBibG9iIGJ5dGVzIGhlcmU=';

let directory: string;
let path: string;
let logged: string[];
let logger: Logger;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'downwatch-settings-'));
  path = join(directory, 'config.json');
  logged = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    };
  logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function load(clock = new ManualClock()): Promise<LoadedSettings> {
  return loadSettingsFile(path, { clock, logger });
}

async function validFixture(): Promise<Settings> {
  const parsed = parseSettings(JSON.parse(await readFile(join(FIXTURES, 'v1-valid.json'), 'utf8')));
  if (!parsed.ok) throw new Error('v1-valid.json is not valid');
  return parsed.settings;
}

const ids = (settings: Settings): string[] => monitorConfigOf(settings).services.map((service) => service.id);

async function onDisk(file = path): Promise<Settings> {
  const parsed = parseSettings(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.ok) throw new Error(`${file} is not valid settings: ${JSON.stringify(parsed.issues)}`);
  return parsed.settings;
}

describe('a healthy file', () => {
  it('loads defaults, quietly and without writing, on the first run', async () => {
    expect(await load()).toEqual({ settings: defaultSettings(), readOnly: false });
    expect(await readdir(directory)).toEqual([]);
  });

  it('round-trips through save and load, with a backup beside it and no temp files left', async () => {
    const settings = await validFixture();
    await saveSettingsFile(path, settings);
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'config.json.bak']);
    expect(await readFile(backupPath(path), 'utf8')).toBe(await readFile(path, 'utf8'));
    expect(await load()).toEqual({ settings, readOnly: false });
  });

  it('loads a current file without writing anything', async () => {
    await copyFile(join(FIXTURES, 'v1-valid.json'), path);
    const before = await readFile(path, 'utf8');
    const loaded = await load();
    expect(loaded).toEqual({ settings: await validFixture(), readOnly: false });
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(directory)).toEqual(['config.json']);
  });

  it("ignores electron-store's own bookkeeping key", async () => {
    const document = JSON.parse(await readFile(join(FIXTURES, 'v1-valid.json'), 'utf8')) as object;
    await writeFile(
      path,
      JSON.stringify({ ...document, __internal__: { migrations: { version: '0.1.0' } } }),
    );
    const loaded = await load();
    expect(loaded.notice).toBeUndefined();
    expect(ids(loaded.settings)).toEqual(VALID_IDS);
  });
});

describe('an older file', () => {
  it('is migrated and saved, keeping the original once as config.json.v0', async () => {
    await copyFile(join(FIXTURES, 'v0-prototype.json'), path);
    const original = await readFile(path, 'utf8');
    const loaded = await load();
    expect(loaded.notice).toBeUndefined();
    expect(loaded.readOnly).toBe(false);
    expect(ids(loaded.settings)).toEqual(['github', 'slack', 'our-api']);
    expect(await onDisk()).toEqual(loaded.settings);
    expect(await onDisk(backupPath(path))).toEqual(loaded.settings);
    expect(await readFile(`${path}.v0`, 'utf8')).toBe(original);

    // Another version-0 file later (restored from somewhere) does not replace the first copy.
    await copyFile(join(FIXTURES, 'v0-services-only.json'), path);
    expect(ids((await load()).settings)).toEqual(['npm']);
    expect(await readFile(`${path}.v0`, 'utf8')).toBe(original);
  });
});

async function putCorrupt(fixture: string): Promise<Buffer> {
  if (fixture === '(empty)') await writeFile(path, '');
  else await copyFile(join(FIXTURES, fixture), path);
  return readFile(path);
}

describe('a damaged file with no backup', () => {
  it.each([
    [
      'truncated.txt',
      /not valid JSON: expected a value but found the end of the text at line 16 column 21/,
      DEFAULT_IDS,
      /default services are back/,
    ],
    ['garbage.bin', /not valid JSON/, DEFAULT_IDS, /default services are back/],
    ['(empty)', /the file is empty/, DEFAULT_IDS, /default services are back/],
    ['not-an-object.json', /expected a JSON object/, DEFAULT_IDS, /default services are back/],
    [
      'wrong-type.json',
      /launchAtLogin: expected true or false/,
      ['github', 'slack'],
      /Your 2 services were recovered from it/,
    ],
    [
      'broken-services.json',
      /monitor\.services\[1\]\.sources\[0\]\.url/,
      ['github', 'npm'],
      /2 of 4 services were recovered; could not read services\[1\] \("Slack"\), services\[3\] \("GitHub again"\)/,
    ],
    [
      'broken-monitor-fields.json',
      /monitor\.maxConcurrent/,
      ['github', 'npm'],
      /Your 2 services were recovered/,
    ],
    [
      'plain-secret.json',
      /a secret in plain text/,
      ['github'],
      /1 of 2 services were recovered; could not read services\[1\]/,
    ],
  ])(
    '%s: set aside, rebuilt from what it still holds, and said once',
    async (fixture, reason, serviceIds, services) => {
      const original = await putCorrupt(fixture);
      const loaded = await load();

      expect(loaded.readOnly).toBe(false);
      expect(ids(loaded.settings)).toEqual(serviceIds);
      expect(loaded.notice).toMatch(reason);
      expect(loaded.notice).toMatch(services);
      expect(loaded.notice).toContain(join(directory, ASIDE));
      // Never deleted: the damaged file is kept byte for byte.
      expect(await readFile(join(directory, ASIDE))).toEqual(original);
      // The file is whole again, and so is its backup.
      expect(await onDisk()).toEqual(loaded.settings);
      expect(await onDisk(backupPath(path))).toEqual(loaded.settings);
      // Said once: the next start finds a good file.
      expect((await load()).notice).toBeUndefined();
    },
  );

  it('keeps the fields that still read and names the ones that do not', async () => {
    await putCorrupt('wrong-type.json');
    const loaded = await load();
    expect(loaded.settings).toMatchObject({
      alerts: { levels: { slack: 'muted' } },
      autoUpdate: false,
      launchAtLogin: false,
      theme: 'system',
    });
    expect(loaded.notice).toContain('Could not read launchAtLogin, theme; using the default values instead.');
  });

  it('keeps the monitor fields that read when only some services do not', async () => {
    await putCorrupt('broken-services.json');
    const loaded = await load();
    expect(loaded.settings.monitor).toMatchObject({ maxConcurrent: 4 });
    expect(loaded.settings.theme).toBe('light');
  });

  it('never writes or logs a plain-text secret it finds', async () => {
    await putCorrupt('plain-secret.json');
    const loaded = await load();
    expect(await readFile(path, 'utf8')).not.toContain('hunter2');
    expect(loaded.notice).not.toContain('hunter2');
    expect(logged.join('\n')).not.toContain('hunter2');
  });

  it('keeps every damaged copy when two come at the same moment', async () => {
    const clock = new ManualClock();
    await putCorrupt('garbage.bin');
    await load(clock);
    await putCorrupt('truncated.txt');
    const second = await load(clock);
    expect(second.notice).toContain(`${ASIDE}-1`);
    expect((await readdir(directory)).filter((name) => name.includes('.corrupt-')).sort()).toEqual([
      ASIDE,
      `${ASIDE}-1`,
    ]);
  });
});

describe('a damaged file with a backup from the last good save', () => {
  beforeEach(async () => {
    await saveSettingsFile(path, await validFixture());
  });

  it('restores everything from the backup when the file cannot be read at all', async () => {
    await putCorrupt('truncated.txt');
    const loaded = await load();
    expect(loaded.settings).toEqual(await validFixture());
    expect(loaded.settings.secrets).toEqual({ DOWNDETECTOR_SECRET: BLOB });
    expect(loaded.notice).toMatch(/Your 3 services were restored from the last good save\.$/);
  });

  it("prefers the file's own services when they all read, with the backup's values for what does not", async () => {
    await putCorrupt('wrong-type.json');
    const loaded = await load();
    expect(ids(loaded.settings)).toEqual(['github', 'slack']);
    expect(loaded.settings).toMatchObject({ launchAtLogin: true, theme: 'dark', autoUpdate: false });
    expect(loaded.notice).toContain(
      'Could not read launchAtLogin, theme; using the last saved values instead.',
    );
  });

  it("prefers the backup's whole list to part of the file's", async () => {
    await putCorrupt('broken-services.json');
    const loaded = await load();
    expect(ids(loaded.settings)).toEqual(VALID_IDS);
    expect(loaded.settings.theme).toBe('light');
    expect(loaded.notice).toContain('Your 3 services were restored from the last good save.');
  });

  it('restores a missing file from the backup and says so', async () => {
    await rm(path);
    const loaded = await load();
    expect(loaded.settings).toEqual(await validFixture());
    expect(loaded.notice).toBe(
      `Your settings file ${path} was missing; it was restored from the last good save (${path}.bak).`,
    );
    expect(await onDisk()).toEqual(loaded.settings);
  });

  it('is kept up to date by writeSettingsBackup for an adapter that lets electron-store write', async () => {
    const changed = { ...(await validFixture()), theme: 'light' as const };
    await writeSettingsBackup(path, changed);
    expect(await onDisk(backupPath(path))).toEqual(changed);
    expect((await onDisk()).theme).toBe('dark');
  });
});

describe('a file from a newer Downwatch', () => {
  it('is left untouched, read for what this version understands, and not saved over', async () => {
    await copyFile(join(FIXTURES, 'future-version.json'), path);
    const before = await readFile(path, 'utf8');
    const loaded = await load();

    expect(loaded.readOnly).toBe(true);
    expect(ids(loaded.settings)).toEqual(['github', 'npm']);
    expect(loaded.settings).toMatchObject({ theme: 'dark', launchAtLogin: true });
    expect(loaded.notice).toBe(
      `Your settings file ${path} was written by a newer Downwatch (settings version 2; this one knows up to 1). ` +
        'It was left as it is and changes made now will not be saved; update Downwatch to use all of it. ' +
        'Your 2 services are being watched.',
    );
    expect(await readdir(directory)).toEqual(['config.json']);

    await expect(saveSettingsFile(path, loaded.settings)).rejects.toThrow(/a newer Downwatch wrote it/);
    expect(await readFile(path, 'utf8')).toBe(before);
  });
});

describe('saveSettingsFile', () => {
  it('refuses settings that are not valid, writing nothing', async () => {
    const settings = defaultSettings();
    const monitor = {
      version: 1,
      services: [
        { id: 'x', name: 'X', sources: [{ type: 'globalping', target: 'x.com', token: 'plain-token' }] },
      ],
    };
    await expect(saveSettingsFile(path, { ...settings, monitor })).rejects.toThrow(
      /refusing to save invalid settings: monitor\.services\[0\]\.sources\[0\]\.token: a secret in plain text/,
    );
    expect(await readdir(directory)).toEqual([]);
  });

  it('replaces a damaged file (the load already kept a copy)', async () => {
    await writeFile(path, '{ not json');
    await saveSettingsFile(path, defaultSettings());
    expect(await onDisk()).toEqual(defaultSettings());
  });
});
