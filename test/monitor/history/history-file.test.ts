import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../main/monitor/history/history.js';
import { HistoryWriter, loadHistory, saveHistory } from '../../../main/monitor/history/history-file.js';
import type { Logger } from '../../../main/monitor/logger.js';
import { ManualClock } from '../../support/manual-clock.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

function recordingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'downwatch-history-'));
  path = join(directory, 'history.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A few hours of samples and one event, recorded as the engine would. */
async function busyHistory(clock: ManualClock): Promise<History> {
  const history = new History({ clock });
  for (let minute = 0; minute < 180; minute++) {
    const status = minute % 50 === 0 ? 'major_outage' : 'operational';
    history.recordSource('github/0', { at: clock.now(), status, latencyMs: 80 + (minute % 5) });
    history.recordService('github', { at: clock.now(), status });
    await clock.advance(MINUTE);
  }
  history.recordEvent({
    kind: 'recovered',
    serviceId: 'github',
    serviceName: 'GitHub',
    from: 'major_outage',
    to: 'operational',
    at: clock.now(),
    summary: 'GitHub is back',
    reasons: [],
  });
  return history;
}

describe('loadHistory and saveHistory', () => {
  it('starts empty and quiet when there is no file', async () => {
    const logger = recordingLogger();
    const { history, notice } = await loadHistory(path, { clock: new ManualClock(), logger });
    expect(notice).toBeUndefined();
    expect(history.stats()).toEqual({ sources: 0, services: 0, buckets: 0, events: 0 });
    expect(logger.lines).toEqual([]);
  });

  it('round-trips through a real file and survives a restart', async () => {
    const clock = new ManualClock();
    const history = await busyHistory(clock);
    await saveHistory(path, history);

    // A "restart": nothing shared but the file and the time.
    const restarted = await loadHistory(path, { clock, logger: recordingLogger() });
    expect(restarted.notice).toBeUndefined();
    expect(restarted.history.toJSON()).toEqual(history.toJSON());
    expect(restarted.history.uptime('service', 'github', DAY)).toBeCloseTo(1 - 4 / 180, 10);
    expect(restarted.history.events()).toHaveLength(1);
  });

  it('creates the parent directory, replaces the file whole, and leaves no temp files', async () => {
    const clock = new ManualClock();
    const nested = join(directory, 'a', 'b', 'history.json');
    const history = await busyHistory(clock);
    await saveHistory(nested, history);
    history.recordService('slack', { at: clock.now(), status: 'degraded' });
    await saveHistory(nested, history);
    expect(await readdir(join(directory, 'a', 'b'))).toEqual(['history.json']);
    const saved = JSON.parse(await readFile(nested, 'utf8')) as { services: Record<string, unknown> };
    expect(Object.keys(saved.services).sort()).toEqual(['github', 'slack']);
  });

  it('removes temp files left by interrupted saves, but not young ones or strangers', async () => {
    // Temp files carry real mtimes, so this test runs on real time.
    const clock = new ManualClock(Date.now());
    const stale = 'history.json.4242.0123456789ab.tmp';
    const names = [stale, 'history.json.notes.tmp', 'other.json.4242.0123456789ab.tmp'];
    for (const name of names) await writeFile(join(directory, name), 'partial');
    await utimes(join(directory, stale), new Date(0), new Date(0));
    await writeFile(join(directory, 'history.json.77.ab.tmp'), 'a save in progress right now');
    const { notice } = await loadHistory(path, { clock, logger: recordingLogger() });
    expect(notice).toBeUndefined();
    expect((await readdir(directory)).sort()).toEqual(
      ['history.json.77.ab.tmp', 'history.json.notes.tmp', 'other.json.4242.0123456789ab.tmp'].sort(),
    );
  });

  it('fails without leaving a temp file when the target cannot be replaced', async () => {
    await mkdir(join(path, 'in-the-way'), { recursive: true });
    await expect(saveHistory(path, new History({ clock: new ManualClock() }))).rejects.toThrow();
    expect(await readdir(directory)).toEqual(['history.json']);
  });

  it.each([
    { name: 'garbage bytes', bytes: Buffer.from([0xff, 0xfe, 0x00, 0x42, 0x13, 0x37]), reason: /JSON/ },
    {
      name: 'truncated JSON',
      bytes: Buffer.from('{"version":1,"savedAt":17,"sources":{"a":{"min'),
      reason: /JSON/,
    },
    { name: 'an empty file', bytes: Buffer.alloc(0), reason: /the file is empty/ },
    {
      name: 'valid JSON of the wrong shape',
      bytes: Buffer.from('{"hello":"world"}'),
      reason: /not a Downwatch history/,
    },
    { name: 'a JSON array', bytes: Buffer.from('[1,2,3]'), reason: /not a Downwatch history/ },
    {
      name: 'a newer version',
      bytes: Buffer.from('{"version":99,"savedAt":0,"sources":{},"services":{},"events":[]}'),
      reason: /format version 99 is newer/,
    },
  ])('sets aside $name, keeps its bytes, and starts fresh', async ({ bytes, reason }) => {
    await writeFile(path, bytes);
    const clock = new ManualClock(Date.UTC(2026, 2, 4, 5, 6, 7, 890));
    const logger = recordingLogger();
    const { history, notice } = await loadHistory(path, { clock, logger });

    const aside = `${path}.corrupt-2026-03-04T05-06-07.890Z`;
    expect(await readdir(directory)).toEqual(['history.json.corrupt-2026-03-04T05-06-07.890Z']);
    expect(await readFile(aside)).toEqual(bytes);
    expect(history.stats()).toEqual({ sources: 0, services: 0, buckets: 0, events: 0 });
    expect(notice).toContain(`History file ${path} was unreadable (`);
    expect(notice).toContain(`kept it as ${aside} and started fresh.`);
    expect(notice).toMatch(reason);
    expect(logger.lines.map((line) => line.level)).toEqual(['warn']);

    // And the fresh history saves over the old name.
    await saveHistory(path, history);
    expect((await readdir(directory)).sort()).toEqual([
      'history.json',
      'history.json.corrupt-2026-03-04T05-06-07.890Z',
    ]);
  });

  it.each([
    ['zero-filled (a power cut before the data reached the disk)', Buffer.alloc(64)],
    ['binary garbage', Buffer.from([0x13, 0x37, 0x00, 0x1b, 0x5b, 0x32, 0x4a])],
  ])('says where %s goes wrong without quoting its bytes into the notice', async (_name, bytes) => {
    await writeFile(path, bytes);
    const { notice } = await loadHistory(path, { clock: new ManualClock(), logger: recordingLogger() });
    // A NUL would make the desktop notification fail (D-Bus strings cannot hold one).
    expect(notice).toMatch(
      /was unreadable \(not valid JSON: expected a value but found ".*" at line 1 column 1\)/,
    );
    expect(notice).not.toMatch(/\p{Cc}/u);
  });

  it('never lets one set-aside copy overwrite another', async () => {
    const clock = new ManualClock();
    for (const text of ['first', 'second']) {
      await writeFile(path, text);
      await loadHistory(path, { clock, logger: recordingLogger() });
    }
    const names = (await readdir(directory)).sort();
    expect(names).toHaveLength(2);
    const contents = await Promise.all(names.map((name) => readFile(join(directory, name), 'utf8')));
    expect(contents.sort()).toEqual(['first', 'second']);
  });

  it('keeps the good parts of a file with a few bad entries, without a notice', async () => {
    const clock = new ManualClock();
    const history = await busyHistory(clock);
    const json = history.toJSON();
    await writeFile(path, JSON.stringify({ ...json, events: [...json.events, { kind: 'nonsense' }] }));
    const logger = recordingLogger();
    const loaded = await loadHistory(path, { clock, logger });
    expect(loaded.notice).toBeUndefined();
    expect(loaded.history.toJSON()).toEqual(json);
    expect(logger.lines).toMatchObject([{ level: 'info', fields: { events: 1 } }]);
  });
});

/** Waits on real time for real file I/O to reach a point. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5000) throw new Error('condition not reached in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('HistoryWriter', () => {
  function countingSave(): {
    readonly save: (path: string, history: History) => Promise<void>;
    readonly calls: () => number;
  } {
    let calls = 0;
    return {
      save: async (target, history) => {
        calls++;
        await saveHistory(target, history);
      },
      calls: () => calls,
    };
  }

  it('coalesces many changes into one save per interval', async () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    const { save, calls } = countingSave();
    const writer = new HistoryWriter({ path, history, clock, logger: recordingLogger(), save });

    for (let index = 0; index < 500; index++) {
      history.recordSource(`s/${index % 50}`, { at: clock.now(), status: 'operational' });
      if (index % 20 === 0) await clock.advance(1000);
    }
    expect(calls()).toBe(0);
    expect(clock.pendingTimers()).toEqual([30_000 - 25_000]);
    await clock.advance(5_000);
    await writer.flush(); // waits for the save the timer started; nothing left to write
    expect(calls()).toBe(1);
    expect(writer.dirty).toBe(false);
    expect(clock.pendingTimers()).toEqual([]);
    const loaded = await loadHistory(path, { clock, logger: recordingLogger() });
    expect(loaded.history.stats().sources).toBe(50);
    writer.dispose();
  });

  it('never runs two saves at once and saves what changed during one', async () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const saved: number[] = [];
    const save = async (target: string, h: History): Promise<void> => {
      running++;
      most = Math.max(most, running);
      const revision = h.revision;
      await new Promise<void>((resolve) => (release = resolve));
      await saveHistory(target, h);
      saved.push(revision);
      running--;
    };
    const writer = new HistoryWriter({
      path,
      history,
      clock,
      logger: recordingLogger(),
      save,
      intervalMs: 1000,
    });

    history.recordService('a', { at: clock.now(), status: 'operational' });
    await clock.advance(1000); // the first save starts and blocks
    history.recordService('a', { at: clock.now(), status: 'major_outage' });
    const flushed = writer.flush(); // must wait behind it, then save the new change
    await clock.advance(5000);
    expect(running).toBe(1);
    expect(saved).toEqual([]);
    release();
    await until(() => saved.length === 1 && running === 1); // the flush's save has started
    release();
    await flushed;
    expect(most).toBe(1);
    expect(saved).toEqual([1, 2]);
    expect(writer.dirty).toBe(false);
    writer.dispose();
  });

  it('logs a failed save and tries again on the next interval', async () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    const logger = recordingLogger();
    let attempts = 0;
    const save = async (target: string, h: History): Promise<void> => {
      attempts++;
      if (attempts === 1) throw new Error('ENOSPC: no space left on device');
      await saveHistory(target, h);
    };
    const writer = new HistoryWriter({ path, history, clock, logger, save });
    history.recordService('a', { at: clock.now(), status: 'operational' });
    await clock.advance(30_000);
    expect(attempts).toBe(1);
    expect(logger.lines).toMatchObject([
      { level: 'warn', fields: { error: 'ENOSPC: no space left on device' } },
    ]);
    expect(clock.pendingTimers()).toEqual([30_000]);
    await clock.advance(30_000);
    await writer.flush();
    expect(attempts).toBe(2);
    expect(writer.dirty).toBe(false);
    writer.dispose();
  });

  it('flush saves at once; dispose stops listening', async () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    const { save, calls } = countingSave();
    const writer = new HistoryWriter({ path, history, clock, logger: recordingLogger(), save });
    history.recordService('a', { at: clock.now(), status: 'operational' });
    await writer.flush();
    expect(calls()).toBe(1);
    expect(clock.pendingTimers()).toEqual([]);
    await writer.flush();
    expect(calls()).toBe(1);

    writer.dispose();
    history.recordService('a', { at: clock.now(), status: 'operational' });
    expect(clock.pendingTimers()).toEqual([]);
    await clock.advance(60_000);
    expect(calls()).toBe(1);
  });
});
