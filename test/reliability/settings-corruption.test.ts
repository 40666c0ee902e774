import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monitorConfigOf, parseSettings, type Settings } from '../../main/desktop/settings/schema.js';
import { backupPath, loadSettingsFile, saveSettingsFile } from '../../main/desktop/settings/settings-file.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { ManualClock } from '../support/manual-clock.js';
import {
  CORRUPTION_KINDS,
  corrupt,
  type CorruptionKind,
  type SoundFile,
} from './support/fleet-corruptions.js';

/**
 * The settings file gone bad in every way of the shared table, with and without the backup the
 * last good save left (`config.json.bak`), through the real loader on real files. What must
 * hold: the bad file is never lost (kept aside byte for byte, or left untouched when a newer
 * Downwatch wrote it), nothing the person entered is lost when a backup exists, the person is
 * told once what happened and where the copy is, and the file is whole again afterwards.
 *
 * test/desktop/settings/settings-file.test.ts covers each recovery rule on its fixtures; this is
 * the cross product, with the exact notice.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/settings');
const NOW = Date.UTC(2026, 2, 4, 5, 6, 7, 890);
const ASIDE = 'config.json.corrupt-2026-03-04T05-06-07.890Z';

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'downwatch-settings-corruption-'));
  path = join(directory, 'config.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function sound(): Promise<{ file: SoundFile; settings: Settings }> {
  const bytes = await readFile(join(FIXTURES, 'v1-valid.json'));
  const document = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const parsed = parseSettings(document);
  if (!parsed.ok) throw new Error('v1-valid.json is not valid settings');
  const services = (document.monitor as { services: unknown[] }).services;
  return {
    settings: parsed.settings,
    file: {
      bytes,
      document,
      // A hand edit after the last save: a service added (the backup does not have it) and a
      // setting typed as a word.
      wrongFieldType: (doc) => ({
        ...doc,
        monitor: { version: 1, services: [...services, HAND_ADDED] },
        launchAtLogin: 'yes',
      }),
      damagedEntry: (doc) => ({
        ...doc,
        monitor: {
          version: 1,
          services: services.map((service, index) =>
            index === 1 ? { ...(service as object), sources: [{ type: 'http', url: 'not a url' }] } : service,
          ),
        },
      }),
    },
  };
}

const HAND_ADDED = {
  id: 'slack',
  name: 'Slack',
  sources: [{ type: 'statuspage', url: 'https://slack-status.example' }],
};

const SAVED_IDS = ['github', 'twitter', 'our-api'];
const DEFAULT_IDS = ['github', 'cloudflare', 'npm', 'discord'];
const UNREADABLE = {
  reason: /^not valid JSON: /,
  services: {
    absent: {
      ids: DEFAULT_IDS,
      sentence:
        'No service list could be recovered from it or from a backup, so the default services are back.',
    },
    present: { ids: SAVED_IDS, sentence: 'Your 3 services were restored from the last good save.' },
  },
};

interface SetAside {
  readonly outcome: 'set aside';
  /** What the notice gives as the cause, between its parentheses. */
  readonly reason: RegExp;
  readonly services: Record<
    'absent' | 'present',
    { readonly ids: readonly string[]; readonly sentence: string }
  >;
}

type Expected = SetAside | { readonly outcome: 'left alone, read-only'; readonly ids: readonly string[] };

const EXPECTED = {
  truncated: UNREADABLE,
  garbage: UNREADABLE,
  empty: { ...UNREADABLE, reason: /^the file is empty$/ },
  'zero-filled': UNREADABLE,
  'not-an-object': { ...UNREADABLE, reason: /^expected a JSON object/ },
  // The file's own services are newer than the backup's (the one added by hand is kept); only
  // the field that does not read comes from the backup, or the default without one.
  'wrong-field-type': {
    reason: /^launchAtLogin: expected true or false$/,
    services: {
      absent: {
        ids: [...SAVED_IDS, 'slack'],
        sentence:
          'Your 4 services were recovered from it. Could not read launchAtLogin; using the default value instead.',
      },
      present: {
        ids: [...SAVED_IDS, 'slack'],
        sentence:
          'Your 4 services were recovered from it. Could not read launchAtLogin; using the last saved value instead.',
      },
    },
  },
  'damaged-entry': {
    reason: /^monitor\.services\[1\]\.sources\[0\]\.url: /,
    services: {
      absent: {
        ids: ['github', 'our-api'],
        sentence:
          '2 of 3 services were recovered; could not read services[1] ("X (Twitter)") (still in the kept copy).',
      },
      present: { ids: SAVED_IDS, sentence: 'Your 3 services were restored from the last good save.' },
    },
  },
  'future-version': { outcome: 'left alone, read-only', ids: SAVED_IDS },
} satisfies Record<CorruptionKind, Expected | Omit<SetAside, 'outcome'>>;

function expectedFor(kind: CorruptionKind): Expected {
  const expected: Expected | Omit<SetAside, 'outcome'> = EXPECTED[kind];
  return 'outcome' in expected ? expected : { outcome: 'set aside', ...expected };
}

const ids = (settings: Settings): string[] => monitorConfigOf(settings).services.map((service) => service.id);

async function settingsOnDisk(file: string): Promise<Settings> {
  const parsed = parseSettings(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.ok) throw new Error(`${file} is not valid settings`);
  return parsed.settings;
}

/**
 * The backup: none (first days, or an adapter that never wrote one), the last good save, or
 * damaged too (then it counts as none: a damaged backup is never trusted over the defaults).
 */
type BackupState = 'absent' | 'present' | 'damaged too';

const CASES = CORRUPTION_KINDS.flatMap((kind) =>
  (['absent', 'present', 'damaged too'] as const satisfies readonly BackupState[]).map((backup) => ({
    kind,
    backup,
  })),
);

describe('a damaged settings file', () => {
  it.each(CASES)('$kind, backup $backup: nothing lost, told once', async ({ kind, backup }) => {
    const { file, settings: saved } = await sound();
    if (backup !== 'absent') await saveSettingsFile(path, saved);
    if (backup === 'damaged too') await writeFile(backupPath(path), corrupt('truncated', file));
    const bad = corrupt(kind, file);
    await writeFile(path, bad);
    const backupBefore = backup === 'absent' ? undefined : await readFile(backupPath(path));
    const clock = new ManualClock(NOW);

    const loaded = await loadSettingsFile(path, { clock, logger: silentLogger });
    const expected = expectedFor(kind);

    if (expected.outcome === 'left alone, read-only') {
      // A newer Downwatch's file: not moved, not rewritten, and not replaced by the older backup.
      expect(loaded.readOnly).toBe(true);
      expect(ids(loaded.settings)).toEqual(expected.ids);
      expect(await readFile(path)).toEqual(bad);
      expect(loaded.notice).toBe(
        `Your settings file ${path} was written by a newer Downwatch (settings version 2; this one knows up to 1). ` +
          'It was left as it is and changes made now will not be saved; update Downwatch to use all of it. ' +
          `Your ${expected.ids.length} services are being watched.`,
      );
      expect((await readdir(directory)).sort()).toEqual(
        backup === 'absent' ? ['config.json'] : ['config.json', 'config.json.bak'],
      );
      if (backupBefore) expect(await readFile(backupPath(path))).toEqual(backupBefore);
      return;
    }

    const services = expected.services[backup === 'present' ? 'present' : 'absent'];
    expect(loaded.readOnly).toBe(false);
    expect(ids(loaded.settings)).toEqual(services.ids);
    // Kept aside beside the file, byte for byte.
    expect(await readFile(join(directory, ASIDE))).toEqual(bad);
    // Told what happened, why, where the copy is, and what became of the services.
    const match = /^Your settings file could not be used \((.*)\); it was kept as (.*?)\. (.*)$/.exec(
      loaded.notice ?? '',
    );
    expect(match?.[1]).toMatch(expected.reason);
    expect(match?.[2]).toBe(join(directory, ASIDE));
    expect(match?.[3]).toBe(services.sentence);
    // The notice goes to a notification: none of the file's raw bytes (NUL, control characters).
    expect(loaded.notice).not.toMatch(/\p{Cc}/u);
    if (backup === 'present') {
      // Nothing the person entered is lost: every saved field is back, and what the damaged
      // file still held in readable form (a service added by hand) is kept on top.
      const { monitor: _monitor, launchAtLogin: _launch, ...savedRest } = saved;
      expect(loaded.settings).toMatchObject(savedRest);
      expect(loaded.settings.launchAtLogin).toBe(saved.launchAtLogin);
      expect(ids(loaded.settings)).toEqual(expect.arrayContaining(SAVED_IDS));
    }
    // Whole again, on disk and in the backup, so the next start is quiet.
    expect(await settingsOnDisk(path)).toEqual(loaded.settings);
    expect(await settingsOnDisk(backupPath(path))).toEqual(loaded.settings);
    const again = await loadSettingsFile(path, { clock, logger: silentLogger });
    expect(again).toEqual({ settings: loaded.settings, readOnly: false });
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'config.json.bak', ASIDE]);
  });
});
