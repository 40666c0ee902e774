import type { HttpOutcome, HttpResponse } from '../http/types.js';
import type { ReadContext } from './source.js';
import type { Reading } from '../reading.js';
import { failureReading } from './http-failure.js';
import { parseJsonBody } from './json-body.js';
import type { ReadingBasis } from './official-summary.js';

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

export function feedResponse(outcome: HttpOutcome, checkedAt: number): FeedBody<HttpResponse> {
  if (outcome.kind === 'failure')
    return { ok: false, reading: failureReading(outcome, checkedAt, 'unknown') };
  const basis: ReadingBasis = {
    checkedAt,
    latencyMs: outcome.latencyMs,
    httpStatus: outcome.status,
    notModified: outcome.notModified,
  };
  if (outcome.status < 200 || outcome.status > 299) {
    return {
      ok: false,
      reading: {
        ...basis,
        status: 'unknown',
        detail: `the status page answered HTTP ${outcome.status}`,
        reached: true,
        ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
      },
    };
  }
  return { ok: true, value: outcome, basis, response: outcome };
}

/** `feedResponse`, then the body as JSON. */
export function jsonFeed(outcome: HttpOutcome, checkedAt: number): FeedBody<unknown> {
  const answer = feedResponse(outcome, checkedAt);
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
