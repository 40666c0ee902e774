import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateIcons } from './icons/generate.js';

/**
 * Regenerates assets/icons/generated from the SVG sources in assets/icons.
 * Run after a build: `node dist/scripts/generate-icons.js`. It finds the sources by walking up
 * from its own location (not by package.json: the build copies one into dist/), so it works from
 * scripts/ and from dist/scripts/ alike, whatever the working directory.
 */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'assets', 'icons', 'tray-operational.svg'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('generate-icons: no assets/icons/ above the script');
    dir = parent;
  }
  return dir;
}

const root = repositoryRoot();
const outDir = join(root, 'assets', 'icons', 'generated');
const result = await generateIcons({ sourceDir: join(root, 'assets', 'icons'), outDir });
const where = relative(process.cwd(), outDir) || '.';
console.log(`generate-icons: wrote ${result.written.length} files to ${where}`);
for (const file of result.removed) console.log(`generate-icons: removed ${file} (no longer generated)`);
