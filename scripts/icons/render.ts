import { Resvg } from '@resvg/resvg-js';

/**
 * Rasterises a square SVG source to a PNG `size` pixels wide. System fonts are never loaded:
 * sources draw every glyph as paths (`checkSource`), so the output depends on the source and
 * the resvg version only, and committed icons can be compared byte for byte with a fresh run.
 */
export function renderPng(svg: string, size: number): Buffer {
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
    logLevel: 'off',
  }).render();
  if (image.width !== size || image.height !== size)
    throw new Error(
      `expected a ${size}x${size} image, rendered ${image.width}x${image.height}: is the source square?`,
    );
  return image.asPng();
}

const ROOT_TAG = /<svg\b[^>]*>/;
const ROOT_COLOR = /\scolor="[^"]*"/;

/**
 * The macOS template variant of a tray source: the same drawing in black. Tray sources paint
 * their shape in `currentColor` and cut the glyph out with a mask (nothing is drawn in white),
 * so the alpha alone carries the glyph, which is all a template image keeps.
 */
export function asTemplate(svg: string): string {
  const root = ROOT_TAG.exec(svg)?.[0];
  if (root === undefined || !ROOT_COLOR.test(root))
    throw new Error('a tray source sets its colour once, as color="..." on the <svg> element');
  return svg.replace(root, root.replace(ROOT_COLOR, ' color="#000000"'));
}

/** Why a source would not render the same everywhere, or undefined when it is fine. */
export function sourceProblem(svg: string): string | undefined {
  if (!ROOT_TAG.test(svg)) return 'no <svg> element';
  if (/<text\b/.test(svg)) return 'uses <text>: draw glyphs as paths, fonts differ between machines';
  if (/\bhref="(?!#)/.test(svg)) return 'refers to an outside resource: keep sources self-contained';
  return undefined;
}
