import { median } from '../crowd/baseline.js';
import { safeLink } from '../crowd/samples.js';
import type { HttpOutcome } from '../http/types.js';
import type { Reading } from '../reading.js';
import { withPath } from './detect-helpers.js';
import { jsonFeed, notThisFormat } from './feed-response.js';
import { asArray, asRecord, asString, asText, records } from './guards.js';
import { BUCKET_MS, DAY_MS, isCount } from '../crowd/post-tally.js';
import type { MastodonSourceConfig } from './mastodon.js';
import type { ReadingBasis } from './official-summary.js';
import { htmlToText, oneLine } from './plain-text.js';
import { answerProblem, errorMessage } from './feed-response.js';
import type { ReadContext } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * The Mastodon API as the mastodon source reads it (reference/crowd-apis.md), and the few
 * newest posts (or stories, for hackernews.ts) kept beside the counts as samples.
 */

const LIMIT = 40;
/** Pages per poll: 200 posts, so a storm cannot run away with requests. */
const MAX_PAGES = 5;
/** What the first poll (and every one-shot check) counts. */
export const FIRST_WINDOW_MS = 6 * 60 * 60 * 1000;

export interface Post {
  readonly id: string;
  readonly at: number;
  readonly text: string;
  readonly link?: string;
}

/**
 * Statuses of a timeline. A status without an id or a readable `created_at` cannot be counted
 * and is skipped; boosts are skipped too (the tag timeline should not carry them, and a boost
 * is not a new report).
 */
export function parseStatuses(value: unknown): Post[] | string {
  if (!Array.isArray(value)) {
    const error = asString(asRecord(value)?.error);
    return error !== undefined
      ? `the server answered an error: ${oneLine(error, 120)}`
      : 'not a Mastodon timeline: expected a list of posts';
  }
  return records(value).flatMap((status) => {
    const id = asText(status.id);
    const at = parseTimestamp(status.created_at);
    if (id === undefined || at === undefined || asRecord(status.reblog)) return [];
    const spoiler = asString(status.spoiler_text) ?? '';
    const text = oneLine(htmlToText(spoiler !== '' ? spoiler : (asString(status.content) ?? '')), 200);
    const link = safeLink(status.url) ?? safeLink(status.uri);
    return [{ id, at, text, ...(link ? { link } : {}) }];
  });
}

/** Mastodon ids are numeric strings that grow with time: longer is newer, then by text. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function newestId(ids: Iterable<string>, start?: string): string | undefined {
  let newest = start;
  for (const id of ids) if (newest === undefined || compareIds(id, newest) > 0) newest = id;
  return newest;
}

/** A tag's daily uses, from `GET /api/v1/tags/{tag}` or a trends entry: [UTC midnight ms, uses]. */
export function parseTagHistory(value: unknown): [number, number][] {
  return records(asRecord(value)?.history).flatMap((entry) => {
    // The values are strings ("1668556800", "13"); accept numbers too.
    const day = Number(asText(entry.day));
    const uses = Number(asText(entry.uses));
    return Number.isFinite(day) && day > 0 && isCount(uses) ? [[day * 1000, uses] as [number, number]] : [];
  });
}

export type FeedAccess = 'public' | 'authenticated' | 'disabled';

/**
 * Who may read hashtag timelines, from `GET /api/v2/instance`
 * (`configuration.timelines_access.hashtag_feeds`, Mastodon 4.5+); undefined on older servers.
 */
export function parseHashtagAccess(
  value: unknown,
): { readonly local?: FeedAccess; readonly remote?: FeedAccess } | undefined {
  const configuration = asRecord(asRecord(value)?.configuration);
  const feeds = asRecord(asRecord(configuration?.timelines_access)?.hashtag_feeds);
  if (!feeds) return undefined;
  const access = (raw: unknown): FeedAccess | undefined =>
    raw === 'public' || raw === 'authenticated' || raw === 'disabled' ? raw : undefined;
  const local = access(feeds.local);
  const remote = access(feeds.remote);
  return { ...(local ? { local } : {}), ...(remote ? { remote } : {}) };
}

export type Timeline =
  | {
      readonly kind: 'posts';
      readonly posts: Post[];
      readonly complete: boolean;
      readonly basis: ReadingBasis;
    }
  | { readonly kind: 'missing'; readonly basis: ReadingBasis }
  | { readonly kind: 'login'; readonly basis: ReadingBasis }
  | { readonly kind: 'reading'; readonly reading: Reading };

export async function readTimeline(
  config: MastodonSourceConfig,
  ctx: ReadContext,
  sinceId: string | undefined,
  now: number,
): Promise<Timeline> {
  const posts = new Map<string, Post>();
  const host = new URL(config.server).host;
  let basis: ReadingBasis | undefined;
  let maxId: string | undefined;
  let spentMs = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const outcome = await ctx.http.request({
      url: timelineUrl(config, sinceId, maxId),
      // The pages share one budget: the engine gives up on the whole read after its timeout.
      timeoutMs: Math.max(1000, ctx.timeoutMs - spentMs),
      signal: ctx.signal,
      headers: { accept: 'application/json' },
    });
    const answer = jsonFeed(outcome, now);
    const statuses = answer.ok ? parseStatuses(answer.value) : undefined;
    if (!basis) {
      const pageBasis = {
        checkedAt: now,
        ...(outcome.kind === 'response' ? { latencyMs: outcome.latencyMs } : {}),
      };
      if (outcome.kind === 'response' && outcome.status === 401)
        return { kind: 'login', basis: { ...pageBasis, httpStatus: outcome.status } };
      if (isRecordNotFound(outcome)) return { kind: 'missing', basis: { ...pageBasis, httpStatus: 404 } };
      const problem = answerProblem(outcome, now, host);
      if (problem) return { kind: 'reading', reading: problem };
      if (!answer.ok) return { kind: 'reading', reading: answer.reading };
      if (typeof statuses === 'string')
        return { kind: 'reading', reading: notThisFormat(answer.basis, statuses) };
      basis = answer.basis;
    }
    // A later page that fails ends the paging: what was read still counts.
    if (!answer.ok || statuses === undefined || typeof statuses === 'string') break;
    spentMs += answer.response.latencyMs;
    for (const post of statuses) posts.set(post.id, post);
    const listed = asArray(answer.value).length;
    const reachedWindow = sinceId === undefined && statuses.some((post) => post.at < now - FIRST_WINDOW_MS);
    if (listed < LIMIT || reachedWindow)
      return { kind: 'posts', posts: [...posts.values()], complete: true, basis };
    maxId = [...statuses].sort((a, b) => compareIds(a.id, b.id))[0]?.id;
    if (maxId === undefined || spentMs > ctx.timeoutMs * 0.75) break;
  }
  return { kind: 'posts', posts: [...posts.values()], complete: false, basis: basis ?? { checkedAt: now } };
}

export function timelineUrl(config: MastodonSourceConfig, sinceId?: string, maxId?: string): string {
  const url = withPath(
    new URL(config.server),
    `/api/v1/timelines/tag/${encodeURIComponent(config.tag.toLowerCase())}`,
  );
  url.searchParams.set('limit', String(LIMIT));
  if (config.local === true) url.searchParams.set('local', 'true');
  if (sinceId !== undefined) url.searchParams.set('since_id', sinceId);
  if (maxId !== undefined) url.searchParams.set('max_id', maxId);
  return url.href;
}

/** The tag's 7-day history; undefined when it cannot be read now (the timeline still counts). */
export async function readHistory(
  config: MastodonSourceConfig,
  ctx: ReadContext,
  now: number,
): Promise<History | undefined> {
  const url = withPath(
    new URL(config.server),
    `/api/v1/tags/${encodeURIComponent(config.tag.toLowerCase())}`,
  );
  const outcome = await ctx.http.request({
    url: url.href,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    headers: { accept: 'application/json' },
  });
  if (isRecordNotFound(outcome)) return { fetchedAt: now, days: [] };
  const answer = jsonFeed(outcome, now);
  return answer.ok ? { fetchedAt: now, days: parseTagHistory(answer.value) } : undefined;
}

/** Each bucket's usual level from the tag's daily uses (see the header comment). */
export function usualFromHistory(
  history: History | undefined,
  now: number,
): ((at: number) => number | undefined) | undefined {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const complete = new Map((history?.days ?? []).filter(([day]) => day < today));
  if (complete.size === 0) return undefined;
  const typical = median([...complete.values()]);
  const perBucket = DAY_MS / BUCKET_MS;
  return (at) => (complete.get(Math.floor(at / DAY_MS) * DAY_MS) ?? typical) / perBucket;
}

export interface History {
  readonly fetchedAt: number;
  /** [UTC midnight ms, uses]; empty when the server has never seen the tag. */
  readonly days: readonly (readonly [number, number])[];
}

/**
 * Mastodon's 404 for a tag it has never seen: `{"error": "Record not found"}`. Only that JSON
 * answer counts: a 404 page from something that is not a Mastodon server means a wrong URL.
 */
function isRecordNotFound(outcome: HttpOutcome): boolean {
  return outcome.kind === 'response' && outcome.status === 404 && errorMessage(outcome.text) !== '';
}
