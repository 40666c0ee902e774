import { getCACertificates } from 'node:tls';
import type { Readable } from 'node:stream';
import { Agent, EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import { KeyedSemaphore } from '../semaphore.js';
import { USER_AGENT } from '../version.js';
import { ACCEPT_ENCODING, DecodeError, readBody } from './body.js';
import { decodeText } from './charset.js';
import { classifyError } from './errors.js';
import { proxySettingsFromEnv, usesProxy } from './proxy.js';
import { parseRetryAfter } from './retry-after.js';
import { formatBytes } from './size.js';
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
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Where a request got to, for messages such as "timed out while reading the body". */
interface Progress {
  phase: 'connecting' | 'reading the body';
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
  const dispatcher = createDispatcher(options);

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

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TimeoutSignal()), req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const progress: Progress = { phase: 'connecting', url, bodyBytes: 0, reached: false };
    try {
      return await follow(req, url, signal, progress, started);
    } catch (error) {
      const at = progress.url.href;
      if (timeout.signal.aborted) {
        const received = progress.bodyBytes > 0 ? ` (${formatBytes(progress.bodyBytes)} received)` : '';
        const message = `timed out after ${req.timeoutMs} ms while ${progress.phase}${received}`;
        return failure(at, 'timeout', message, elapsed(), progress.reached);
      }
      if (req.signal?.aborted)
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
    }
  }

  async function follow(
    req: HttpRequest,
    first: URL,
    signal: AbortSignal,
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

      const hop = await hosts.run(url.host, async () => {
        const method = req.method ?? 'GET';
        const answer = await undiciRequest(url, {
          dispatcher,
          method,
          headers,
          signal,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        progress.reached = true;
        // A POST's answer is final: following its redirect would repeat or drop what it sent.
        const follows = method !== 'POST' && REDIRECT_STATUSES.has(answer.statusCode);
        const location = follows ? header(answer.headers, 'location') : undefined;
        if (location !== undefined) {
          await answer.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
          return { kind: 'redirect' as const, location };
        }
        progress.phase = 'reading the body';
        const maxBodyBytes = req.maxBodyBytes ?? defaultMaxBodyBytes;
        const body = await readBody(
          countingBody(answer.body, progress),
          header(answer.headers, 'content-encoding'),
          maxBodyBytes,
        );
        return { kind: 'final' as const, answer, body, maxBodyBytes };
      });

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
    close: () => dispatcher.close(),
  };
}

function createDispatcher(options: HttpClientOptions): Dispatcher {
  const connect =
    options.extraCaCertificates && options.extraCaCertificates.length > 0
      ? // `ca` replaces the trust store; start from Node's default one (system roots plus
        // NODE_EXTRA_CA_CERTS), not just the bundled roots.
        { ca: [...getCACertificates('default'), ...options.extraCaCertificates] }
      : undefined;
  const proxy = proxySettingsFromEnv(options.env ?? process.env);
  const common = { connect, keepAliveTimeout: 10_000 };
  return usesProxy(proxy) ? new EnvHttpProxyAgent({ ...common, ...proxy }) : new Agent(common);
}

/** Counts raw body bytes as they arrive, for "timed out after 12 KB". */
function countingBody(body: Readable, progress: Progress): Readable {
  body.on('data', (chunk: Buffer) => {
    progress.bodyBytes += chunk.length;
  });
  return body;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

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
