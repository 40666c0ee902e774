import { abortWith } from './abort-with.js';
import type { Clock } from './clock.js';
import type { HttpClient } from './http/types.js';
import type { Logger } from './logger.js';
import type { Reading } from './reading.js';
import { createMemory, type SecretResolver, type SourceMemory } from './secrets.js';
import { sourceDefinition, type SourceConfig } from './sources/registry.js';
import type { BaseSourceConfig, SourceDefinition } from './sources/source.js';

export interface ReadDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** This source's memory between polls; a fresh one when omitted (one-shot). */
  readonly memory?: SourceMemory;
  /** How secret references resolve; inline values only when omitted. */
  readonly secrets?: SecretResolver;
}

const INLINE_ONLY: SecretResolver = (ref) => (typeof ref === 'string' ? ref : undefined);

/** A source's own timeout plus this much before the engine gives up on it regardless. */
const WATCHDOG_GRACE_MS = 2000;

/**
 * Polls one source once, whatever the source does. A thrown error is a bug in the source, not
 * a service outcome: it becomes `unknown`, is logged, and the engine keeps going. A source that
 * ignores its abort signal is cut off by a watchdog.
 */
export function readSource(config: SourceConfig, deps: ReadDeps): Promise<Reading> {
  return readWith(sourceDefinition(config), config, deps);
}

/** `readSource` for a given definition (the registry's, or a test's own). */
export async function readWith<C extends BaseSourceConfig>(
  definition: SourceDefinition<C>,
  config: C,
  deps: ReadDeps,
): Promise<Reading> {
  const timeoutMs = config.timeoutMs ?? definition.defaults.timeoutMs;
  const startedAt = deps.clock.now();
  // One controller ends the read: the watchdog, or the caller's signal (abort-with.ts says why
  // not a combined signal).
  const ending = new AbortController();
  const { signal } = ending;
  const unfollow = abortWith(ending, deps.signal);
  const timer = deps.clock.setTimer(timeoutMs + WATCHDOG_GRACE_MS, () => ending.abort());
  const ctx = {
    signal,
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    timeoutMs,
    memory: deps.memory ?? createMemory(),
    secret: deps.secrets ?? INLINE_ONLY,
  };
  let onAbort: (() => void) | undefined;
  try {
    const reading = await Promise.race([
      definition.read(config, ctx),
      new Promise<Reading>((resolve) => {
        onAbort = () => {
          resolve({
            status: 'unknown',
            detail: deps.signal?.aborted
              ? 'the check was cancelled'
              : `no answer from the ${config.type} check within ${timeoutMs} ms`,
            checkedAt: startedAt,
            reached: false,
          });
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    return reading;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error(`the ${config.type} source threw; this is a bug`, {
      error: message,
      stack: error instanceof Error ? error.stack : undefined,
    });
    return {
      status: 'unknown',
      detail: `internal error in the ${config.type} check: ${message}`,
      checkedAt: startedAt,
      reached: false,
    };
  } finally {
    timer.cancel();
    unfollow();
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
