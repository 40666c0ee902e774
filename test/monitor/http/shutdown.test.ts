import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/monitor/clock.js';
import { createHttpClient } from '../../../main/monitor/http/client.js';
import { silentLogger } from '../../../main/monitor/logger.js';
import { Monitor } from '../../../main/monitor/monitor.js';
import { startRoutes } from '../../support/http-server.js';
import { validConfig } from '../../support/twitter-case.js';
import { startHoldingServer } from './holding-server.js';

/**
 * Quitting stops the engine, then closes the HTTP client. Neither may wait on a check that a
 * server holds: the app once took 302 s to quit behind a proxy that never answered CONNECT.
 */

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('Monitor.stop() and the HTTP client’s close() with a check held by a silent server', () => {
  it.each([
    {
      held: 'a TLS handshake that never completes',
      setup: (port: number) => ({ url: `https://127.0.0.1:${port}/`, env: {} }),
      heard: ['TLS hello'],
    },
    {
      held: 'a proxy that never answers CONNECT',
      setup: (port: number) => ({
        url: 'https://status.example.com/',
        env: { https_proxy: `http://127.0.0.1:${port}` },
      }),
      heard: ['CONNECT status.example.com:443'],
    },
  ])('return while $held is still holding the check', async ({ setup, heard }) => {
    const log: string[] = [];
    const server = await startHoldingServer(log);
    const site = await startRoutes({ '/generate_204': { status: 204 } });
    cleanups.push(
      () => server.close(),
      () => site.close(),
    );
    const { url, env } = setup(server.port);
    const http = createHttpClient({ env });
    const config = validConfig({
      version: 1,
      connectivity: { targets: [`${site.url}/generate_204`], timeoutMs: 2000 },
      // The check's own timeout is far away: only stopping can end it.
      services: [{ id: 'held', name: 'Held', sources: [{ type: 'http', url, timeoutMs: 120_000 }] }],
    });
    const monitor = new Monitor(config, { http, clock: systemClock, logger: silentLogger });

    monitor.start();
    await server.reached(heard.at(-1) ?? 'accepted');
    await monitor.stop();
    log.push('engine stopped');
    await http.close();
    log.push('HTTP client closed');
    await server.allClosed();

    expect(log).toEqual([
      'accepted',
      ...heard,
      'engine stopped',
      'HTTP client closed',
      'closed by the client',
    ]);
  });
});
