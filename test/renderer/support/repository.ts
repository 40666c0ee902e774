import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Paths found from the repository's root rather than from this file, because the UI benchmark
 * runs this code built into dist/, one folder deeper than the test sources.
 */

/** The first folder up with a tsconfig.json (dist/ has a package.json of its own: tsc copies it there). */
function findRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'tsconfig.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('no tsconfig.json above test/renderer/support');
    folder = parent;
  }
  return folder;
}

export const REPOSITORY_ROOT = findRoot();

/** Where `vite build` writes the renderer. */
export const RENDERER_DIR = join(REPOSITORY_ROOT, 'dist', 'renderer');

/**
 * A real payload from ../shared/fixtures/real: the files test/support/fixtures.ts reads, found
 * the same way from the sources and from dist/.
 */
export function realPayload(relativePath: string): Buffer {
  return readFileSync(join(REPOSITORY_ROOT, '..', 'shared', 'fixtures', 'real', relativePath));
}
