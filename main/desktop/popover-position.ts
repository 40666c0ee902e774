/**
 * Where the popover window goes: a pure function of rectangles, in Electron's DIP coordinates
 * (the same space as tray.getBounds(), screen's workArea and bounds). The adapter picks the
 * display nearest the tray icon and passes its rectangles; this never asks the screen itself.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Rect extends Point, Size {}

export type TaskbarEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopoverPlacement {
  /** The tray icon; undefined or empty where the platform does not say (Linux, Wayland). */
  readonly trayBounds?: Rect | undefined;
  readonly windowSize: Size;
  /** The display's area without menu bar, taskbar and docks. */
  readonly workArea: Rect;
  /** The whole display. */
  readonly displayBounds: Rect;
  readonly platform: NodeJS.Platform;
}

/** Space between the popover and the taskbar or a screen edge, so it does not look glued on. */
export const POPOVER_MARGIN = 8;

/**
 * macOS: centred under the icon, right under the menu bar. Windows: against the taskbar,
 * whichever edge it is on, centred on the icon along it. Linux, and any platform that gives no
 * icon bounds: the top-right corner of the work area, where most panels keep their tray and
 * where GNOME's top bar shows status icons. Always inside the work area, in whole pixels.
 */
export function popoverPosition(placement: PopoverPlacement): Point {
  const { trayBounds, windowSize: size, workArea } = placement;
  const icon = trayBounds && trayBounds.width > 0 && trayBounds.height > 0 ? trayBounds : undefined;
  const wanted = chooseSpot(placement, icon);
  return {
    x: clampAxis(wanted.x, size.width, workArea.x, workArea.width, wanted.insetX),
    y: clampAxis(wanted.y, size.height, workArea.y, workArea.height, wanted.insetY),
  };
}

interface Spot extends Point {
  /** Distance to keep from the work area's edges on each axis, when the window fits with it. */
  readonly insetX: number;
  readonly insetY: number;
}

function chooseSpot(placement: PopoverPlacement, icon: Rect | undefined): Spot {
  const { windowSize: size, workArea, displayBounds, platform } = placement;
  // Electron on Linux reports tray bounds only on some X11 trays and then unreliably (often
  // 0,0 or the panel's origin); the top-right corner is the one guess that is never far off.
  if (icon && platform === 'darwin') {
    // The icon sits in the menu bar; its bottom edge is the menu bar's. With an auto-hidden
    // menu bar the work area starts at the top, so the icon, not the work area, sets y.
    return {
      x: centre(icon.x, icon.width) - size.width / 2,
      y: icon.y + icon.height,
      insetX: POPOVER_MARGIN,
      insetY: 0,
    };
  }
  if (platform === 'win32') {
    return besideTaskbar(taskbarEdge(workArea, displayBounds, icon), icon, size, workArea);
  }
  return {
    x: workArea.x + workArea.width - size.width - POPOVER_MARGIN,
    y: workArea.y + POPOVER_MARGIN,
    insetX: 0,
    insetY: 0,
  };
}

/**
 * Windows: the taskbar's side is read off the work area (the taskbar is what the work area
 * leaves out). The distance from the taskbar comes from the work area, not the icon: an icon
 * in the overflow flyout reports bounds inside the flyout, above the taskbar. Without an icon,
 * the end of the taskbar where the notification area is.
 */
function besideTaskbar(edge: TaskbarEdge, icon: Rect | undefined, size: Size, area: Rect): Spot {
  const right = area.x + area.width;
  const bottom = area.y + area.height;
  const alongX = icon ? centre(icon.x, icon.width) - size.width / 2 : right - size.width;
  const alongY = icon ? centre(icon.y, icon.height) - size.height / 2 : bottom - size.height;
  switch (edge) {
    case 'bottom':
      return { x: alongX, y: bottom - size.height - POPOVER_MARGIN, insetX: POPOVER_MARGIN, insetY: 0 };
    case 'top':
      return { x: alongX, y: area.y + POPOVER_MARGIN, insetX: POPOVER_MARGIN, insetY: 0 };
    case 'left':
      return { x: area.x + POPOVER_MARGIN, y: alongY, insetX: 0, insetY: POPOVER_MARGIN };
    case 'right':
      return { x: right - size.width - POPOVER_MARGIN, y: alongY, insetX: 0, insetY: POPOVER_MARGIN };
  }
}

/**
 * Which display edge the taskbar is on: the side where the work area stops short of the
 * display. An auto-hidden taskbar takes no room, so then the edge nearest the icon decides;
 * with neither, the bottom (Windows' default).
 */
export function taskbarEdge(workArea: Rect, displayBounds: Rect, icon?: Rect): TaskbarEdge {
  const gaps: Record<TaskbarEdge, number> = {
    top: workArea.y - displayBounds.y,
    left: workArea.x - displayBounds.x,
    bottom: displayBounds.y + displayBounds.height - (workArea.y + workArea.height),
    right: displayBounds.x + displayBounds.width - (workArea.x + workArea.width),
  };
  const widest = largest(gaps);
  if (widest.value >= 1) return widest.edge;
  if (!icon) return 'bottom';
  const middle = { x: centre(icon.x, icon.width), y: centre(icon.y, icon.height) };
  return largest({
    // Negated distances: the nearest edge has the largest value.
    top: -(middle.y - displayBounds.y),
    left: -(middle.x - displayBounds.x),
    bottom: -(displayBounds.y + displayBounds.height - middle.y),
    right: -(displayBounds.x + displayBounds.width - middle.x),
  }).edge;
}

function largest(values: Record<TaskbarEdge, number>): { edge: TaskbarEdge; value: number } {
  // A fixed order breaks ties the same way every time: bottom first, Windows' default.
  const order: readonly TaskbarEdge[] = ['bottom', 'top', 'left', 'right'];
  let best: { edge: TaskbarEdge; value: number } = { edge: 'bottom', value: values.bottom };
  for (const edge of order) if (values[edge] > best.value) best = { edge, value: values[edge] };
  return best;
}

/**
 * Keeps [start, start + length) inside the area, `inset` away from its edges when the window
 * fits with it (less inset when it only just fits), in whole pixels. A window larger than the
 * area is pinned to the area's start, so its top and left, where the header and controls are,
 * stay visible. Rounding happens inside the bounds: with fractional rectangles (scaled
 * displays) a plain round of a clamped value could put the window half a pixel outside.
 */
function clampAxis(
  start: number,
  length: number,
  areaStart: number,
  areaLength: number,
  inset: number,
): number {
  const room = areaLength - length;
  if (room <= 0) return Math.ceil(areaStart);
  const pad = Math.min(inset, room / 2);
  const low = Math.ceil(areaStart + pad);
  const high = Math.floor(areaStart + room - pad);
  if (high < low) return Math.ceil(areaStart);
  return Math.min(Math.max(Math.round(start), low), high);
}

function centre(start: number, length: number): number {
  return start + length / 2;
}
