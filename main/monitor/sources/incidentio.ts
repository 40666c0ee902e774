import { z } from 'zod';
import type { HttpOutcome } from '../http/types.js';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance, Reading } from '../reading.js';
import { attentionRank, type Status } from '../status.js';
import { fetchJsonForDetect, withPath } from './detect-helpers.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { asRecord, asString, asText, lookup, optional, records, type JsonRecord } from './guards.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { filteredReading, officialReading, selectComponents, type OfficialPage } from './official-summary.js';
import { bounded, htmlToText, oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * incident.io status pages publish two unauthenticated JSON documents:
 * - the Widget API, `<page>/api/v1/summary` (https://docs.incident.io/status-pages/widget-api):
 *   `ongoing_incidents`, `in_progress_maintenances` and `scheduled_maintenances`, each naming its
 *   `affected_components`. It lists what is wrong, not every component, and a page owner must
 *   switch it on, so a page without it answers 404.
 * - the page's own data, `<page>/proxy/<host>` (undocumented; what the page itself loads, read by
 *   openai/codex): the same events under `summary`, plus every component (`structure`) and the
 *   status of the affected ones (`affected_components`).
 * A base URL reads the widget and falls back to the page data on 404; an exact URL is used as given.
 */

const schema = z.strictObject({
  type: z.literal('incidentio'),
  ...commonSourceFields,
  url: httpUrl,
  components: nonEmptyStrings
    .min(1, { error: 'list at least one component, or leave the filter out' })
    .optional(),
});

export type IncidentioSourceConfig = z.output<typeof schema>;

/** Component statuses and incident impacts (`current_worst_impact`) share one vocabulary. */
export const INCIDENTIO_STATUS: Readonly<Record<string, Status>> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'partial_outage',
  full_outage: 'major_outage',
  // Statuspage's spellings: openai/codex accepts them from the page data, so we do too.
  major_outage: 'major_outage',
  under_maintenance: 'maintenance',
};

/** Maintenance status; an unknown one falls back to the list it came in. */
export const INCIDENTIO_MAINTENANCE_PHASE: Readonly<Record<string, OfficialMaintenance['phase']>> = {
  maintenance_in_progress: 'active',
  maintenance_scheduled: 'upcoming',
};

const ALL_CLEAR = 'No ongoing incidents';

type NameOf = (component: JsonRecord) => string | undefined;

export const incidentioSource = defineSource<IncidentioSourceConfig>({
  type: 'incidentio',
  family: 'official',
  title: 'incident.io status page',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Official page',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const [first, fallback] = incidentioUrls(config.url);
    let outcome = await requestFeed(ctx, first);
    if (fallback !== undefined && outcome.kind === 'response' && outcome.status === 404) {
      outcome = await requestFeed(ctx, fallback);
    }
    return readIncidentio(outcome, config, checkedAt);
  },
  async detect(url, ctx) {
    const given = withPath(url, '');
    const [first, fallback] = incidentioUrls(given.href);
    const widget = parseIncidentio(await fetchJsonForDetect(first, ctx), given.origin);
    if (typeof widget !== 'string')
      return { type: 'incidentio', url: fallback === undefined ? first : given.href };
    if (fallback === undefined) return undefined;
    // The widget is off on this page: name the page data exactly, so reads go straight to it.
    const pageData = parseIncidentio(await fetchJsonForDetect(fallback, ctx), given.origin);
    return typeof pageData === 'string' ? undefined : { type: 'incidentio', url: fallback };
  },
});

/** The URLs to ask, in order: the widget, then the page data; an exact API URL alone. */
export function incidentioUrls(url: string): [string, string?] {
  const parsed = new URL(url);
  if (parsed.pathname.includes('/proxy/') || /\/api\/v1\/summary\/?$/.test(parsed.pathname)) {
    return [parsed.href];
  }
  const pageData = new URL(`/proxy/${parsed.host}`, parsed.origin);
  return [withPath(parsed, '/api/v1/summary').href, pageData.href];
}

export function readIncidentio(
  outcome: HttpOutcome,
  config: IncidentioSourceConfig,
  checkedAt: number,
): Reading {
  const answer = jsonFeed(outcome, checkedAt);
  if (!answer.ok) return answer.reading;
  const page = parseIncidentio(answer.value, new URL(answer.response.url).origin);
  if (typeof page === 'string') return notThisFormat(answer.basis, page);
  if (!config.components) return officialReading(page, answer.basis);
  if (!listsEveryComponent(answer.value)) {
    // The widget names affected components only: one it does not mention is not affected now. We
    // cannot tell a misspelt name from a healthy component, so the detail says which were not seen.
    const { page: selected, missing } = selectComponents(page, config.components);
    const note = missing.length > 0 ? `not mentioned, so not affected: ${missing.join(', ')}` : undefined;
    return officialReading(
      { ...selected, overall: 'operational', description: ALL_CLEAR },
      answer.basis,
      note,
    );
  }
  return filteredReading(page, config.components, answer.basis);
}

/** The page data (`{ summary: ... }`) lists every component; the widget only the affected ones. */
export function listsEveryComponent(json: unknown): boolean {
  return asRecord(asRecord(json)?.summary) !== undefined;
}

/**
 * A widget or page-data document as an OfficialPage, or why it is not one. Neither has a page
 * aggregate: both list what is wrong, so a document that lists nothing is the page saying all is
 * well, and `overall` records that (otherwise an all-clear page would read as "nothing was said").
 */
export function parseIncidentio(json: unknown, origin: string): OfficialPage | string {
  const root = asRecord(json);
  const data = asRecord(root?.summary) ?? root;
  if (!data || !Array.isArray(data.ongoing_incidents)) {
    return 'not an incident.io status page: ongoing_incidents is missing';
  }
  const known = knownComponents(data);
  const nameOf: NameOf = (component) =>
    asString(component.name) ?? known.get(asText(component.component_id) ?? asText(component.id) ?? '')?.name;
  const maintenances = (list: unknown, listedAs: OfficialMaintenance['phase']): OfficialMaintenance[] =>
    records(list).flatMap((item) => parseMaintenance(item, listedAs, nameOf) ?? []);
  return {
    provider: 'incidentio',
    pageUrl: asString(data.page_url) ?? origin,
    overall: 'operational',
    description: ALL_CLEAR,
    components: listsEveryComponent(json) ? pageDataComponents(data, known) : widgetComponents(data, nameOf),
    incidents: records(data.ongoing_incidents).flatMap((item) => parseIncident(item, nameOf) ?? []),
    maintenances: [
      ...maintenances(data.in_progress_maintenances, 'active'),
      ...maintenances(data.scheduled_maintenances, 'upcoming'),
    ],
  };
}

interface KnownComponent {
  readonly name: string;
  readonly group?: string;
}

/** The page data's component tree (`structure.items`: groups and single components), by id. */
function knownComponents(data: JsonRecord): Map<string, KnownComponent> {
  const known = new Map<string, KnownComponent>();
  const add = (component: JsonRecord, group: string | undefined): void => {
    const id = asText(component.component_id) ?? asText(component.id);
    const name = asString(component.name);
    if (id === undefined || name === undefined || component.hidden === true || known.has(id)) return;
    known.set(id, { name, ...optional('group', group) });
  };
  for (const item of records(asRecord(data.structure)?.items)) {
    const group = asRecord(item.group);
    if (group && group.hidden !== true) {
      for (const member of records(group.components)) add(member, asString(group.name));
    }
    const single = asRecord(item.component);
    if (single) add(single, undefined);
  }
  for (const component of records(data.components)) add(component, undefined);
  return known;
}

/** Every component; those not in `affected_components` are operational. */
function pageDataComponents(data: JsonRecord, known: Map<string, KnownComponent>): OfficialComponent[] {
  const affected = new Map<string, string>();
  for (const entry of records(data.affected_components)) {
    const id = asText(entry.component_id) ?? asText(entry.id);
    const status = asString(entry.status) ?? asString(entry.current_status);
    if (id !== undefined && status !== undefined) affected.set(id, status);
  }
  return [...known].map(([id, component]) => {
    const rawStatus = affected.get(id) ?? 'operational';
    return { ...component, status: lookup(INCIDENTIO_STATUS, rawStatus) ?? 'unknown', rawStatus };
  });
}

/**
 * The widget's affected components, from ongoing incidents and maintenance in progress, with their
 * `current_status`; where one lacks it, the event's impact (or the maintenance) stands in. A
 * component named by several events keeps its worst status.
 */
function widgetComponents(data: JsonRecord, nameOf: NameOf): OfficialComponent[] {
  const byName = new Map<string, OfficialComponent>();
  const collect = (event: JsonRecord, standIn: Status): void => {
    for (const entry of records(event.affected_components)) {
      const name = nameOf(entry);
      const rawStatus = asString(entry.current_status) ?? '';
      const status = rawStatus === '' ? standIn : (lookup(INCIDENTIO_STATUS, rawStatus) ?? 'unknown');
      const previous = name === undefined ? undefined : byName.get(name);
      if (name === undefined || (previous && attentionRank(previous.status) >= attentionRank(status)))
        continue;
      byName.set(name, { name, ...optional('group', asString(entry.group_name)), status, rawStatus });
    }
  };
  for (const incident of records(data.ongoing_incidents)) {
    if (asString(incident.status) !== 'resolved') collect(incident, impactOf(incident));
  }
  for (const maintenance of records(data.in_progress_maintenances)) collect(maintenance, 'maintenance');
  return [...byName.values()];
}

function impactOf(incident: JsonRecord): Status {
  return lookup(INCIDENTIO_STATUS, asString(incident.current_worst_impact)) ?? 'unknown';
}

function parseIncident(item: JsonRecord, nameOf: NameOf): OfficialIncident | undefined {
  const title = asString(item.name);
  const status = asString(item.status) ?? '';
  // The docs allow "resolved" in ongoing_incidents for a moment after resolution: not open any more.
  if (title === undefined || status === 'resolved') return undefined;
  const updatedAt = parseTimestamp(item.last_update_at);
  const message = asString(item.last_update_message);
  // The widget carries the latest update only.
  const latest = { ...optional('at', updatedAt), status, body: bounded(htmlToText(message ?? '')) };
  return {
    ...optional('id', asText(item.id)),
    title: oneLine(title, 200),
    status,
    impact: impactOf(item),
    ...optional('rawImpact', asString(item.current_worst_impact)),
    ...optional('startedAt', parseTimestamp(item.started_at) ?? parseTimestamp(item.published_at)),
    ...optional('updatedAt', updatedAt),
    ...optional('link', asString(item.url)),
    components: records(item.affected_components).flatMap((component) => nameOf(component) ?? []),
    updates: message === undefined ? [] : [latest],
  };
}

/** In progress: started_at / scheduled_end_at; scheduled: starts_at / ends_at. */
function parseMaintenance(
  item: JsonRecord,
  listedAs: OfficialMaintenance['phase'],
  nameOf: NameOf,
): OfficialMaintenance | undefined {
  const title = asString(item.name);
  if (title === undefined) return undefined;
  const rawStatus = asString(item.status) ?? '';
  return {
    ...optional('id', asText(item.id)),
    title: oneLine(title, 200),
    phase: lookup(INCIDENTIO_MAINTENANCE_PHASE, rawStatus) ?? listedAs,
    rawStatus,
    ...optional('scheduledFor', parseTimestamp(item.started_at) ?? parseTimestamp(item.starts_at)),
    ...optional('scheduledUntil', parseTimestamp(item.scheduled_end_at) ?? parseTimestamp(item.ends_at)),
    ...optional('link', asString(item.url)),
    components: records(item.affected_components).flatMap((component) => nameOf(component) ?? []),
  };
}
