import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOnce } from '../../main/monitor/check.js';
import { systemClock } from '../../main/monitor/clock.js';
import type { MonitorConfig } from '../../main/monitor/config/parse.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { closedPort, startRoutes, type TestServer } from '../support/http-server.js';
import { realFixture } from '../support/fixtures.js';
import { twitterService, validConfig } from '../support/twitter-case.js';
import { globalpingRoutes } from '../support/globalping-fake.js';

let server: TestServer;
let flakyCalls = 0;
let globalpingCreated = 0;

beforeAll(async () => {
  server = await startRoutes({
    '/generate_204': { status: 204 },
    '/status/api/v2/summary.json': {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: { 'content-type': 'application/json' },
    },
    '/home': { body: '<p>Something went wrong, but don’t fret — let’s give it another shot.</p>' },
    '/ok': { body: 'fine' },
    '/down': { status: 503 },
    ...globalpingRoutes(() => (globalpingCreated += 1)),
    // Fails the first time it is asked, then works: a blip that one-shot retries absorb.
    '/flaky': (_req, res) => {
      flakyCalls += 1;
      res.writeHead(flakyCalls === 1 ? 502 : 200).end();
    },
  });
});
afterAll(() => server.close());

function config(services: unknown[], targets = [`${server.url}/generate_204`]): MonitorConfig {
  return validConfig({
    version: 1,
    confirm: { retries: 2, retryDelayMs: 0 },
    connectivity: { targets },
    services,
  });
}

async function check(input: MonitorConfig) {
  const http = createHttpClient({ env: {} });
  try {
    return await checkOnce(input, { http, clock: systemClock, logger: silentLogger });
  } finally {
    await http.close();
  }
}

describe('one-shot check', () => {
  it('catches the December 2022 Twitter case: official page green, error page with HTTP 200', async () => {
    const snapshot = await check(config([twitterService(server.url)]));
    expect(snapshot.connectivity.status).toBe('online');
    const [twitter] = snapshot.services;
    expect(twitter).toMatchObject({ id: 'twitter', status: 'major_outage' });
    expect(twitter?.summary).toBe(
      'Major outage: probe "Desktop web": HTTP 200 with error text "Something went wrong" (failed 3 of 3 attempts), while the official page says operational',
    );
    expect(twitter?.reasons).toEqual([
      'probe "Desktop web": HTTP 200 with error text "Something went wrong" (failed 3 of 3 attempts)',
      'Official page: operational',
    ]);
    expect(twitter?.sources.map((source) => [source.family, source.status])).toEqual([
      ['probe', 'major_outage'],
      ['official', 'operational'],
    ]);
  });

  it('re-tests a failing probe before it counts', async () => {
    const snapshot = await check(
      config([{ id: 'blip', name: 'Blip', sources: [{ type: 'http', url: `${server.url}/flaky` }] }]),
    );
    expect(snapshot.services[0]?.status).toBe('operational');
    expect(flakyCalls).toBe(2);
  });

  it('never mistakes a dead network for outages', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const snapshot = await check(
      config(
        [
          {
            id: 'a',
            name: 'A',
            sources: [
              { type: 'http', url: `${down}/` },
              { type: 'statuspage', url: down },
            ],
          },
          {
            id: 'b',
            name: 'B',
            sources: [{ type: 'tcp', host: '127.0.0.1', port: Number(new URL(down).port) }],
          },
        ],
        [`${down}/generate_204`],
      ),
    );
    expect(snapshot.connectivity.status).toBe('offline');
    expect(snapshot.services.map((service) => service.status)).toEqual(['unknown', 'unknown']);
    expect(snapshot.services[0]?.summary).toBe('Unknown: you appear to be offline');
  });
});

describe('one-shot check: other networks, on demand', () => {
  const service = (probe: string) => ({
    id: 'site',
    name: 'Site',
    sources: [
      { type: 'http', url: `${server.url}${probe}` },
      { type: 'globalping', target: 'https://example.com/', url: `${server.url}/gp` },
    ],
  });

  it('are not asked while the probe succeeds', async () => {
    globalpingCreated = 0;
    const [site] = (await check(config([service('/ok')]))).services;
    expect(globalpingCreated).toBe(0);
    expect(site?.status).toBe('operational');
    expect(site?.sources[1]?.detail).toBe('asked only when a probe of this service fails');
    expect(site?.reasons.some((reason) => reason.includes('Other networks'))).toBe(false);
  });

  it('are asked once when the probe fails, and their answer ends the summary', async () => {
    globalpingCreated = 0;
    const [site] = (await check(config([service('/down')]))).services;
    expect(globalpingCreated).toBe(1);
    expect(site?.status).toBe('major_outage');
    expect(site?.summary).toMatch(/; other networks reach it \(1 of 1\): likely your network or region$/);
  });
});
