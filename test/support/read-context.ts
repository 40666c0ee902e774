import { systemClock, type Clock } from '../../main/monitor/clock.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { createMemory, environmentSecrets, type SourceMemory } from '../../main/monitor/secrets.js';
import type { DetectContext, ReadContext } from '../../main/monitor/sources/source.js';

export interface ReadContextOverrides {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Keep one memory across reads to play a source's successive polls. */
  readonly memory?: SourceMemory;
  /** The environment `{ "env": NAME }` secrets resolve from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A real context: real HTTP client, real timers, silent logger; time and budget overridable. */
export function createReadContext(overrides: ReadContextOverrides = {}): ReadContext {
  return {
    signal: overrides.signal ?? new AbortController().signal,
    clock: overrides.clock ?? systemClock,
    logger: silentLogger,
    timeoutMs: overrides.timeoutMs ?? 5000,
    http: createHttpClient(),
    memory: overrides.memory ?? createMemory(),
    secret: environmentSecrets(overrides.env ?? {}),
  };
}

/** Real timers, but now() is always `at`: for results that depend on the date (certificate expiry). */
export function clockAt(at: number): Clock {
  return { ...systemClock, now: () => at };
}

/**
 * Real timers, but each now() is `stepMs` later than the one before: a source that reads the
 * clock before and after its work sees exactly `stepMs` of latency.
 */
export function steppingClock(start: number, stepMs: number): Clock {
  let next = start;
  return {
    ...systemClock,
    now: () => {
      const value = next;
      next += stepMs;
      return value;
    },
  };
}

/** What auto-detect gets: a real client, a live signal, a short per-request timeout. */
export function createDetectContext(timeoutMs = 2000): DetectContext {
  const { http, signal } = createReadContext();
  return { http, signal, timeoutMs };
}
