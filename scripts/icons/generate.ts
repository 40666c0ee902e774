import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { encodeIcns, ICNS_TYPES } from './icns.js';
import { encodeIco } from './ico.js';
import { iconPlan, type IconOutput } from './plan.js';
import { asTemplate, renderPng, sourceProblem } from './render.js';

export interface GenerateOptions {
  /** Where the SVG sources are (assets/icons). */
  readonly sourceDir: string;
  /** Where the icons go (assets/icons/generated); owned by the generator. */
  readonly outDir: string;
}

export interface GenerateResult {
  /** Files written, relative to outDir with '/', in plan order. */
  readonly written: readonly string[];
  /** Icon files that were in outDir but are no longer planned (a state or size that went away). */
  readonly removed: readonly string[];
}

const ICON_FILE = /\.(png|ico|icns)$/;

/** Renders every planned icon from its SVG source into outDir. */
export async function generateIcons(options: GenerateOptions): Promise<GenerateResult> {
  const plan = iconPlan();
  const render = renderer(await readSources(options.sourceDir, plan));
  const written: string[] = [];
  for (const output of plan) {
    const path = join(options.outDir, output.file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, encode(output, render));
    written.push(output.file);
  }
  const removed = await removeStale(options.outDir, new Set(written));
  return { written, removed };
}

type Render = (source: string, size: number, template: boolean) => Buffer;

function encode(output: IconOutput, render: Render): Buffer {
  switch (output.kind) {
    case 'png':
      return render(output.source, output.size, output.template);
    case 'ico':
      return encodeIco(output.sizes.map((size) => ({ size, png: render(output.source, size, false) })));
    case 'icns':
      return encodeIcns(
        ICNS_TYPES.map(({ type, size }) => ({ type, png: render(output.source, size, false) })),
      );
  }
}

/** Renders each (source, size, variant) once: the ICO, ICNS and PNG outputs share many. */
function renderer(sources: ReadonlyMap<string, string>): Render {
  const cache = new Map<string, Buffer>();
  return (source, size, template) => {
    const key = `${source}@${size}${template ? ':template' : ''}`;
    let png = cache.get(key);
    if (png === undefined) {
      const svg = sources.get(source);
      if (svg === undefined) throw new Error(`no source ${source}`);
      png = renderPng(template ? asTemplate(svg) : svg, size);
      cache.set(key, png);
    }
    return png;
  };
}

async function readSources(sourceDir: string, plan: readonly IconOutput[]): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const name of new Set(plan.map((output) => output.source))) {
    const svg = await readFile(join(sourceDir, name), 'utf8');
    const problem = sourceProblem(svg);
    if (problem !== undefined) throw new Error(`${name}: ${problem}`);
    sources.set(name, svg);
  }
  return sources;
}

/** Only icon files are touched, so a mistaken outDir loses no other kind of file. */
async function removeStale(outDir: string, planned: ReadonlySet<string>): Promise<string[]> {
  const present = await readdir(outDir, { recursive: true });
  const stale = present
    .map((file) => file.split('\\').join('/'))
    .filter((file) => ICON_FILE.test(file) && !planned.has(file))
    .sort();
  for (const file of stale) await unlink(join(outDir, file));
  return stale;
}
