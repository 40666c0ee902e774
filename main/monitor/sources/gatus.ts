import { z } from 'zod';
import type { OfficialComponent, Reading } from '../reading.js';
import { attentionRank, type Status } from '../status.js';
import { fetchJsonForDetect, withPath } from './detect-helpers.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import {
  asArray,
  asString,
  lookup,
  optional,
  records,
  withoutTrailingSlashes,
  type JsonRecord,
} from './guards.js';
import { officialDetails, officialReading, type OfficialPage } from './official-summary.js';
import { oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Gatus (TwiN/gatus): a team's own health checks. `GET /api/v1/endpoints/statuses` lists every
 * endpoint with its results, oldest to newest; page 1 holds the newest `pageSize` of them
 * (storage/store/memory/util.go, getStartAndEndIndex). Each endpoint becomes a component. There
 * is no page aggregate: the endpoints decide.
 *
 * Gatus keeps health as data: a result says which of the endpoint's conditions failed, so the
 * reading names the failing condition ("[STATUS] == 200") instead of only "down".
 */

const schema = z.strictObject({
  type: z.literal('gatus'),
  ...commonSourceFields,
  url: httpUrl,
  endpoints: nonEmptyStrings
    .min(1, { error: 'list at least one endpoint, or leave the filter out' })
    .optional(),
  groups: nonEmptyStrings.min(1, { error: 'list at least one group, or leave the filter out' }).optional(),
});

export type GatusSourceConfig = z.output<typeof schema>;

/**
 * How an endpoint's newest result reads. Gatus itself knows only success or failure; the one
 * degree we add comes from its own data: when the only failed conditions are about response time
 * or an expiry date and nothing raised an error, the endpoint answered correctly, just slowly or
 * with a certificate or domain running out: degraded, not down. Anything else failing (status,
 * body, connection, an error) is a major outage of that endpoint. We do not soften a failure
 * that follows successes: that is the job of confirmation (hysteresis) downstream.
 */
export const RESULT_STATUS: Readonly<Record<string, Status>> = {
  success: 'operational',
  'soft failure': 'degraded',
  failure: 'major_outage',
};

const STATUSES_PATH = '/api/v1/endpoints/statuses';
/** The newest result decides; the few before it tell how long an endpoint has been failing. */
const PAGE_SIZE = '5';
const SOFT_CONDITION = /^\s*\[(RESPONSE_TIME|CERTIFICATE_EXPIRATION|DOMAIN_EXPIRATION)\]/i;

export const gatusSource = defineSource<GatusSourceConfig>({
  type: 'gatus',
  family: 'official',
  title: 'Gatus',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Gatus',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await requestFeed(ctx, statusesUrl(config.url));
    const answer = jsonFeed(outcome, checkedAt);
    if (!answer.ok) return answer.reading;
    const endpoints = parseEndpoints(answer.value);
    if (typeof endpoints === 'string') return notThisFormat(answer.basis, endpoints);
    const { chosen, missing } = chooseEndpoints(endpoints, config);
    const page = toPage(chosen, gatusBase(config.url));
    if (chosen.length === 0 && missing.length > 0) {
      const available = endpoints.map((endpoint) => endpoint.label).slice(0, 8);
      const detail = `no endpoint or group named ${missing.map((name) => `"${name}"`).join(', ')} (it has: ${available.join(', ')})`;
      return { ...notThisFormat(answer.basis, oneLine(detail)), official: officialDetails(page) };
    }
    const notes = [worstFailure(chosen), missing.length > 0 ? `not found: ${missing.join(', ')}` : undefined];
    const note = notes.filter((text) => text !== undefined).join('; ');
    return withPlainUnknown(officialReading(page, answer.basis, note === '' ? undefined : note), chosen);
  },
  async detect(url, ctx) {
    for (const candidate of new Set([url.href, url.origin])) {
      const api = new URL(statusesUrl(candidate));
      api.searchParams.set('pageSize', '1');
      const endpoints = parseEndpoints(await fetchJsonForDetect(api, ctx));
      if (typeof endpoints !== 'string' && endpoints.length > 0)
        return { type: 'gatus', url: gatusBase(candidate) };
    }
    return undefined;
  },
});

/** The dashboard's base URL: what a person gave, without the API path. */
export function gatusBase(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = withoutTrailingSlashes(parsed.pathname);
  if (parsed.pathname.endsWith(STATUSES_PATH))
    parsed.pathname = parsed.pathname.slice(0, -STATUSES_PATH.length);
  return parsed.href.replace(/\/$/, '');
}

/** The statuses API with a small page of results; an exact API URL keeps its own paging. */
export function statusesUrl(url: string): string {
  const given = new URL(url);
  const api = withoutTrailingSlashes(given.pathname).endsWith(STATUSES_PATH)
    ? given
    : withPath(new URL(gatusBase(url)), STATUSES_PATH);
  if (!api.searchParams.has('pageSize')) {
    api.searchParams.set('page', '1');
    api.searchParams.set('pageSize', PAGE_SIZE);
  }
  return api.href;
}

export interface ResultReading {
  /** A key of RESULT_STATUS, "no results", or "success=<odd value>". */
  readonly outcome: string;
  readonly failedConditions: readonly string[];
  readonly errors: readonly string[];
}

/** What one result says, in RESULT_STATUS's words. */
export function readResult(result: JsonRecord | undefined): ResultReading {
  if (!result) return { outcome: 'no results', failedConditions: [], errors: [] };
  const errors = asArray(result.errors).flatMap((error) => asString(error) ?? []);
  const failedConditions = records(result.conditionResults).flatMap((condition) =>
    condition.success === false ? (asString(condition.condition) ?? []) : [],
  );
  if (result.success === true) return { outcome: 'success', failedConditions: [], errors };
  // Never a table key by accident: a string "failure" is not gatus's boolean.
  if (result.success !== false)
    return { outcome: `success=${oddValue(result.success)}`, failedConditions, errors };
  const soft =
    errors.length === 0 &&
    failedConditions.length > 0 &&
    failedConditions.every((condition) => SOFT_CONDITION.test(condition));
  return { outcome: soft ? 'soft failure' : 'failure', failedConditions, errors };
}

/**
 * A value where a boolean belongs, in a few words. Not String(): a list nested thousands deep
 * overflows the stack when joined, and a long string would fill the detail line.
 */
function oddValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return oneLine(String(value), 40);
}

interface Endpoint {
  readonly key: string;
  /** "group/name", or the name alone. */
  readonly label: string;
  readonly component: OfficialComponent;
  readonly reading: ResultReading;
  readonly newestAt?: number;
  /** Failures in a row among the newest results of the page. */
  readonly failing: number;
}

/** The statuses answer as an OfficialPage, or a sentence saying why it is not one. */
export function parseGatusStatuses(json: unknown, pageUrl: string): OfficialPage | string {
  const endpoints = parseEndpoints(json);
  return typeof endpoints === 'string' ? endpoints : toPage(endpoints, pageUrl);
}

function parseEndpoints(json: unknown): Endpoint[] | string {
  const notGatus = 'not a Gatus endpoint list: expected an array of endpoints with key and results';
  if (!Array.isArray(json)) return notGatus;
  // Odd items are skipped, but an array with none of gatus's shape is another format.
  const valid = records(json).filter((item) => typeof item.key === 'string' && Array.isArray(item.results));
  if (json.length > 0 && valid.length === 0) return notGatus;
  return valid.flatMap((item): Endpoint[] => {
    const name = asString(item.name) ?? asString(item.key);
    if (name === undefined) return [];
    const group = asString(item.group) || undefined;
    const results = records(item.results);
    const newest = results.at(-1);
    const reading = readResult(newest);
    const failing = results.length - 1 - results.findLastIndex((result) => result.success === true);
    return [
      {
        key: asString(item.key) ?? name,
        label: group ? `${group}/${name}` : name,
        component: {
          name,
          ...optional('group', group),
          status: lookup(RESULT_STATUS, reading.outcome) ?? 'unknown',
          rawStatus: rawStatus(reading),
        },
        reading,
        ...optional('newestAt', parseTimestamp(newest?.timestamp)),
        failing,
      },
    ];
  });
}

function rawStatus({ outcome, failedConditions, errors }: ResultReading): string {
  const why = failedConditions.length > 0 ? failedConditions.join(', ') : errors[0];
  return outcome.endsWith('failure') && why !== undefined ? oneLine(`${outcome}: ${why}`, 160) : outcome;
}

function toPage(endpoints: readonly Endpoint[], pageUrl: string): OfficialPage {
  const times = endpoints.flatMap((endpoint) => endpoint.newestAt ?? []);
  return {
    provider: 'gatus',
    pageUrl,
    ...optional('updatedAt', times.length > 0 ? Math.max(...times) : undefined),
    description: `all ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} healthy`,
    components: endpoints.map((endpoint) => endpoint.component),
    incidents: [],
    maintenances: [],
  };
}

/** Endpoints by name, key or "group/name", and whole groups; without filters, all of them. */
function chooseEndpoints(
  endpoints: readonly Endpoint[],
  config: GatusSourceConfig,
): { chosen: Endpoint[]; missing: string[] } {
  if (!config.endpoints && !config.groups) return { chosen: [...endpoints], missing: [] };
  const same = (a: string | undefined, b: string): boolean =>
    a?.trim().toLowerCase() === b.trim().toLowerCase();
  const byEndpoint = (endpoint: Endpoint, wanted: string): boolean =>
    same(endpoint.component.name, wanted) || same(endpoint.key, wanted) || same(endpoint.label, wanted);
  const byGroup = (endpoint: Endpoint, wanted: string): boolean => same(endpoint.component.group, wanted);
  const chosen = endpoints.filter(
    (endpoint) =>
      (config.endpoints ?? []).some((wanted) => byEndpoint(endpoint, wanted)) ||
      (config.groups ?? []).some((wanted) => byGroup(endpoint, wanted)),
  );
  const missing = [
    ...(config.endpoints ?? []).filter((wanted) => !endpoints.some((e) => byEndpoint(e, wanted))),
    ...(config.groups ?? []).filter((wanted) => !endpoints.some((e) => byGroup(e, wanted))),
  ];
  return { chosen, missing };
}

/** Which condition failed on the worst endpoint: "core/api failed [STATUS] == 200 (3 checks in a row)". */
function worstFailure(endpoints: readonly Endpoint[]): string | undefined {
  const failed = endpoints.filter((endpoint) => endpoint.reading.outcome.endsWith('failure'));
  const worst = failed.sort(
    (a, b) => attentionRank(b.component.status) - attentionRank(a.component.status),
  )[0];
  if (!worst) return undefined;
  const { failedConditions, errors } = worst.reading;
  const what = failedConditions.length > 0 ? failedConditions.join(', ') : 'its check';
  const streak = worst.failing > 1 ? ` (${worst.failing} checks in a row)` : '';
  const error = errors.length > 0 ? `: ${errors.join('; ')}` : '';
  return `${worst.label} failed ${what}${streak}${error}`;
}

/** An endpoint without results is not an "unrecognised status": say what it is. */
function withPlainUnknown(reading: Reading, endpoints: readonly Endpoint[]): Reading {
  if (reading.status !== 'unknown') return reading;
  if (endpoints.length === 0) return { ...reading, detail: 'gatus lists no endpoints' };
  const silent = endpoints.filter((endpoint) => endpoint.reading.outcome === 'no results');
  if (silent.length === 0) return reading;
  const names = silent.map((endpoint) => endpoint.label);
  const more = names.length > 3 ? ` (+${names.length - 3} more)` : '';
  return { ...reading, detail: oneLine(`no results yet for ${names.slice(0, 3).join(', ')}${more}`, 240) };
}
