import { z } from 'zod';
import type { HttpOutcome } from '../http/types.js';
import type { OfficialIncident, Reading } from '../reading.js';
import { fetchJsonForDetect, withPath } from './detect-helpers.js';
import { FEED_ACCEPT, jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { withoutTrailingSlashes } from './guards.js';
import { filteredReading, officialReading, selectComponents, type OfficialPage } from './official-summary.js';
import { DEFAULT_OPEN_WITHIN_HOURS, judgeFeed } from './feed-judge.js';
import { defineSource, type ReadContext } from './source.js';
import { parseRecentIncidents, parseSummary, RECENT_INCIDENTS } from './statuspage-parse.js';
import { parseXmlFeedBody } from './xml-feed.js';

/**
 * Atlassian Statuspage: `/api/v2/summary.json` carries the page indicator, components (with
 * groups), unresolved incidents with their updates, and scheduled maintenance;
 * `/api/v2/incidents.json` the recent ones, for history. Both are polled conditionally (ETag),
 * so an unchanged page costs a 304.
 */

const schema = z.strictObject({
  type: z.literal('statuspage'),
  ...commonSourceFields,
  url: httpUrl,
  components: nonEmptyStrings
    .min(1, { error: 'list at least one component, or leave the filter out' })
    .optional(),
});

export type StatuspageSourceConfig = z.output<typeof schema>;

export const statuspageSource = defineSource<StatuspageSourceConfig>({
  type: 'statuspage',
  family: 'official',
  title: 'Atlassian Statuspage',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Official page',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const [summary, history] = await Promise.all([
      requestFeed(ctx, summaryUrl(config.url)),
      // Recent history is a nice-to-have: a page without it is still read from its summary.
      requestFeed(ctx, incidentsUrl(config.url)),
    ]);
    const reading = readSummary(summary, config, checkedAt);
    return withRecentIncidents(reading, history, config, ctx);
  },
  async detect(url, ctx) {
    const json = await fetchJsonForDetect(summaryUrl(url.href), ctx);
    if (json === undefined || typeof parseSummary(json, url.origin) === 'string') return undefined;
    return { type: 'statuspage', url: pageBase(url.href) };
  },
});

/** The page's base URL: what a person gave, without the API path when they gave an exact URL. */
export function pageBase(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = withoutTrailingSlashes(parsed.pathname.replace(/\/api\/v2\/[\w-]+\.json$/, ''));
  return parsed.href.replace(/\/$/, '');
}

/** The base URL of a page gets the well-known path; an exact API URL is used as given. */
export function summaryUrl(url: string): string {
  return new URL(url).pathname.endsWith('.json') ? url : withPath(new URL(url), '/api/v2/summary.json').href;
}

export function incidentsUrl(url: string): string {
  return withPath(new URL(pageBase(url)), '/api/v2/incidents.json').href;
}

export function readSummary(
  outcome: HttpOutcome,
  config: StatuspageSourceConfig,
  checkedAt: number,
): Reading {
  const answer = jsonFeed(outcome, checkedAt);
  if (!answer.ok) return answer.reading;
  const page = parseSummary(answer.value, new URL(answer.response.url).origin);
  if (typeof page === 'string') return notThisFormat(answer.basis, page);
  if (!config.components) return officialReading(page, answer.basis);

  return filteredReading(page, config.components, answer.basis);
}

/**
 * Adds recent history: incidents.json's resolved incidents, or, when a page does not serve it,
 * those its history.atom feed tells (filtered with the components when there is a filter).
 */
async function withRecentIncidents(
  reading: Reading,
  history: HttpOutcome,
  config: StatuspageSourceConfig,
  ctx: Pick<ReadContext, 'http' | 'signal' | 'timeoutMs' | 'clock'>,
): Promise<Reading> {
  if (!reading.official) return reading;
  const answer = jsonFeed(history, reading.checkedAt);
  let recentIncidents = answer.ok ? parseRecentIncidents(answer.value) : await historyFromFeed(config, ctx);
  if (recentIncidents.length === 0 && !answer.ok) return reading;
  if (config.components) {
    const page: OfficialPage = { ...reading.official, incidents: recentIncidents };
    recentIncidents = [...selectComponents(page, config.components).page.incidents];
  }
  return { ...reading, official: { ...reading.official, recentIncidents } };
}

async function historyFromFeed(
  config: StatuspageSourceConfig,
  ctx: Pick<ReadContext, 'http' | 'signal' | 'timeoutMs' | 'clock'>,
): Promise<OfficialIncident[]> {
  const outcome = await requestFeed(ctx, withPath(new URL(pageBase(config.url)), '/history.atom').href, {
    accept: FEED_ACCEPT,
  });
  if (outcome.kind === 'failure' || outcome.status < 200 || outcome.status > 299) return [];
  const feed = parseXmlFeedBody(outcome);
  if (!feed.ok) return [];
  const judged = judgeFeed(feed.feed, {
    now: ctx.clock.now(),
    openWithinMs: DEFAULT_OPEN_WITHIN_HOURS * 3_600_000,
  });
  return [...(judged.recentIncidents ?? [])].slice(0, RECENT_INCIDENTS);
}
