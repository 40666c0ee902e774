import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// conf is the store inside electron-store, without Electron: the same schema handling, for real.
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultSettings,
  electronStoreSchema,
  inlineSecrets,
  monitorConfigOf,
  parseSettings,
  secretFields,
  secretNames,
  settingsJsonSchema,
} from '../../../main/desktop/settings/schema.js';
import { saveSettingsFile } from '../../../main/desktop/settings/settings-file.js';
import { DEFAULT_CONFIG } from '../../../main/monitor/config/defaults.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/settings');
const BLOB = 'djEwq2VuY3J5cHRlZCBibG9iIGJ5dGVzIGhlcmU=';

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as unknown;
}

function service(id: string, sources: unknown[]): unknown {
  return { id, name: id, sources };
}

describe('defaultSettings', () => {
  it('is version 1 with the embedded services and everything off that should be', () => {
    const settings = defaultSettings();
    expect(settings).toEqual({
      version: 1,
      monitor: DEFAULT_CONFIG,
      alerts: {},
      launchAtLogin: false,
      theme: 'system',
      autoUpdate: true,
      secrets: {},
    });
    expect(monitorConfigOf(settings).services.map((s) => s.id)).toEqual([
      'github',
      'cloudflare',
      'npm',
      'discord',
    ]);
  });

  it('is a fresh copy each time', () => {
    const first = defaultSettings();
    (first.monitor.services as unknown[]).pop();
    expect((defaultSettings().monitor.services as unknown[]).length).toBe(4);
  });
});

describe('parseSettings', () => {
  it('accepts a complete file', async () => {
    const result = parseSettings(await fixture('v1-valid.json'));
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a theme that is not one of the three', { theme: 'solarized' }, 'theme'],
    ['a flag that is a string', { launchAtLogin: 'yes' }, 'launchAtLogin'],
    ['a field this version does not know', { colour: 'teal' }, 'colour'],
    ['a window too small to use', { window: { width: 100, height: 600 } }, 'window.width'],
    ['alerts that are not an object', { alerts: 'off' }, 'alerts'],
    ['a secret that is not base64', { secrets: { TOKEN: 'hunter2!' } }, 'secrets.TOKEN'],
    ['a secret name that is not a variable name', { secrets: { 'my token': BLOB } }, 'secrets["my token"]'],
    [
      "a service the CLI's parser rejects",
      { monitor: { version: 1, services: [service('x', [{ type: 'http', url: 'ftp://x' }])] } },
      'monitor.services[0].sources[0].url',
    ],
    ['a monitor config without a version', { monitor: { services: [] } }, 'monitor.version'],
    [
      'a plain-text secret in a source',
      {
        monitor: {
          version: 1,
          services: [service('x', [{ type: 'globalping', target: 'x.com', token: 'plain' }])],
        },
      },
      'monitor.services[0].sources[0].token',
    ],
  ])('refuses %s, naming %s', (_name, change, path) => {
    const result = parseSettings({ version: 1, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain(path);
  });

  it('says a plain-text secret belongs in secrets, without repeating it', () => {
    const monitor = {
      version: 1,
      services: [service('x', [{ type: 'downdetector', slug: 'x', clientSecret: 'hunter2-plaintext' }])],
    };
    const result = parseSettings({ version: 1, monitor });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        path: 'monitor.services[0].sources[0].clientSecret',
        message: 'a secret in plain text; store it in secrets and refer to it as { "env": NAME }',
      },
    ]);
    expect(JSON.stringify(result.issues)).not.toContain('hunter2');
  });
});

describe('secret fields, found through the source schemas', () => {
  const monitor = {
    version: 1,
    services: [
      service('twitter', [
        { type: 'http', url: 'https://x.com/' },
        { type: 'downdetector', slug: 'twitter', clientId: 'plain-id', clientSecret: { env: 'DD_SECRET' } },
      ]),
      service('api', [
        {
          type: 'reports',
          url: 'https://reports.example/api',
          time: 't',
          count: 'n',
          headers: { Authorization: 'Bearer plain', 'X-Key': { env: 'DD_SECRET' } },
        },
        { type: 'globalping', target: 'api.example.com', token: { env: 'GP_TOKEN' } },
      ]),
    ],
  };

  it('finds every secret field with its path, inline or referenced', () => {
    expect(
      secretFields(monitor).map(({ path, serviceId, sourceType, field }) => ({
        path,
        serviceId,
        sourceType,
        field,
      })),
    ).toEqual([
      {
        path: ['services', 0, 'sources', 1, 'clientId'],
        serviceId: 'twitter',
        sourceType: 'downdetector',
        field: ['clientId'],
      },
      {
        path: ['services', 0, 'sources', 1, 'clientSecret'],
        serviceId: 'twitter',
        sourceType: 'downdetector',
        field: ['clientSecret'],
      },
      {
        path: ['services', 1, 'sources', 0, 'headers', 'Authorization'],
        serviceId: 'api',
        sourceType: 'reports',
        field: ['headers', 'Authorization'],
      },
      {
        path: ['services', 1, 'sources', 0, 'headers', 'X-Key'],
        serviceId: 'api',
        sourceType: 'reports',
        field: ['headers', 'X-Key'],
      },
      {
        path: ['services', 1, 'sources', 1, 'token'],
        serviceId: 'api',
        sourceType: 'globalping',
        field: ['token'],
      },
    ]);
  });

  it('tells inline secrets from references', () => {
    expect(inlineSecrets(monitor).map((field) => field.field.join('.'))).toEqual([
      'clientId',
      'headers.Authorization',
    ]);
    expect(secretNames(monitor)).toEqual(['DD_SECRET', 'GP_TOKEN']);
  });

  it.each([
    ['not an object', 'nonsense'],
    ['services not a list', { services: 3 }],
    ['a source of an unknown type', { services: [service('x', [{ type: 'carrier-pigeon', token: 'x' }])] }],
    ['a source without fields', { services: [service('x', [null, 7])] }],
  ])('finds nothing, and does not throw, in a config that is %s', (_name, input) => {
    expect(secretFields(input)).toEqual([]);
  });
});

describe('the JSON Schema for electron-store', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'downwatch-store-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('describes every field, with the defaults a fresh store starts from', () => {
    const schema = settingsJsonSchema();
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual([
      'version',
      'monitor',
      'alerts',
      'launchAtLogin',
      'theme',
      'autoUpdate',
      'window',
      'secrets',
    ]);
    expect(schema.required).toEqual(['version']);
  });

  it('opens a file our save wrote, and refuses what the schema refuses', async () => {
    const path = join(directory, 'config.json');
    const settings = parseSettings(await fixture('v1-valid.json'));
    if (!settings.ok) throw new Error('fixture invalid');
    await saveSettingsFile(path, settings.settings);

    const store = new Conf<Record<string, unknown>>({ cwd: directory, ...electronStoreSchema() });
    expect(store.store).toEqual(settings.settings);
    expect(() => store.set('theme', 'solarized')).toThrow(/schema violation/);
    expect(() => store.set('secrets', { TOKEN: 'not base64!' })).toThrow(/schema violation/);
    store.set('theme', 'light');
    expect(parseSettings(JSON.parse(await readFile(path, 'utf8'))).ok).toBe(true);
  });

  it('starts a store with no file from the schema defaults, which are valid settings', async () => {
    await writeFile(join(directory, 'unrelated.txt'), '');
    const store = new Conf<Record<string, unknown>>({ cwd: directory, ...electronStoreSchema() });
    expect(parseSettings(store.store)).toEqual({ ok: true, settings: defaultSettings() });
  });
});
