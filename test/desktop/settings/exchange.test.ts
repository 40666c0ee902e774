import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyImport,
  EXPORT_NOTE,
  exportSettings,
  exportSettingsText,
  externalizeSecrets,
  importSettings,
  missingSecrets,
  type ImportedSettings,
} from '../../../main/desktop/settings/exchange.js';
import {
  defaultSettings,
  inlineSecrets,
  parseSettings,
  type Settings,
} from '../../../main/desktop/settings/schema.js';
import { parseJsonText } from '../../../main/monitor/config/load.js';
import { parseConfig } from '../../../main/monitor/config/parse.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/settings');
const BLOB = 'djEwq2VuY3J5cHRlZCBibG9iIGJ5dGVzIGhlcmU=';

async function validSettings(): Promise<Settings> {
  const parsed = parseSettings(JSON.parse(await readFile(join(FIXTURES, 'v1-valid.json'), 'utf8')));
  if (!parsed.ok) throw new Error('v1-valid.json is not valid');
  return parsed.settings;
}

function imported(input: unknown): ImportedSettings {
  const result = importSettings(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.imported;
}

/** A CLI config as a person writes one, secrets inline. */
const CLI_CONFIG = {
  version: 1,
  maxConcurrent: 4,
  services: [
    {
      id: 'twitter',
      name: 'X (Twitter)',
      sources: [
        { type: 'downdetector', slug: 'twitter', clientId: 'dd-id-plain', clientSecret: 'dd-secret-plain' },
        { type: 'downdetector', slug: 'x', clientSecret: 'second-secret-plain' },
      ],
    },
    {
      id: 'our-api',
      name: 'Our API',
      sources: [
        {
          type: 'reports',
          url: 'https://reports.example/api',
          time: 't',
          count: 'n',
          headers: { Authorization: 'Bearer header-plain' },
        },
        { type: 'globalping', target: 'api.example.com', token: { env: 'GLOBALPING_TOKEN' } },
      ],
    },
  ],
};

describe('exportSettings', () => {
  it("writes the CLI's config with an app section, and no secret in any form", async () => {
    const settings = await validSettings();
    const exported = exportSettings(settings);
    const { app, ...config } = exported;
    expect(config).toEqual(settings.monitor);
    expect(app).toEqual({
      note: EXPORT_NOTE,
      secrets: ['DOWNDETECTOR_SECRET'],
      theme: 'dark',
      autoUpdate: false,
      alerts: settings.alerts,
    });
    // The CLI reads the whole exported file (it ignores the app section): the same services,
    // secrets as environment references.
    const parsed = parseConfig(exported);
    expect(parsed.ok && parsed.config.services.map((service) => service.id)).toEqual([
      'github',
      'twitter',
      'our-api',
    ]);
    const text = exportSettingsText(settings);
    expect(text).not.toContain(BLOB);
    expect(text).not.toMatch(/launchAtLogin|window/);
    expect(JSON.parse(text)).toEqual(exported);
  });

  it('says in the file where the secrets went', () => {
    expect(EXPORT_NOTE).toMatch(/Secrets are not in this file/);
    expect(EXPORT_NOTE).toMatch(/\{ "env": NAME \}/);
  });

  it('drops, never exports, a plain secret that reached the settings by a bug', () => {
    const settings = { ...defaultSettings(), monitor: CLI_CONFIG };
    const text = exportSettingsText(settings);
    expect(text).not.toMatch(/plain/);
    expect(inlineSecrets(JSON.parse(text))).toEqual([]);
  });
});

describe('importSettings', () => {
  it('round-trips an export: same services, same app settings, nothing to encrypt', async () => {
    const settings = await validSettings();
    const result = imported(JSON.parse(exportSettingsText(settings)));
    expect(result).toEqual({
      monitor: settings.monitor,
      app: { theme: 'dark', autoUpdate: false, alerts: settings.alerts },
      plaintextSecrets: {},
      secretNames: ['DOWNDETECTOR_SECRET'],
    });
    expect(applyImport(defaultSettings(), result, {})).toEqual({
      ...defaultSettings(),
      monitor: settings.monitor,
      theme: 'dark',
      autoUpdate: false,
      alerts: settings.alerts,
    });
  });

  it('takes a CLI config with secrets inline, moving each into a named reference', () => {
    const result = imported(CLI_CONFIG);
    expect(result.plaintextSecrets).toEqual({
      DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_ID: 'dd-id-plain',
      DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET: 'dd-secret-plain',
      // The same field on a second source of the same type gets its own name.
      DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET_2: 'second-secret-plain',
      DOWNWATCH_OUR_API_REPORTS_HEADERS_AUTHORIZATION: 'Bearer header-plain',
    });
    expect(result.secretNames).toEqual([
      'DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_ID',
      'DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET',
      'DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_SECRET_2',
      'DOWNWATCH_OUR_API_REPORTS_HEADERS_AUTHORIZATION',
      'GLOBALPING_TOKEN',
    ]);
    expect(JSON.stringify(result.monitor)).not.toContain('plain');
    expect(parseConfig(result.monitor).ok).toBe(true);
    expect(result.app).toEqual({});
  });

  it('stores the encrypted values, keeps other settings, and lists what is still missing', async () => {
    const current = await validSettings();
    const result = imported(CLI_CONFIG);
    const encrypted = Object.fromEntries(Object.keys(result.plaintextSecrets).map((name) => [name, BLOB]));
    const settings = applyImport(current, result, encrypted);
    expect(settings.monitor).toEqual(result.monitor);
    expect(settings).toMatchObject({
      theme: 'dark',
      launchAtLogin: true,
      window: { width: 420, height: 600 },
    });
    expect(Object.keys(settings.secrets)).toEqual(['DOWNDETECTOR_SECRET', ...Object.keys(encrypted)]);
    expect(missingSecrets(settings)).toEqual(['GLOBALPING_TOKEN']);
  });

  it('refuses to store an import whose secrets were not all encrypted', () => {
    expect(() => applyImport(defaultSettings(), imported(CLI_CONFIG), {})).toThrow(
      /no encrypted value for DOWNWATCH_TWITTER_DOWNDETECTOR_CLIENT_ID, /,
    );
  });

  it('does not reuse a name the file already references', () => {
    const monitor = {
      version: 1,
      services: [
        {
          id: 'x',
          name: 'X',
          sources: [
            { type: 'globalping', target: 'x.com', token: { env: 'DOWNWATCH_X_GLOBALPING_TOKEN' } },
            { type: 'globalping', target: 'y.com', token: 'plain' },
          ],
        },
      ],
    };
    expect(Object.keys(externalizeSecrets(monitor).plaintext)).toEqual(['DOWNWATCH_X_GLOBALPING_TOKEN_2']);
  });

  it.each([
    ['a list', '[]', [{ path: '(top level)', message: 'expected a Downwatch config: a JSON object' }]],
    [
      'a bad URL and a bad theme together',
      '{ "version": 1, "services": [{ "id": "x", "name": "X", "sources": [{ "type": "http", "url": "ftp://x" }] }], "app": { "theme": "pink" } }',
      [
        { path: 'services[0].sources[0].url', message: expect.stringContaining('http') as unknown },
        { path: 'app.theme', message: 'expected "system", "light" or "dark"' },
      ],
    ],
    [
      'a duplicate id',
      '{ "version": 1, "services": [{ "id": "x", "name": "X", "sources": [{ "type": "slack" }] }, { "id": "x", "name": "Y", "sources": [{ "type": "slack" }] }] }',
      [{ path: 'services[1].id', message: '"x" is already used by services[0]' }],
    ],
    [
      'an app section that is not an object',
      '{ "version": 1, "services": [], "app": "dark" }',
      [{ path: 'app', message: 'expected the app section (an object)' }],
    ],
    [
      'a bad secret name in app.secrets',
      '{ "version": 1, "services": [], "app": { "secrets": ["not a name"] } }',
      [{ path: 'app.secrets[0]', message: 'expected a name such as DOWNDETECTOR_SECRET' }],
    ],
    [
      'a newer config version',
      '{ "version": 9, "services": [] }',
      [{ path: 'version', message: expect.stringContaining('newer') as unknown }],
    ],
  ])('reports %s with field paths', (_name, text, issues) => {
    const json = parseJsonText(text, 'import.json');
    if (!json.ok) throw new Error(json.issue.message);
    expect(importSettings(json.value)).toEqual({ ok: false, issues });
  });

  it('accepts app sections from a newer Downwatch, ignoring fields it does not know', () => {
    const result = imported({ version: 1, services: [], app: { theme: 'light', accentColour: 'teal' } });
    expect(result.app).toEqual({ theme: 'light' });
  });
});
