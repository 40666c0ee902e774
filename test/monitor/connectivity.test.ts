import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/monitor/clock.js';
import { checkConnectivity, ConnectivityMonitor } from '../../main/monitor/connectivity.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import type { ConnectivityState } from '../../main/shared/snapshot.js';
import { closedPort, startRoutes, type TestServer } from '../support/http-server.js';
import { ManualClock } from '../support/manual-clock.js';

let server: TestServer;
const http = createHttpClient({ env: {} });
beforeAll(async () => {
  server = await startRoutes({ '/generate_204': { status: 204 }, '/teapot': { status: 418 } });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

describe('is it me?', () => {
  it('is online when any target answers, whatever the status code', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/`;
    const state = await checkConnectivity([dead, `${server.url}/teapot`], http, systemClock, 2000);
    expect(state.status).toBe('online');
    expect(state.detail).toMatch(/^reached 127\.0\.0\.1:\d+ in \d+ ms$/);
  });

  it('is offline when no target answers, and says what each one did', async () => {
    const port = await closedPort();
    const state = await checkConnectivity(
      [`http://127.0.0.1:${port}/a`, `http://127.0.0.1:${port}/b`],
      http,
      systemClock,
      2000,
    );
    expect(state.status).toBe('offline');
    expect(state.detail).toBe(
      `no connectivity target answered (127.0.0.1:${port}: connection refused by 127.0.0.1; 127.0.0.1:${port}: connection refused by 127.0.0.1)`,
    );
  });

  it('asks once for many callers, and reuses a fresh answer', async () => {
    const clock = new ManualClock();
    let checks = 0;
    const monitor = new ConnectivityMonitor(() => {
      checks += 1;
      return Promise.resolve<ConnectivityState>({ status: 'online', detail: 'ok', checkedAt: clock.now() });
    }, clock);
    await Promise.all([monitor.current(15_000), monitor.current(15_000), monitor.current(15_000)]);
    expect(checks).toBe(1);
    await clock.advance(10_000);
    await monitor.current(15_000);
    expect(checks).toBe(1);
    await clock.advance(10_000);
    await monitor.current(15_000);
    expect(checks).toBe(2);
  });

  it('tells listeners only about changes', async () => {
    const answers: ConnectivityState['status'][] = ['online', 'online', 'offline', 'online'];
    const monitor = new ConnectivityMonitor(
      () => Promise.resolve({ status: answers.shift() ?? 'online', detail: '', checkedAt: 0 }),
      systemClock,
    );
    const seen: string[] = [];
    monitor.onChange((state) => seen.push(state.status));
    for (let i = 0; i < 4; i++) await monitor.refresh();
    expect(seen).toEqual(['online', 'offline', 'online']);
  });

  it('asks again after the wall clock was set back, instead of trusting an answer "from the future"', async () => {
    const clock = new ManualClock();
    let checks = 0;
    const monitor = new ConnectivityMonitor(() => {
      checks += 1;
      return Promise.resolve<ConnectivityState>({ status: 'online', detail: 'ok', checkedAt: clock.now() });
    }, clock);
    await monitor.current(15_000);
    clock.jumpTo(clock.now() - 3 * 60 * 60_000);
    await clock.advance(1000);
    // Without the check this answer would count as fresh for 3 hours: the network could go
    // away and every failing probe would be believed as an outage.
    await monitor.current(15_000);
    expect(checks).toBe(2);
  });
});
