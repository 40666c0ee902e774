import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { HttpOutcome, HttpRequest, HttpResponse } from '../http/types.js';
import type { Reading } from '../reading.js';
import { asArray, asRecord, asString, asText, resolveUrl, withoutTrailingSlashes } from './guards.js';
import { parseJsonBody } from './json-body.js';
import { oneLine } from './plain-text.js';
import type { ReadContext } from './source.js';

/**
 * Talking to the Downdetector Enterprise API (v2, ../../../shared/reference/crowd-apis.md):
 * the token flow, polite pacing, and every way an answer can go wrong turned into one line a
 * person can act on. Secrets and tokens never leave this file in any text.
 */

export const DEFAULT_API_BASE = 'https://downdetectorapi.com/v2';

/**
 * The API allows 10 requests a second per key. Request starts are spaced 110 ms apart (a
 * margin for jitter), per API host and across every downdetector source in the process, since
 * they may share a key: a promise chain per host, no timestamps, so any injected clock works.
 */
export const REQUEST_SPACING_MS = 110;
const turns = new Map<string, Promise<void>>();

export function takeTurn(host: string, clock: Clock): Promise<void> {
  const turn = turns.get(host) ?? Promise.resolve();
  const next = turn.then(() => clock.sleep(REQUEST_SPACING_MS)).catch(() => undefined);
  turns.set(host, next);
  void next.then(() => {
    if (turns.get(host) === next) turns.delete(host);
  });
  return turn;
}

/** What this source keeps between polls: the token (with its expiry) and the company ids. */
const memorySchema = z.object({
  token: z.object({ value: z.string(), expiresAt: z.number(), owner: z.string() }).optional(),
  companies: z
    .object({
      owner: z.string(),
      byCountry: z.record(z.string(), z.object({ id: z.string().nullable(), checkedAt: z.number() })),
    })
    .optional(),
});
export type DowndetectorMemory = z.output<typeof memorySchema>;

/** The memory read back, validated: it is `unknown`, and anything odd starts afresh. */
export function readMemory(value: unknown): DowndetectorMemory {
  const parsed = memorySchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

export interface Credentials {
  /** With a client id: the 1-hour token flow; without: the client secret is a long-lived bearer. */
  readonly clientId: string | undefined;
  readonly clientSecret: string;
}

export type ApiAnswer =
  { readonly ok: true; readonly value: unknown; readonly response: HttpResponse } | ApiFailure;

export interface ApiFailure {
  readonly ok: false;
  readonly detail: string;
  readonly reached: boolean;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly latencyMs?: number;
}

/** Tokens live an hour; renew five minutes early so none expires between check and use. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const DEFAULT_TOKEN_SECONDS = 3600;
/** Paging through `X-Page-Next` is a safety net: a day of 15-minute buckets is 96 rows. */
const MAX_PAGES = 5;

/**
 * One poll's conversation with the API. A 401 refreshes the token once for the whole poll
 * (parallel requests share that refresh), then the credentials are reported as rejected.
 */
export class DowndetectorSession {
  readonly #host: string;
  #bearer: Promise<string | ApiFailure> | undefined;
  #refreshed = false;

  constructor(
    private readonly ctx: Pick<ReadContext, 'http' | 'clock' | 'signal' | 'timeoutMs' | 'logger'>,
    readonly base: string,
    private readonly credentials: Credentials,
    /** Mutated as tokens arrive; the caller stores it back in the source's memory. */
    readonly memory: DowndetectorMemory,
    /** Requests one poll makes, for the advice when the daily quota runs out. */
    private readonly costPerPoll: number,
  ) {
    this.#host = new URL(base).host;
  }

  /** GET `path` with `params`; `what` names it in messages ("the reports of twitter in US"). */
  get(path: string, params: Record<string, string>, what: string): Promise<ApiAnswer> {
    return this.#get(apiUrl(this.base, path, params), what);
  }

  async #get(url: string, what: string): Promise<ApiAnswer> {
    let bearer = await this.#token();
    if (typeof bearer !== 'string') return bearer;
    let outcome = await this.#send({ url, headers: { authorization: `Bearer ${bearer}` } });
    if (isStatus(outcome, 401) && this.credentials.clientId !== undefined) {
      bearer = await this.#refresh(bearer);
      if (typeof bearer !== 'string') return bearer;
      outcome = await this.#send({ url, headers: { authorization: `Bearer ${bearer}` } });
    }
    if (isStatus(outcome, 401)) {
      const why = this.credentials.clientId === undefined ? 'check clientSecret' : 'even with a fresh token';
      return this.#fail(outcome, `Downdetector credentials rejected (HTTP 401, ${why})`);
    }
    return this.#classify(outcome, what);
  }

  /** `get`, following `X-Page-Next` and joining the pages' arrays. */
  async getAll(path: string, params: Record<string, string>, what: string): Promise<ApiAnswer> {
    const first = await this.get(path, params, what);
    if (!first.ok || !Array.isArray(first.value)) return first;
    const rows: unknown[] = [...asArray(first.value)];
    let { response } = first;
    for (let page = 1; page < MAX_PAGES; page++) {
      const next = response.headers['x-page-next'];
      if (!next) break;
      // Its format is not documented: a URL or path is followed (same host only: the bearer
      // goes with it); anything else is read as the next page's number or cursor.
      const href = /^(https?:)?\//.test(next)
        ? resolveUrl(next, response.url)
        : apiUrl(this.base, path, { ...params, page: next });
      // A header that is no URL ("http://[") ends the paging like one to another host.
      if (href === undefined || new URL(href).host !== this.#host) break;
      const answer = await this.#get(href, what);
      if (!answer.ok) return answer;
      if (!Array.isArray(answer.value)) break;
      rows.push(...asArray(answer.value));
      response = answer.response;
    }
    return { ...first, value: rows };
  }

  /** Removes secrets and tokens from any text that came from elsewhere (an echoing API). */
  scrub(text: string): string {
    const hidden = [this.credentials.clientSecret, this.credentials.clientId, this.memory.token?.value];
    return hidden.reduce<string>(
      (clean, value) => (value && value.length >= 4 ? clean.replaceAll(value, '[hidden]') : clean),
      text,
    );
  }

  #token(): Promise<string | ApiFailure> {
    if (this.credentials.clientId === undefined) return Promise.resolve(this.credentials.clientSecret);
    const held = this.memory.token;
    if (held && held.owner === this.#owner() && held.expiresAt > this.ctx.clock.now())
      return Promise.resolve(held.value);
    this.#bearer ??= this.#fetchToken();
    return this.#bearer;
  }

  async #refresh(stale: string): Promise<string | ApiFailure> {
    const current = this.#bearer ? await this.#bearer : undefined;
    if (typeof current === 'string' && current !== stale) return current;
    if (this.#refreshed) return current ?? stale;
    this.#refreshed = true;
    this.memory.token = undefined;
    this.#bearer = this.#fetchToken();
    return this.#bearer;
  }

  async #fetchToken(): Promise<string | ApiFailure> {
    const { clientId = '', clientSecret } = this.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const outcome = await this.#send({
      url: apiUrl(this.base, '/tokens', {}),
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    if (outcome.kind === 'response' && [400, 401, 403].includes(outcome.status))
      return this.#fail(
        outcome,
        `Downdetector credentials rejected by the token endpoint (HTTP ${outcome.status})`,
      );
    const answer = this.#classify(outcome, 'the token request');
    if (!answer.ok) return answer;
    const reply = asRecord(answer.value);
    const value = asString(reply?.access_token);
    if (value === undefined || value === '')
      return this.#fail(outcome, 'the Downdetector token answer has no access_token');
    // Through asText: Number() of a list nested thousands deep overflows the stack converting it.
    const seconds = Number(asText(reply?.expires_in) ?? DEFAULT_TOKEN_SECONDS);
    const lifetime = (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TOKEN_SECONDS) * 1000;
    const expiresAt = this.ctx.clock.now() + lifetime - Math.min(TOKEN_MARGIN_MS, lifetime / 2);
    this.memory.token = { value, expiresAt, owner: this.#owner() };
    this.ctx.logger.debug('downdetector: new API token', { expiresAt });
    return value;
  }

  async #send(request: Pick<HttpRequest, 'url' | 'method' | 'headers' | 'body'>): Promise<HttpOutcome> {
    await takeTurn(this.#host, this.ctx.clock);
    return this.ctx.http.request({
      ...request,
      headers: { accept: 'application/json', ...request.headers },
      timeoutMs: this.ctx.timeoutMs,
      signal: this.ctx.signal,
    });
  }

  #classify(outcome: HttpOutcome, what: string): ApiAnswer {
    if (outcome.kind === 'failure') return this.#fail(outcome, `${outcome.message} (${what})`);
    const body = parseJsonBody(outcome);
    const message = body.ok ? errorMessage(body.value) : undefined;
    const said = message ? `: ${this.scrub(message)}` : '';
    const quota = /quota|daily/i.test(message ?? '') ? `; ${this.#quotaAdvice()}` : '';
    if (outcome.status === 429) {
      const wait =
        outcome.retryAfterMs !== undefined ? `, retry in ${Math.ceil(outcome.retryAfterMs / 1000)} s` : '';
      return this.#fail(outcome, `Downdetector rate limit (HTTP 429${wait})${said}${quota}`);
    }
    if (outcome.status === 403)
      return this.#fail(outcome, `Downdetector refused access (HTTP 403)${said}${quota}`);
    if (outcome.status < 200 || outcome.status > 299)
      return this.#fail(outcome, `Downdetector answered HTTP ${outcome.status} for ${what}${said}${quota}`);
    if (message !== undefined) return this.#fail(outcome, `Downdetector API error${said}${quota}`);
    if (!body.ok) return this.#fail(outcome, `${body.detail} (${what})`);
    return { ok: true, value: body.value, response: outcome };
  }

  #quotaAdvice(): string {
    return `the plan's daily request quota may be spent; this source makes about ${this.costPerPoll} requests a poll, so a longer intervalSeconds spends less`;
  }

  #fail(outcome: HttpOutcome, detail: string): ApiFailure {
    if (outcome.kind === 'failure')
      return {
        ok: false,
        detail: this.scrub(detail),
        reached: outcome.reached,
        latencyMs: outcome.latencyMs,
      };
    return {
      ok: false,
      detail: this.scrub(detail),
      reached: true,
      httpStatus: outcome.status,
      latencyMs: outcome.latencyMs,
      ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
    };
  }

  /** Whose token it is: a fingerprint of the base and credentials, never the secret itself. */
  #owner(): string {
    const { clientId = '', clientSecret } = this.credentials;
    return createHash('sha256')
      .update(`${this.base}\n${clientId}\n${clientSecret}`)
      .digest('hex')
      .slice(0, 16);
  }
}

/** A failed answer as an `unknown` reading, keeping the status and any wait it asked for. */
export function apiFailureReading(failure: ApiFailure, checkedAt: number): Reading {
  return {
    status: 'unknown',
    detail: failure.detail,
    checkedAt,
    reached: failure.reached,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(failure.latencyMs !== undefined ? { latencyMs: failure.latencyMs } : {}),
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
  };
}

/** An answer that arrived but cannot be read. */
export function unreadableAnswer(detail: string): ApiFailure {
  return { ok: false, detail, reached: true };
}

function isStatus(outcome: HttpOutcome, status: number): boolean {
  return outcome.kind === 'response' && outcome.status === status;
}

/** `{"error": true, "message": "..."}`: the API's error body, as bounded plain text. */
export function errorMessage(value: unknown): string | undefined {
  const record = asRecord(value);
  if (!record || (record.error !== true && record.error !== 'true')) return undefined;
  return oneLine(asString(record.message) ?? 'no message', 200);
}

export function apiUrl(base: string, path: string, params: Record<string, string>): string {
  const url = new URL(`${withoutTrailingSlashes(base)}${path}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

/** ISO 8601 to the second, as the API's startdate and enddate. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
