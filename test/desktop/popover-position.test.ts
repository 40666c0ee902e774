import { describe, expect, it } from 'vitest';
import {
  POPOVER_MARGIN,
  popoverPosition,
  taskbarEdge,
  type PopoverPlacement,
  type Rect,
} from '../../main/desktop/popover-position.js';

const M = POPOVER_MARGIN;
const POPOVER = { width: 380, height: 560 };
const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });

/** A 1440 x 900 MacBook display with a 25 px menu bar. */
const MAC_DISPLAY = rect(0, 0, 1440, 900);
const MAC_WORK = rect(0, 25, 1440, 875);

/** 1920 x 1080 with a 40 px taskbar on each edge in turn (48 px on the sides). */
const WIN_DISPLAY = rect(0, 0, 1920, 1080);
const WIN_WORK = {
  bottom: rect(0, 0, 1920, 1040),
  top: rect(0, 40, 1920, 1040),
  left: rect(48, 0, 1872, 1080),
  right: rect(0, 0, 1872, 1080),
};

function place(overrides: Partial<PopoverPlacement> & Pick<PopoverPlacement, 'platform'>): {
  x: number;
  y: number;
} {
  return popoverPosition({
    windowSize: POPOVER,
    workArea: MAC_WORK,
    displayBounds: MAC_DISPLAY,
    ...overrides,
  });
}

describe('popoverPosition on macOS', () => {
  it.each([
    // name, tray bounds, expected
    // macOS reports the icon as tall as the menu bar, so its bottom is the menu bar's.
    ['centred under an icon mid-bar', rect(1000, 0, 24, 25), { x: 1012 - 190, y: 25 }],
    // Centring would put the right edge off screen: pushed back, a margin from the edge.
    ['an icon at the right edge', rect(1410, 0, 24, 25), { x: 1440 - 380 - M, y: 25 }],
    ['an icon at the left edge', rect(2, 0, 24, 25), { x: M, y: 25 }],
    // The icon's bottom (24) is above the work area's top (25): clamped under the menu bar.
    ['a menu bar taller than the icon', rect(700, 0, 22, 22), { x: 711 - 190, y: 25 }],
    // Retina bounds in DIP can be fractional; the result is whole pixels.
    ['fractional bounds', rect(1000.5, 0, 22.25, 24.5), { x: 822, y: 25 }],
  ])('%s', (_name, trayBounds, expected) => {
    expect(place({ platform: 'darwin', trayBounds })).toEqual(expected);
  });

  it('follows the icon to a second display left of the main one (negative x)', () => {
    const display = rect(-1920, 0, 1920, 1080);
    const workArea = rect(-1920, 25, 1920, 1055);
    const position = place({
      platform: 'darwin',
      trayBounds: rect(-300, 0, 24, 25),
      workArea,
      displayBounds: display,
    });
    expect(position).toEqual({ x: -288 - 190, y: 25 });
  });

  it('goes under the icon with an auto-hidden menu bar (work area from the top)', () => {
    const position = place({ platform: 'darwin', trayBounds: rect(1000, 0, 24, 24), workArea: MAC_DISPLAY });
    expect(position).toEqual({ x: 822, y: 24 });
  });

  it('falls back to the top-right corner when the icon has no bounds', () => {
    expect(place({ platform: 'darwin', trayBounds: rect(0, 0, 0, 0) })).toEqual({
      x: 1440 - 380 - M,
      y: 25 + M,
    });
  });
});

describe('popoverPosition on Windows', () => {
  it.each([
    // edge, tray bounds, expected
    ['bottom', rect(1700, 1048, 24, 24), { x: 1712 - 190, y: 1040 - 560 - M }],
    ['top', rect(1700, 8, 24, 24), { x: 1712 - 190, y: 40 + M }],
    ['left', rect(12, 900, 24, 24), { x: 48 + M, y: 1080 - 560 - M }],
    ['right', rect(1884, 300, 24, 24), { x: 1872 - 380 - M, y: 312 - 280 }],
  ] as const)('by a taskbar at the %s, next to the icon', (edge, trayBounds, expected) => {
    const position = place({
      platform: 'win32',
      trayBounds,
      workArea: WIN_WORK[edge],
      displayBounds: WIN_DISPLAY,
    });
    expect(position).toEqual(expected);
  });

  it.each([
    ['the right end of a bottom taskbar', rect(1890, 1048, 24, 24), 'bottom', { x: 1920 - 380 - M, y: 472 }],
    ['the left end of a bottom taskbar', rect(4, 1048, 24, 24), 'bottom', { x: M, y: 472 }],
    ['the top of a left taskbar', rect(12, 2, 24, 24), 'left', { x: 48 + M, y: M }],
  ] as const)('stays inside the work area for an icon at %s', (_name, trayBounds, edge, expected) => {
    const position = place({
      platform: 'win32',
      trayBounds,
      workArea: WIN_WORK[edge],
      displayBounds: WIN_DISPLAY,
    });
    expect(position).toEqual(expected);
  });

  it('keeps its distance from the taskbar for an icon in the overflow flyout', () => {
    // The flyout sits above the taskbar; its icons report bounds inside it.
    const position = place({
      platform: 'win32',
      trayBounds: rect(1600, 960, 24, 24),
      workArea: WIN_WORK.bottom,
      displayBounds: WIN_DISPLAY,
    });
    expect(position).toEqual({ x: 1612 - 190, y: 1040 - 560 - M });
  });

  it('works on a monitor above and left of the primary (negative coordinates)', () => {
    const display = rect(-2560, -1440, 2560, 1440);
    const workArea = rect(-2560, -1440, 2560, 1392);
    const position = place({
      platform: 'win32',
      trayBounds: rect(-600, -44, 32, 40),
      workArea,
      displayBounds: display,
    });
    expect(position).toEqual({ x: -584 - 190, y: -48 - 560 - M });
  });

  it('rounds HiDPI fractional rectangles to whole pixels inside the work area', () => {
    // 1920 x 1080 at 125 %: 1536 x 864 DIP, a taskbar of 38.4 DIP.
    const display = rect(0, 0, 1536, 864);
    const workArea = rect(0, 0, 1536, 825.6);
    const position = place({
      platform: 'win32',
      trayBounds: rect(1000.8, 832.8, 19.2, 24),
      workArea,
      displayBounds: display,
    });
    expect(position).toEqual({ x: 820, y: 258 });
    expect(Number.isInteger(position.x) && Number.isInteger(position.y)).toBe(true);
  });

  it('uses the icon to find an auto-hidden taskbar', () => {
    const position = place({
      platform: 'win32',
      trayBounds: rect(1700, 8, 24, 24),
      workArea: WIN_DISPLAY,
      displayBounds: WIN_DISPLAY,
    });
    expect(position).toEqual({ x: 1712 - 190, y: M });
  });

  it.each([
    ['bottom', { x: 1920 - 380 - M, y: 1040 - 560 - M }],
    ['top', { x: 1920 - 380 - M, y: 40 + M }],
    ['right', { x: 1872 - 380 - M, y: 1080 - 560 - M }],
  ] as const)('without icon bounds goes to the notification area end of a %s taskbar', (edge, expected) => {
    const position = place({ platform: 'win32', workArea: WIN_WORK[edge], displayBounds: WIN_DISPLAY });
    expect(position).toEqual(expected);
  });
});

describe('popoverPosition on Linux', () => {
  const workArea = rect(0, 32, 2560, 1408);
  const displayBounds = rect(0, 0, 2560, 1440);

  it.each([
    ['no bounds (StatusNotifierItem, Wayland)', undefined],
    ['empty bounds', rect(0, 0, 0, 0)],
    // X11 trays sometimes report bounds, often wrong ones; the corner is the reliable place.
    ['bounds from an X11 tray', rect(1200, 0, 24, 24)],
  ])('goes to the top-right of the work area with %s', (_name, trayBounds) => {
    expect(place({ platform: 'linux', trayBounds, workArea, displayBounds })).toEqual({
      x: 2560 - 380 - M,
      y: 32 + M,
    });
  });

  it('places on a second monitor at negative coordinates', () => {
    const position = place({
      platform: 'linux',
      workArea: rect(-1280, -200, 1280, 1024),
      displayBounds: rect(-1280, -200, 1280, 1024),
    });
    expect(position).toEqual({ x: -380 - M, y: -200 + M });
  });

  it('pins a window larger than the work area to its top-left corner', () => {
    const position = place({
      platform: 'linux',
      windowSize: { width: 900, height: 700 },
      workArea: rect(0, 27, 800, 573),
      displayBounds: rect(0, 0, 800, 600),
    });
    expect(position).toEqual({ x: 0, y: 27 });
  });

  it('gives up the margin before leaving the work area when the window only just fits', () => {
    const position = place({
      platform: 'linux',
      windowSize: { width: 384, height: 560 },
      workArea: rect(0, 0, 390, 800),
      displayBounds: rect(0, 0, 390, 800),
    });
    expect(position.x).toBeGreaterThanOrEqual(0);
    expect(position.x + 384).toBeLessThanOrEqual(390);
  });
});

describe('taskbarEdge', () => {
  it.each([
    ['bottom', WIN_WORK.bottom, undefined, 'bottom'],
    ['top', WIN_WORK.top, undefined, 'top'],
    ['left', WIN_WORK.left, undefined, 'left'],
    ['right', WIN_WORK.right, undefined, 'right'],
    ['auto-hidden, no icon', WIN_DISPLAY, undefined, 'bottom'],
    ['auto-hidden, icon on the left', WIN_DISPLAY, rect(4, 500, 24, 24), 'left'],
    ['auto-hidden, icon on the right', WIN_DISPLAY, rect(1892, 500, 24, 24), 'right'],
    ['auto-hidden, icon at the bottom', WIN_DISPLAY, rect(1800, 1050, 24, 24), 'bottom'],
  ] as const)('%s', (_name, workArea, icon, expected) => {
    expect(taskbarEdge(workArea, WIN_DISPLAY, icon)).toBe(expected);
  });
});
