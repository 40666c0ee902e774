import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorCode } from '../http/errors.js';

/**
 * Files that must survive a crash and never be lost (history, settings): written atomically,
 * and, when unreadable, kept aside rather than deleted.
 */

/**
 * Saves atomically: write a temp file in the same directory (rename is only atomic within one
 * file system), fsync it, rename it over the target, then fsync the directory so the rename
 * itself survives a power cut. A crash at any point leaves the old file or the new one, whole.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/** Renames the file to an unused `<path>.corrupt-<ISO time>` name (`:` is not allowed on Windows). */
export async function setAside(path: string, now: number): Promise<string> {
  const base = `${path}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
  // rename() replaces an existing target; never let one kept copy overwrite another.
  for (let attempt = 0; ; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${attempt}`;
    if (!(await exists(candidate))) {
      await rename(path, candidate);
      return candidate;
    }
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Windows cannot open or fsync a directory (EISDIR, EPERM); some file systems refuse
    // (EINVAL). The rename already happened; its durability is best effort there.
    if (['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes(errorCode(error) ?? '')) return;
    throw error;
  }
}
