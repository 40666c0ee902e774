import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../main/monitor/history/history.js';
import { HistoryWriter, loadHistory } from '../../main/monitor/history/history-file.js';
import type { HistoryJson } from '../../main/monitor/history/history-schema.js';
import type { Logger } from '../../main/monitor/logger.js';
import { ManualClock } from '../support/manual-clock.js';
import {
  CORRUPTION_KINDS,
  corrupt,
  type CorruptionKind,
  type SoundFile,
} from './support/fleet-corruptions.js';

/**
 * The history file gone bad in every way of the shared table (support/fleet-corruptions.ts),
 * through the real loader, the real writer and real files. History is what the engine saw, not
 * what the person entered, so it has no backup: a file that cannot be used as a whole is kept
 * aside byte for byte, the person is told once where, and watching starts a fresh history that
 * is saved under the old name without touching the kept copy. A file whose envelope is sound
 * keeps everything that still reads, quietly.
 */

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 2, 4, 5, 6, 7, 890);
const ASIDE = 'history.json.corrupt-2026-03-04T05-06-07.890Z';

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'downwatch-history-corruption-'));
  path = join(directory, 'history.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Two hours of two services, one of them down for a while, saved as the app would. */
async function soundHistory(): Promise<{ file: SoundFile; json: HistoryJson }> {
  const clock = new ManualClock(NOW - 2 * 60 * MINUTE);
  const history = new History({ clock });
  for (let minute = 0; minute < 120; minute++) {
    const down = minute >= 30 && minute < 45;
    history.recordSource('github/0', {
      at: clock.now(),
      status: down ? 'major_outage' : 'operational',
      latencyMs: 90,
    });
    history.recordService('github', { at: clock.now(), status: down ? 'major_outage' : 'operational' });
    history.recordSource('slack/0', { at: clock.now(), status: 'operational', latencyMs: 40 });
    history.recordService('slack', { at: clock.now(), status: 'operational' });
    await clock.advance(MINUTE);
  }
  history.recordEvent({
    kind: 'down',
    serviceId: 'github',
    serviceName: 'GitHub',
    from: 'operational',
    to: 'major_outage',
    at: NOW - 90 * MINUTE,
    summary: 'Major outage: HTTP 503',
    reasons: [],
  });
  const json = history.toJSON();
  const bytes = Buffer.from(JSON.stringify(json));
  const document = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  return {
    json,
    file: {
      bytes,
      document,
      wrongFieldType: (doc) => ({ ...doc, savedAt: 'yesterday' }),
      // One series whose flat list is misaligned (a field short): that tier cannot be trusted.
      damagedEntry: (doc) => {
        const sources = doc.sources as Record<string, Record<string, number[]>>;
        const github = sources['github/0'] ?? {};
        return {
          ...doc,
          sources: { ...sources, 'github/0': { ...github, minute: (github.minute ?? []).slice(0, -1) } },
        };
      },
    },
  };
}

type Expected =
  | { readonly outcome: 'set aside'; readonly reason: RegExp }
  | { readonly outcome: 'kept, less the damaged entry' };

const NOT_JSON = { outcome: 'set aside', reason: /^not valid JSON: .* at line \d+ column \d+$/ } as const;

const EXPECTED = {
  truncated: NOT_JSON,
  garbage: NOT_JSON,
  empty: { outcome: 'set aside', reason: /^the file is empty$/ },
  'zero-filled': NOT_JSON,
  'not-an-object': { outcome: 'set aside', reason: /^not a Downwatch history file \(top level: / },
  'wrong-field-type': { outcome: 'set aside', reason: /^not a Downwatch history file \(savedAt: / },
  'damaged-entry': { outcome: 'kept, less the damaged entry' },
  // Unlike settings, history of a newer format is set aside too: it is not the person's work,
  // and this version could only ever replace it on its first save.
  'future-version': {
    outcome: 'set aside',
    reason: /^format version 2 is newer than this version of Downwatch reads \(1\)$/,
  },
} satisfies Record<CorruptionKind, Expected>;

describe('a damaged history file', () => {
  it.each(CORRUPTION_KINDS)('%s: the copy is kept, the person told once, watching goes on', async (kind) => {
    const { file, json } = await soundHistory();
    const bad = corrupt(kind, file);
    await writeFile(path, bad);
    const clock = new ManualClock(NOW);
    const logger = recordingLogger();

    const { history, notice } = await loadHistory(path, { clock, logger });
    const expected: Expected = EXPECTED[kind];

    if (expected.outcome === 'kept, less the damaged entry') {
      expect(notice).toBeUndefined();
      expect(await readdir(directory)).toEqual(['history.json']);
      const loaded = history.toJSON();
      // Everything else, to the bucket: the other series, the other tiers, the events.
      expect(loaded.sources['slack/0']).toEqual(json.sources['slack/0']);
      expect(loaded.services).toEqual(json.services);
      expect(loaded.events).toEqual(json.events);
      expect(loaded.sources['github/0']).toEqual({ ...json.sources['github/0'], minute: [] });
      expect(logger.lines).toEqual(['info history: dropped invalid or expired entries on load']);
      return;
    }

    expect(history.stats()).toEqual({ sources: 0, services: 0, buckets: 0, events: 0 });
    const match = /^History file (.*) was unreadable \((.*)\); kept it as (.*) and started fresh\.$/.exec(
      notice ?? '',
    );
    expect(match?.[1]).toBe(path);
    expect(match?.[2]).toMatch(expected.reason);
    expect(match?.[3]).toBe(join(directory, ASIDE));
    expect(await readFile(join(directory, ASIDE))).toEqual(bad);
    // The notice goes to a notification: none of the file's raw bytes (NUL, control characters).
    expect(notice).not.toMatch(/\p{Cc}/u);
    expect(logger.lines).toEqual(['warn history: file unusable, set aside']);

    // Watching goes on: the writer saves the fresh history under the old name, and the kept
    // copy is left as it was.
    const writer = new HistoryWriter({ path, history, clock, logger });
    history.recordService('github', { at: clock.now(), status: 'operational' });
    await writer.flush();
    writer.dispose();
    expect((await readdir(directory)).sort()).toEqual(['history.json', ASIDE]);
    expect(await readFile(join(directory, ASIDE))).toEqual(bad);
    // Told once: the next start finds a sound file.
    const again = await loadHistory(path, { clock, logger });
    expect(again.notice).toBeUndefined();
    expect(again.history.stats().services).toBe(1);
  });
});
