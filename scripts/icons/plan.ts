import { trayImage, trayImageFile } from '../../main/desktop/tray-model.js';
import { TRAY_STATES } from '../../main/desktop/tray-state.js';

/**
 * Every generated icon file, as data. Tray file names come from the tray model's own
 * `trayImageFile`, so the app and the generator cannot disagree on a name.
 */
export type IconOutput =
  | {
      readonly kind: 'png';
      readonly file: string;
      readonly source: string;
      readonly size: number;
      readonly template: boolean;
    }
  | {
      readonly kind: 'ico';
      readonly file: string;
      readonly source: string;
      readonly sizes: readonly number[];
    }
  | { readonly kind: 'icns'; readonly file: string; readonly source: string };

/** Linux panels draw tray icons at 22-24 px; 48 serves HiDPI panels. */
export const LINUX_TRAY_SIZE = 24;
/** The macOS menu bar's icon height in points; the @2x file serves Retina screens. */
export const MAC_TRAY_SIZE = 16;
/** Windows picks the notification-area size by DPI: 16 at 100 %, 20 at 125 %, 24 at 150 % ... 64 at 400 %. */
export const WINDOWS_TRAY_SIZES: readonly number[] = [16, 20, 24, 32, 40, 48, 64];
/**
 * The app icon as a freedesktop icon set for the Linux packages (hicolor sizes). electron-builder
 * reads a folder of `NxN.png` files as the set (app-builder-lib iconConverter), so the names
 * carry the size.
 */
export const APP_PNG_SIZES: readonly number[] = [512, 256, 128, 64, 48, 32, 16];
/** Explorer, the taskbar and Alt-Tab use these (256 for large and jumbo views). */
export const APP_ICO_SIZES: readonly number[] = [16, 24, 32, 48, 64, 128, 256];
export const APP_SOURCE = 'app.svg';

export function iconPlan(): IconOutput[] {
  const outputs: IconOutput[] = [];
  for (const state of TRAY_STATES) {
    const source = `tray-${state}.svg`;
    const linux = trayImageFile(trayImage(state, 'linux'), 'linux');
    outputs.push(...pngPair(linux, source, LINUX_TRAY_SIZE, false));
    const macImage = trayImage(state, 'darwin');
    outputs.push(...pngPair(trayImageFile(macImage, 'darwin'), source, MAC_TRAY_SIZE, macImage.template));
    const windows = trayImageFile(trayImage(state, 'win32'), 'win32');
    outputs.push({ kind: 'ico', file: windows, source, sizes: WINDOWS_TRAY_SIZES });
  }
  for (const size of APP_PNG_SIZES)
    outputs.push({ kind: 'png', file: `app/${size}x${size}.png`, source: APP_SOURCE, size, template: false });
  outputs.push({ kind: 'ico', file: 'app/icon.ico', source: APP_SOURCE, sizes: APP_ICO_SIZES });
  outputs.push({ kind: 'icns', file: 'app/icon.icns', source: APP_SOURCE });
  return outputs;
}

/** `name.png` at `size` and `name@2x.png` at twice that, the pair Electron's nativeImage loads together. */
function pngPair(file: string, source: string, size: number, template: boolean): IconOutput[] {
  const retina = file.replace(/\.png$/, '@2x.png');
  return [
    { kind: 'png', file, source, size, template },
    { kind: 'png', file: retina, source, size: size * 2, template },
  ];
}
