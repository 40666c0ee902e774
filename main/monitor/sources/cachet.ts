import { z } from 'zod';
import type { HttpOutcome } from '../http/types.js';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance } from '../reading.js';
import type { Status } from '../status.js';
import { fetchJsonForDetect, withPath } from './detect-helpers.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';

import {
  asArray,
  asRecord,
  asString,
  asText,
  lookup,
  optional,
  records,
  withoutTrailingSlashes,
  type JsonRecord,
} from './guards.js';
import { filteredReading, officialReading, type OfficialPage } from './official-summary.js';
import { bounded, htmlToText, markdownToText, oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Cachet 2.x (cachethq/cachet 2.3 and 2.4), a self-hosted status page with a JSON API under
 * /api/v1. Four requests, side by side: components (required: they are the page), their groups
 * (names for group_id: Yoti has a "Yoti Doc Scan" in two groups), the newest incidents, and the
 * 2.4 maintenance schedules. Only the components decide whether the page was read; a failure of
 * the others is said in the detail.
 *
 * Times come as "Y-m-d H:i:s" without a zone, in the server's configured zone; they are read as
 * UTC, Cachet's default (APP_TIMEZONE=UTC), which a server set to another zone will contradict.
 */

const schema = z.strictObject({
  type: z.literal('cachet'),
  ...commonSourceFields,
  url: httpUrl,
  components: nonEmptyStrings
    .min(1, { error: 'list at least one component, or leave the filter out' })
    .optional(),
});

export type CachetSourceConfig = z.output<typeof schema>;

/** Component statuses (docs: component-statuses); 0 is 2.4's "Unknown". */
export const CACHET_COMPONENT_STATUS: Readonly<Record<string, Status>> = {
  '0': 'unknown',
  '1': 'operational',
  '2': 'degraded',
  '3': 'partial_outage',
  '4': 'major_outage',
};

/**
 * Incident statuses (docs: incident-statuses) as lifecycle words. 4 (Fixed) is closed; 0
 * (Scheduled) is 2.3's planned maintenance; any other value is an open incident.
 */
export const CACHET_INCIDENT_STATUS: Readonly<Record<string, string>> = {
  '0': 'scheduled',
  '1': 'investigating',
  '2': 'identified',
  '3': 'watching',
  '4': 'fixed',
};

export const cachetSource = defineSource<CachetSourceConfig>({
  type: 'cachet',
  family: 'official',
  title: 'Cachet',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Official page',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const base = cachetBase(config.url);
    const newest = { sort: 'id', order: 'desc', per_page: '50' };
    const [components, groups, incidents, schedules] = await Promise.all([
      requestFeed(ctx, api(base, '/components', { per_page: '100' })),
      requestFeed(ctx, api(base, '/components/groups', { per_page: '100' })),
      requestFeed(ctx, api(base, '/incidents', newest)),
      requestFeed(ctx, api(base, '/schedules', newest)),
    ]);
    const answer = jsonFeed(components, checkedAt);
    if (!answer.ok) return answer.reading;
    const [groupList, incidentList, scheduleList] = [groups, incidents, schedules].map((outcome) =>
      optionalList(outcome, checkedAt),
    );
    const payloads = {
      components: answer.value,
      groups: groupList?.value,
      incidents: incidentList?.value,
      schedules: scheduleList?.value,
    };
    const page = parseCachet(payloads, base, checkedAt);
    if (typeof page === 'string') return notThisFormat(answer.basis, page);
    const notes = [
      incidentList?.problem && `incidents could not be read: ${incidentList.problem}`,
      // Cachet 2.3 has no schedules (404): its maintenance is an incident with status 0.
      scheduleList?.problem && scheduleList.httpStatus !== 404
        ? `maintenance could not be read: ${scheduleList.problem}`
        : undefined,
      unlisted(answer.value),
    ].filter((note): note is string => note !== undefined && note !== '');
    const note = notes.join('; ') || undefined;
    return config.components
      ? filteredReading(page, config.components, answer.basis, note)
      : officialReading(page, answer.basis, note);
  },
  async detect(url, ctx) {
    const json = await fetchJsonForDetect(api(cachetBase(url.href), '/components', {}), ctx);
    return isCachetList(json) ? { type: 'cachet', url: cachetBase(url.href) } : undefined;
  },
});

interface OptionalList {
  readonly value?: unknown;
  readonly problem?: string;
  readonly httpStatus?: number;
}

/** One of the answers besides the components: its list, or what was wrong with it. */
function optionalList(outcome: HttpOutcome, checkedAt: number): OptionalList {
  const answer = jsonFeed(outcome, checkedAt);
  if (!answer.ok)
    return { problem: answer.reading.detail, ...optional('httpStatus', answer.reading.httpStatus) };
  return isCachetList(answer.value) ? { value: answer.value } : { problem: 'not a Cachet list' };
}

/** The page's base URL: what a person gave, without /api/v1/... when they gave an API URL. */
export function cachetBase(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = withoutTrailingSlashes(parsed.pathname.replace(/\/api\/v1(?:\/.*)?$/, ''));
  return parsed.href.replace(/\/$/, '');
}

export function api(base: string, path: string, query: Readonly<Record<string, string>>): string {
  const url = withPath(new URL(base), `/api/v1${path}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.href;
}

/** Cachet's list envelope: `{ meta: { pagination }, data: [...] }`. */
function isCachetList(json: unknown): boolean {
  const root = asRecord(json);
  return Array.isArray(root?.data) && asRecord(asRecord(root.meta)?.pagination) !== undefined;
}

/** "showing 100 of 130 components" when the page has more than one request returns. */
function unlisted(json: unknown): string | undefined {
  const root = asRecord(json);
  // Through asText: Number() of a list nested thousands deep overflows the stack converting it.
  const total = Number(asText(asRecord(asRecord(root?.meta)?.pagination)?.total));
  const shown = asArray(root?.data).length;
  return Number.isFinite(total) && total > shown ? `showing ${shown} of ${total} components` : undefined;
}

export interface CachetPayloads {
  readonly components: unknown;
  readonly groups?: unknown;
  readonly incidents?: unknown;
  readonly schedules?: unknown;
}

/** The API's answers as an OfficialPage, or a sentence saying why they are not Cachet's. */
export function parseCachet(payloads: CachetPayloads, base: string, now: number): OfficialPage | string {
  if (!isCachetList(payloads.components)) {
    return 'not a Cachet API answer: expected { meta: { pagination }, data: [...] } from /api/v1/components';
  }
  const groupNames = new Map<string, string>();
  for (const group of records(asRecord(payloads.groups)?.data)) {
    const [id, name] = [asText(group.id), asString(group.name)];
    if (id !== undefined && name !== undefined) groupNames.set(id, name);
  }
  const byId = new Map<string, OfficialComponent>();
  for (const item of records(asRecord(payloads.components)?.data)) {
    const [id, name] = [asText(item.id), asString(item.name)];
    if (name === undefined || item.enabled === false || item.enabled === 0) continue;
    const code = asText(item.status);
    const group = groupNames.get(asText(item.group_id) ?? '');
    const rawStatus = [code, asString(item.status_name)].filter((part) => part !== undefined).join(' ');
    const component = {
      name,
      ...optional('group', group),
      status: lookup(CACHET_COMPONENT_STATUS, code) ?? 'unknown',
      rawStatus,
    };
    byId.set(id ?? `#${byId.size}`, component);
  }
  const incidents = records(asRecord(payloads.incidents)?.data).filter(
    (i) => i.visible !== 0 && i.visible !== false,
  );
  return {
    provider: 'cachet',
    pageUrl: base,
    components: [...byId.values()],
    incidents: incidents.flatMap((incident) => parseIncident(incident, byId, base) ?? []),
    maintenances: [
      ...records(asRecord(payloads.schedules)?.data).flatMap(
        (schedule) => parseMaintenance(schedule, 'schedules', byId, base, now) ?? [],
      ),
      ...incidents.flatMap((incident) => parseMaintenance(incident, 'incidents', byId, base, now) ?? []),
    ],
  };
}

/** Cachet's text is Markdown, which may carry HTML; both leave as plain text. */
function plain(value: unknown): string {
  return bounded(htmlToText(markdownToText(asString(value) ?? '')));
}

/**
 * An open incident. Cachet states no impact of its own; the component it is linked to does: its
 * status is the incident's impact (an operator who left it operational while watching says it
 * works). An open incident linked to nothing says something is wrong without saying how much:
 * degraded, the least disruption.
 */
function parseIncident(
  incident: JsonRecord,
  components: ReadonlyMap<string, OfficialComponent>,
  base: string,
): OfficialIncident | undefined {
  const title = asString(incident.name);
  const updates = records(incident.updates)
    .map((update) => ({ update, at: parseTimestamp(update.created_at) }))
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
  // 2.4 moves an incident along with updates; the newest update's status is the incident's.
  const code = asText(incident.latest_status) ?? asText(updates[0]?.update.status) ?? asText(incident.status);
  const resolved = typeof incident.is_resolved === 'boolean' ? incident.is_resolved : code === '4';
  if (title === undefined || resolved || code === '0') return undefined;
  const component = components.get(asText(incident.component_id) ?? '');
  const known = lookup(CACHET_INCIDENT_STATUS, code) !== undefined;
  const id = asText(incident.id);
  const word = (value: unknown): string | undefined => {
    const text = asText(value);
    return text === undefined ? undefined : (lookup(CACHET_INCIDENT_STATUS, text) ?? text);
  };
  return {
    ...optional('id', id),
    title: oneLine(title, 200),
    status: word(code) ?? '',
    impact: !known ? 'unknown' : (component?.status ?? 'degraded'),
    ...optional('rawImpact', component?.rawStatus),
    ...optional('startedAt', parseTimestamp(incident.occurred_at) ?? parseTimestamp(incident.created_at)),
    ...optional('updatedAt', parseTimestamp(incident.updated_at)),
    link: asString(incident.permalink) ?? `${base}/incidents/${id ?? ''}`,
    ...(component ? { components: [component.name] } : {}),
    updates: [
      ...updates.map(({ update, at }) => ({
        ...optional('at', at),
        ...optional('status', word(update.status)),
        body: plain(update.message),
      })),
      // The incident's own message is its first word.
      {
        ...optional('at', parseTimestamp(incident.created_at)),
        ...optional('status', word(incident.status)),
        body: plain(incident.message),
      },
    ],
  };
}

/**
 * Planned maintenance, two ways. 2.4 schedules: 0 upcoming, 1 in progress, 2 complete; Cachet
 * itself counts a due upcoming one as in progress (Schedule::scopeInProgress). 2.3: an incident
 * with status 0 and a scheduled_at; it has no end, and the page stops listing it as planned once
 * its time has come, so only future ones are read.
 */
function parseMaintenance(
  item: JsonRecord,
  kind: 'schedules' | 'incidents',
  components: ReadonlyMap<string, OfficialComponent>,
  base: string,
  now: number,
): OfficialMaintenance | undefined {
  const title = asString(item.name);
  const code = asText(item.status);
  const start = parseTimestamp(item.scheduled_at);
  const due = start !== undefined && start <= now;
  const done =
    kind === 'schedules'
      ? code === '2' || (item.completed_at !== undefined && item.completed_at !== null)
      : code !== '0' || start === undefined || due;
  if (title === undefined || done) return undefined;
  const id = asText(item.id);
  const linked =
    kind === 'schedules' ? records(item.components).map((c) => c.component_id) : [item.component_id];
  return {
    ...optional('id', id),
    title: oneLine(title, 200),
    phase: code === '1' || due ? 'active' : 'upcoming',
    rawStatus: asString(item.human_status) ?? code ?? '',
    ...optional('scheduledFor', start),
    link: `${base}/${kind}/${id ?? ''}`,
    components: linked.flatMap((linkedId) => components.get(asText(linkedId) ?? '')?.name ?? []),
  };
}
