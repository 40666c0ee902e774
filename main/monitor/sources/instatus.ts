import { z } from 'zod';
import type { HttpOutcome } from '../http/types.js';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance, Reading } from '../reading.js';
import type { Status } from '../status.js';
import { fetchJsonForDetect, withPath } from './detect-helpers.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { asRecord, asString, asText, lookup, optional, records, type JsonRecord } from './guards.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { parseJsonBody } from './json-body.js';
import { filteredReading, officialDetails, officialReading, type OfficialPage } from './official-summary.js';
import { oneLine } from './plain-text.js';
import { defineSource, type ReadContext } from './source.js';
import { isTime, parseTimestamp } from './timestamps.js';

/**
 * Instatus pages publish, without authentication:
 * - `<page>/summary.json` (https://instatus.com/help/api/public-data): `page.status`,
 *   `activeIncidents` and `activeMaintenances`. No components, no update texts.
 * - the component list. Sources disagree on its path: most clients read `/v3/components.json`,
 *   some `/v2/components.json`; we ask v3 and fall back to v2 on 404.
 * The summary decides whether the page is readable; a component list that fails is noted in the
 * detail, not turned into unknown.
 */

const schema = z.strictObject({
  type: z.literal('instatus'),
  ...commonSourceFields,
  url: httpUrl,
  components: nonEmptyStrings
    .min(1, { error: 'list at least one component, or leave the filter out' })
    .optional(),
});

export type InstatusSourceConfig = z.output<typeof schema>;

/** `page.status`. HASISSUES says something is wrong without how much: the least disruption. */
export const INSTATUS_PAGE_STATUS: Readonly<Record<string, Status>> = {
  UP: 'operational',
  HASISSUES: 'degraded',
  UNDERMAINTENANCE: 'maintenance',
};

/**
 * Component statuses (documented for webhooks: https://instatus.com/help/webhooks). MINOROUTAGE is
 * an outage, if a small one: more than slow, so partial_outage.
 */
export const INSTATUS_COMPONENT_STATUS: Readonly<Record<string, Status>> = {
  OPERATIONAL: 'operational',
  UNDERMAINTENANCE: 'maintenance',
  DEGRADEDPERFORMANCE: 'degraded',
  PARTIALOUTAGE: 'partial_outage',
  MINOROUTAGE: 'partial_outage',
  MAJOROUTAGE: 'major_outage',
};

/** An incident's `impact` uses the component words, plus NONE for a notice that lowers nothing. */
export const INSTATUS_IMPACT: Readonly<Record<string, Status>> = {
  ...INSTATUS_COMPONENT_STATUS,
  NONE: 'operational',
};

/** Maintenance lifecycle: finished windows are dropped. */
export const INSTATUS_MAINTENANCE_PHASE: Readonly<Record<string, OfficialMaintenance['phase'] | 'done'>> = {
  NOTSTARTEDYET: 'upcoming',
  INPROGRESS: 'active',
  COMPLETED: 'done',
};

/** Instatus writes these in capitals; some clients normalise to "partial_outage". Accept both. */
function lookupWord<V>(table: Readonly<Record<string, V>>, raw: string | undefined): V | undefined {
  return lookup(table, raw?.toUpperCase().replace(/[\s_-]/g, ''));
}

export const instatusSource = defineSource<InstatusSourceConfig>({
  type: 'instatus',
  family: 'official',
  title: 'Instatus',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Official page',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const summaryAt = summaryUrl(config.url);
    const [summary, components] = await Promise.all([
      requestFeed(ctx, summaryAt),
      readComponents(componentsUrls(summaryAt), ctx),
    ]);
    return readInstatus(summary, components, config, checkedAt);
  },
  async detect(url, ctx) {
    const summaryAt = summaryUrl(url.href);
    const page = parseInstatusSummary(await fetchJsonForDetect(summaryAt, ctx), url.origin);
    if (typeof page === 'string') return undefined;
    // An exact API URL stays exact; anything else is a page base the source appends to.
    return { type: 'instatus', url: url.pathname.endsWith('.json') ? summaryAt : withPath(url, '').href };
  },
});

/** The base URL of a page gets `/summary.json`; an exact `.json` URL is used as given. */
export function summaryUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname.endsWith('.json')) return parsed.href;
  return withPath(parsed, '/summary.json').href;
}

/** Beside `…/summary.json` (or `…/v3/summary.json`): v3, then v2. */
export function componentsUrls(summaryAt: string): [string, string] {
  const base = new URL(summaryAt);
  base.search = '';
  base.pathname = base.pathname.replace(/(\/v\d+)?\/[^/]*\.json$/, '');
  return [withPath(base, '/v3/components.json').href, withPath(base, '/v2/components.json').href];
}

/** The component list, or why it could not be read. */
async function readComponents(
  urls: [string, string],
  ctx: ReadContext,
): Promise<OfficialComponent[] | string> {
  let outcome = await requestFeed(ctx, urls[0]);
  if (outcome.kind === 'response' && outcome.status === 404) outcome = await requestFeed(ctx, urls[1]);
  if (outcome.kind === 'failure') return outcome.message;
  if (outcome.status < 200 || outcome.status > 299) return `HTTP ${outcome.status}`;
  const body = parseJsonBody(outcome);
  return body.ok ? parseInstatusComponents(body.value) : body.detail;
}

export function readInstatus(
  outcome: HttpOutcome,
  components: OfficialComponent[] | string,
  config: InstatusSourceConfig,
  checkedAt: number,
): Reading {
  const answer = jsonFeed(outcome, checkedAt);
  if (!answer.ok) return answer.reading;
  const summary = parseInstatusSummary(answer.value, new URL(answer.response.url).origin);
  if (typeof summary === 'string') return notThisFormat(answer.basis, summary);
  if (typeof components === 'string') {
    const note = `components unavailable: ${components}`;
    if (!config.components) return officialReading(summary, answer.basis, note);
    // Without the list the filter cannot be applied, and the page-wide answer is not what was asked.
    return {
      ...notThisFormat(answer.basis, oneLine(`cannot apply the component filter (${note})`)),
      official: officialDetails(summary),
    };
  }
  const page = { ...summary, components };
  return config.components
    ? filteredReading(page, config.components, answer.basis)
    : officialReading(page, answer.basis);
}

/** `summary.json` as an OfficialPage without components, or why it is not one. */
export function parseInstatusSummary(json: unknown, origin: string): OfficialPage | string {
  const root = asRecord(json);
  const pageInfo = asRecord(root?.page);
  const rawStatus = asString(pageInfo?.status);
  // Statuspage's summary also has `page`, but no `page.status`: this is what tells them apart.
  if (!root || rawStatus === undefined) return 'not an Instatus summary: page.status is missing';
  return {
    provider: 'instatus',
    pageUrl: asString(pageInfo?.url) ?? origin,
    rawStatus,
    overall: lookupWord(INSTATUS_PAGE_STATUS, rawStatus) ?? 'unknown',
    components: [],
    incidents: records(root.activeIncidents).flatMap((incident) => parseIncident(incident) ?? []),
    maintenances: records(root.activeMaintenances).flatMap(
      (maintenance) => parseMaintenance(maintenance) ?? [],
    ),
  };
}

/**
 * `{ components: [...] }` (or a bare array). Groups appear twice: as a component of their own and
 * as each member's `group` ({ id, name } or a name); newer lists nest members under `children`.
 * Groups are containers, not components: their names become the members' `group`.
 */
export function parseInstatusComponents(json: unknown): OfficialComponent[] | string {
  const list = Array.isArray(json) ? json : asRecord(json)?.components;
  if (!Array.isArray(list)) return 'the component list has no components';
  const all = records(list);
  const containers = new Set<string>();
  const namesById = new Map<string, string>();
  for (const component of all) {
    const group = asRecord(component.group);
    const [groupId, id, name] = [
      group ? asText(group.id) : asText(component.group),
      asText(component.id),
      asString(component.name),
    ];
    if (groupId !== undefined) containers.add(groupId);
    if (id !== undefined && name !== undefined) namesById.set(id, name);
  }
  const flatten = (items: readonly JsonRecord[], parent: string | undefined): OfficialComponent[] =>
    items.flatMap((component): OfficialComponent[] => {
      const name = asString(component.name);
      const children = records(component.children);
      if (name === undefined) return [];
      if (children.length > 0) return flatten(children, name);
      if (component.isParent === true || containers.has(asText(component.id) ?? '')) return [];
      const group = asRecord(component.group);
      const groupName = group
        ? asString(group.name)
        : (namesById.get(asText(component.group) ?? '') ?? asString(component.group));
      const rawStatus = asString(component.status) ?? '';
      const status = lookupWord(INSTATUS_COMPONENT_STATUS, rawStatus) ?? 'unknown';
      return [{ name, ...optional('group', parent ?? groupName), status, rawStatus }];
    });
  return flatten(all, undefined);
}

function parseIncident(incident: JsonRecord): OfficialIncident | undefined {
  const title = asString(incident.name);
  const status = asString(incident.status) ?? '';
  if (title === undefined || status.toUpperCase() === 'RESOLVED') return undefined;
  const rawImpact = asString(incident.impact);
  return {
    ...optional('id', asText(incident.id)),
    title: oneLine(title, 200),
    status,
    impact: lookupWord(INSTATUS_IMPACT, rawImpact) ?? 'unknown',
    ...optional('rawImpact', rawImpact),
    ...optional('startedAt', parseTimestamp(incident.started)),
    ...optional('updatedAt', parseTimestamp(incident.updatedAt)),
    ...optional('link', asString(incident.url)),
    ...optional('components', componentNames(incident.components)),
    updates: [],
  };
}

function parseMaintenance(maintenance: JsonRecord): OfficialMaintenance | undefined {
  const title = asString(maintenance.name);
  const rawStatus = asString(maintenance.status) ?? '';
  const phase = lookupWord(INSTATUS_MAINTENANCE_PHASE, rawStatus);
  if (title === undefined || phase === 'done') return undefined;
  const start = parseTimestamp(maintenance.start);
  // `duration` is minutes, a string in the docs' example ("60") and a number elsewhere.
  const minutes = Number(asText(maintenance.duration) ?? NaN);
  const end = start !== undefined && minutes > 0 ? start + minutes * 60_000 : undefined;
  // A duration of 1e16 minutes ends at no time a Date can hold.
  const until = end !== undefined && isTime(end) ? end : undefined;
  return {
    ...optional('id', asText(maintenance.id)),
    title: oneLine(title, 200),
    // A status we do not know is not claimed to be under way.
    phase: phase ?? 'upcoming',
    rawStatus,
    ...optional('scheduledFor', start),
    ...optional('scheduledUntil', until),
    ...optional('link', asString(maintenance.url)),
    ...optional('components', componentNames(maintenance.components)),
  };
}

/** Not documented in summary.json; read when present so a component filter can keep or drop the item. */
function componentNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as unknown[]).flatMap((item) => asString(item) ?? asString(asRecord(item)?.name) ?? []);
}
