import type { AlertNotification } from './coalesce.js';

/**
 * Notification text is plain and short (DESIGN.md, "Habits"): feed titles and incident bodies
 * are third-party data, shown by notification servers that may read markup, in bubbles that
 * show a line or two. Limits are in UTF-16 code units, the unit every platform API counts in.
 */
export const TITLE_MAX = 64;
export const BODY_MAX = 200;

/**
 * Characters that are invisible but change how the rest reads: bidi embeddings, overrides and
 * isolates (the "Trojan Source" trick turns "GitHub recovered" around), marks and the BOM.
 */
const INVISIBLE = /[\p{Bidi_Control}\ufeff]/gu;
/** Whitespace and control characters (newlines, tabs, NUL, C1 controls) all become one space. */
const SPACE_OR_CONTROL = /[\s\p{Cc}]+/gu;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * One line of plain text at most `max` long: invisible controls removed, runs of whitespace and
 * control characters collapsed to a space, cut on a character boundary with an ellipsis.
 */
export function plainText(text: string, max: number): string {
  const flat = text.toWellFormed().replace(INVISIBLE, '').replace(SPACE_OR_CONTROL, ' ').trim();
  return truncate(flat, max);
}

export function notificationTitle(text: string): string {
  return plainText(text, TITLE_MAX);
}

export function notificationBody(text: string): string {
  return plainText(text, BODY_MAX);
}

/** Cuts between graphemes (never inside an emoji or a surrogate pair) and ends with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * Some Linux notification servers read summary and body as markup (the Desktop Notifications
 * spec's "body-markup" capability; dunst applies its format markup to both), so third-party
 * text must not be able to inject tags or entities. Escape after shortening: the limits are for
 * what the person reads.
 */
export function forLinuxMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * notify-send reads C escapes in the body (libnotify runs it through g_strcompress: "\\n" becomes
 * a newline, a lone backslash vanishes), but not in the summary. Doubling backslashes keeps the
 * body's text as it was; found by test/desktop/linux-notify.test.ts.
 */
export function forNotifySendBody(text: string): string {
  return text.replaceAll('\\', '\\\\');
}

/** Where node-notifier uses notify-send, whose servers may read markup. */
const NOTIFY_SEND_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set([
  'linux',
  'freebsd',
  'openbsd',
  'netbsd',
]);

/** What node-notifier's `notify()` takes, as plain data (this file never imports node-notifier). */
export interface NotifierOptions {
  readonly title: string;
  readonly message: string;
  readonly wait: false;
  /** notify-send's `-u`: servers show critical notifications until dismissed. notify-send only. */
  readonly urgency?: 'normal' | 'critical';
  /** notify-send's `-a`, so the server names us instead of "notify-send". notify-send only. */
  readonly 'app-name'?: string;
}

/**
 * The options for node-notifier on `platform`. The notification's text is already plain and
 * short; here it only gets the platform's escaping. node-notifier passes these through a shell
 * command line on Linux, quoting them itself (see test/desktop/linux-notify.test.ts).
 */
export function toNotifierOptions(
  notification: AlertNotification,
  platform: NodeJS.Platform,
): NotifierOptions {
  // node-notifier refuses an empty message ("Message is required") and shows nothing.
  const message = notification.body === '' ? notification.title : notification.body;
  if (!NOTIFY_SEND_PLATFORMS.has(platform)) return { title: notification.title, message, wait: false };
  return {
    title: forLinuxMarkup(notification.title),
    message: forNotifySendBody(forLinuxMarkup(message)),
    wait: false,
    urgency: notification.urgency,
    'app-name': 'Downwatch',
  };
}
