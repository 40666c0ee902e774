import type { HttpOutcome, HttpResponse } from '../http/types.js';
import type { ReadContext } from './source.js';
import type { Reading } from '../reading.js';
import { failureReading } from './http-failure.js';
import { parseJsonBody } from './json-body.js';
import type { ReadingBasis } from './official-summary.js';
import { asRecord, asString } from './guards.js';
import { oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';

/**
 * The first steps every status feed shares, from the HTTP outcome to a body worth parsing:
 * no answer, a non-2xx answer (its Retry-After kept for the scheduler) or an unreadable body is
 * an `unknown` reading saying which; anything else comes back with the reading's basis.
 */
/** Asks a status feed, conditionally: an unchanged feed answers 304 and costs no transfer. */
export function requestFeed(
  ctx: Pick<ReadContext, 'http' | 'signal' | 'timeoutMs'>,
  url: string,
  options: { readonly accept?: string; readonly maxBodyBytes?: number } = {},
): Promise<HttpOutcome> {
  return ctx.http.request({
    url,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    conditional: true,
    headers: { accept: options.accept ?? 'application/json' },
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
}

/** What an XML feed source accepts. */
export const FEED_ACCEPT =
  'application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1';

export type FeedBody<T> =
  | { readonly ok: true; readonly value: T; readonly basis: ReadingBasis; readonly response: HttpResponse }
  | { readonly ok: false; readonly reading: Reading };

export function feedResponse(
  outcome: HttpOutcome,
  checkedAt: number,
  who = 'the status page',
): FeedBody<HttpResponse> {
  if (outcome.kind === 'failure')
    return { ok: false, reading: failureReading(outcome, checkedAt, 'unknown') };
  const problem = answerProblem(outcome, checkedAt, who);
  if (problem) return { ok: false, reading: { ...problem, notModified: outcome.notModified } };
  const basis: ReadingBasis = {
    checkedAt,
    latencyMs: outcome.latencyMs,
    httpStatus: outcome.status,
    notModified: outcome.notModified,
  };
  return { ok: true, value: outcome, basis, response: outcome };
}

/** `feedResponse`, then the body as JSON. */
export function jsonFeed(outcome: HttpOutcome, checkedAt: number, who?: string): FeedBody<unknown> {
  const answer = feedResponse(outcome, checkedAt, who);
  if (!answer.ok) return answer;
  const body = parseJsonBody(answer.response);
  if (!body.ok)
    return { ok: false, reading: { ...answer.basis, status: 'unknown', detail: body.detail, reached: true } };
  return { ...answer, value: body.value };
}

/** An unknown reading for a payload that parsed but is not what this source reads. */
export function notThisFormat(basis: ReadingBasis, detail: string): Reading {
  return { ...basis, status: 'unknown', detail, reached: true };
}

/** Asked to wait longer than this, we wait this long: a day is already a long silence. */
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

/**
 * The reading for an answer that is not a 2xx (or no answer at all), naming who answered ("the
 * status page", "mastodon.social"); the caller handles the statuses that mean something special
 * to it first. A 429 keeps the wait as `retryAfterMs`: from Retry-After, else from
 * X-RateLimit-Reset (Mastodon sends only that, as an ISO time).
 */
export function answerProblem(outcome: HttpOutcome, checkedAt: number, who: string): Reading | undefined {
  if (outcome.kind === 'failure') return failureReading(outcome, checkedAt, 'unknown');
  if (outcome.status >= 200 && outcome.status <= 299) return undefined;
  const reset = parseTimestamp(outcome.headers['x-ratelimit-reset']);
  const retryAfterMs =
    outcome.retryAfterMs ??
    (outcome.status === 429 && reset !== undefined
      ? Math.min(Math.max(0, reset - checkedAt), MAX_WAIT_MS)
      : undefined);
  const detail =
    outcome.status === 429
      ? `${who} is limiting our requests (HTTP 429)${retryAfterMs !== undefined ? `; asked to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''}`
      : `${who} answered HTTP ${outcome.status}${errorMessage(outcome.text)}`;
  return {
    status: 'unknown',
    detail,
    checkedAt,
    reached: true,
    latencyMs: outcome.latencyMs,
    httpStatus: outcome.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** `: Record not found` from an API error body (`{"error": ...}` or `{"message": ...}`), else nothing. */
export function errorMessage(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return '';
  }
  const record = asRecord(value);
  const message = asString(record?.error) ?? asString(record?.message);
  return message !== undefined && message.trim() !== '' ? `: ${oneLine(message, 120)}` : '';
}
