import type { Reading } from '../reading.js';
import { withPath } from './detect-helpers.js';
import { jsonFeed, notThisFormat } from './feed-response.js';
import { asArray, asRecord, asString, asText, records } from './guards.js';
import { htmlToText, oneLine } from './plain-text.js';
import type { ReadingBasis } from './official-summary.js';
import { answerProblem } from './feed-response.js';
import type { ReadContext } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * The Hacker News search API (Algolia, reference/crowd-apis.md): requests and answers.
 *
 * One request per word, not one OR query: Algolia's query text has no OR (every word is
 * required; `optionalWords` only ranks, it does not widen what matches), and an OR of
 * `tags` works only on tags, not on text. Each word is quoted: HN's index runs with
 * `advancedSyntax=true` (visible in the `params` of real answers), so a quoted word is matched
 * exactly, without prefix or typo matching; unquoted, "down" would also match "download".
 */

export const DEFAULT_BASE = 'https://hn.algolia.com/api/v1';
export const HITS_PER_PAGE = 100;

export interface Hit {
  readonly id: string;
  /** Epoch ms. */
  readonly at: number;
  readonly title: string;
  /** The HN discussion, when the id is an HN item id. */
  readonly link?: string;
}

export interface HitsPage {
  readonly hits: Hit[];
  /** How many hits the page listed, counted or not. */
  readonly listed: number;
  readonly nbPages: number | undefined;
  /** How many items match the whole search (every page). */
  readonly nbHits: number | undefined;
}

export interface SearchWindow {
  /** Epoch ms: items created after this. */
  readonly after: number;
  /** Epoch ms: and before this, when given. */
  readonly before?: number;
  readonly page?: number;
  /** 1 asks only for the number of matches (`nbHits`). */
  readonly hitsPerPage?: number;
}

export function searchUrl(base: string, query: string, word: string, window: SearchWindow): string {
  const url = withPath(new URL(base), '/search_by_date');
  url.searchParams.set('query', `${query} "${word.replaceAll('"', ' ').trim()}"`);
  url.searchParams.set('tags', '(story,comment)');
  const filters = [`created_at_i>${Math.floor(window.after / 1000)}`];
  if (window.before !== undefined) filters.push(`created_at_i<${Math.ceil(window.before / 1000)}`);
  url.searchParams.set('numericFilters', filters.join(','));
  url.searchParams.set('hitsPerPage', String(window.hitsPerPage ?? HITS_PER_PAGE));
  if (window.page !== undefined && window.page > 0) url.searchParams.set('page', String(window.page));
  return url.href;
}

/**
 * One page of `search_by_date`. Older answers (the communal fixture) and current ones (with
 * `exhaustive`, `processingTimingsMS`, `updated_at`, `children`) read the same: only `hits`,
 * `objectID`, `created_at_i` / `created_at`, `title`, `story_title` and `comment_text` matter.
 */
export function parseHitsPage(value: unknown): HitsPage | string {
  const body = asRecord(value);
  if (!body || !Array.isArray(body.hits)) {
    const message = asString(body?.message);
    return message !== undefined
      ? `the search answered an error: ${oneLine(message, 120)}`
      : 'not a Hacker News search answer: hits is missing';
  }
  const nbPages = typeof body.nbPages === 'number' ? body.nbPages : undefined;
  const nbHits = typeof body.nbHits === 'number' ? body.nbHits : undefined;
  const hits = records(body.hits).flatMap((hit) => {
    const id = asText(hit.objectID);
    const at = parseTimestamp(hit.created_at_i) ?? parseTimestamp(hit.created_at);
    if (id === undefined || at === undefined) return [];
    const link = /^\d+$/.test(id) ? `https://news.ycombinator.com/item?id=${id}` : undefined;
    return [{ id, at, title: hitTitle(hit), ...(link ? { link } : {}) }];
  });
  return { hits, listed: asArray(body.hits).length, nbPages, nbHits };
}

/** A story by its title; a comment by its story and the start of its text. */
function hitTitle(hit: Readonly<Record<string, unknown>>): string {
  const title = asString(hit.title);
  if (title !== undefined && title.trim() !== '') return oneLine(title, 200);
  const comment = oneLine(htmlToText(asString(hit.comment_text) ?? ''), 160);
  const story = asString(hit.story_title);
  if (story !== undefined && story.trim() !== '')
    return oneLine(comment === '' ? `comment on "${story}"` : `on "${story}": ${comment}`, 200);
  return comment === '' ? 'a Hacker News item' : comment;
}

export type WordSearch =
  | {
      readonly kind: 'hits';
      readonly hits: Hit[];
      readonly complete: boolean;
      /** The oldest item read: an incomplete read is complete from there on. */
      readonly oldest: number;
      /** How many items the index holds from `since` to `oldest`, when it was asked. */
      readonly earlier?: number | undefined;
      readonly basis: ReadingBasis;
    }
  | { readonly kind: 'reading'; readonly reading: Reading };

export interface WordQuery {
  readonly word: string;
  readonly since: number;
  readonly now: number;
  readonly pages: number;
  /** When the pages run out, ask how many items came before the oldest one read. */
  readonly countEarlier: boolean;
  readonly budget: { spentMs: number };
}

/** Every item since `since` for one word, newest first, up to `pages` pages. */
export async function searchWord(
  config: { readonly query: string; readonly url?: string | undefined },
  ctx: ReadContext,
  query: WordQuery,
): Promise<WordSearch> {
  const { since, now } = query;
  const hits: Hit[] = [];
  let basis: ReadingBasis | undefined;
  for (let page = 0; page < query.pages; page++) {
    const answer = await searchPage(config, ctx, query, { after: since, page });
    if (answer.kind === 'reading') return answer;
    basis ??= answer.basis;
    hits.push(...answer.page.hits);
    const { listed, nbPages } = answer.page;
    if (listed < HITS_PER_PAGE || (nbPages !== undefined && page + 1 >= nbPages))
      return { kind: 'hits', hits, complete: true, oldest: since, basis };
  }
  const oldest = hits.reduce((earliest, hit) => Math.min(earliest, hit.at), now);
  let earlier: number | undefined;
  if (query.countEarlier) {
    const count = await searchPage(config, ctx, query, { after: since, before: oldest, hitsPerPage: 1 });
    earlier = count.kind === 'page' ? count.page.nbHits : undefined;
  }
  return { kind: 'hits', hits, complete: false, oldest, earlier, basis: basis ?? { checkedAt: now } };
}

async function searchPage(
  config: { readonly query: string; readonly url?: string | undefined },
  ctx: ReadContext,
  query: WordQuery,
  window: SearchWindow,
): Promise<{ kind: 'page'; page: HitsPage; basis: ReadingBasis } | { kind: 'reading'; reading: Reading }> {
  const base = config.url ?? DEFAULT_BASE;
  const outcome = await ctx.http.request({
    url: searchUrl(base, config.query, query.word, window),
    // All requests of a poll share one budget: the engine gives up on the whole read after it.
    timeoutMs: Math.max(1000, ctx.timeoutMs - query.budget.spentMs),
    signal: ctx.signal,
    headers: { accept: 'application/json' },
  });
  const problem = answerProblem(outcome, query.now, new URL(base).host);
  if (problem) return { kind: 'reading', reading: problem };
  const answer = jsonFeed(outcome, query.now);
  if (!answer.ok) return { kind: 'reading', reading: answer.reading };
  query.budget.spentMs += answer.response.latencyMs;
  const page = parseHitsPage(answer.value);
  if (typeof page === 'string') return { kind: 'reading', reading: notThisFormat(answer.basis, page) };
  return { kind: 'page', page, basis: answer.basis };
}
