import type { LookupFunction } from 'node:net';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { abortWith } from '../abort-with.js';
import { KeyedSemaphore } from '../semaphore.js';
import { USER_AGENT } from '../version.js';
import { ACCEPT_ENCODING, DecodeError, readBody, type BodyBytes } from './body.js';
import { decodeText } from './charset.js';
import { classifyError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';
import { formatBytes } from './size.js';
import { flattenHeaders, header } from './headers.js';
import { createTransport, SentNotice, type Lane } from './transport.js';
import { Abandoned, AbortRace } from './abort-race.js';
import type {
  HttpClient,
  HttpFailure,
  HttpFailureReason,
  HttpOutcome,
  HttpRequest,
  HttpResponse,
} from './types.js';
import { conditionalHeaders, ValidatorCache } from './validator-cache.js';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
/** Browsers open about six connections per host; a monitor has no reason to be ruder. */
export const DEFAULT_PER_HOST_CONCURRENCY = 6;

export interface HttpClientOptions {
  readonly userAgent?: string;
  readonly maxBodyBytes?: number;
  readonly perHostConcurrency?: number;
  /** Where proxy variables are read from; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** PEM certificates trusted in addition to the system roots (internal CAs, tests). */
  readonly extraCaCertificates?: readonly string[];
  /** Wall clock for Retry-After dates. */
  readonly now?: () => number;
  /** How host names are resolved; the system's resolver (dns.lookup) when omitted. */
  readonly lookup?: LookupFunction;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Where a request got to, for messages such as "timed out while reading the body". */
interface Progress {
  /** Connecting covers DNS, TCP, TLS and a proxy's CONNECT: everything before the request is sent. */
  phase: 'connecting' | 'waiting for the answer' | 'reading the body';
  url: URL;
  bodyBytes: number;
  reached: boolean;
}

class TimeoutSignal extends Error {
  override readonly name = 'TimeoutSignal';
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const userAgent = options.userAgent ?? USER_AGENT;
  const defaultMaxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const now = options.now ?? Date.now;
  const hosts = new KeyedSemaphore(options.perHostConcurrency ?? DEFAULT_PER_HOST_CONCURRENCY);
  const validators = new ValidatorCache();
  const transport = createTransport({
    env: options.env ?? process.env,
    extraCaCertificates: options.extraCaCertificates,
    lookup: options.lookup,
  });
  /** Each request under way, by the controller that ends it: its timer, or close(). */
  const underWay = new Set<AbortController>();

  async function request(req: HttpRequest): Promise<HttpOutcome> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(req.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)');
    } catch {
      return failure(req.url, 'invalid-url', `"${req.url}" is not an http(s) URL`, 0, false);
    }

    // One controller ends the request, whoever asks: its timer, the caller's signal, or close().
    const ending = new AbortController();
    const { signal } = ending;
    const unfollow = abortWith(ending, req.signal);
    underWay.add(ending);
    const timer = setTimeout(() => ending.abort(new TimeoutSignal()), req.timeoutMs);
    const race = new AbortRace(signal);
    const progress: Progress = { phase: 'connecting', url, bodyBytes: 0, reached: false };
    const lane = transport.open(signal, req.timeoutMs);
    try {
      // Settles the moment the signal aborts, whatever undici is still doing: the lane ends
      // its sockets (transport.ts), the race ends the wait.
      return await race.run(() => follow(req, url, signal, race, lane, progress, started));
    } catch (error) {
      const at = progress.url.href;
      if (signal.reason instanceof TimeoutSignal) {
        const received = progress.bodyBytes > 0 ? ` (${formatBytes(progress.bodyBytes)} received)` : '';
        const message = `timed out after ${req.timeoutMs} ms while ${progress.phase}${received}`;
        return failure(at, 'timeout', message, elapsed(), progress.reached);
      }
      if (signal.aborted)
        return failure(at, 'aborted', 'the check was cancelled', elapsed(), progress.reached);
      if (error instanceof DecodeError) return failure(at, 'decode', error.message, elapsed(), true);
      const classified = classifyError(error, progress.url.hostname);
      const message =
        progress.phase === 'reading the body'
          ? `${classified.message} after ${formatBytes(progress.bodyBytes)} of the body`
          : classified.message;
      return failure(at, classified.reason, message, elapsed(), progress.reached);
    } finally {
      clearTimeout(timer);
      unfollow();
      race.dispose();
      underWay.delete(ending);
      lane.dispose();
    }
  }

  /** One hop: the request out, then a redirect to follow or the final answer with its body. */
  async function exchange(
    req: HttpRequest,
    url: URL,
    headers: Record<string, string>,
    signal: AbortSignal,
    lane: Lane,
    progress: Progress,
  ): Promise<Hop> {
    const method = req.method ?? 'GET';
    const answer = await undiciRequest(url, {
      dispatcher: lane.dispatcher,
      method,
      headers,
      signal,
      opaque: new SentNotice(() => {
        if (progress.phase === 'connecting') progress.phase = 'waiting for the answer';
      }),
      // Backstops only: they start after our timer, which always fires first.
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    progress.reached = true;
    // A POST's answer is final: following its redirect would repeat or drop what it sent.
    const follows = method !== 'POST' && REDIRECT_STATUSES.has(answer.statusCode);
    const location = follows ? header(answer.headers, 'location') : undefined;
    if (location !== undefined) {
      await answer.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return { kind: 'redirect', location };
    }
    progress.phase = 'reading the body';
    const maxBodyBytes = req.maxBodyBytes ?? defaultMaxBodyBytes;
    const body = await readBody(
      answer.body,
      header(answer.headers, 'content-encoding'),
      maxBodyBytes,
      (bytes) => {
        progress.bodyBytes += bytes;
      },
    );
    return { kind: 'final', answer, body, maxBodyBytes };
  }

  async function follow(
    req: HttpRequest,
    first: URL,
    signal: AbortSignal,
    race: AbortRace,
    lane: Lane,
    progress: Progress,
    started: number,
  ): Promise<HttpOutcome> {
    const maxRedirects = req.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const redirects: string[] = [];
    const cached = req.conditional ? validators.get(first.href) : undefined;
    let url = first;
    for (;;) {
      progress.url = url;
      progress.phase = 'connecting';
      const sameOrigin = url.origin === first.origin;
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        'accept-encoding': ACCEPT_ENCODING,
        accept: '*/*',
        ...(req.headers ?? {}),
        ...(url === first ? conditionalHeaders(cached) : {}),
      };
      // Like browsers, never carry credentials to another origin on a redirect.
      if (!sameOrigin) delete headers.authorization;

      // The slot is freed when the signal aborts, even if undici is slower to let go.
      const hop = await hosts.run(url.host, () =>
        race.run(async () => {
          const release = lane.want(url.origin);
          try {
            return await exchange(req, url, headers, signal, lane, progress);
          } finally {
            release();
          }
        }),
      );

      if (hop.kind === 'redirect') {
        let next: URL;
        try {
          next = new URL(hop.location, url);
        } catch {
          return failure(
            url.href,
            'invalid-url',
            `redirected to an invalid URL "${hop.location}"`,
            ms(started),
            true,
          );
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return failure(
            url.href,
            'invalid-url',
            `redirected to a non-web URL "${next.href}"`,
            ms(started),
            true,
          );
        }
        redirects.push(url.href);
        if (redirects.includes(next.href)) {
          const loop = [...redirects.slice(redirects.indexOf(next.href)), next.href].join(' → ');
          return failure(url.href, 'redirect-loop', `redirect loop: ${loop}`, ms(started), true);
        }
        if (redirects.length > maxRedirects) {
          return failure(
            url.href,
            'too-many-redirects',
            `more than ${maxRedirects} redirects`,
            ms(started),
            true,
          );
        }
        url = next;
        continue;
      }

      const { answer, body, maxBodyBytes } = hop;
      const flatHeaders = flattenHeaders(answer.headers);
      const retryAfterMs = parseRetryAfter(flatHeaders['retry-after'], now());
      if (answer.statusCode === 304 && cached) {
        return { ...cached.response, latencyMs: ms(started), notModified: true, retryAfterMs };
      }
      const contentType = flatHeaders['content-type'];
      const decoded = decodeText(body.bytes, contentType);
      const response: HttpResponse = {
        kind: 'response',
        url: url.href,
        status: answer.statusCode,
        headers: flatHeaders,
        text: decoded.text,
        bodyBytes: body.bytes.length,
        truncated: body.truncated,
        maxBodyBytes,
        contentType,
        charset: decoded.charset,
        redirects,
        latencyMs: ms(started),
        notModified: false,
        retryAfterMs,
      };
      if (req.conditional) validators.remember(first.href, response);
      return response;
    }
  }

  return {
    request,
    close: async () => {
      for (const ending of underWay) ending.abort(new Abandoned('the HTTP client was closed'));
      await transport.destroy();
    },
  };
}

type Hop =
  | { readonly kind: 'redirect'; readonly location: string }
  | {
      readonly kind: 'final';
      readonly answer: Dispatcher.ResponseData<SentNotice>;
      readonly body: BodyBytes;
      readonly maxBodyBytes: number;
    };

function ms(started: number): number {
  return Math.round(performance.now() - started);
}

function failure(
  url: string,
  reason: HttpFailureReason,
  message: string,
  latencyMs: number,
  reached: boolean,
): HttpFailure {
  return { kind: 'failure', reason, message, url, latencyMs, reached };
}
