import type { HttpClient } from '../../../main/monitor/http/types.js';
import { silentLogger } from '../../../main/monitor/logger.js';
import type { Reading } from '../../../main/monitor/reading.js';
import { createMemory, environmentSecrets } from '../../../main/monitor/secrets.js';
import { sourceDefinition, type SourceConfig } from '../../../main/monitor/sources/registry.js';
import type { ReadContext } from '../../../main/monitor/sources/source.js';
import type { FuzzTarget } from './fuzz-target.js';
import { virtualClock } from './virtual-clock.js';

/** The target's config for a server at `origin`, parsed as the engine would parse it. */
export function targetConfig(target: FuzzTarget, origin: string): SourceConfig {
  const raw = target.config(origin) as { type: SourceConfig['type'] };
  const parsed = sourceDefinition(raw as SourceConfig).schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${target.name}: its config does not parse: ${parsed.error.message}`);
  return parsed.data as SourceConfig;
}

/**
 * One poll of the target's source, as the engine makes it: fresh memory (a first poll, the
 * widest code path), the type's default timeout, a virtual clock starting at the target's `now`.
 */
export function readTarget(target: FuzzTarget, http: HttpClient, origin: string): Promise<Reading> {
  const config = targetConfig(target, origin);
  const definition = sourceDefinition(config);
  const ctx: ReadContext = {
    signal: new AbortController().signal,
    http,
    clock: virtualClock(target.now),
    logger: silentLogger,
    timeoutMs: config.timeoutMs ?? definition.defaults.timeoutMs,
    memory: createMemory(),
    secret: environmentSecrets(target.env ?? {}),
  };
  return definition.read(config, ctx);
}
