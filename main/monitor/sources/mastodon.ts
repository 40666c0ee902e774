import { z } from 'zod';
import { crowdReading, spikeConfigSchema } from '../crowd/crowd-reading.js';
import type { CrowdDetails, Reading } from '../reading.js';
import { withPath } from './detect-helpers.js';
import { jsonFeed } from './feed-response.js';
import { commonSourceFields, httpUrl } from './fields.js';
import { asRecord } from './guards.js';
import { BUCKET_MS, DAY_MS, isCount, parseMinuteCounts, rollingSeries, tally } from '../crowd/post-tally.js';
import {
  FIRST_WINDOW_MS,
  newestId,
  parseHashtagAccess,
  readHistory,
  readTimeline,
  usualFromHistory,
  type History,
  type Post,
} from './mastodon-api.js';
import { mergeSamples, parseSamples, type Sample } from '../crowd/samples.js';
import type { ReadingBasis } from './official-summary.js';
import { defineSource, type ReadContext } from './source.js';

/**
 * Posts on a Mastodon server's hashtag timeline (#twitterdown) as a crowd signal: how many new
 * posts per 15 minutes, against the tag's usual level.
 *
 * Each poll reads the posts received since the newest one seen (`since_id`), newest first,
 * paging back with `max_id` up to 5 pages of 40. Ids follow receipt time, not `created_at`,
 * so posts are deduplicated by id and counted by `created_at`. Newest first (not `min_id`,
 * which returns the oldest posts after the marker) so that in a storm bigger than the page
 * bound the posts left unread are the oldest of the gap, never the newest quarter hour that
 * decides the level. The first poll (and every one-shot check) counts the last 6 hours.
 *
 * The usual level: until our own counts span a day, each bucket's usual is the tag's daily
 * uses from `GET /api/v1/tags/{tag}` (7 days, kept by the server) spread evenly over the day's
 * 96 buckets. That ignores the time of day, but it is the only history there is on a first
 * poll, and with the minimum counts of the spike rule it cannot raise a quiet tag. Today's
 * entry is partial (and would contain the spike itself), so today's buckets use the median of
 * the complete days. With `local: true` the history still counts every server's posts, so the
 * usual level errs high: fewer warnings, never false ones. After a day of our own counts the
 * baseline module compares with the same time on earlier days instead.
 */

/** The daily history changes slowly: ask at most hourly. */
const HISTORY_TTL_MS = 60 * 60 * 1000;

const schema = z.strictObject({
  type: z.literal('mastodon'),
  ...commonSourceFields,
  server: httpUrl,
  tag: z
    .string({ error: 'expected a hashtag' })
    .max(100, { error: 'a hashtag is at most 100 characters' })
    .regex(/^[A-Za-z0-9_]+$/, { error: 'expected a hashtag without "#": letters, digits and _' }),
  local: z.boolean({ error: 'expected true or false' }).optional(),
  spike: spikeConfigSchema.optional(),
});

export type MastodonSourceConfig = z.output<typeof schema>;

/**
 * Posts under an outage hashtag (#twitterdown) are far fewer than Downdetector reports: floors
 * of 5 (possible) and 25 (likely) posts per quarter hour, with the same ratios and sustain.
 */
export const MASTODON_SPIKE_DEFAULTS = { possibleMinimum: 5, likelyMinimum: 25 };

export const mastodonSource = defineSource<MastodonSourceConfig>({
  type: 'mastodon',
  family: 'crowd',
  title: 'Mastodon hashtag',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 20_000 },
  defaultLabel: (config) => `#${config.tag.toLowerCase()} on ${new URL(config.server).host}`,
  async read(config, ctx) {
    const now = ctx.clock.now();
    const memory = readMemory(ctx.memory.get(), memoryKey(config));
    const cached = memory?.history;
    const [timeline, fetched] = await Promise.all([
      readTimeline(config, ctx, memory?.newestId, now),
      cached && now - cached.fetchedAt < HISTORY_TTL_MS ? cached : readHistory(config, ctx, now),
    ]);
    if (timeline.kind === 'reading') return timeline.reading;
    if (timeline.kind === 'login') return loginRequired(config, ctx, timeline.basis);
    const history = fetched ?? cached;
    const tag = `#${config.tag.toLowerCase()}`;
    const host = new URL(config.server).host;
    if (timeline.kind === 'missing') return noPostsYet(timeline.basis, tag, host);

    const { posts, complete } = timeline;
    const oldest = posts.reduce((earliest, post) => Math.min(earliest, post.at), now);
    const coveredFrom = memory?.coveredFrom ?? (complete ? now - FIRST_WINDOW_MS : oldest);
    const counted = posts.filter((post) => post.at >= coveredFrom);
    const minutes = tally(
      memory?.minutes ?? [],
      counted.map((post) => post.at),
      now,
    );
    const samples = mergeSamples(toSamples(posts), memory?.samples ?? []);
    const learning = now - coveredFrom < DAY_MS;
    const series = rollingSeries(
      minutes,
      coveredFrom,
      now,
      learning ? usualFromHistory(history, now) : undefined,
    );
    const newest = newestId(
      posts.map((post) => post.id),
      memory?.newestId,
    );
    ctx.memory.set({
      key: memoryKey(config),
      coveredFrom,
      minutes,
      samples,
      ...(newest !== undefined ? { newestId: newest } : {}),
      ...(history ? { history } : {}),
    } satisfies Memory);

    if (history?.days.length === 0 && minutes.length === 0) return noPostsYet(timeline.basis, tag, host);
    const reading = crowdReading(
      {
        provider: 'mastodon',
        series,
        bucketMs: BUCKET_MS,
        spike: config.spike,
        spikeDefaults: MASTODON_SPIKE_DEFAULTS,
        noun: `posts tagged ${tag}`,
        samples,
      },
      timeline.basis,
    );
    if (complete) return reading;
    const note = memory
      ? `more than ${posts.length} new posts since the last check, the oldest of them not read`
      : `only the newest ${posts.length} posts were read`;
    return { ...reading, detail: `${reading.detail}; ${note}` };
  },
});

interface Memory {
  readonly key: string;
  readonly coveredFrom: number;
  readonly minutes: readonly (readonly [number, number])[];
  readonly newestId?: string;
  readonly samples: readonly Sample[];
  readonly history?: History;
}

function memoryKey(config: MastodonSourceConfig): string {
  return `${new URL(config.server).href}|${config.tag.toLowerCase()}|${config.local === true}`;
}

/** What an earlier poll left, when it is ours and intact; anything else starts afresh. */
function readMemory(value: unknown, key: string): Memory | undefined {
  const record = asRecord(value);
  const minutes = parseMinuteCounts(record?.minutes);
  if (!record || record.key !== key || !isCount(record.coveredFrom) || !minutes) return undefined;
  const newest = typeof record.newestId === 'string' ? record.newestId : undefined;
  const history = asRecord(record.history);
  const days = parseMinuteCounts(history?.days);
  return {
    key,
    coveredFrom: record.coveredFrom,
    minutes,
    samples: parseSamples(record.samples),
    ...(newest !== undefined ? { newestId: newest } : {}),
    ...(days && isCount(history?.fetchedAt) ? { history: { fetchedAt: history.fetchedAt, days } } : {}),
  };
}

function toSamples(posts: readonly Post[]): Sample[] {
  return posts
    .filter((post) => post.text !== '')
    .map((post) => ({ title: post.text, at: post.at, ...(post.link ? { link: post.link } : {}) }));
}

/** A tag nobody has used on this server: a valid, quiet answer. */
function noPostsYet(basis: ReadingBasis, tag: string, host: string): Reading {
  const crowd: CrowdDetails = {
    provider: 'mastodon',
    level: 'none',
    current: 0,
    usual: undefined,
    bucketMs: BUCKET_MS,
    series: [],
    regions: [],
  };
  return {
    ...basis,
    status: 'operational',
    detail: `no posts tagged ${tag} on ${host} yet`,
    reached: true,
    crowd,
  };
}

/**
 * A 401: the server keeps hashtag timelines for logged-in users (Mastodon 4.5+ lets each server
 * choose, separately for its own users' posts and for other servers'). Its instance document
 * says which, so the advice can be exact.
 */
async function loginRequired(
  config: MastodonSourceConfig,
  ctx: ReadContext,
  basis: ReadingBasis,
): Promise<Reading> {
  const host = new URL(config.server).host;
  const outcome = await ctx.http.request({
    url: withPath(new URL(config.server), '/api/v2/instance').href,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    headers: { accept: 'application/json' },
  });
  const answer = jsonFeed(outcome, basis.checkedAt);
  const access = answer.ok ? parseHashtagAccess(answer.value) : undefined;
  const tag = `#${config.tag.toLowerCase()}`;
  let advice = `try "local": true (only its own users' posts), or ${tag} on another server`;
  if (access?.local === 'public' && config.local !== true)
    advice = `its own users' posts are public: set "local": true, or watch ${tag} on another server`;
  else if (access && (config.local === true ? access.local : access.remote) === 'disabled')
    advice = `it has turned these timelines off: watch ${tag} on another server`;
  else if (access) advice = `watch ${tag} on another server`;
  return {
    ...basis,
    status: 'unknown',
    reached: true,
    detail: `${host} requires login to read hashtag timelines; ${advice}`,
  };
}
