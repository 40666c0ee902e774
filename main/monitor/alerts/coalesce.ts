import { attentionRank, statusLabel, type Status } from '../status.js';
import { notificationBody, notificationTitle, plainText, TITLE_MAX } from './notification-text.js';
import type { EventKind } from '../events.js';
import { changeHeadline, withoutStatusLabel } from '../event-text.js';
import { STEADY_MS } from './flapping.js';

/**
 * What the person is told, and how several changes within the coalescing window read as one
 * notification: "3 services disrupted: GitHub, Slack, npm", "2 disrupted, 1 recovered: ...".
 */

/**
 * One change the person is told about, judged against what they were told before:
 * - down: a disruption they had not been told about (a new one, or one that worsened into
 *   their level);
 * - worse: a told disruption got worse;
 * - better: a told disruption eased: to a lesser disruption, to maintenance, or to a status
 *   below their level (degraded, for "outages only");
 * - recovered: a told disruption ended with the service operational;
 * - flapping: the service keeps changing, and they will hear of it again only when it is
 *   steady (flapping.ts).
 */
export type AlertItemKind = 'down' | 'worse' | 'better' | 'recovered' | 'flapping';

interface ItemBase {
  readonly serviceId: string;
  readonly serviceName: string;
  /** The service's status now. */
  readonly status: Status;
  /** The verdict's summary: third-party text. */
  readonly summary: string;
}

export type AlertItem = ItemBase &
  (
    | {
        readonly kind: Exclude<AlertItemKind, 'flapping'>;
        /** The change is how a service the person was told flaps ended up: steady in `status`. */
        readonly endsFlapping?: boolean;
      }
    | {
        readonly kind: 'flapping';
        /** Confirmed changes, and the time they took, when it was found flapping. */
        readonly changes: number;
        readonly spanMs: number;
      }
  );

export interface AlertNotification {
  readonly title: string;
  readonly body: string;
  /** The services it is about, most urgent first; a click opens the popover on the first. */
  readonly serviceIds: readonly string[];
  /** Critical for a major outage: servers that honour it keep the bubble until dismissed. */
  readonly urgency: 'normal' | 'critical';
}

/** Service names come from the person's config, but are still data: one line, bounded. */
const NAME_MAX = 40;

type Group = 'disrupted' | 'flapping' | 'improved' | 'recovered';

function groupOf(item: AlertItem): Group {
  if (item.kind === 'down' || item.kind === 'worse') return 'disrupted';
  if (item.kind === 'flapping') return 'flapping';
  return item.kind === 'better' ? 'improved' : 'recovered';
}

const GROUP_ORDER: readonly Group[] = ['disrupted', 'flapping', 'improved', 'recovered'];

/** One item's headline, in the words of event-text.ts. */
export function itemHeadline(item: AlertItem): string {
  const name = plainText(item.serviceName, NAME_MAX);
  if (item.kind === 'flapping')
    return `${name} is flapping: ${item.changes} changes in ${minutes(item.spanMs)} min`;
  if (item.endsFlapping) {
    return item.kind === 'recovered'
      ? `${name} recovered, no longer flapping`
      : `${name} stopped flapping: ${statusLabel(item.status).toLowerCase()}`;
  }
  return changeHeadline(name, EVENT_KIND[item.kind], item.status);
}

/** Whole minutes, at least one: "4 changes in 0 min" would read as a glitch. */
function minutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}

const EVENT_KIND: Readonly<Record<Exclude<AlertItemKind, 'flapping'>, EventKind>> = {
  down: 'down',
  worse: 'worsened',
  better: 'improved',
  recovered: 'recovered',
};

/** The summary without its leading status label, which the headline already says. */
function detailOf(item: AlertItem): string {
  if (item.kind === 'flapping') {
    const now = statusLabel(item.status).toLowerCase();
    return `Now ${now}. No more about it until it holds steady for ${minutes(STEADY_MS)} min.`;
  }
  return notificationBody(withoutStatusLabel(item.summary, item.status)) || statusLabel(item.status);
}

/** Most urgent first: disruptions (worst first), then improvements, then recoveries; stable. */
function ordered(items: readonly AlertItem[]): AlertItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        GROUP_ORDER.indexOf(groupOf(a.item)) - GROUP_ORDER.indexOf(groupOf(b.item)) ||
        (groupOf(a.item) === 'disrupted' ? attentionRank(b.item.status) - attentionRank(a.item.status) : 0) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}

/** "3 services disrupted" for one kind of change, "2 disrupted, 1 recovered" for a mix. */
function countsPhrase(items: readonly AlertItem[]): string {
  const counts = GROUP_ORDER.map(
    (group) => [group, items.filter((item) => groupOf(item) === group).length] as const,
  ).filter(([, count]) => count > 0);
  const [only] = counts;
  if (counts.length === 1 && only) return `${only[1]} services ${only[0]}`;
  return counts.map(([group, count]) => `${count} ${group}`).join(', ');
}

/** "prefix: A, B, C", or "prefix: A, B, +3 more" when the names do not all fit in `max`. */
function withNames(prefix: string, names: readonly string[], max: number): string {
  for (let shown = names.length; shown > 0; shown -= 1) {
    const rest = names.length - shown;
    const text = `${prefix}: ${names.slice(0, shown).join(', ')}${rest > 0 ? `, +${rest} more` : ''}`;
    if (text.length <= max) return text;
  }
  return prefix;
}

/** One notification for the changes of one window; undefined when there is nothing to say. */
export function composeNotification(items: readonly AlertItem[]): AlertNotification | undefined {
  const sorted = ordered(items);
  const [first] = sorted;
  if (!first) return undefined;
  const urgency = sorted.some((item) => groupOf(item) === 'disrupted' && item.status === 'major_outage')
    ? 'critical'
    : 'normal';
  const serviceIds = sorted.map((item) => item.serviceId);
  if (sorted.length === 1)
    return { title: notificationTitle(itemHeadline(first)), body: detailOf(first), serviceIds, urgency };
  const names = sorted.map((item) => plainText(item.serviceName, NAME_MAX));
  return {
    title: notificationTitle(withNames(countsPhrase(sorted), names, TITLE_MAX)),
    body: notificationBody(sorted.map(itemHeadline).join('; ')),
    serviceIds,
    urgency,
  };
}

/** The one notification for an offline spell, instead of one per service. */
export function offlineNotification(): AlertNotification {
  return {
    title: 'You appear to be offline',
    body: 'Downwatch pauses its judgement until the connection is back.',
    serviceIds: [],
    urgency: 'normal',
  };
}
