import type { ConnectivityState } from '../shared/snapshot.js';
import { abortWith } from './abort-with.js';
import type { Clock } from './clock.js';
import type { HttpClient } from './http/types.js';

/**
 * "Is it me?" (DESIGN.md, step 4). A few independent, well-known endpoints are asked in
 * parallel; any HTTP answer at all means this machine reaches the internet. When none answers,
 * the machine is offline and failures elsewhere are not evidence of outages.
 */

export async function checkConnectivity(
  targets: readonly string[],
  http: HttpClient,
  clock: Pick<Clock, 'now'>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ConnectivityState> {
  const checkedAt = clock.now();
  const controller = new AbortController();
  const unfollow = abortWith(controller, signal);
  const attempts = targets.map(async (url) => {
    const outcome = await http.request({
      url,
      method: 'GET',
      timeoutMs,
      signal: controller.signal,
      maxBodyBytes: 16 * 1024,
    });
    if (outcome.kind === 'failure') throw new Error(`${hostOf(url)}: ${outcome.message}`);
    return `reached ${hostOf(url)} in ${outcome.latencyMs} ms`;
  });
  try {
    const detail = await Promise.any(attempts);
    return { status: 'online', detail, checkedAt };
  } catch (error) {
    if (signal?.aborted) return { status: 'unknown', detail: 'connectivity check cancelled', checkedAt };
    const reasons =
      error instanceof AggregateError
        ? error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner)))
        : [];
    return {
      status: 'offline',
      detail: `no connectivity target answered (${reasons.join('; ')})`,
      checkedAt,
    };
  } finally {
    // The first answer is enough: stop the others.
    unfollow();
    controller.abort();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Continuous mode: the last answer, refreshed on demand and never asked twice at once. A probe
 * that fails asks for an answer no older than a few seconds before its failure is believed.
 */
export class ConnectivityMonitor {
  #state: ConnectivityState = { status: 'unknown', detail: 'not checked yet' };
  #inFlight: Promise<ConnectivityState> | undefined;
  readonly #listeners = new Set<(state: ConnectivityState) => void>();

  constructor(
    private readonly check: () => Promise<ConnectivityState>,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  get state(): ConnectivityState {
    return this.#state;
  }

  /** The state, checked again when older than `maxAgeMs` (or never checked). */
  async current(maxAgeMs: number): Promise<ConnectivityState> {
    const { checkedAt } = this.#state;
    // A negative age is an answer "from the future": the wall clock was set back since. It says
    // nothing about now, or a clock set back 3 h would trust one answer for 3 h.
    const ageMs = checkedAt === undefined ? undefined : this.clock.now() - checkedAt;
    if (ageMs !== undefined && ageMs >= 0 && ageMs <= maxAgeMs && this.#state.status !== 'unknown') {
      return this.#state;
    }
    return this.refresh();
  }

  refresh(): Promise<ConnectivityState> {
    this.#inFlight ??= this.check()
      .then((state) => {
        const changed = state.status !== this.#state.status;
        this.#state = state;
        if (changed) for (const listener of this.#listeners) listener(state);
        return state;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  /** Called when the status changes (online ⇄ offline). */
  onChange(listener: (state: ConnectivityState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
