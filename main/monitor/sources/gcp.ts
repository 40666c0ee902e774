import { z } from 'zod';
import type { OfficialComponent, OfficialIncident } from '../reading.js';
import { combineStatuses, type Status } from '../status.js';
import { withPath } from './detect-helpers.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import {
  asRecord,
  asString,
  asText,
  lookup,
  optional,
  records,
  resolveUrl,
  withoutTrailingSlashes,
  type JsonRecord,
} from './guards.js';
import { parseJsonBody } from './json-body.js';
import { officialReading, type OfficialPage } from './official-summary.js';
import { bounded, markdownToText, oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Google Cloud Service Health: `https://status.cloud.google.com/incidents.json` is every public
 * incident, open and past, with its products, locations and updates. There is no page
 * aggregate and no component list: the products of the open incidents are the components, and
 * no open incident (for the chosen products and locations) is the page saying all is well.
 *
 * An incident is open while it has no `end` (or one still ahead). `end` wins over
 * `currently_affected_locations`: real ended incidents still list locations there (the
 * BigQuery europe-north1 incident of 2023-03-10 does).
 */

export const GCP_STATUS_PAGE = 'https://status.cloud.google.com';
/** The feed is the whole history, every update of every incident, and only grows: past the client's 5 MB default. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const RECENT_DAYS = 7;
const DAY_MS = 86_400_000;
const RECENT_MAX = 10;

const schema = z.strictObject({
  type: z.literal('gcp'),
  ...commonSourceFields,
  url: httpUrl.default(GCP_STATUS_PAGE),
  products: nonEmptyStrings
    .min(1, { error: 'list at least one product, or leave the filter out' })
    .optional(),
  locations: nonEmptyStrings
    .min(1, { error: 'list at least one location, or leave the filter out' })
    .optional(),
});

export type GcpSourceConfig = z.output<typeof schema>;

/**
 * `status_impact`, what the dashboard shows. Google marks incidents "as either a disruption or
 * outage; more minor, but still widespread issues are posted as temporary notices"
 * (cloud.google.com/support/docs/dashboard): information is a real if minor problem (the 2023
 * BigQuery one was retry errors), so degraded, not operational.
 */
export const GCP_IMPACT: Readonly<Record<string, Status>> = {
  SERVICE_INFORMATION: 'degraded',
  SERVICE_DISRUPTION: 'partial_outage',
  SERVICE_OUTAGE: 'major_outage',
};

/** `severity`, Google's own grading; read only when an incident has no `status_impact`. */
export const GCP_SEVERITY: Readonly<Record<string, Status>> = {
  low: 'degraded',
  medium: 'partial_outage',
  high: 'major_outage',
};

export const gcpSource = defineSource<GcpSourceConfig>({
  type: 'gcp',
  family: 'official',
  title: 'Google Cloud status',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: (config) =>
    config.products ? `Google Cloud: ${config.products.join(', ')}` : 'Google Cloud',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await requestFeed(ctx, incidentsUrl(config.url), { maxBodyBytes: MAX_BODY_BYTES });
    const answer = jsonFeed(outcome, checkedAt);
    if (!answer.ok) return answer.reading;
    const page = parseGcpIncidents(answer.value, { ...config, pageUrl: gcpBase(config.url), now: checkedAt });
    if (typeof page === 'string') return notThisFormat(answer.basis, page);
    return officialReading(page, answer.basis);
  },
  async detect(url, ctx) {
    // Not fetchJsonForDetect: its 2 MB cap is smaller than the real incidents.json.
    const outcome = await ctx.http.request({
      url: incidentsUrl(url.href),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      headers: { accept: 'application/json' },
      maxBodyBytes: MAX_BODY_BYTES,
    });
    if (outcome.kind === 'failure' || outcome.status < 200 || outcome.status > 299) return undefined;
    const body = parseJsonBody(outcome);
    if (!body.ok || !Array.isArray(body.value) || !records(body.value).some(looksLikeIncident))
      return undefined;
    return { type: 'gcp', url: gcpBase(url.href) };
  },
});

export function incidentsUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname.endsWith('.json') ? parsed.href : withPath(parsed, '/incidents.json').href;
}

export function gcpBase(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = withoutTrailingSlashes(parsed.pathname.replace(/\/[\w.-]+\.json$/, ''));
  return parsed.href.replace(/\/$/, '');
}

function looksLikeIncident(item: JsonRecord): boolean {
  return (
    typeof item.external_desc === 'string' &&
    typeof item.begin === 'string' &&
    (Array.isArray(item.affected_products) || typeof item.service_name === 'string')
  );
}

export interface GcpView {
  readonly pageUrl: string;
  /** Open means "no end, or an end after now". */
  readonly now: number;
  readonly products?: readonly string[] | undefined;
  readonly locations?: readonly string[] | undefined;
}

interface Parsed {
  readonly item: JsonRecord;
  readonly incident: OfficialIncident;
  readonly products: readonly { readonly id?: string; readonly title: string }[];
  readonly open: boolean;
  readonly endedAt?: number;
}

/** incidents.json as an OfficialPage for the chosen products and locations, or why it is not one. */
export function parseGcpIncidents(json: unknown, view: GcpView): OfficialPage | string {
  const all = Array.isArray(json) ? records(json) : [];
  if (!Array.isArray(json) || (json.length > 0 && !all.some(looksLikeIncident))) {
    return 'not a Google Cloud incidents list: expected an array of incidents with external_desc and begin';
  }
  const parsed = all.flatMap((item) => (looksLikeIncident(item) ? [parseIncident(item, view)] : []));
  const chosen = parsed.filter(
    ({ item, products, open }) =>
      (!view.products || products.some((p) => view.products?.some((w) => isProduct(p, w)))) &&
      inLocations(item, open, view.locations),
  );
  const open = chosen.filter((p) => p.open);
  const since = view.now - RECENT_DAYS * DAY_MS;
  const recent = chosen
    .filter((p) => !p.open && p.endedAt !== undefined && p.endedAt >= since)
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
    .slice(0, RECENT_MAX);
  const scope = [view.products?.join(', '), view.locations?.join(', ')].filter(Boolean).join(' in ');
  const modified = parsed.flatMap((p) => p.incident.updatedAt ?? []);
  return {
    provider: 'gcp',
    pageUrl: view.pageUrl,
    // No open incident is the feed's way of saying "all fine"; with one, the incidents decide.
    ...(open.length === 0
      ? { overall: 'operational' as const, description: `No open incidents${scope ? ` for ${scope}` : ''}` }
      : {}),
    ...optional('updatedAt', modified.length > 0 ? Math.max(...modified) : undefined),
    components: products(open, parsed, view.products),
    incidents: open.map((p) => p.incident),
    maintenances: [],
    recentIncidents: recent.map((p) => p.incident),
  };
}

/** The chosen products (all listed, fine or not), or the products of the open incidents. */
function products(
  open: readonly Parsed[],
  all: readonly Parsed[],
  wanted: readonly string[] | undefined,
): OfficialComponent[] {
  const names = wanted
    ? wanted.map((w) => all.flatMap((p) => p.products).find((p) => isProduct(p, w))?.title ?? w)
    : [...new Set(open.flatMap((p) => p.products.map((product) => product.title)))];
  // The open incidents by product, in one pass: searching every incident's products once per
  // name was quadratic (one incident naming 100,000 products, or 50,000 incidents naming one each).
  const byName = new Map<string, Parsed[]>();
  for (const p of open) {
    for (const name of new Set(p.incident.components ?? [])) {
      const hits = byName.get(name);
      if (hits) hits.push(p);
      else byName.set(name, [p]);
    }
  }
  return names.map((name) => {
    const hits = byName.get(name) ?? [];
    if (hits.length === 0) return { name, status: 'operational', rawStatus: 'no open incident' };
    const status = combineStatuses(hits.map((p) => p.incident.impact));
    const worst = hits.find((p) => p.incident.impact === status)?.incident;
    return { name, status, rawStatus: worst?.rawImpact ?? '' };
  });
}

/**
 * A product by its id or its name, case-insensitive and without Google's "Google" / "Cloud"
 * prefixes: "BigQuery" is "Google BigQuery", "Storage" is "Google Cloud Storage".
 */
export function isProduct(
  product: { readonly id?: string; readonly title: string },
  wanted: string,
): boolean {
  const bare = (name: string): string =>
    name
      .trim()
      .toLowerCase()
      .replace(/^(?:google\s+)?(?:cloud\s+)?/, '');
  return product.id?.toLowerCase() === wanted.trim().toLowerCase() || bare(product.title) === bare(wanted);
}

/** Open incidents by where they are now; past ones by everywhere they were. No location: kept. */
function inLocations(item: JsonRecord, open: boolean, wanted: readonly string[] | undefined): boolean {
  if (!wanted) return true;
  const latest = asRecord(item.most_recent_update);
  const lists = open
    ? [item.currently_affected_locations, latest?.affected_locations]
    : [item.currently_affected_locations, item.previously_affected_locations, latest?.affected_locations];
  const places = lists.flatMap((list) => records(list)).flatMap((l) => [asString(l.id), asString(l.title)]);
  const known = places.filter((place): place is string => place !== undefined);
  if (known.length === 0) return true;
  return wanted.some((w) => known.some((place) => place.toLowerCase() === w.trim().toLowerCase()));
}

function parseIncident(item: JsonRecord, view: GcpView): Parsed {
  const products = records(item.affected_products).flatMap((p) => {
    const title = asString(p.title);
    return title === undefined ? [] : [{ ...optional('id', asString(p.id)), title }];
  });
  const service = asString(item.service_name);
  if (products.length === 0 && service !== undefined) {
    products.push({ ...optional('id', asString(item.service_key)), title: service });
  }
  const endedAt = parseTimestamp(item.end);
  // An `end` that is there but unreadable is not an end we can trust: still open.
  const open = item.end === undefined || item.end === null || endedAt === undefined || endedAt > view.now;
  const rawImpact = asString(item.status_impact);
  const severity = asString(item.severity);
  const impact =
    rawImpact !== undefined
      ? (lookup(GCP_IMPACT, rawImpact) ?? 'unknown')
      : (lookup(GCP_SEVERITY, severity?.toLowerCase()) ?? 'unknown');
  const uri = asString(item.uri);
  const incident: OfficialIncident = {
    ...optional('id', asText(item.id)),
    title: oneLine(asString(item.external_desc) ?? '', 200),
    // The feed has no lifecycle words; these say what `end` says.
    status: open ? 'ongoing' : 'resolved',
    impact,
    ...optional('rawImpact', rawImpact ?? severity),
    ...optional('startedAt', parseTimestamp(item.begin)),
    ...optional('updatedAt', parseTimestamp(item.modified)),
    ...optional('link', uri === undefined ? undefined : resolveUrl(uri, `${view.pageUrl}/`)),
    components: products.map((p) => p.title),
    // The feed is years of history: only what will be shown gets its updates read.
    updates: open || endedAt >= view.now - RECENT_DAYS * DAY_MS ? updates(item) : [],
  };
  return { item, incident, products, open, ...optional('endedAt', open ? undefined : endedAt) };
}

function updates(item: JsonRecord): OfficialIncident['updates'] {
  const latest = asRecord(item.most_recent_update);
  const all = records(item.updates);
  // most_recent_update repeats updates[0]; it stands alone only when updates[] is missing.
  return (all.length > 0 ? all : latest ? [latest] : [])
    .map((update) => ({
      ...optional('at', parseTimestamp(update.when) ?? parseTimestamp(update.created)),
      ...optional('status', asString(update.status)),
      body: bounded(markdownToText(asString(update.text) ?? '')),
    }))
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
}
