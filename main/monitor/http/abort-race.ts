/** The signal aborted: what was being waited for is abandoned. */
export class Abandoned extends Error {
  override readonly name = 'Abandoned';
}

/**
 * Ends a request's waits the moment its signal aborts, whatever the work waited on is still
 * doing: one promise that rejects on abort, raced against each wait (the whole request, each hop's
 * turn at its host), and one abort listener for all of them, removed by `dispose` once the request
 * has settled.
 *
 * One per request, rather than a promise and a listener per wait: at a thousand sources a minute
 * the request's plumbing, not the network, was most of the engine's garbage (bench/, issue 8).
 */
export class AbortRace {
  readonly #signal: AbortSignal;
  readonly #aborted: Promise<never>;
  readonly #onAbort: () => void;

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    let reject: (reason: Abandoned) => void = () => undefined;
    this.#aborted = new Promise<never>((_resolve, fail) => (reject = fail));
    // Raced by every wait, but rejected perhaps after the last race settled: never unhandled.
    this.#aborted.catch(() => undefined);
    this.#onAbort = () => reject(new Abandoned('aborted'));
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Settles with `work`, or rejects the moment the signal aborts; `work` never starts after it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#signal.aborted) return Promise.reject(new Abandoned('aborted before it started'));
    return Promise.race([work(), this.#aborted]);
  }

  dispose(): void {
    this.#signal.removeEventListener('abort', this.#onAbort);
  }
}
