import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSettings, type SettingsDocument } from '../../../main/desktop/settings/migrations.js';
import { parseSettings } from '../../../main/desktop/settings/schema.js';
import { DEFAULT_CONFIG } from '../../../main/monitor/config/defaults.js';
import { alertSettingsSchema } from '../../../main/monitor/alerts/alert-settings.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/settings');

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as unknown;
}

function migratedDocument(input: unknown): SettingsDocument {
  const migrated = migrateSettings(input);
  if (!migrated.ok) throw new Error(migrated.message);
  return migrated.document;
}

describe('version 0 (the prototype) to version 1', () => {
  it('moves the prototype file to version 1 and it validates', async () => {
    const original = await fixture('v0-prototype.json');
    const migrated = migrateSettings(original);
    expect(migrated).toMatchObject({ ok: true, from: 0 });
    const result = parseSettings(migratedDocument(original));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { settings } = result;
    expect(settings.monitor).toEqual({
      version: 1,
      services: (original as { services: unknown }).services,
      maxConcurrent: 4,
    });
    expect(settings.launchAtLogin).toBe(true);
    expect(settings.theme).toBe('dark');
    // "No notifications" is every service muted, in the shape main/monitor/alerts reads.
    expect(alertSettingsSchema.parse(settings.alerts).levels).toEqual({
      github: 'muted',
      slack: 'muted',
      'our-api': 'muted',
    });
  });

  it('fills what the prototype left out with version 1 defaults', async () => {
    const result = parseSettings(migratedDocument(await fixture('v0-services-only.json')));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.settings).toMatchObject({
      alerts: {},
      launchAtLogin: false,
      theme: 'system',
      autoUpdate: true,
    });
    expect(result.settings.monitor).toEqual({
      version: 1,
      services: [
        { id: 'npm', name: 'npm', sources: [{ type: 'statuspage', url: 'https://status.npmjs.org' }] },
      ],
    });
  });

  it.each([
    ['an empty object: the default services', {}, { monitor: DEFAULT_CONFIG }],
    ['darkMode false', { darkMode: false }, { theme: 'light' }],
    ['darkMode absent', {}, { theme: 'system' }],
    ['notifications on', { notifications: true }, { alerts: {} }],
    [
      'notifications off with the default services',
      { notifications: false },
      { alerts: { levels: { github: 'muted', cloudflare: 'muted', npm: 'muted', discord: 'muted' } } },
    ],
    ['an explicit version 0', { version: 0, startAtLogin: true }, { launchAtLogin: true }],
  ])('%s', (_name, input, expected) => {
    const result = parseSettings(migratedDocument(input));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.settings).toMatchObject(expected);
  });

  it.each([
    ['startAtLogin', { startAtLogin: 'yes' }, 'launchAtLogin'],
    ['darkMode', { darkMode: 'auto' }, 'theme'],
    ['notifications', { notifications: 'sometimes' }, 'alerts'],
    ['services', { services: 'github' }, 'monitor.services'],
  ])('carries a wrong %s through, for validation to name', (_name, input, path) => {
    const result = parseSettings(migratedDocument(input));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain(path);
  });

  it('leaves the input as it was', async () => {
    const original = await fixture('v0-prototype.json');
    const before = structuredClone(original);
    migrateSettings(original);
    expect(original).toEqual(before);
  });
});

describe('migrateSettings', () => {
  it('passes a current file through unchanged', async () => {
    const original = await fixture('v1-valid.json');
    expect(migrateSettings(original)).toEqual({ ok: true, document: original, from: 1 });
  });

  it.each([
    ['a list', [1, 2], 'not-an-object'],
    ['null', null, 'not-an-object'],
    ['a string', 'settings', 'not-an-object'],
    ['a negative version', { version: -1 }, 'bad-version'],
    ['a fractional version', { version: 1.5 }, 'bad-version'],
    ['a version in a string', { version: '1' }, 'bad-version'],
  ])('refuses %s', (_name, input, problem) => {
    expect(migrateSettings(input)).toMatchObject({ ok: false, problem });
  });

  it('recognises a file from a newer Downwatch', async () => {
    expect(migrateSettings(await fixture('future-version.json'))).toEqual({
      ok: false,
      problem: 'newer',
      version: 2,
      message: 'written by a newer Downwatch (settings version 2; this one knows up to 1)',
    });
  });

  it('runs a chain of migrations in order, stamping each version', () => {
    const steps: string[] = [];
    const migrations = {
      0: (document: SettingsDocument) => {
        steps.push(`0 at version ${String(document.version)}`);
        return { ...document, a: 1 };
      },
      1: (document: SettingsDocument) => {
        steps.push(`1 at version ${String(document.version)}`);
        return { ...document, b: 2 };
      },
    };
    expect(migrateSettings({}, migrations, 2)).toEqual({
      ok: true,
      document: { a: 1, b: 2, version: 2 },
      from: 0,
    });
    expect(steps).toEqual(['0 at version undefined', '1 at version 1']);
  });

  it('says which migration is missing rather than skip one', () => {
    expect(migrateSettings({ version: 1 }, {}, 2)).toEqual({
      ok: false,
      problem: 'bad-version',
      message: 'no migration from settings version 1',
    });
  });
});
