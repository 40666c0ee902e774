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
import { describeSources, viewService, type SourceMeta, type SourceState } from './service-view.js';
import { isDisrupted } from './status.js';

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
      const metas = describeSources(service);
      const readOne = async (meta: SourceMeta): Promise<SourceState> => {
        const read = (): Promise<Reading> => slots.run(() => readSource(meta.config, deps));
        const reading =
          meta.family === 'probe'
            ? await readConfirmedOnce(read, config.confirm.retries, () =>
                deps.clock.sleep(config.confirm.retryDelayMs, deps.signal),
              )
            : await read();
        return { meta, reading };
      };
      const scheduled = await Promise.all(
        metas.map((meta) => (meta.onDemand ? Promise.resolve(undefined) : readOne(meta))),
      );
      // Probes from other networks are asked only when this machine's probe of the service failed.
      const probeFailed = scheduled.some(
        (state) =>
          state?.meta.family === 'probe' && state.reading !== undefined && isDisrupted(state.reading.status),
      );
      const states = await Promise.all(
        metas.map(
          async (meta, index): Promise<SourceState> =>
            scheduled[index] ?? (probeFailed ? readOne(meta) : { meta, reading: undefined }),
        ),
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
