import { z } from 'zod';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance } from '../reading.js';
import type { Status } from '../status.js';
import { fetchJsonForDetect, fetchTextForDetect } from './detect-helpers.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import {
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
import { defineSource, type SourceDefinition } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * status.io's Public Status API: `GET https://api.status.io/1.0/status/<page id>` gives the
 * overall status, the components (`status[]`, each with `containers[]`: regions, data centres),
 * open incidents and active/upcoming maintenance (https://kb.status.io/developers/public-status-api).
 *
 * The API lives on api.status.io, not on the page's host, and a public page's address (usually a
 * custom domain) does not contain its page id. So `url` is either the exact API URL, or the
 * public page together with `pageId`. Auto-detect finds the id in the page's own links
 * (`/pages/incident/<page id>/<incident id>`, `/pages/history/<page id>`).
 */

export const STATUSIO_API = 'https://api.status.io';
const API_PATH = /\/1\.0\/status\/([a-z0-9]+)\/?$/i;

const schema = z
  .strictObject({
    type: z.literal('statusio'),
    ...commonSourceFields,
    url: httpUrl,
    pageId: z
      .string({ error: 'expected a status.io page id' })
      .regex(/^[a-z0-9]{8,64}$/i, {
        error: 'a status.io page id is letters and digits, e.g. 533c6539221ae15e3f000031',
      })
      .optional(),
    components: nonEmptyStrings
      .min(1, { error: 'list at least one component, or leave the filter out' })
      .optional(),
  })
  .refine((config) => config.pageId !== undefined || isApiUrl(config.url), {
    error:
      'give the pageId too: only the API URL (https://api.status.io/1.0/status/<page id>) names the page',
    path: ['pageId'],
  });

export type StatusioSourceConfig = z.output<typeof schema>;

/** status.io's status codes. 600 (Security Issue) has no place on our ladder; it is read as the worst. */
export const STATUSIO_STATUS: Readonly<Record<string, Status>> = {
  '100': 'operational',
  '200': 'maintenance',
  '300': 'degraded',
  '400': 'partial_outage',
  '500': 'major_outage',
  '600': 'major_outage',
};

/** Incident message states: the lifecycle of an incident. */
export const STATUSIO_STATE: Readonly<Record<string, string>> = {
  '100': 'investigating',
  '200': 'identified',
  '300': 'monitoring',
};

/** The source reading the API at `apiOrigin`: api.status.io, or a loopback server in tests. */
export function createStatusioSource(apiOrigin = STATUSIO_API): SourceDefinition<StatusioSourceConfig> {
  return defineSource<StatusioSourceConfig>({
    type: 'statusio',
    family: 'official',
    title: 'status.io',
    schema,
    defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
    defaultLabel: () => 'Official page',
    async read(config, ctx) {
      const checkedAt = ctx.clock.now();
      const outcome = await requestFeed(ctx, statusioApiUrl(config, apiOrigin));
      const answer = jsonFeed(outcome, checkedAt);
      if (!answer.ok) return answer.reading;
      const page = parseStatusio(answer.value, publicPage(config));
      if (typeof page === 'string') return notThisFormat(answer.basis, page);
      return config.components
        ? filteredReading(page, config.components, answer.basis)
        : officialReading(page, answer.basis);
    },
    async detect(url, ctx) {
      if (API_PATH.test(url.pathname)) {
        const json = await fetchJsonForDetect(url, ctx);
        return isStatusio(json) ? { type: 'statusio', url: url.href } : undefined;
      }
      const html = await fetchTextForDetect(url, ctx);
      const pageId = html === undefined ? undefined : findPageId(html);
      if (pageId === undefined) return undefined;
      const json = await fetchJsonForDetect(`${apiOrigin}/1.0/status/${pageId}`, ctx);
      return isStatusio(json) ? { type: 'statusio', url: publicBase(url), pageId } : undefined;
    },
  });
}

export const statusioSource = createStatusioSource();

/** True for the exact API URL, which names the page. */
export function isApiUrl(url: string): boolean {
  try {
    return API_PATH.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

export function statusioApiUrl(config: StatusioSourceConfig, apiOrigin = STATUSIO_API): string {
  if (isApiUrl(config.url)) return config.url;
  return `${withoutTrailingSlashes(apiOrigin)}/1.0/status/${config.pageId ?? ''}`;
}

/** Where the human page is, when the config says; links to incidents need both parts. */
interface PublicPage {
  readonly pageUrl?: string;
  readonly pageId?: string;
}

function publicPage(config: StatusioSourceConfig): PublicPage {
  const api = API_PATH.exec(new URL(config.url).pathname);
  if (api) return { pageId: config.pageId ?? api[1] };
  return { pageUrl: publicBase(new URL(config.url)), ...optional('pageId', config.pageId) };
}

/** The page's root: links such as /pages/history/<id> are pages of the same site. */
function publicBase(url: URL): string {
  const base = new URL(url.href);
  base.search = '';
  base.hash = '';
  base.pathname = withoutTrailingSlashes(base.pathname.replace(/\/pages\/.*$/, ''));
  return base.href.replace(/\/$/, '');
}

const PAGE_ID_IN_HTML = [
  /api\.status\.io\/1\.0\/status\/([0-9a-f]{24})\b/i,
  /\/pages\/(?:incident|maintenance|history)\/([0-9a-f]{24})\b/i,
];

export function findPageId(html: string): string | undefined {
  return PAGE_ID_IN_HTML.map((pattern) => pattern.exec(html)?.[1]).find((id) => id !== undefined);
}

function isStatusio(json: unknown): boolean {
  return json !== undefined && typeof parseStatusio(json) !== 'string';
}

/** The API's answer as an OfficialPage, or a sentence saying why it is not one. */
export function parseStatusio(json: unknown, where: PublicPage = {}): OfficialPage | string {
  const result = asRecord(asRecord(json)?.result);
  const overall = asRecord(result?.status_overall);
  if (!result || !overall || !Array.isArray(result.status)) {
    return 'not a status.io status: result.status_overall and result.status are missing';
  }
  const components = records(result.status).flatMap(parseComponent);
  const regions = containersByComponent(components);
  const link = (kind: string, id: string | undefined): string | undefined =>
    where.pageUrl !== undefined && where.pageId !== undefined && id !== undefined
      ? `${where.pageUrl}/pages/${kind}/${where.pageId}/${id}`
      : undefined;
  const maintenance = asRecord(result.maintenance);
  const planned = (phase: OfficialMaintenance['phase']) =>
    records(maintenance?.[phase]).flatMap((item) => parseMaintenance(item, phase, regions, link) ?? []);
  const code = asText(overall.status_code);
  return {
    provider: 'statusio',
    ...optional('pageUrl', where.pageUrl),
    rawStatus: rawValue(code, overall.status),
    overall: lookup(STATUSIO_STATUS, code) ?? 'unknown',
    ...optional('description', asString(overall.status)),
    ...optional('updatedAt', parseTimestamp(overall.updated)),
    components,
    incidents: records(result.incidents).flatMap((incident) => parseIncident(incident, regions, link) ?? []),
    maintenances: [...planned('active'), ...planned('upcoming')],
  };
}

/** "400 Partial Service Disruption": the code that decides, with the words the page shows. */
function rawValue(code: string | undefined, label: unknown): string {
  return [code, asString(label)].filter((part) => part !== undefined && part !== '').join(' ');
}

function statusOf(item: JsonRecord): Pick<OfficialComponent, 'status' | 'rawStatus'> {
  const code = asText(item.status_code);
  return { status: lookup(STATUSIO_STATUS, code) ?? 'unknown', rawStatus: rawValue(code, item.status) };
}

/**
 * A component in one container (Docker's, all "AWS") is one component: the container adds
 * nothing. A component in several containers becomes one component per container, named
 * "Website / US-East" in group "Website": a regional outage then reads as regional, and a
 * filter can ask for the whole component (its group) or one region.
 */
function parseComponent(component: JsonRecord): OfficialComponent[] {
  const name = asString(component.name);
  if (name === undefined) return [];
  const containers = records(component.containers).filter((c) => asString(c.name) !== undefined);
  const [only] = containers;
  if (containers.length <= 1) {
    const source = asText(component.status_code) === undefined && only ? only : component;
    return [{ name, ...statusOf(source) }];
  }
  return containers.map((c) => ({
    name: `${name} / ${asString(c.name) ?? ''}`,
    group: name,
    ...statusOf(c),
  }));
}

/**
 * Container names of the components that parseComponent split. Lists are added to in place:
 * copying one per container was quadratic in a component's containers.
 */
function containersByComponent(components: readonly OfficialComponent[]): Map<string, string[]> {
  const split = new Map<string, string[]>();
  for (const { group, name } of components) {
    if (group === undefined) continue;
    const region = name.slice(group.length + 3);
    const regions = split.get(group);
    if (regions) regions.push(region);
    else split.set(group, [region]);
  }
  return split;
}

/**
 * What an incident or maintenance touches, in the names parseComponent gives. Linear in the
 * answer, which is a stranger's: containers are looked up in a set (a list was searched once per
 * region), and a component named twice is expanded once, since each naming of a component with
 * 100,000 containers added 100,000 names.
 */
function affected(item: JsonRecord, regions: ReadonlyMap<string, readonly string[]>): string[] {
  const containers = new Set(records(item.containers_affected).flatMap((c) => asString(c.name) ?? []));
  const names = new Set(
    records(item.components_affected).flatMap((component) => asString(component.name) ?? []),
  );
  return [...names].flatMap((name) => {
    const split = regions.get(name);
    if (!split) return [name];
    const hit = containers.size === 0 ? split : split.filter((region) => containers.has(region));
    return [name, ...hit.map((region) => `${name} / ${region}`)];
  });
}

type Link = (kind: string, id: string | undefined) => string | undefined;

function parseIncident(
  incident: JsonRecord,
  regions: ReadonlyMap<string, readonly string[]>,
  link: Link,
): OfficialIncident | undefined {
  const title = asString(incident.name);
  if (title === undefined) return undefined;
  const messages = records(incident.messages)
    .map((message) => ({ message, at: parseTimestamp(message.datetime) }))
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
  const latest = messages[0];
  // Each message restates the incident's current status and state; the newest one is now.
  const code = asText(latest?.message.status) ?? asText(incident.status_code);
  const state = asText(latest?.message.state) ?? asText(incident.current_state);
  const id = asText(incident._id) ?? asText(incident.id);
  return {
    ...optional('id', id),
    title: oneLine(title, 200),
    status: state === undefined ? '' : (lookup(STATUSIO_STATE, state) ?? state),
    impact: lookup(STATUSIO_STATUS, code) ?? 'unknown',
    ...optional('rawImpact', code),
    ...optional('startedAt', parseTimestamp(incident.datetime_open)),
    ...optional('updatedAt', latest?.at),
    ...optional('link', link('incident', id)),
    components: affected(incident, regions),
    updates: messages.map(({ message, at }) => {
      const step = asText(message.state);
      return {
        ...optional('at', at),
        ...optional('status', step === undefined ? undefined : (lookup(STATUSIO_STATE, step) ?? step)),
        body: bounded(htmlToText(asString(message.details) ?? '')),
      };
    }),
  };
}

function parseMaintenance(
  item: JsonRecord,
  phase: OfficialMaintenance['phase'],
  regions: ReadonlyMap<string, readonly string[]>,
  link: Link,
): OfficialMaintenance | undefined {
  const title = asString(item.name);
  if (title === undefined) return undefined;
  const id = asText(item._id) ?? asText(item.id);
  return {
    ...optional('id', id),
    title: oneLine(title, 200),
    phase,
    // The API has no status field for maintenance: the list it is in is its state.
    rawStatus: phase,
    ...optional('scheduledFor', parseTimestamp(item.datetime_planned_start)),
    ...optional('scheduledUntil', parseTimestamp(item.datetime_planned_end)),
    ...optional('link', link('maintenance', id)),
    components: affected(item, regions),
  };
}
