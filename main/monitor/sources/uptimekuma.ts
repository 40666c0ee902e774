import { z } from 'zod';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance, Reading } from '../reading.js';
import type { Status } from '../status.js';
import { fetchJsonForDetect } from './detect-helpers.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl } from './fields.js';
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
import { officialReading, type OfficialPage } from './official-summary.js';
import { bounded, htmlToText, oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * An Uptime Kuma status page (louislam/uptime-kuma, server/routers/status-page-router.js): a
 * team's own monitors. `/api/status-page/<slug>` gives the groups and their monitors, the pinned
 * incident and the maintenance in progress; `/api/status-page/heartbeat/<slug>` each monitor's
 * recent heartbeats, oldest to newest. Each monitor becomes a component with its newest
 * heartbeat. Kuma has no page aggregate of its own in the API: the monitors decide.
 */

const schema = z
  .strictObject({
    type: z.literal('uptimekuma'),
    ...commonSourceFields,
    url: httpUrl,
    slug: z
      .string({ error: 'expected the status page slug' })
      .trim()
      .min(1, { error: 'the slug cannot be empty' })
      .regex(/^[^/?#]+$/, { error: 'the slug is one path segment, without "/"' })
      .optional(),
  })
  .refine((config) => kumaPage(config.url, config.slug) !== undefined, {
    error: 'give the status page URL (https://kuma.example/status/<slug>) or its slug',
    path: ['url'],
  });

export type UptimeKumaSourceConfig = z.output<typeof schema>;

/** Heartbeat status (src/util.ts: DOWN 0, UP 1, PENDING 2, MAINTENANCE 3). */
export const HEARTBEAT_STATUS: Readonly<Record<string, Status>> = {
  '0': 'major_outage',
  '1': 'operational',
  // Pending: the check failed and Kuma is retrying before it calls the monitor down.
  '2': 'degraded',
  '3': 'maintenance',
};

const HEARTBEAT_NAME: Readonly<Record<string, string>> = {
  '0': 'down',
  '1': 'up',
  '2': 'pending',
  '3': 'maintenance',
};

/**
 * A pinned incident's only severity is its colour (the page's style menu). It is the operator's
 * word about the whole page, not a measurement: red says something is broken but not how much,
 * so it is a partial outage, and down monitors still make it major; yellow is degraded; the
 * neutral colours are notices that do not lower the status.
 */
export const INCIDENT_STYLE: Readonly<Record<string, Status>> = {
  danger: 'partial_outage',
  warning: 'degraded',
  info: 'operational',
  primary: 'operational',
  light: 'operational',
  dark: 'operational',
};

/** Maintenance status (server/model/maintenance.js getStatus); the page lists only current work. */
const ENDED_MAINTENANCE = new Set(['ended', 'inactive']);

export const uptimeKumaSource = defineSource<UptimeKumaSourceConfig>({
  type: 'uptimekuma',
  family: 'official',
  title: 'Uptime Kuma status page',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: (config) => `Uptime Kuma ${kumaPage(config.url, config.slug)?.slug ?? ''}`.trim(),
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const where = kumaPage(config.url, config.slug);
    if (!where) return { status: 'unknown', detail: 'no status page slug', checkedAt, reached: false };
    const [pageOutcome, beatOutcome] = await Promise.all([
      requestFeed(ctx, kumaApi(where, '')),
      requestFeed(ctx, kumaApi(where, 'heartbeat/')),
    ]);
    const page = jsonFeed(pageOutcome, checkedAt);
    if (!page.ok) return withSlugHint(page.reading, where.slug);
    const beats = jsonFeed(beatOutcome, checkedAt);
    if (!beats.ok) return { ...beats.reading, detail: `the heartbeat list: ${beats.reading.detail}` };
    const basis = {
      ...page.basis,
      latencyMs: Math.max(page.basis.latencyMs ?? 0, beats.basis.latencyMs ?? 0),
      notModified: page.basis.notModified === true && beats.basis.notModified === true,
    };
    const parsed = parseUptimeKuma(page.value, beats.value, `${where.base}/status/${where.slug}`);
    if (typeof parsed === 'string') return notThisFormat(basis, parsed);
    const reading = officialReading(parsed, basis);
    const silent = parsed.components.find((component) => component.rawStatus === 'no heartbeats');
    return reading.status === 'unknown' && silent
      ? { ...reading, detail: oneLine(`no heartbeats yet for ${silent.name}`) }
      : reading;
  },
  async detect(url, ctx) {
    // A URL without a slug may still be a Kuma that serves its old single page as "default".
    const where = kumaPage(url.href) ?? kumaPage(url.href, 'default');
    if (!where) return undefined;
    const root = asRecord(await fetchJsonForDetect(kumaApi(where, ''), ctx));
    if (!asRecord(root?.config) || !Array.isArray(root?.publicGroupList)) return undefined;
    return { type: 'uptimekuma', url: where.base, slug: where.slug };
  },
});

export interface KumaPage {
  /** The server's base URL, with any path prefix, without a trailing slash. */
  readonly base: string;
  readonly slug: string;
}

/**
 * Where the page lives: the slug from the config, or from a /status/<slug> (or API) URL; a bare
 * /status is Kuma's "default" page (its router says so). Undefined when no slug can be told.
 */
export function kumaPage(url: string, slug?: string): KumaPage | undefined {
  const parsed = new URL(url);
  const path = withoutTrailingSlashes(parsed.pathname);
  const page = /^(.*?)\/(?:status|api\/status-page(?:\/heartbeat)?)\/([^/]+)$/.exec(path);
  const bare = /^(.*?)\/(?:status|status-page)$/.exec(path);
  const prefix = page?.[1] ?? bare?.[1] ?? path;
  const found = slug ?? (page?.[2] !== undefined ? decodedSegment(page[2]) : bare ? 'default' : undefined);
  // The slug goes into request paths, and encodeURIComponent throws on a lone surrogate.
  if (found === undefined || !found.isWellFormed()) return undefined;
  return { base: `${parsed.origin}${prefix}`, slug: found.trim().toLowerCase() };
}

/** A path segment, decoded; undefined for a malformed escape ("%E0%A4"), where decodeURIComponent throws. */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function kumaApi(where: KumaPage, kind: '' | 'heartbeat/'): string {
  return `${where.base}/api/status-page/${kind}${encodeURIComponent(where.slug)}`;
}

function withSlugHint(reading: Reading, slug: string): Reading {
  return reading.httpStatus === 404
    ? { ...reading, detail: `no status page "${slug}" here (HTTP 404)` }
    : reading;
}

/** The two answers as an OfficialPage, or a sentence saying why they are not Uptime Kuma's. */
export function parseUptimeKuma(
  statusPage: unknown,
  heartbeats: unknown,
  pageUrl: string,
): OfficialPage | string {
  const root = asRecord(statusPage);
  if (!root || !asRecord(root.config) || !Array.isArray(root.publicGroupList)) {
    return 'not an Uptime Kuma status page: config or publicGroupList is missing';
  }
  const beats = asRecord(asRecord(heartbeats)?.heartbeatList);
  if (!beats) return 'not an Uptime Kuma heartbeat list: heartbeatList is missing';
  const monitors = records(root.publicGroupList).flatMap((group) =>
    records(group.monitorList).flatMap((monitor) => parseMonitor(monitor, asString(group.name), beats) ?? []),
  );
  const times = monitors.flatMap((monitor) => monitor.at ?? []);
  // Old 1.x servers send one `incident` (or null), newer ones `incidents`.
  const incidents = [...records([root.incident]), ...records(root.incidents)];
  const seen = new Set<string>();
  return {
    provider: 'uptimekuma',
    pageUrl,
    description: `all ${monitors.length} monitor${monitors.length === 1 ? '' : 's'} up`,
    ...optional('updatedAt', times.length > 0 ? Math.max(...times) : undefined),
    components: monitors.map((monitor) => monitor.component),
    incidents: incidents.flatMap((incident) => {
      const id = asText(incident.id);
      if (id !== undefined && seen.has(id)) return [];
      if (id !== undefined) seen.add(id);
      return parseIncident(incident, pageUrl) ?? [];
    }),
    maintenances: records(root.maintenanceList).flatMap((item) => parseMaintenance(item, pageUrl) ?? []),
  };
}

function parseMonitor(
  monitor: JsonRecord,
  group: string | undefined,
  beats: JsonRecord,
): { component: OfficialComponent; at?: number } | undefined {
  const id = asText(monitor.id);
  const name = asString(monitor.name);
  if (id === undefined || name === undefined) return undefined;
  // Newer servers may put 0 in a list for an empty time bucket; only objects are heartbeats.
  const newest = records(beats[id]).at(-1);
  const raw = asText(newest?.status);
  const rawStatus =
    newest === undefined ? 'no heartbeats' : (lookup(HEARTBEAT_NAME, raw) ?? raw ?? 'no status');
  return {
    component: {
      name,
      ...optional('group', group),
      status: lookup(HEARTBEAT_STATUS, raw) ?? 'unknown',
      rawStatus,
    },
    ...optional('at', parseTimestamp(newest?.time)),
  };
}

function parseIncident(incident: JsonRecord, pageUrl: string): OfficialIncident | undefined {
  const title = asString(incident.title);
  if (title === undefined || incident.active === false || incident.pin === false) return undefined;
  const style = asString(incident.style);
  const updatedAt = parseTimestamp(incident.lastUpdatedDate);
  const startedAt = parseTimestamp(incident.createdDate);
  const content = asString(incident.content);
  return {
    ...optional('id', asText(incident.id)),
    title: oneLine(title, 200),
    // Kuma incidents have no lifecycle: a pinned one is simply shown until it is unpinned.
    status: '',
    impact: lookup(INCIDENT_STYLE, style) ?? 'unknown',
    ...optional('rawImpact', style),
    ...optional('startedAt', startedAt),
    ...optional('updatedAt', updatedAt),
    link: pageUrl,
    // The content is Markdown; as plain text it reads well enough and is never rendered.
    updates: content
      ? [{ ...optional('at', updatedAt ?? startedAt), body: bounded(htmlToText(content)) }]
      : [],
  };
}

function parseMaintenance(item: JsonRecord, pageUrl: string): OfficialMaintenance | undefined {
  const title = asString(item.title);
  const rawStatus = asString(item.status) ?? '';
  if (title === undefined || ENDED_MAINTENANCE.has(rawStatus)) return undefined;
  const slot = records(item.timeslotList)[0];
  const offset = asString(item.timezoneOffset);
  return {
    ...optional('id', asText(item.id)),
    title: oneLine(title, 200),
    phase: rawStatus === 'scheduled' ? 'upcoming' : 'active',
    rawStatus,
    ...optional('scheduledFor', localTime(slot?.startDate, offset)),
    ...optional('scheduledUntil', localTime(slot?.endDate, offset)),
    link: pageUrl,
  };
}

/**
 * Maintenance times are wall-clock times in the maintenance's zone; `timezoneOffset` is that
 * zone's offset now, which is right except across a daylight-saving change.
 */
function localTime(value: unknown, offset: string | undefined): number | undefined {
  const text = asString(value)?.trim();
  const wallClock = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
  if (
    text !== undefined &&
    offset !== undefined &&
    /^[+-]\d{2}:\d{2}$/.test(offset) &&
    wallClock.test(text)
  ) {
    return parseTimestamp(`${text.replace(' ', 'T')}${offset}`);
  }
  return parseTimestamp(value);
}
