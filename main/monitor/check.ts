import type { ConnectivityState, Snapshot } from '../shared/snapshot.js';
import type { Clock } from './clock.js';
import type { MonitorConfig } from './config/parse.js';
import { readConfirmedOnce } from './confirm.js';
import { checkConnectivity } from './connectivity.js';
import type { HttpClient } from './http/types.js';
import type { Logger } from './logger.js';
import type { Reading } from './reading.js';
import type { SecretResolver } from './secrets.js';
import { readSource } from './read-source.js';
import { Semaphore } from './semaphore.js';
import { describeSources, viewService, type SourceState } from './service-view.js';

export interface CheckDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly secrets?: SecretResolver;
}

/**
 * One-shot mode (`downwatch check`): every source once, failing probes re-tested before they
 * count, connectivity checked alongside, then one snapshot.
 */
export async function checkOnce(config: MonitorConfig, deps: CheckDeps): Promise<Snapshot> {
  const slots = new Semaphore(config.maxConcurrent);
  const connectivity: Promise<ConnectivityState> = checkConnectivity(
    config.connectivity.targets,
    deps.http,
    deps.clock,
    config.connectivity.timeoutMs,
    deps.signal,
  );
  const services = await Promise.all(
    config.services.map(async (service) => {
      const states = await Promise.all(
        describeSources(service).map(async (meta): Promise<SourceState> => {
          const read = (): Promise<Reading> => slots.run(() => readSource(meta.config, deps));
          const reading =
            meta.family === 'probe'
              ? await readConfirmedOnce(read, config.confirm.retries, () =>
                  deps.clock.sleep(config.confirm.retryDelayMs, deps.signal),
                )
              : await read();
          return { meta, reading };
        }),
      );
      return { service, states };
    }),
  );
  const online = await connectivity;
  return {
    checkedAt: deps.clock.now(),
    connectivity: online,
    services: services.map(({ service, states }) => viewService(service, states, online.status)),
  };
}
