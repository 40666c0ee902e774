import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Clock } from '../clock.js';
import { parseJsonText } from '../config/load.js';
import type { Logger } from '../logger.js';
import { setAside, writeFileAtomic } from '../files/safe-file.js';
import { History } from './history.js';
import { oneLine } from '../sources/plain-text.js';

/**
 * Where history lives between runs: one JSON file, replaced atomically, never trusted.
 */

export interface LoadOptions {
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}

export interface LoadedHistory {
  readonly history: History;
  /** Set when the file could not be used: say it to the person once (it was set aside, not lost). */
  readonly notice?: string;
}

/** Reasons name fields and quote a character at most; still, keep the notice one readable line. */
const MAX_REASON_LENGTH = 160;

/**
 * Loads the history file. A missing file is a first run: empty history, no notice. A file that
 * cannot be read, parsed or understood (including one written by a newer version) is renamed
 * aside as `<path>.corrupt-<timestamp>`, never deleted, and the history starts empty; the
 * notice says so and where the copy is.
 */
export async function loadHistory(path: string, options: LoadOptions): Promise<LoadedHistory> {
  const { clock, logger } = options;
  await removeStaleTemps(path, clock.now(), logger);
  let reason: string;
  try {
    const text = await readFile(path, 'utf8');
    // Not JSON.parse's own message: it quotes the file's bytes, and a damaged file's bytes (NUL
    // after a power cut, binary garbage) would reach the notification, where D-Bus refuses a
    // NUL outright. This says where the text goes wrong, with control characters escaped.
    const json = parseJsonText(text, path);
    if (!json.ok) throw new Error(json.issue.message);
    return { history: History.fromJSON(json.value, { clock, logger }) };
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return { history: new History({ clock }) };
    reason = error instanceof Error ? error.message : String(error);
  }
  reason = oneLine(reason, MAX_REASON_LENGTH);
  const fresh = new History({ clock });
  try {
    const aside = await setAside(path, clock.now());
    logger.warn('history: file unusable, set aside', { path, aside, reason });
    return {
      history: fresh,
      notice: `History file ${path} was unreadable (${reason}); kept it as ${aside} and started fresh.`,
    };
  } catch (error) {
    // Rare (the directory is read-only, say). The file stays where it was; the first save will
    // replace it, so say that plainly rather than promise a copy we do not have.
    const why = oneLine(error instanceof Error ? error.message : String(error), MAX_REASON_LENGTH);
    logger.error('history: file unusable and could not be set aside', { path, reason, error: why });
    return {
      history: fresh,
      notice: `History file ${path} was unreadable (${reason}) and could not be set aside (${why}); started fresh.`,
    };
  }
}

/** A temp file this old was left by a save that died (crash, power cut), not one in progress. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Deletes temp files that interrupted saves left beside the history file, so weeks of
 * occasional crashes do not pile up copies. Young ones are left alone: another process using
 * the same file may be mid-save. Best effort: a failure here must not stop the app loading.
 */
async function removeStaleTemps(path: string, now: number, logger: Logger): Promise<void> {
  const directory = dirname(path);
  const prefix = `${basename(path)}.`;
  try {
    for (const name of await readdir(directory)) {
      if (!name.startsWith(prefix) || !/^\d+\.[0-9a-f]+\.tmp$/.test(name.slice(prefix.length))) continue;
      const temp = join(directory, name);
      if (now - (await stat(temp)).mtimeMs < STALE_TEMP_MS) continue;
      await unlink(temp);
      logger.info('history: removed a temp file left by an interrupted save', { path: temp });
    }
  } catch (error) {
    if (!(isErrnoException(error) && error.code === 'ENOENT')) {
      logger.debug('history: could not clean up temp files', { error: String(error) });
    }
  }
}

/** Saves atomically (see writeFileAtomic): a crash leaves the old file or the new one, whole. */
export async function saveHistory(path: string, history: History): Promise<void> {
  // Serialise before the first await, so the file is one consistent moment of the history.
  await writeFileAtomic(path, JSON.stringify(history.toJSON()));
}

export interface HistoryWriterOptions {
  readonly path: string;
  readonly history: History;
  readonly clock: Pick<Clock, 'setTimer'>;
  readonly logger: Logger;
  /**
   * At most one save per interval. A throttle, not a debounce: with sources reporting every few
   * seconds a trailing debounce would never fire. A crash loses at most this much history.
   */
  readonly intervalMs?: number;
  /** The save itself; tests wrap saveHistory to count calls. */
  readonly save?: (path: string, history: History) => Promise<void>;
}

export const DEFAULT_SAVE_INTERVAL_MS = 30_000;

/**
 * Saves the history some time after it changes: the first change after a save starts a timer,
 * later ones ride along. Saves never overlap; a failed save is logged and retried on the next
 * timer, since a full disk or a locked file may clear up.
 */
export class HistoryWriter {
  readonly #options: HistoryWriterOptions;
  readonly #intervalMs: number;
  readonly #unsubscribe: () => void;
  #savedRevision: number;
  #timer: { readonly cancel: () => void } | undefined;
  #writing: Promise<void> | undefined;
  #disposed = false;

  constructor(options: HistoryWriterOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? DEFAULT_SAVE_INTERVAL_MS;
    this.#savedRevision = options.history.revision;
    this.#unsubscribe = options.history.onChange(() => {
      this.#schedule();
    });
  }

  /** True while the history has changes not yet on disk. */
  get dirty(): boolean {
    return this.#unsaved();
  }

  /** Saves now if anything is unsaved, after any save in flight; for shutdown. Rejects if the save fails. */
  async flush(): Promise<void> {
    await this.#write();
  }

  /** Stops listening and cancels the pending timer; call flush() first to keep the last changes. */
  dispose(): void {
    this.#disposed = true;
    this.#unsubscribe();
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#disposed || this.#timer || this.#writing) return;
    this.#timer = this.#options.clock.setTimer(this.#intervalMs, () => {
      this.#timer = undefined;
      this.#write().catch((error: unknown) => {
        this.#options.logger.warn('history: save failed; will retry', {
          path: this.#options.path,
          error: error instanceof Error ? error.message : String(error),
        });
        this.#schedule();
      });
    });
  }

  // A method, not the getter: TypeScript would narrow a repeated property read across awaits.
  #unsaved(): boolean {
    return this.#options.history.revision !== this.#savedRevision;
  }

  /** The single place a save starts, so two can never run at once. */
  async #write(): Promise<void> {
    // No await between this loop's last check and setting #writing: nothing can slip in. A
    // failure of the save we waited for belongs to whoever started it.
    while (this.#writing) await this.#writing.catch(() => undefined);
    if (!this.#unsaved()) return;
    // This save covers whatever a pending timer was waiting to save.
    this.#timer?.cancel();
    this.#timer = undefined;
    const { path, history } = this.#options;
    const revision = history.revision;
    const save = this.#options.save ?? saveHistory;
    const writing = save(path, history);
    this.#writing = writing;
    try {
      await writing;
      this.#savedRevision = revision;
    } finally {
      this.#writing = undefined;
    }
    // Changes made while saving found a write in flight and did not schedule; do it for them.
    if (this.#unsaved()) this.#schedule();
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
