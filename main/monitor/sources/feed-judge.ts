import type { IncidentUpdate, OfficialIncident, OfficialMaintenance } from '../reading.js';
import type { Status } from '../status.js';
import { lookup, optional } from './guards.js';
import type { OfficialPage } from './official-summary.js';
import { oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';
import type { FeedDocument, FeedItem } from './xml-feed.js';

/**
 * Incident inference for RSS and Atom feeds (the `feed` source): a feed states no status, so
 * judgeFeed reads one from its entries, as of the injected clock.
 */

/**
 * How long an unresolved entry counts as open. Providers post on a live incident every few
 * hours, so an entry untouched for a day is likelier one the feed never closed than one still
 * going on; a shorter window drops long incidents between updates, a longer one keeps a
 * forgotten entry red for days. Upcoming maintenance is announced further ahead: 30 days.
 */
export const DEFAULT_OPEN_WITHIN_HOURS = 24;
const UPCOMING_WITHIN_MS = 30 * 86_400_000;
const HISTORY = 20;

export type UpdateKind = 'open' | 'resolved' | 'quiet' | 'upcoming' | 'active' | 'done';

/** Statuspage's update labels ("<strong>Monitoring</strong> - ...") and what each means. */
export const FEED_LABELS: Readonly<Record<string, UpdateKind>> = {
  investigating: 'open',
  identified: 'open',
  monitoring: 'open',
  update: 'open',
  resolved: 'resolved',
  postmortem: 'resolved',
  scheduled: 'upcoming',
  'in progress': 'active',
  verifying: 'active',
  completed: 'done',
};

function labelKind(label: string | undefined): UpdateKind | undefined {
  return lookup(FEED_LABELS, label);
}

const MAINTENANCE_LABELS = new Set(['scheduled', 'in progress', 'verifying', 'completed']);
// Title words. "not operational" is not resolved; a checker's own fault is not an incident.
const RESOLVED_TITLE =
  /(?<!\bnot |\bnon-|\bun)\b(?:resolved|completed|fixed|restored|recovered|operational|operating normally|back to normal|closed|ended)\b/i;
// Body words only in a finished form: "working to resolve" is not resolved.
const RESOLVED_TEXT =
  /\b(?:has|have) been (?:resolved|fixed|restored)\b|\bis (?:now )?(?:resolved|fixed|fully operational|operating normally)\b|\bback to normal\b/i;
const NO_IMPACT =
  /\bfalse (?:alarm|positive)s?\b|\bno (?:customer |user |service )?impact\b|\bnot (?:in|with) the service\b|\bnot an? (?:incident|outage)\b/i;
const MAINTENANCE = /\bmaintenance\b/i;
const ACTIVE = /\b(?:in progress|underway|ongoing|has started|has begun|is starting)\b/i;
/** Impact words, checked in this order; anything else open is `degraded`. */
export const IMPACT_WORDS: readonly (readonly [RegExp, Status])[] = [
  [
    /\b(?:major|complete|total|full|widespread) outage\b|\bcompletely (?:down|unavailable)\b/i,
    'major_outage',
  ],
  [
    /\boutages?\b|\bunavailable\b|\bunreachable\b|\bdisruption\b|\b(?:is|are|was|were|went) down\b|\bnot (?:available|responding|loading|accessible|reachable)\b/i,
    'partial_outage',
  ],
];

interface Update {
  readonly at?: number;
  readonly label?: string;
  readonly body: string;
  readonly item: FeedItem;
  readonly kind: UpdateKind;
}

/**
 * What a feed says is open now (`now` from the injected clock):
 *
 * 1. Entries are split into updates. A Statuspage entry holds one incident's whole history
 *    ("Nov 14, 14:07 PST / Resolved - ..." per update, newest first); any other entry is one
 *    update.
 * 2. Updates are grouped by incident: entries with their own link (an incident page) are one
 *    group each; entries that all link to the site (Orvay posts one entry per component
 *    transition) are grouped by the subject of their title ("Company control plane is now
 *    degraded" and "... is now operational" are one component's story).
 * 3. A group's newest update decides. Its label when it has one (FEED_LABELS), else its title
 *    ("[Resolved]", "is now operational"; "a fault in our own checking, not in the service" is
 *    no incident), else finished words in its body ("has been resolved"). Anything else is open.
 * 4. Open counts only while recent (openWithinMs since the newest update, see the default's
 *    comment); entries dated ahead of the clock count as now, since a feed with a wrong zone
 *    must not hide its newest incident. Maintenance is `upcoming` (Scheduled), `active`
 *    (In progress, Verifying) or done.
 * 5. Impact is never stated, so it is read conservatively from the words (IMPACT_WORDS):
 *    degraded unless the incident says outage, down or unavailable; unknown for a label we
 *    do not know. An empty feed, or one whose entries are all closed, is operational.
 */
export function judgeFeed(
  feed: FeedDocument,
  { now, openWithinMs }: { now: number; openWithinMs: number },
): OfficialPage {
  const groups = new Map<string, Update[]>();
  const rootLinks = new Set([feed.link, ...(feed.items.length > 1 ? sharedByAll(feed.items) : [])]);
  for (const item of feed.items) {
    const key =
      item.link !== undefined && !rootLinks.has(item.link) && new URL(item.link).pathname !== '/'
        ? item.link
        : `~${subjectOf(item.title || item.id).toLowerCase()}`;
    const group = groups.get(key) ?? [];
    group.push(...updatesOf(item, feed.updated));
    groups.set(key, group);
  }
  const incidents: OfficialIncident[] = [];
  const maintenances: OfficialMaintenance[] = [];
  // Resolved incidents, built only for the HISTORY most recent: a long feed has hundreds.
  const history: { readonly updatedAt: number; readonly build: () => OfficialIncident }[] = [];
  let undated = 0;
  for (const updates of groups.values()) {
    updates.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
    const newest = updates[0];
    if (newest?.at === undefined) {
      undated += 1;
      continue;
    }
    const age = now - newest.at;
    if (newest.kind === 'open' && age <= openWithinMs) incidents.push(incidentOf(runFrom(updates, 0)));
    if (
      (newest.kind === 'active' && age <= openWithinMs) ||
      (newest.kind === 'upcoming' && age <= UPCOMING_WITHIN_MS)
    )
      maintenances.push(maintenanceOf(newest, newest.kind));
    updates.forEach((update, index) => {
      if (update.kind !== 'resolved') return;
      const run = runFrom(updates, index + 1);
      if (run.length === 0 && update.label === undefined) return;
      const times = [update, ...run].flatMap((each) => each.at ?? []);
      history.push({
        // incidentOf's updatedAt, which orders the history.
        updatedAt: times.length > 0 ? Math.max(...times) : 0,
        build: () => ({ ...incidentOf([update, ...run], run.at(-1)), status: update.label ?? 'resolved' }),
      });
    });
  }
  const allUndated = undated > 0 && undated === groups.size;
  const latest = feed.items[0];
  return {
    provider: 'feed',
    ...optional('pageUrl', feed.link),
    overall: allUndated ? 'unknown' : 'operational',
    description: allUndated
      ? 'the feed dates none of its entries, so what is current cannot be told'
      : latest
        ? `no open incidents (latest: "${oneLine(latest.title, 80)}")`
        : 'the feed lists no incidents',
    ...optional('updatedAt', feed.updated),
    components: [],
    incidents,
    maintenances,
    recentIncidents: history
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, HISTORY)
      .map(({ build }) => build()),
  };
}

function sharedByAll(items: readonly FeedItem[]): string[] {
  const first = items[0]?.link;
  return first !== undefined && items.every((item) => item.link === first) ? [first] : [];
}

/**
 * "Company control plane is now degraded" → "Company control plane"; "[Resolved] X" → "X".
 *
 * The text may be an entry's id (a guid of any length, not one line, when the title is empty),
 * so each pattern is linear in it: the subject ends on a non-blank character and what follows
 * the colon starts on one, so a run of blanks is read once rather than once per blank in it
 * (`(.+?)\s+` and `:\s+(.+)$` took 40 and 70 seconds on 200,000 blanks).
 */
export function subjectOf(title: string): string {
  const text = title.replace(/^\s*\[[^\]]*\]\s*/, '').trim();
  const state = /^(.*?\S)\s+(?:is|are)\s+(?:now|back|currently|no longer)\b/i.exec(text);
  if (state?.[1]) return state[1];
  const colon = /^([^:]{1,80}):\s+(\S.*)$/.exec(text);
  if (colon?.[1] && colon[2])
    return /\b(?:resolved|investigating|identified|monitoring|update|scheduled|completed|degrad\w*|disruption|outage|issues?|informational|maintenance|operational)\b/i.test(
      colon[1],
    )
      ? colon[2]
      : colon[1];
  return text;
}

const UPDATE_HEAD = /^([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}), (\d{1,2}:\d{2}) ([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})$/;
const LABELLED = /^([A-Za-z]+(?: [A-Za-z]+){0,2}) - ([\s\S]*)$/;

/** An entry's updates, newest first (see judgeFeed, step 1). */
function updatesOf(item: FeedItem, feedUpdated: number | undefined): Update[] {
  const own = item.updated ?? item.published ?? feedUpdated;
  const parts: { at?: number; lines: string[] }[] = [];
  for (const line of item.text.split('\n')) {
    const head = UPDATE_HEAD.exec(line.trim());
    if (head) parts.push({ ...optional('at', headTime(head, own)), lines: [] });
    else parts.at(-1)?.lines.push(line);
  }
  const raw =
    parts.length > 0
      ? parts.map((part) => ({ at: part.at, text: part.lines.join('\n').trim() }))
      : [{ at: own, text: item.text }];
  const split = raw.map(({ at, text }) => {
    const labelled = LABELLED.exec(text);
    const label = labelled?.[1]?.toLowerCase();
    // Without dated heads only a known label is a label ("Company control plane - ..." is not).
    return label !== undefined && (parts.length > 0 || labelKind(label) !== undefined)
      ? { at, label, body: labelled?.[2]?.trim() ?? '' }
      : { at, body: text };
  });
  const heading = [item.title, ...item.categories].join(' · ');
  const maintenance =
    MAINTENANCE.test(heading) || split.some((part) => MAINTENANCE_LABELS.has(part.label ?? ''));
  return split.map((part) => ({
    ...optional('at', part.at),
    ...optional('label', part.label),
    body: part.body,
    item,
    kind: kindOf(part, heading, maintenance),
  }));
}

function kindOf(update: { label?: string; body: string }, heading: string, maintenance: boolean): UpdateKind {
  const known = labelKind(update.label);
  if (maintenance) {
    if (known === 'upcoming' || known === 'active' || known === 'done') return known;
    if (known === 'resolved' || RESOLVED_TITLE.test(heading)) return 'done';
    return ACTIVE.test(`${heading} ${update.body}`) ? 'active' : 'upcoming';
  }
  if (update.label !== undefined) return known ?? 'open';
  if (NO_IMPACT.test(heading)) return 'quiet';
  return RESOLVED_TITLE.test(heading) || RESOLVED_TEXT.test(update.body) ? 'resolved' : 'open';
}

/** "Nov 14, 14:07 PST" has no year: the entry's, or the one before when that would be later. */
function headTime(head: RegExpExecArray, entryTime: number | undefined): number | undefined {
  if (entryTime === undefined) return undefined;
  const [, month, day, time, zone] = head;
  const at = (year: number): number | undefined => parseTimestamp(`${day} ${month} ${year} ${time} ${zone}`);
  const year = new Date(entryTime).getUTCFullYear();
  const guess = at(year);
  return guess !== undefined && guess > entryTime + 2 * 86_400_000 ? at(year - 1) : guess;
}

/**
 * The open updates from `index` on, up to the next one that closed something. Scans from
 * `index`, not from the start: it runs once per resolved update, and a feed of 200 entries can
 * hold 50,000 dated updates.
 */
function runFrom(updates: readonly Update[], index: number): Update[] {
  let end = index;
  while (end < updates.length && updates[end]?.kind === 'open') end += 1;
  return updates.slice(index, end);
}

/** An incident from its updates, newest first, named by `named` (the newest by default). */
function incidentOf(run: readonly Update[], named = run[0]): OfficialIncident {
  const newest = run[0];
  const item = named?.item;
  const times = run.flatMap((update) => update.at ?? []);
  const words = [item?.title ?? '', ...(item?.categories ?? []), ...run.map((update) => update.body)].join(
    '\n',
  );
  const unknownLabel = run.some(
    (update) => update.label !== undefined && labelKind(update.label) === undefined,
  );
  const impact =
    IMPACT_WORDS.find(([pattern]) => pattern.test(words))?.[1] ?? (unknownLabel ? 'unknown' : 'degraded');
  return {
    ...optional('id', item?.id),
    title: item?.title || 'Untitled entry',
    status: newest?.label ?? '',
    impact,
    ...optional('startedAt', times.length > 0 ? Math.min(...times) : undefined),
    ...optional('updatedAt', times.length > 0 ? Math.max(...times) : undefined),
    ...optional('link', item?.link),
    updates: run.map((update): IncidentUpdate => ({
      ...optional('at', update.at),
      ...optional('status', update.label),
      body: update.body,
    })),
  };
}

function maintenanceOf(update: Update, phase: 'active' | 'upcoming'): OfficialMaintenance {
  return {
    ...optional('id', update.item.id),
    title: update.item.title || 'Maintenance',
    phase,
    rawStatus: update.label ?? (phase === 'active' ? 'in progress' : 'scheduled'),
    ...optional('link', update.item.link),
  };
}
