import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAY_STATES, type TrayState } from '../../main/desktop/tray-state.js';
import { generateIcons, type GenerateResult } from '../../scripts/icons/generate.js';
import { encodeIcns } from '../../scripts/icons/icns.js';
import { encodeIco } from '../../scripts/icons/ico.js';
import { asTemplate, sourceProblem } from '../../scripts/icons/render.js';

const SOURCES = join(import.meta.dirname, '../../assets/icons');
const COMMITTED = join(SOURCES, 'generated');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CALM: readonly TrayState[] = ['operational', 'maintenance', 'unknown', 'offline', 'paused'];
const WINDOWS_SIZES = [16, 20, 24, 32, 40, 48, 64];

/** Every file the generator must write, with each PNG's size: written out here, not taken from the plan. */
function expectedPngs(): Map<string, number> {
  const pngs = new Map<string, number>();
  for (const state of TRAY_STATES) {
    pngs.set(`linux/tray-${state}.png`, 24);
    pngs.set(`linux/tray-${state}@2x.png`, 48);
    const mac = CALM.includes(state) ? `darwin/tray-${state}Template` : `darwin/tray-${state}`;
    pngs.set(`${mac}.png`, 16);
    pngs.set(`${mac}@2x.png`, 32);
  }
  for (const size of [512, 256, 128, 64, 48, 32, 16]) pngs.set(`app/${size}x${size}.png`, size);
  return pngs;
}
const EXPECTED_PNGS = expectedPngs();
const EXPECTED_FILES = [
  ...EXPECTED_PNGS.keys(),
  ...TRAY_STATES.map((state) => `win32/tray-${state}.ico`),
  'app/icon.ico',
  'app/icon.icns',
].sort();

interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
}

/** The IHDR chunk, which the PNG spec puts first, right after the 8-byte signature. */
function pngHeader(png: Buffer): PngHeader {
  expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png.readUInt8(24),
    colourType: png.readUInt8(25),
  };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what resvg writes), undoing the row filters. */
function pngPixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height, bitDepth, colourType } = pngHeader(png);
  expect([bitDepth, colourType, png.readUInt8(28)]).toEqual([8, 6, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

interface IcoEntry {
  readonly width: number;
  readonly height: number;
  readonly planes: number;
  readonly bitCount: number;
  readonly png: Buffer;
}

/** ICONDIR, then 16-byte ICONDIRENTRYs pointing at the payloads. */
function icoEntries(ico: Buffer): IcoEntry[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  const count = ico.readUInt16LE(4);
  let expectedOffset = 6 + 16 * count;
  return Array.from({ length: count }, (_, index) => {
    const at = 6 + 16 * index;
    const length = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    expect(offset).toBe(expectedOffset);
    expectedOffset += length;
    expect(offset + length).toBeLessThanOrEqual(ico.length);
    return {
      width: ico.readUInt8(at) || 256,
      height: ico.readUInt8(at + 1) || 256,
      planes: ico.readUInt16LE(at + 4),
      bitCount: ico.readUInt16LE(at + 6),
      png: ico.subarray(offset, offset + length),
    };
  });
}

function icnsEntries(icns: Buffer): { type: string; png: Buffer }[] {
  expect(icns.toString('ascii', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const entries: { type: string; png: Buffer }[] = [];
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    entries.push({ type: icns.toString('ascii', at, at + 4), png: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

let outDir: string;
let result: GenerateResult;
const read = (file: string): Promise<Buffer> => readFile(join(outDir, file));

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'downwatch-icons-'));
  result = await generateIcons({ sourceDir: SOURCES, outDir });
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the SVG sources', () => {
  it.each(TRAY_STATES)('tray-%s.svg renders the same anywhere and has a template variant', async (state) => {
    const svg = await readFile(join(SOURCES, `tray-${state}.svg`), 'utf8');
    expect(sourceProblem(svg)).toBeUndefined();
    expect(asTemplate(svg)).toMatch(/<svg\b[^>]*\scolor="#000000"/);
  });

  it.each<[string, string, string | undefined]>([
    ['a path-only drawing', '<svg viewBox="0 0 1 1"><path d="M0 0h1"/></svg>', undefined],
    ['text depends on fonts', '<svg><text>?</text></svg>', 'uses <text>'],
    ['an outside image', '<svg><image href="x.png"/></svg>', 'outside resource'],
    ['an inside reference is fine', '<svg><use href="#glyph"/></svg>', undefined],
    ['not SVG', '<html></html>', 'no <svg> element'],
  ])('sourceProblem: %s', (_name, svg, problem) => {
    if (problem === undefined) expect(sourceProblem(svg)).toBeUndefined();
    else expect(sourceProblem(svg)).toContain(problem);
  });

  it('a source without a root colour cannot become a template', () => {
    expect(() => asTemplate('<svg><circle fill="#f00"/></svg>')).toThrow(/color=/);
  });
});

describe('generateIcons', () => {
  it('writes exactly the expected files', async () => {
    expect([...result.written].sort()).toEqual(EXPECTED_FILES);
    expect(await listFiles(outDir)).toEqual(EXPECTED_FILES);
    expect(result.removed).toEqual([]);
  });

  it.each([...EXPECTED_PNGS])('%s is a %i px RGBA PNG', async (file, size) => {
    expect(pngHeader(await read(file))).toEqual({ width: size, height: size, bitDepth: 8, colourType: 6 });
  });

  it.each(TRAY_STATES)('win32/tray-%s.ico holds PNGs at the Windows tray sizes', async (state) => {
    const entries = icoEntries(await read(`win32/tray-${state}.ico`));
    expect(entries.map((entry) => entry.width)).toEqual(WINDOWS_SIZES);
    for (const entry of entries) {
      expect([entry.height, entry.planes, entry.bitCount]).toEqual([entry.width, 1, 32]);
      expect(entry.png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
      expect(pngHeader(entry.png)).toMatchObject({ width: entry.width, height: entry.width });
    }
  });

  it('app/icon.ico holds 16 to 256 px, 256 written as 0', async () => {
    const ico = await read('app/icon.ico');
    const entries = icoEntries(ico);
    expect(entries.map((entry) => entry.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(ico.readUInt8(6 + 16 * 6)).toBe(0);
    for (const entry of entries) expect(pngHeader(entry.png).width).toBe(entry.width);
  });

  it('app/icon.icns holds every Retina and standard size up to 1024 px', async () => {
    const entries = icnsEntries(await read('app/icon.icns'));
    expect(entries.map((entry) => [entry.type, pngHeader(entry.png).width])).toEqual([
      ['icp4', 16],
      ['ic11', 32],
      ['icp5', 32],
      ['ic12', 64],
      ['ic07', 128],
      ['ic13', 256],
      ['ic08', 256],
      ['ic14', 512],
      ['ic09', 512],
      ['ic10', 1024],
    ]);
  });

  it.each(CALM)('the macOS %s template is black: only its alpha carries the glyph', async (state) => {
    const { rgba } = pngPixels(await read(`darwin/tray-${state}Template@2x.png`));
    let opaque = 0;
    for (let at = 0; at < rgba.length; at += 4) {
      if (rgba[at + 3]! > 0) opaque += 1;
      expect([rgba[at], rgba[at + 1], rgba[at + 2]]).toEqual([0, 0, 0]);
    }
    expect(opaque).toBeGreaterThan(100);
  });

  it('each state has its own colour', async () => {
    const colours = await Promise.all(
      TRAY_STATES.map(async (state) =>
        dominantColour(pngPixels(await read(`linux/tray-${state}@2x.png`)).rgba),
      ),
    );
    expect(new Set(colours).size).toBe(TRAY_STATES.length);
    expect(colours[TRAY_STATES.indexOf('outage')]).toBe('cf222e');
  });

  it('each state has its own shape, so a monochrome bar still tells them apart', async () => {
    const alphas = await Promise.all(
      TRAY_STATES.map(async (state) => alphaMask(pngPixels(await read(`linux/tray-${state}@2x.png`)).rgba)),
    );
    for (const [i, a] of alphas.entries()) {
      for (const [j, b] of alphas.entries()) {
        if (j <= i) continue;
        const differing = a.filter((value, index) => Math.abs(value - b[index]!) > 128).length;
        // At least 4 % of the 48x48 pixels (~90) differ clearly between any two states.
        expect(differing, `${TRAY_STATES[i]} vs ${TRAY_STATES[j]}`).toBeGreaterThan(0.04 * a.length);
      }
    }
  });

  it('removes icon files that are no longer generated, and nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'downwatch-icons-stale-'));
    try {
      await mkdir(join(dir, 'linux'));
      await writeFile(join(dir, 'linux', 'tray-retired.png'), 'old');
      await writeFile(join(dir, 'notes.txt'), 'keep me');
      const { removed } = await generateIcons({ sourceDir: SOURCES, outDir: dir });
      expect(removed).toEqual(['linux/tray-retired.png']);
      expect(await listFiles(dir)).toEqual([...EXPECTED_FILES, 'notes.txt'].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the committed icons equal a fresh generation byte for byte (run `npm run icons` after editing a source)', async () => {
    expect(await listFiles(COMMITTED)).toEqual(EXPECTED_FILES);
    for (const file of EXPECTED_FILES) {
      const [committed, fresh] = await Promise.all([readFile(join(COMMITTED, file)), read(file)]);
      expect(committed.equals(fresh), `${file} differs from its source`).toBe(true);
    }
  });
});

describe('containers', () => {
  const png = Buffer.from(PNG_MAGIC);

  it.each<[string, () => Buffer, RegExp]>([
    ['an empty ICO', () => encodeIco([]), /1 to 65535/],
    ['an ICO image over 256 px', () => encodeIco([{ size: 512, png }]), /1 to 256 px/],
    ['an ICNS type that is not 4 characters', () => encodeIcns([{ type: 'ic1', png }]), /4 ASCII/],
  ])('refuse %s', (_name, encode, message) => {
    expect(encode).toThrow(message);
  });

  it('an ICO sorts its images smallest first', () => {
    const sizes = icoEntries(encodeIco([48, 16, 32].map((size) => ({ size, png })))).map(
      (entry) => entry.width,
    );
    expect(sizes).toEqual([16, 32, 48]);
  });
});

/** The most common fully opaque colour, as hex. */
function dominantColour(rgba: Buffer): string {
  const counts = new Map<string, number>();
  for (let at = 0; at < rgba.length; at += 4) {
    if (rgba[at + 3] !== 255) continue;
    const hex = rgba.subarray(at, at + 3).toString('hex');
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

function alphaMask(rgba: Buffer): number[] {
  const alpha: number[] = [];
  for (let at = 3; at < rgba.length; at += 4) alpha.push(rgba[at]!);
  return alpha;
}
