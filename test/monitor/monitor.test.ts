import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MonitorConfig } from '../../main/monitor/config/parse.js';
import type { ServiceEvent } from '../../main/monitor/events.js';
import { History } from '../../main/monitor/history/history.js';
import { loadHistory, saveHistory } from '../../main/monitor/history/history-file.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import type { HttpClient } from '../../main/monitor/http/types.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { Monitor } from '../../main/monitor/monitor.js';
import type { Snapshot } from '../../main/shared/snapshot.js';
import { startRoutes, type TestServer } from '../support/http-server.js';
import { realFixture } from '../support/fixtures.js';
import { scaledClock, until } from '../support/scaled-clock.js';
import { twitterService, validConfig } from '../support/twitter-case.js';
import { globalpingRoutes } from '../support/globalping-fake.js';
import { ManualClock } from '../support/manual-clock.js';
import { countingHttp, runFor } from '../renderer/support/engine-time.js';

/** Scheduled time runs 50× faster than real time: a minute of monitoring takes 1.2 s. */
const SPEED = 50;

let server: TestServer;
let http: HttpClient;
let page: 'fine' | 'error';
let statusPage: 'json' | 'html';
let connectivityUp: boolean;
let globalpingAsked = 0;
const monitors: Monitor[] = [];

beforeEach(async () => {
  page = 'fine';
  statusPage = 'json';
  connectivityUp = true;
  server = await startRoutes({
    '/generate_204': (_req, res) => {
      if (connectivityUp) res.writeHead(204).end();
      else res.socket?.destroy();
    },
    '/status/api/v2/summary.json': (_req, res) => {
      if (statusPage === 'html')
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><p>Maintenance</p>');
      else
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(realFixture('statuspage/github-summary-all-operational-2019.json'));
    },
    ...globalpingRoutes(() => (globalpingAsked += 1)),
    '/home': (_req, res) => {
      if (!connectivityUp) {
        res.socket?.destroy();
        return;
      }
      res.end(
        page === 'fine'
          ? '<p>Home timeline</p>'
          : '<p>Something went wrong, but don’t fret — let’s give it another shot.</p>',
      );
    },
  });
  http = createHttpClient({ env: {} });
});

afterEach(async () => {
  await Promise.all(monitors.splice(0).map((monitor) => monitor.stop()));
  await http.close();
  await server.close();
});

function twitterConfig(extraSources: readonly unknown[] = []): MonitorConfig {
  const twitter = twitterService(server.url, { intervalSeconds: 60, timeoutMs: 2000 });
  const service = { ...twitter, sources: [...(twitter.sources as unknown[]), ...extraSources] };
  return validConfig({
    version: 1,
    confirm: { failureThreshold: 3, successThreshold: 2, retryDelayMs: 0 },
    connectivity: { targets: [`${server.url}/generate_204`], timeoutMs: 2000 },
    services: [service],
  });
}

function homeRequests(): number {
  return server.requests.filter((req) => req.url === '/home').length;
}

function start(config: MonitorConfig, history?: History, systemOffline?: () => boolean) {
  const clock = scaledClock(SPEED);
  const monitor = new Monitor(config, {
    http,
    clock,
    logger: silentLogger,
    ...(history ? { history } : {}),
    ...(systemOffline ? { systemOffline } : {}),
  });
  monitors.push(monitor);
  const events: ServiceEvent[] = [];
  const snapshots: Snapshot[] = [];
  monitor.onEvent((event) => events.push(event));
  monitor.onSnapshot((snapshot) => snapshots.push(snapshot));
  monitor.start();
  return { monitor, clock, events, snapshots, twitter: () => monitor.snapshot().services[0]! };
}

describe('continuous monitoring', () => {
  it('confirms the error page before it turns, says why, and recovers', async () => {
    const { twitter, events } = start(twitterConfig());
    await until(() => twitter().status === 'operational', 'first verdict');

    page = 'error';
    const probesBefore = homeRequests();
    await until(() => twitter().sources[0]?.pending !== undefined, 'the first failure to be seen');
    expect(twitter().status).toBe('operational');
    expect(twitter().reasons[0]).toMatch(
      /^probe "Desktop web": HTTP 200 in \d+ ms \(failing, confirming 1 of 3\)$/,
    );

    await until(() => events.length > 0, 'the down event');
    expect(events[0]).toMatchObject({
      kind: 'down',
      from: 'operational',
      to: 'major_outage',
      serviceId: 'twitter',
    });
    expect(events[0]?.summary).toBe(
      'Major outage: probe "Desktop web": HTTP 200 with error text "Something went wrong", while the official page says operational',
    );
    // Exactly failureThreshold readings of the error page, no more: confirmed, not guessed.
    expect(homeRequests() - probesBefore).toBe(3);
    expect(twitter().since).toBeDefined();

    page = 'fine';
    await until(() => events.length > 1, 'the recovery event');
    expect(events[1]).toMatchObject({ kind: 'recovered', from: 'major_outage', to: 'operational' });
    expect(events).toHaveLength(2);
  });

  it('turns a dead network into one offline state, not an outage, and checks again when it is back', async () => {
    const { monitor, twitter, events } = start(twitterConfig());
    await until(() => twitter().status === 'operational', 'first verdict');

    connectivityUp = false;
    monitor.checkNow();
    await until(() => monitor.snapshot().connectivity.status === 'offline', 'offline');
    expect(twitter().status).not.toBe('major_outage');
    expect(events).toEqual([]);

    connectivityUp = true;
    await until(() => monitor.snapshot().connectivity.status === 'online', 'back online');
    await until(
      () => twitter().sources[0]?.detail.startsWith('HTTP 200') === true,
      'a fresh probe after coming back',
    );
    expect(twitter().status).toBe('operational');
    expect(events).toEqual([]);
  });

  it('pushes coalesced snapshots and keeps history that survives a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'downwatch-monitor-'));
    try {
      const clock = scaledClock(SPEED);
      const history = new History({ clock });
      const { twitter, snapshots, events } = start(twitterConfig(), history);
      await until(() => twitter().status === 'operational', 'first verdict');
      page = 'error';
      await until(() => events.length > 0, 'the down event');
      expect(snapshots.length).toBeGreaterThan(0);
      expect(snapshots.at(-1)?.services[0]?.status).toBeDefined();

      const file = join(dir, 'history.json');
      await saveHistory(file, history);
      const reloaded = await loadHistory(file, { clock, logger: silentLogger });
      expect(reloaded.notice).toBeUndefined();
      expect(reloaded.history.events({ serviceId: 'twitter' })[0]).toMatchObject({
        kind: 'down',
        to: 'major_outage',
      });
      expect(reloaded.history.sourceSeries('twitter/0')).toBeDefined();
      expect(reloaded.history.uptime('source', 'twitter/0', 24 * 60 * 60 * 1000)).toBeLessThan(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the last good reading of a page that becomes unreadable, with its time', async () => {
    const { monitor, twitter } = start(twitterConfig());
    await until(() => twitter().sources[1]?.status === 'operational', 'the official page read');
    const readAt = twitter().sources[1]?.checkedAt;
    statusPage = 'html';
    monitor.checkNow();
    await until(() => twitter().sources[1]?.status === 'unknown', 'the page to become unreadable');
    const official = twitter().sources[1]!;
    expect(official.detail).toMatch(/^expected JSON but got an HTML page/);
    expect(official.lastGood).toMatchObject({
      status: 'operational',
      detail: 'All Systems Operational',
      checkedAt: readAt,
    });
    expect(official.lastGood?.official?.components).toHaveLength(9);
    expect(twitter().reasons).toContain(
      'Official page: could not be read: expected JSON but got an HTML page (HTTP 200, text/html) (last good reading: operational)',
    );
    // The probe still answers for the service: unreadable sources are ignored, not feared.
    expect(twitter().status).toBe('operational');
  });

  it('asks other networks once when the probe fails, and forgets their answer after recovery', async () => {
    globalpingAsked = 0;
    const withOthers = twitterConfig([
      { type: 'globalping', target: 'https://twitter.com/home', url: `${server.url}/gp` },
    ]);
    const { twitter: view, events } = start(withOthers);
    await until(() => view().status === 'operational', 'first verdict');
    expect(globalpingAsked).toBe(0);

    page = 'error';
    await until(() => events.length > 0, 'the down event');
    await until(() => view().sources[2]?.status !== 'unknown', 'the answer from other networks');
    // Three failing readings, one question: the interval (10 minutes) spaces them.
    expect(globalpingAsked).toBe(1);
    expect(view().summary).toMatch(/; other networks reach it \(1 of 1\): likely your network or region$/);

    page = 'fine';
    await until(() => view().status === 'operational', 'the recovery');
    expect(view().sources[2]?.detail).toBe('asked only when a probe of this service fails');
    expect(view().reasons.some((reason) => reason.includes('other networks'))).toBe(false);
  });

  it("trusts the system's word that there is no network, without asking the targets", async () => {
    let systemOffline = true;
    const { monitor, twitter, events } = start(twitterConfig(), undefined, () => systemOffline);
    await until(() => monitor.snapshot().connectivity.status === 'offline', 'offline');
    expect(monitor.snapshot().connectivity.detail).toBe('the system reports no network connection');
    expect(server.requests.some((req) => req.url === '/generate_204')).toBe(false);
    expect(twitter().status).not.toBe('major_outage');
    expect(events).toEqual([]);

    // "Online" from the system is only a hint: the targets confirm it.
    systemOffline = false;
    await until(() => monitor.snapshot().connectivity.status === 'online', 'back online');
    expect(server.requests.some((req) => req.url === '/generate_204')).toBe(true);
  });

  it('says when the first round after start and after wake is complete', async () => {
    const { monitor, twitter } = start(twitterConfig());
    let rounds = 0;
    monitor.onRoundComplete(() => (rounds += 1));
    await until(() => rounds === 1, 'the first round');
    expect(twitter().sources.every((source) => source.checkedAt !== undefined)).toBe(true);
    monitor.pause();
    monitor.resume(0);
    await until(() => rounds === 2, 'the round after wake');
  });

  it('stays asleep when paused again during the grace period of a wake', async () => {
    const clock = new ManualClock();
    const counted = countingHttp(http);
    const monitor = new Monitor(twitterConfig(), { http: counted, clock, logger: silentLogger });
    monitors.push(monitor);
    let rounds = 0;
    monitor.onRoundComplete(() => (rounds += 1));
    monitor.start();
    await runFor(clock, counted, 2 * 60_000);
    expect(rounds).toBe(1);

    monitor.pause();
    monitor.resume(5000);
    monitor.pause();
    const requestsAsleep = server.requests.length;
    await runFor(clock, counted, 10 * 60_000);
    // The cancelled wake neither asked connectivity nor checked anything.
    expect(server.requests.length).toBe(requestsAsleep);
    expect(rounds).toBe(1);
    expect(clock.pendingTimers()).toEqual([]);

    // A later wake still works.
    monitor.resume(5000);
    await runFor(clock, counted, 60_000);
    expect(rounds).toBe(2);
    expect(server.requests.length).toBeGreaterThan(requestsAsleep);
  });

  it('keeps the state of unchanged sources when the config changes', async () => {
    const config = twitterConfig();
    const { monitor, twitter } = start(config);
    await until(() => twitter().status === 'operational', 'first verdict');
    const extra = {
      id: 'extra',
      name: 'Extra',
      sources: [{ type: 'tcp' as const, host: '127.0.0.1', port: server.port }],
    };
    monitor.setConfig({ ...config, services: [...config.services, extra] });
    expect(twitter().status).toBe('operational');
    await until(() => monitor.snapshot().services[1]?.status === 'operational', 'the added service');
  });

  it('asks other networks again after the wall clock was set back, instead of waiting hours', async () => {
    globalpingAsked = 0;
    const clock = new ManualClock();
    const counted = countingHttp(http);
    const monitor = new Monitor(
      twitterConfig([{ type: 'globalping', target: 'https://twitter.com/home', url: `${server.url}/gp` }]),
      { http: counted, clock, logger: silentLogger, random: () => 0.5 },
    );
    monitors.push(monitor);
    monitor.start();
    await runFor(clock, counted, 2 * 60_000);
    page = 'error';
    await runFor(clock, counted, 2 * 60_000);
    expect(globalpingAsked).toBe(1);

    clock.jumpTo(clock.now() - 3 * 60 * 60_000);
    await runFor(clock, counted, 2 * 60_000);
    // Asked once more (the last question now reads as 3 hours in the future), then spaced again.
    expect(globalpingAsked).toBe(2);
    await runFor(clock, counted, 5 * 60_000);
    expect(globalpingAsked).toBe(2);
  });
});
