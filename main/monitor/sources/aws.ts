import { z } from 'zod';
import type { IncidentUpdate, OfficialIncident } from '../reading.js';
import { isDisrupted, type Status } from '../status.js';
import { fetchTextForDetect } from './detect-helpers.js';
import { FEED_ACCEPT, feedResponse, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl } from './fields.js';
import { lookup, optional } from './guards.js';
import { officialReading, type OfficialPage } from './official-summary.js';
import { defineSource } from './source.js';
import { parseXmlFeed, parseXmlFeedBody, type FeedDocument, type FeedItem } from './xml-feed.js';

/**
 * AWS Health Dashboard per-service RSS, e.g. https://status.aws.amazon.com/rss/ec2-ap-northeast-1.rss.
 * Each item's title starts with the state AWS showed for the service ("Service degradation: ...");
 * the newest item's state is the service's state.
 *
 * The config takes the feed URL, not a service id: AWS has moved its dashboard host once
 * (status.aws.amazon.com → health.aws.amazon.com) and a URL follows such a move without a code
 * change; detect prints the URL ready to paste.
 */

const schema = z.strictObject({
  type: z.literal('aws'),
  ...commonSourceFields,
  url: httpUrl,
});

export type AwsSourceConfig = z.output<typeof schema>;

/**
 * The title prefixes, lower-cased. "Informational message" is `degraded` because AWS posts its
 * first "we are investigating" notices that way: in the Tokyo 2019 feed two informational
 * items came 70 minutes before "Service degradation". It counts only while unresolved and
 * recent (see judgeAwsFeed). "Service degradation" is a partial outage (that event was one
 * Availability Zone down); "Service disruption" is AWS's red, a major outage.
 */
export const AWS_STATES: Readonly<Record<string, Status>> = {
  'service is operating normally': 'operational',
  'informational message': 'degraded',
  'performance issues': 'degraded',
  'service degradation': 'partial_outage',
  'service disruption': 'major_outage',
};

/** The normalised state for a title prefix; one AWS has not used before is unknown. */
export function awsState(prefix: string): Status {
  const key = prefix.toLowerCase();
  return lookup(AWS_STATES, key) ?? 'unknown';
}

/** An informational message older than this is a stale notice, not a live incident. */
const INFORMATIONAL_FOR_MS = 24 * 3_600_000;
// "[RESOLVED]" and its Japanese form "[解決済]" in bilingual titles.
const RESOLVED_MARK = /\[(?:resolved|解決済み?)\]/i;
const AWS_GUID = /#[a-z0-9-]+_\d{9,11}$/i;

export const awsSource = defineSource<AwsSourceConfig>({
  type: 'aws',
  family: 'official',
  title: 'AWS Health Dashboard feed',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'AWS Health Dashboard',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await requestFeed(ctx, config.url, { accept: FEED_ACCEPT });
    const answer = feedResponse(outcome, checkedAt);
    if (!answer.ok) return answer.reading;
    const body = parseXmlFeedBody(answer.response);
    if (!body.ok) return notThisFormat(answer.basis, body.detail);
    const page = judgeAwsFeed(body.feed, checkedAt);
    return typeof page === 'string' ? notThisFormat(answer.basis, page) : officialReading(page, answer.basis);
  },
  async detect(url, ctx) {
    const text = await fetchTextForDetect(url, ctx);
    const feed = text === undefined ? undefined : parseXmlFeed(text, url.href);
    return feed !== undefined && typeof feed !== 'string' && isAwsFeed(feed)
      ? { type: 'aws', url: url.href }
      : undefined;
  },
});

/**
 * An AWS service feed, recognised by its generator, its guids ("...#ec2-ap-northeast-1_1566559115")
 * or, for a feed with no items yet, its channel link and title.
 */
export function isAwsFeed(feed: FeedDocument): boolean {
  if (feed.format !== 'rss') return false;
  if (/AWS Service Health Dashboard/i.test(feed.generator ?? '')) return true;
  if (feed.items.length > 0) return feed.items.every((item) => AWS_GUID.test(item.id));
  return (
    /^https?:\/\/(?:status|health)\.aws\.amazon\.com\//.test(feed.link ?? '') &&
    / Service Status$/.test(feed.title)
  );
}

/** "Service degradation: Instance Availability" → its state and subject. */
export function splitAwsTitle(title: string): { state: string; subject: string } {
  const colon = title.indexOf(':');
  if (colon < 0) return { state: '', subject: title };
  return { state: title.slice(0, colon).trim(), subject: title.slice(colon + 1).trim() };
}

/** The newest item decides (see AWS_STATES); its earlier items on the same subject are its updates. */
export function judgeAwsFeed(feed: FeedDocument, now: number): OfficialPage | string {
  if (!isAwsFeed(feed)) return `not an AWS Health Dashboard feed ("${feed.title}")`;
  const service = feed.title.replace(/\s*Service Status$/i, '').trim() || 'AWS service';
  const base = {
    provider: 'aws',
    pageUrl: feed.link ?? 'https://health.aws.amazon.com/health/status',
    ...optional('updatedAt', feed.updated),
  };
  const newest = feed.items[0];
  if (newest === undefined) {
    const component = { name: service, status: 'operational' as const, rawStatus: '' };
    return {
      ...base,
      overall: 'operational',
      description: 'no events in the feed',
      components: [component],
      incidents: [],
      maintenances: [],
    };
  }
  const { state, subject } = splitAwsTitle(newest.title);
  const mapped = awsState(state);
  const at = newest.published ?? newest.updated;
  const stale =
    state.toLowerCase() === 'informational message' && (at === undefined || now - at > INFORMATIONAL_FOR_MS);
  const status: Status = RESOLVED_MARK.test(subject) || stale ? 'operational' : mapped;
  const run = sameSubject(feed.items, subject);
  return {
    ...base,
    rawStatus: state,
    overall: status,
    ...optional('description', status === 'operational' ? `${state || 'no state'}: ${subject}` : undefined),
    components: [{ name: service, status, rawStatus: state }],
    incidents: isDisrupted(status) || status === 'unknown' ? [incidentOf(run, subject, state, status)] : [],
    maintenances: [],
  };
}

/** The newest items about one subject, up to the first that is about something else. */
function sameSubject(items: readonly FeedItem[], subject: string): FeedItem[] {
  const key = (title: string): string =>
    splitAwsTitle(title).subject.replace(RESOLVED_MARK, '').trim().toLowerCase();
  const wanted = key(`: ${subject}`);
  const end = items.findIndex((item) => key(item.title) !== wanted);
  return items.slice(0, end === -1 ? undefined : end);
}

function incidentOf(
  run: readonly FeedItem[],
  subject: string,
  state: string,
  impact: Status,
): OfficialIncident {
  const times = run.flatMap((item) => item.published ?? item.updated ?? []);
  const newest = run[0];
  return {
    ...optional('id', newest?.id),
    title: subject || state,
    status: state.toLowerCase(),
    impact,
    rawImpact: state,
    ...optional('startedAt', times.length > 0 ? Math.min(...times) : undefined),
    ...optional('updatedAt', times.length > 0 ? Math.max(...times) : undefined),
    ...optional('link', newest?.link),
    updates: run.map((item): IncidentUpdate => ({
      ...optional('at', item.published ?? item.updated),
      status: splitAwsTitle(item.title).state.toLowerCase(),
      body: item.text,
    })),
  };
}
