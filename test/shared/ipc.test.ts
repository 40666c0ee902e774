import { describe, expectTypeOf, it } from 'vitest';
import type { DetectResult } from '../../main/monitor/detect.js';
import type { DownwatchApi, RequestChannel } from '../../main/shared/ipc.js';
import type { Snapshot } from '../../main/shared/snapshot.js';

describe('the preload API is derived from the contract', () => {
  it('has one camel-cased method per request channel, typed by it', () => {
    expectTypeOf<DownwatchApi['snapshotGet']>().toEqualTypeOf<() => Promise<Snapshot>>();
    expectTypeOf<DownwatchApi['servicesCheckNow']>().toEqualTypeOf<
      (serviceIds?: readonly string[]) => Promise<undefined>
    >();
    expectTypeOf<DownwatchApi['servicesDetect']>().toEqualTypeOf<(url: string) => Promise<DetectResult>>();
    expectTypeOf<DownwatchApi['shellOpenExternal']>().parameters.toEqualTypeOf<[url: string]>();
    expectTypeOf<RequestChannel>().toEqualTypeOf<
      | 'snapshot:get'
      | 'services:check-now'
      | 'services:history'
      | 'services:detect'
      | 'config:validate'
      | 'notifications:snooze'
      | 'shell:open-external'
      | 'settings:get'
      | 'settings:edit'
      | 'secrets:store'
      | 'settings:export'
      | 'settings:import'
      | 'catalog:search'
      | 'catalog:add'
      | 'window:hide'
    >();
  });

  it('subscribes to push channels with their payload types', () => {
    // Compiled, never run: the assertions are the type checker's.
    const typesOnly = (api: DownwatchApi): void => {
      const unsubscribe = api.on('snapshot:changed', (payload) =>
        expectTypeOf(payload).toEqualTypeOf<Snapshot>(),
      );
      expectTypeOf(unsubscribe).toEqualTypeOf<() => void>();
      api.on('window:show-service', (payload) => expectTypeOf(payload).toEqualTypeOf<string>());
      // @ts-expect-error a push channel that is not in the contract
      api.on('snapshot:deleted', () => undefined);
    };
    expectTypeOf(typesOnly).toBeFunction();
  });
});
