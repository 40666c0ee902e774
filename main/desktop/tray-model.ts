import { byAttentionDescending, isDisrupted, statusLabel, type Status } from '../monitor/status.js';
import { trayState, worstStatus, type TraySnapshot, type TrayState } from './tray-state.js';

/**
 * Everything the tray shows, as data: the Electron adapter turns it into a Tray and a Menu and
 * holds no decisions of its own.
 */
export interface TrayModel {
  readonly state: TrayState;
  readonly image: TrayImage;
  readonly tooltip: string;
  /** Text beside the icon in the macOS menu bar (the number of disrupted services); macOS only. */
  readonly title?: string;
  readonly menu: readonly MenuItem[];
}

export interface TrayImage {
  readonly name: TrayImageName;
  /** A macOS template image: the system draws its alpha in the menu bar's own colour. */
  readonly template: boolean;
}
export type TrayImageName = `tray-${TrayState}`;

export type TrayActionId = 'open' | 'check-now' | 'pause' | 'resume' | 'settings' | 'install-update' | 'quit';
export type SnoozeActionId = 'snooze-1h' | 'snooze-8h' | 'snooze-tomorrow' | 'snooze-off';

export interface ActionItem<Id extends string> {
  readonly kind: 'action';
  readonly id: Id;
  readonly label: string;
}
export interface SeparatorItem {
  readonly kind: 'separator';
}
/** A line that only informs (disabled): what the tray says when there is no service to list. */
export interface LabelItem {
  readonly kind: 'label';
  readonly label: string;
}
/** A disrupted service; clicking it opens the popover on that service. */
export interface ServiceItem {
  readonly kind: 'service';
  readonly serviceId: string;
  readonly label: string;
}
export interface SnoozeSubmenu {
  readonly kind: 'submenu';
  readonly label: string;
  readonly items: readonly (ActionItem<SnoozeActionId> | SeparatorItem)[];
}
export type MenuItem = LabelItem | ServiceItem | SeparatorItem | ActionItem<TrayActionId> | SnoozeSubmenu;

export interface TrayModelOptions {
  readonly paused: boolean;
  /** Notifications are snoozed until this time (epoch ms); past or absent means not snoozed. */
  readonly snoozedUntil?: number;
  /** A new version of Downwatch is downloaded and waits for a restart. */
  readonly updateReady?: string;
  readonly now: number;
  readonly platform: NodeJS.Platform;
  /** For the snooze time; the system's when absent. Tests pin both so output is repeatable. */
  readonly locale?: string;
  readonly timeZone?: string;
}

/** At most this many services in the menu; a long menu is worse than "+N more" into the window. */
export const MAX_MENU_SERVICES = 10;
/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip holds 128 with the NUL). */
const MAX_TOOLTIP = 127;
const MAX_SERVICE_NAME = 40;

export function trayModel(snapshot: TraySnapshot, options: TrayModelOptions): TrayModel {
  const state = trayState(snapshot, { paused: options.paused });
  const disrupted = disruptedServices(snapshot);
  const snoozeEnd = activeSnooze(options);
  const title = options.platform === 'darwin' ? titleFor(state, disrupted) : undefined;
  return {
    state,
    image: trayImage(state, options.platform),
    tooltip: tooltipFor(state, snapshot, snoozeEnd),
    ...(title === undefined ? {} : { title }),
    menu: [
      ...statusSection(state, snapshot, disrupted, options.platform),
      { kind: 'separator' },
      { kind: 'action', id: 'open', label: 'Open Downwatch' },
      { kind: 'action', id: 'check-now', label: 'Check all now' },
      options.paused
        ? { kind: 'action', id: 'resume', label: 'Resume checks' }
        : { kind: 'action', id: 'pause', label: 'Pause checks' },
      snoozeSubmenu(snoozeEnd),
      { kind: 'action', id: 'settings', label: 'Settings' },
      { kind: 'separator' },
      ...updateSection(options.updateReady),
      { kind: 'action', id: 'quit', label: 'Quit Downwatch' },
    ],
  };
}

/** It installs at the next quit anyway; the item is for the person who wants it now. */
function updateSection(version: string | undefined): ActionItem<TrayActionId>[] {
  if (version === undefined) return [];
  return [{ kind: 'action', id: 'install-update', label: `Restart to update to ${version}` }];
}

/**
 * macOS template images for the calm states, coloured ones for the states that want attention
 * (degraded, outage). Apple asks menu bar extras to be templates so they follow the bar's
 * appearance; colour is kept for the moments it should stand out. Offline is calm here: the
 * system's own network icon already says it, and nothing we watch is known to be broken.
 */
export const TEMPLATE_STATES: ReadonlySet<TrayState> = new Set<TrayState>([
  'operational',
  'maintenance',
  'unknown',
  'offline',
  'paused',
]);

export function trayImage(state: TrayState, platform: NodeJS.Platform): TrayImage {
  return { name: `tray-${state}`, template: platform === 'darwin' && TEMPLATE_STATES.has(state) };
}

/**
 * The image's file, relative to the generated icon folder (assets/icons/generated), with '/'.
 * macOS needs "Template" at the end of the base name to treat a PNG as a template, and finds
 * the `@2x` file beside it by itself; Linux gets the same pair (24 and 48 px); Windows an ICO.
 * Any other platform is a freedesktop one (Linux, the BSDs).
 */
export function trayImageFile(image: TrayImage, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `darwin/${image.name}${image.template ? 'Template' : ''}.png`;
  if (platform === 'win32') return `win32/${image.name}.ico`;
  return `linux/${image.name}.png`;
}

/**
 * The issue asks to change the image only when the state changes: each setImage is a round trip
 * to the panel (D-Bus on Linux) and a redraw, and counts moving within a state are the title's
 * and the tooltip's business.
 */
export function imageChanged(previous: TrayImage | undefined, next: TrayImage): boolean {
  return previous?.name !== next.name || previous.template !== next.template;
}

type TrayService = TraySnapshot['services'][number];

/** Disrupted services, worst first; ties keep the person's order from the config. */
function disruptedServices(snapshot: TraySnapshot): TrayService[] {
  return snapshot.services
    .filter((service) => isDisrupted(service.status))
    .sort((a, b) => byAttentionDescending(a.status, b.status));
}

function activeSnooze(options: TrayModelOptions): string | undefined {
  const until = options.snoozedUntil;
  if (until === undefined || until <= options.now) return undefined;
  return formatSnoozeEnd(until, options.now, options);
}

function titleFor(state: TrayState, disrupted: readonly TrayService[]): string | undefined {
  // A stale count under "paused" or "offline" would claim more than we know.
  return state === 'degraded' || state === 'outage' ? String(disrupted.length) : undefined;
}

function tooltipFor(state: TrayState, snapshot: TraySnapshot, snoozeEnd: string | undefined): string {
  const line = `Downwatch: ${summaryFor(state, snapshot)}`;
  const text = snoozeEnd === undefined ? line : `${line}\nNotifications snoozed until ${snoozeEnd}`;
  return truncate(text, MAX_TOOLTIP);
}

/** "2 disrupted (worst: major outage), 14 operational"; the words for paused and offline. */
function summaryFor(state: TrayState, snapshot: TraySnapshot): string {
  if (state === 'paused') return 'paused';
  if (state === 'offline') return 'you appear to be offline';
  if (snapshot.services.length === 0) return 'no services to watch';
  return countsFor(snapshot.services.map((service) => service.status));
}

function countsFor(statuses: readonly Status[]): string {
  const disrupted = statuses.filter(isDisrupted);
  const count = (status: Status): number => statuses.filter((s) => s === status).length;
  const parts: string[] = [];
  const worst = worstStatus(disrupted);
  if (worst !== undefined) {
    const label = statusLabel(worst).toLowerCase();
    parts.push(`${disrupted.length} disrupted (${disrupted.length === 1 ? label : `worst: ${label}`})`);
  }
  if (count('maintenance') > 0) parts.push(`${count('maintenance')} in maintenance`);
  if (count('unknown') > 0) parts.push(`${count('unknown')} unknown`);
  if (count('operational') > 0) parts.push(`${count('operational')} operational`);
  return parts.join(', ');
}

/**
 * The top of the menu. On Linux the menu is the only reliable way in (many panels show no
 * tooltip), so it always says the state: the disrupted services, or one line.
 */
function statusSection(
  state: TrayState,
  snapshot: TraySnapshot,
  disrupted: readonly TrayService[],
  platform: NodeJS.Platform,
): MenuItem[] {
  if (state === 'degraded' || state === 'outage') {
    const shown = disrupted.slice(0, MAX_MENU_SERVICES).map((service): ServiceItem => ({
      kind: 'service',
      serviceId: service.id,
      label: `${menuText(service.name, platform)} — ${statusLabel(service.status)}`,
    }));
    const more = disrupted.length - shown.length;
    return more > 0 ? [...shown, { kind: 'action', id: 'open', label: `+${more} more` }] : shown;
  }
  return [{ kind: 'label', label: capitalise(summaryFor(state, snapshot)) }];
}

function snoozeSubmenu(snoozeEnd: string | undefined): SnoozeSubmenu {
  const choices: ActionItem<SnoozeActionId>[] = [
    { kind: 'action', id: 'snooze-1h', label: 'For 1 hour' },
    { kind: 'action', id: 'snooze-8h', label: 'For 8 hours' },
    { kind: 'action', id: 'snooze-tomorrow', label: 'Until tomorrow' },
  ];
  if (snoozeEnd === undefined) return { kind: 'submenu', label: 'Snooze notifications', items: choices };
  return {
    kind: 'submenu',
    label: `Notifications snoozed until ${snoozeEnd}`,
    items: [
      { kind: 'action', id: 'snooze-off', label: 'Resume notifications' },
      { kind: 'separator' },
      ...choices,
    ],
  };
}

/**
 * A service name as a menu label: short, and on Windows and Linux with '&' doubled, since
 * Electron reads a single '&' there as a mnemonic marker and would swallow it ("AT&T" -> "ATT");
 * "&&" shows one '&' (see microsoft/vscode#68196, Chromium's EscapeMenuLabelAmpersands).
 */
function menuText(name: string, platform: NodeJS.Platform): string {
  const short = truncate(name, MAX_SERVICE_NAME);
  return platform === 'darwin' ? short : short.replaceAll('&', '&&');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * When a snooze ends, in the person's words: "14:30" today, "tomorrow 08:00", else with the
 * weekday. Calendar days are those of `timeZone`, so the words match the clock on the wall.
 */
export function formatSnoozeEnd(
  until: number,
  now: number,
  zone: { readonly locale?: string; readonly timeZone?: string } = {},
): string {
  const { locale, timeZone } = zone;
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(until);
  const day = dayKey(until, timeZone);
  if (day === dayKey(now, timeZone)) return time;
  if (day === nextDayKey(now, timeZone)) return `tomorrow ${time}`;
  const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' }).format(until);
  return `${weekday} ${time}`;
}

/** "2026-1-31" for the calendar day `epochMs` falls on in `timeZone`. */
function dayKey(epochMs: number, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(epochMs);
  const value = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((part) => part.type === type)?.value ?? '';
  return `${value('year')}-${value('month')}-${value('day')}`;
}

/** The calendar day after the one `epochMs` falls on (date arithmetic, not +24 h, because of DST). */
function nextDayKey(epochMs: number, timeZone: string | undefined): string {
  const [year = 0, month = 1, day = 1] = dayKey(epochMs, timeZone).split('-').map(Number);
  return dayKey(Date.UTC(year, month - 1, day + 1, 12), 'UTC');
}
