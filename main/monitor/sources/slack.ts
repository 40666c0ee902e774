import { z } from 'zod';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance } from '../reading.js';
import { combineStatuses, type Status } from '../status.js';
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
import { bounded, htmlToText, oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Slack's own status API, v2.0.0 (https://docs.slack.dev/reference/slack-status-api):
 * `/api/v2.0.0/current` says "ok", or "active" with the active incidents, outages, notices and
 * maintenance, each naming the Slack services it affects. Slack moved its page from
 * status.slack.com to slack-status.com; the old host redirects.
 */

export const SLACK_STATUS_PAGE = 'https://slack-status.com';
const CURRENT_PATH = '/api/v2.0.0/current';

const schema = z.strictObject({
  type: z.literal('slack'),
  ...commonSourceFields,
  url: httpUrl.default(SLACK_STATUS_PAGE),
  components: nonEmptyStrings
    .min(1, { error: 'list at least one Slack service, or leave the filter out' })
    .optional(),
});

export type SlackSourceConfig = z.output<typeof schema>;

/**
 * The page-wide `status`. Only "ok" is a statement on its own: "active" means "see the active
 * incidents", which decide; anything else (the docs name no other value) is unknown.
 */
export const SLACK_PAGE_STATUS: Readonly<Record<string, Status>> = { ok: 'operational' };

/**
 * An incident's `type`, by the ranks Slack's page shows (Outage > Incident > Notice):
 * an outage means a service is down for everyone, an incident that it fails for some, a notice
 * a minor or informational problem that is still a problem (degraded, not operational).
 * Maintenance is planned work, read as maintenance rather than as an incident.
 */
export const SLACK_INCIDENT_TYPE: Readonly<Record<string, Status>> = {
  outage: 'major_outage',
  incident: 'partial_outage',
  notice: 'degraded',
  maintenance: 'maintenance',
};

/** Lifecycle values that mean an item is over, or (for maintenance) not started yet. */
const CLOSED = new Set(['resolved', 'completed', 'closed']);
const NOT_STARTED = new Set(['scheduled', 'upcoming']);

/**
 * The services Slack's page lists: the slack-status-api npm package's list (its "Connections"
 * is now "Connectivity", as in the slick CLI's list of Slack Status services). They are listed
 * even when fine, so a filter on "Messaging" reads operational instead of "no such service"; a
 * service an incident names that is not here is added, so a renamed one still shows.
 */
export const SLACK_SERVICES: readonly string[] = [
  'Login/SSO',
  'Connectivity',
  'Messaging',
  'Files',
  'Notifications',
  'Huddles',
  'Search',
  'Apps/Integrations/APIs',
  'Workspace/Org Administration',
  'Workflows',
  'Canvases',
];

export const slackSource = defineSource<SlackSourceConfig>({
  type: 'slack',
  family: 'official',
  title: 'Slack status',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Slack status',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await requestFeed(ctx, currentUrl(config.url));
    const answer = jsonFeed(outcome, checkedAt);
    if (!answer.ok) return answer.reading;
    const page = parseSlackCurrent(answer.value, slackBase(config.url));
    if (typeof page === 'string') return notThisFormat(answer.basis, page);
    return config.components
      ? filteredReading(page, config.components, answer.basis)
      : officialReading(page, answer.basis);
  },
  async detect(url, ctx) {
    const json = await fetchJsonForDetect(currentUrl(url.href), ctx);
    if (json === undefined || typeof parseSlackCurrent(json, url.origin) === 'string') return undefined;
    return { type: 'slack', url: slackBase(url.href) };
  },
});

/** A page's base URL gets the well-known path; an exact API URL is used as given. */
export function currentUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname.includes('/api/') ? parsed.href : withPath(parsed, CURRENT_PATH).href;
}

/** The page's base URL: what a person gave, without the API path. */
export function slackBase(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = withoutTrailingSlashes(parsed.pathname.replace(/\/api\/.*$/, ''));
  return parsed.href.replace(/\/$/, '');
}

/** `current` as an OfficialPage, or a sentence saying why it is not one. */
export function parseSlackCurrent(json: unknown, pageUrl: string): OfficialPage | string {
  const root = asRecord(json);
  const status = asString(root?.status);
  // The documentation's older "ok" sample has no active_incidents, only the two dates.
  const listed = Array.isArray(root?.active_incidents) || typeof root?.date_updated === 'string';
  if (!root || status === undefined || !listed) {
    return 'not a Slack status: status and active_incidents are missing';
  }
  const items = records(root.active_incidents);
  const incidents = items.flatMap((item) => parseIncident(item) ?? []);
  const maintenances = items.flatMap((item) => parseMaintenance(item) ?? []);
  // "active" with nothing we could read in it: something is going on that we cannot judge.
  const overall =
    status === 'active'
      ? incidents.length + maintenances.length === 0
        ? 'unknown'
        : undefined
      : (lookup(SLACK_PAGE_STATUS, status) ?? 'unknown');
  return {
    provider: 'slack',
    pageUrl,
    rawStatus: status,
    ...optional('overall', overall),
    ...optional('description', status === 'ok' ? 'No active incidents' : undefined),
    ...optional('updatedAt', parseTimestamp(root.date_updated)),
    components: services(incidents, maintenances),
    incidents,
    maintenances,
  };
}

function services(
  incidents: readonly OfficialIncident[],
  maintenances: readonly OfficialMaintenance[],
): OfficialComponent[] {
  const statements = new Map<string, { status: Status; raw: string }[]>();
  for (const name of SLACK_SERVICES) statements.set(name, []);
  // Added to in place: copying a service's list on each statement was quadratic in the
  // incidents that name it, and the answer is a stranger's (100,000 incidents took over a minute).
  const say = (names: readonly string[] | undefined, status: Status, raw: string): void => {
    for (const name of names ?? []) {
      const said = statements.get(name);
      if (said) said.push({ status, raw });
      else statements.set(name, [{ status, raw }]);
    }
  };
  for (const incident of incidents) say(incident.components, incident.impact, incident.rawImpact ?? '');
  for (const m of maintenances) if (m.phase === 'active') say(m.components, 'maintenance', 'maintenance');
  return [...statements].map(([name, said]) => {
    if (said.length === 0) return { name, status: 'operational', rawStatus: 'ok' };
    const status = combineStatuses(said.map((statement) => statement.status));
    return { name, status, rawStatus: said.find((s) => s.status === status)?.raw ?? said[0]?.raw ?? '' };
  });
}

function parseIncident(item: JsonRecord): OfficialIncident | undefined {
  const type = asString(item.type) ?? '';
  const status = asString(item.status) ?? '';
  const title = asString(item.title);
  if (title === undefined || type === 'maintenance' || CLOSED.has(status)) return undefined;
  return {
    ...optional('id', asText(item.id)),
    title: oneLine(title, 200),
    status,
    impact: lookup(SLACK_INCIDENT_TYPE, type) ?? 'unknown',
    rawImpact: type,
    ...optional('startedAt', parseTimestamp(item.date_created)),
    ...optional('updatedAt', parseTimestamp(item.date_updated)),
    ...optional('link', asString(item.url)),
    components: serviceNames(item),
    updates: records(item.notes)
      .map((note) => ({
        ...optional('at', parseTimestamp(note.date_created)),
        // Notes arrive with Windows line ends ("Technical Summary:\r\n...") and sometimes markup.
        body: bounded(htmlToText((asString(note.body) ?? '').replace(/\r\n?/g, '\n'))),
      }))
      .sort((a, b) => (b.at ?? 0) - (a.at ?? 0)),
  };
}

function parseMaintenance(item: JsonRecord): OfficialMaintenance | undefined {
  const status = asString(item.status) ?? '';
  const title = asString(item.title);
  if (title === undefined || asString(item.type) !== 'maintenance' || CLOSED.has(status)) return undefined;
  return {
    ...optional('id', asText(item.id)),
    title: oneLine(title, 200),
    phase: NOT_STARTED.has(status) ? 'upcoming' : 'active',
    rawStatus: status,
    // No start or end time: Slack's items carry only when they were posted and updated.
    ...optional('link', asString(item.url)),
    components: serviceNames(item),
  };
}

function serviceNames(item: JsonRecord): string[] {
  return asArray(item.services).flatMap((service) => asString(service) ?? []);
}
