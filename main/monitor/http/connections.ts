import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

/**
 * Connection attempts that end with the requests that asked for them.
 *
 * undici hears a request's abort signal only once the request is on a socket
 * (nodejs/undici#386): a request cancelled while its connection is still being made (DNS
 * lookup, TCP connect, TLS handshake) stays queued, and the attempt goes on, until the socket
 * connects or undici's connect timeout ends it. The pool is shared, so an attempt belongs to an
 * origin rather than to one request: it is abandoned (the socket destroyed, and with it
 * whatever undici still queued there) as soon as no request of ours wants that origin.
 */

/** What buildConnector's connector really returns: the socket it opens (the typings say void). */
type SocketConnector = (
  options: buildConnector.Options,
  callback: buildConnector.Callback,
) => Socket | undefined;

/** Why an abandoned attempt's socket was destroyed; undici fails the requests still queued on it. */
export class ConnectionAbandoned extends Error {
  override readonly name = 'ConnectionAbandoned';
  readonly code = 'DW_CONNECTION_ABANDONED';
}

export class OwnedConnections {
  readonly #open: SocketConnector;
  /** Per origin, how many of our requests are waiting on it. */
  readonly #wants = new Map<string, number>();
  /** Per origin, the sockets still connecting. */
  readonly #attempts = new Map<string, Set<Socket>>();

  constructor(open: buildConnector.connector) {
    this.#open = open as unknown as SocketConnector;
  }

  /** The connector to give undici. */
  readonly connect: buildConnector.connector = (options, callback) => {
    const origin = `${options.protocol}//${options.host ?? options.hostname}`;
    const attempt: { socket?: Socket | undefined; done: boolean } = { done: false };
    attempt.socket = this.#open(options, (...result) => {
      attempt.done = true;
      if (attempt.socket) this.#forget(origin, attempt.socket);
      callback(...result);
    });
    const { socket } = attempt;
    // An undici that no longer returns the socket leaves the attempt to its connect timeout.
    if (!socket || attempt.done) return;
    // Nobody wants it any more: the request was cancelled as undici decided to connect.
    if (!this.#wants.has(origin)) {
      socket.destroy(new ConnectionAbandoned(`nothing waits for ${origin} any more`));
      return;
    }
    let attempts = this.#attempts.get(origin);
    if (!attempts) {
      attempts = new Set();
      this.#attempts.set(origin, attempts);
    }
    attempts.add(socket);
  };

  /**
   * Marks `origin` ("https://example.com") as wanted by one request until the returned release
   * is called or `signal` aborts, whichever comes first.
   */
  want(origin: string, signal: AbortSignal): () => void {
    this.#wants.set(origin, (this.#wants.get(origin) ?? 0) + 1);
    let wanted = true;
    const release = (): void => {
      if (!wanted) return;
      wanted = false;
      signal.removeEventListener('abort', release);
      const left = (this.#wants.get(origin) ?? 1) - 1;
      if (left > 0) {
        this.#wants.set(origin, left);
        return;
      }
      this.#wants.delete(origin);
      this.#abandon(origin);
    };
    if (signal.aborted) release();
    else signal.addEventListener('abort', release, { once: true });
    return release;
  }

  #forget(origin: string, socket: Socket): void {
    const attempts = this.#attempts.get(origin);
    if (attempts?.delete(socket) && attempts.size === 0) this.#attempts.delete(origin);
  }

  #abandon(origin: string): void {
    const attempts = this.#attempts.get(origin);
    if (!attempts) return;
    this.#attempts.delete(origin);
    for (const socket of attempts) {
      socket.destroy(new ConnectionAbandoned(`nothing waits for ${origin} any more`));
    }
  }
}
