import type { IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { getCACertificates } from 'node:tls';
import { Agent, buildConnector, EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';
import { OwnedConnections } from './connections.js';
import { proxySettingsFromEnv, usesProxy, type ProxySettings } from './proxy.js';

/**
 * How a request reaches the network, built so that its own timeout or abort signal ends it at
 * once in every phase: DNS lookup, TCP connect, TLS handshake, proxy CONNECT, waiting for the
 * answer, reading the body.
 *
 * Racing undici's promise against the signal settles the request, but would leave its socket
 * behind: undici only acts on an abort once the request is on a socket (nodejs/undici#386), so
 * a connect in progress would go on until its 10 s connect timeout, and a CONNECT to a silent
 * proxy until the 300 s headers timeout (the app once took 302 s to quit). So the sockets are
 * ended too:
 *
 * - Direct requests share one keep-alive pool (a fresh connection per request costs about
 *   4.5× the CPU on the bench's loopback round). Its connection attempts are owned by the
 *   requests waiting for their origin, and destroyed once none is (see connections.ts).
 * - Through a proxy, each request gets a dispatcher of its own whose every socket (to the proxy,
 *   the tunnel's TLS, or a host in NO_PROXY) is opened with the request's signal, so Node
 *   destroys it the moment the signal aborts. undici builds those sockets itself, out of reach
 *   of a shared pool's bookkeeping; a monitor's polls are farther apart than keep-alive anyway.
 *
 * undici's own timers stay as backstops that never fire before ours: per-request headers and
 * body timeouts, and (through a proxy) connect timeouts, equal the request's timeout, and start
 * after our timer; the shared pool's connect timeout is the longest timeout a source may set.
 */

export interface TransportOptions {
  /** Where proxy variables are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** PEM certificates trusted in addition to the system roots. */
  readonly extraCaCertificates?: readonly string[] | undefined;
  /** How host names are resolved; the system's resolver when omitted. */
  readonly lookup?: LookupFunction | undefined;
}

/**
 * Given as a request's `opaque` option, hears it go out on a socket: from then on it is no
 * longer connecting but waiting for the answer.
 */
export class SentNotice {
  constructor(readonly sent: () => void) {}
}

/** One request's way out: a dispatcher for all its hops, and what it holds. */
export interface Lane {
  readonly dispatcher: Dispatcher;
  /** Marks `origin` as wanted for one hop, until the release is called or the signal aborts. */
  want(origin: string): () => void;
  /** Frees what the request held; call once it has settled. */
  dispose(): void;
}

export interface Transport {
  /** A lane for one request, ended by `signal`. */
  open(signal: AbortSignal, timeoutMs: number): Lane;
  /** Closes every connection at once (requests still under way fail). */
  destroy(): Promise<void>;
}

/** The longest timeout a source may set (sources/fields.ts): the shared pool's connect backstop. */
const CONNECT_BACKSTOP_MS = 120_000;
const KEEP_ALIVE_MS = 10_000;

export function createTransport(options: TransportOptions): Transport {
  const tls =
    options.extraCaCertificates && options.extraCaCertificates.length > 0
      ? // `ca` replaces the trust store; start from Node's default one (system roots plus
        // NODE_EXTRA_CA_CERTS), not just the bundled roots.
        { ca: [...getCACertificates('default'), ...options.extraCaCertificates] }
      : {};
  const lookup = options.lookup ? { lookup: options.lookup } : {};
  const proxy = proxySettingsFromEnv(options.env);
  const owned = new OwnedConnections(buildConnector({ ...tls, ...lookup, timeout: CONNECT_BACKSTOP_MS }));
  const shared = new Agent({ connect: owned.connect, keepAliveTimeout: KEEP_ALIVE_MS });
  const sharedNoticing = shared.compose(noticeSent);

  return {
    open(signal, timeoutMs) {
      if (!usesProxy(proxy)) {
        return {
          dispatcher: sharedNoticing,
          want: (origin) => owned.want(origin, signal),
          dispose: () => undefined,
        };
      }
      const own = proxiedDispatcher(proxy, tls, lookup, signal, timeoutMs);
      return {
        dispatcher: own.compose(noticeSent),
        want: () => () => undefined,
        dispose: () => void own.destroy().catch(() => undefined),
      };
    },
    destroy: () => shared.destroy(),
  };
}

function proxiedDispatcher(
  proxy: ProxySettings,
  tls: { readonly ca?: string[] },
  lookup: { readonly lookup?: LookupFunction },
  signal: AbortSignal,
  timeoutMs: number,
): Dispatcher {
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  return new EnvHttpProxyAgent({
    ...proxy,
    ...timeouts,
    connectTimeout: timeoutMs,
    // Sockets to hosts in NO_PROXY, and to the proxy (for CONNECT or for a plain-HTTP target).
    connect: { ...tls, ...lookup, signal },
    proxyTls: { ...tls, ...lookup, signal },
    // The TLS session through a CONNECT tunnel (it runs over the tunnel's socket: no lookup).
    requestTls: { ...tls, signal },
    // The pool that sends CONNECT would otherwise wait 300 s for the proxy's answer.
    clientFactory: (origin, clientOptions) => new Pool(origin, { ...clientOptions, ...timeouts }),
  });
}

/** Tells a request's SentNotice when the request goes out on a socket. */
const noticeSent: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const { opaque } = options as { opaque?: unknown };
  return dispatch(options, opaque instanceof SentNotice ? new Noticing(handler, opaque) : handler);
};

class Noticing implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #notice: SentNotice;

  constructor(handler: Dispatcher.DispatchHandler, notice: SentNotice) {
    this.#handler = handler;
    this.#notice = notice;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#notice.sent();
    this.#handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.#handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.#handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#handler.onResponseError?.(controller, error);
  }
}
