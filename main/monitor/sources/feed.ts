import { z } from 'zod';
import type { Reading } from '../reading.js';
import { isAwsFeed } from './aws.js';
import { fetchTextForDetect, withPath } from './detect-helpers.js';
import { FEED_ACCEPT, feedResponse, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl } from './fields.js';
import { DEFAULT_OPEN_WITHIN_HOURS, judgeFeed } from './feed-judge.js';
import { officialReading, type OfficialPage, type ReadingBasis } from './official-summary.js';
import { decodeEntities } from './plain-text.js';
import { defineSource, type DetectContext } from './source.js';
import { HTML_INSTEAD_OF_XML, parseXmlFeed, parseXmlFeedBody, type FeedDocument } from './xml-feed.js';

/**
 * Any RSS or Atom incident feed: a Statuspage history.atom / history.rss, a self-hosted status
 * feed. A feed states no status, so judgeFeed (feed-judge.ts) infers one from its entries.
 * Config: `url` is the feed, or a page whose advertised feed (else /history.atom) is followed;
 * `openWithinHours` (default 24, see DEFAULT_OPEN_WITHIN_HOURS) is how long an unresolved entry
 * counts as open.
 */

const schema = z.strictObject({
  type: z.literal('feed'),
  ...commonSourceFields,
  url: httpUrl,
  openWithinHours: z
    .number({ error: 'expected a number of hours' })
    .positive({ error: 'openWithinHours must be more than 0' })
    .max(720, { error: 'openWithinHours is at most 720 (30 days)' })
    .optional(),
});

export type FeedSourceConfig = z.output<typeof schema>;

export const feedSource = defineSource<FeedSourceConfig>({
  type: 'feed',
  family: 'official',
  title: 'RSS or Atom incident feed',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Status feed',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const openWithinMs = (config.openWithinHours ?? DEFAULT_OPEN_WITHIN_HOURS) * 3_600_000;
    const answer = feedResponse(await requestFeed(ctx, config.url, { accept: FEED_ACCEPT }), checkedAt);
    if (!answer.ok) return answer.reading;
    const body = parseXmlFeedBody(answer.response);
    if (body.ok) return feedReading(judgeFeed(body.feed, { now: checkedAt, openWithinMs }), answer.basis);
    if (!body.detail.startsWith(HTML_INSTEAD_OF_XML)) return notThisFormat(answer.basis, body.detail);
    // The page's base URL rather than its feed: follow the feed it advertises, else Statuspage's.
    const next =
      advertisedFeed(answer.response.text, answer.response.url) ??
      withPath(new URL(config.url), '/history.atom').href;
    const second = feedResponse(await requestFeed(ctx, next, { accept: FEED_ACCEPT }), checkedAt);
    const feed = second.ok ? parseXmlFeedBody(second.response) : undefined;
    if (!second.ok || !feed?.ok)
      return notThisFormat(answer.basis, `${body.detail}, and no feed was found at ${next}`);
    return feedReading(judgeFeed(feed.feed, { now: checkedAt, openWithinMs }), second.basis);
  },
  async detect(url, ctx) {
    const found = await findFeed(url, ctx);
    return found === undefined ? undefined : { type: 'feed', url: found };
  },
});

/** officialReading, except that a feed we cannot judge says why rather than "states no status". */
function feedReading(page: OfficialPage, basis: ReadingBasis): Reading {
  const reading = officialReading(page, basis);
  return page.overall === 'unknown' && reading.status === 'unknown' && page.description !== undefined
    ? { ...reading, detail: page.description }
    : reading;
}

/**
 * `<link rel="alternate" type="application/atom+xml" href="...">` in a page's head. A tag ends at
 * the next "<" or ">", as in plain-text.ts: with `[^>]*` every "<link" was read on to the end of
 * the text, and 200,000 characters of "<link" repeated took seconds on every poll.
 */
export function advertisedFeed(html: string, base: string): string | undefined {
  for (const tag of html.slice(0, 200_000).match(/<link\b[^<>]*>/gi) ?? []) {
    if (!/\brel=["']?alternate\b/i.test(tag) || !/\btype=["']?application\/(?:rss|atom)\+xml/i.test(tag))
      continue;
    const href = /\bhref=(?:"([^"]+)"|'([^']+)')/i.exec(tag);
    try {
      return new URL(decodeEntities(href?.[1] ?? href?.[2] ?? ''), base).href;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The URL itself, the feed its page advertises, then the usual feed paths; AWS feeds are aws's. */
async function findFeed(url: URL, ctx: DetectContext): Promise<string | undefined> {
  const queue = [
    url.href,
    ...['/history.atom', '/history.rss', '/feed', '/rss'].map((path) => withPath(url, path).href),
  ];
  for (let index = 0; index < queue.length && index < 8; index += 1) {
    const candidate = queue[index] ?? '';
    const text = await fetchTextForDetect(candidate, ctx);
    if (text === undefined) continue;
    const feed = parseXmlFeed(text, candidate);
    if (typeof feed === 'string') {
      const advertised = index === 0 ? advertisedFeed(text, candidate) : undefined;
      if (advertised !== undefined) queue.splice(1, 0, advertised);
      continue;
    }
    if (isAwsFeed(feed)) return undefined;
    if (looksLikeStatusFeed(feed, candidate)) return candidate;
  }
  return undefined;
}

/** A blog's feed is a feed too; only one that speaks of status or incidents is offered. */
function looksLikeStatusFeed(feed: FeedDocument, url: string): boolean {
  const words = [feed.title, feed.link ?? '', url, ...feed.items.slice(0, 20).map((item) => item.title)];
  return /status|incident|outage|uptime|health|maintenance|degrad|operational|resolved|investigating|disruption/i.test(
    words.join(' '),
  );
}
