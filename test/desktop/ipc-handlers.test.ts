import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHandlers, type IpcHandlerDeps } from '../../main/desktop/ipc-handlers.js';
import { parseConfig } from '../../main/monitor/config/parse.js';
import type { ServiceEvent } from '../../main/monitor/events.js';
import { History } from '../../main/monitor/history/history.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { Monitor } from '../../main/monitor/monitor.js';
import { startRoutes, type TestServer } from '../support/http-server.js';
import { realFixture } from '../support/fixtures.js';
import { ManualClock } from '../support/manual-clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const http = createHttpClient({ env: {} });
let server: TestServer;

beforeAll(async () => {
  server = await startRoutes({
    '/': {
      body: '<html><footer><a href="/status">System Status</a></footer></html>',
      headers: { 'content-type': 'text/html' },
    },
    '/status/api/v2/summary.json': {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: { 'content-type': 'application/json' },
    },
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

function event(at: number, overrides: Partial<ServiceEvent> = {}): ServiceEvent {
  return {
    kind: 'down',
    serviceId: 'github',
    serviceName: 'GitHub',
    from: 'operational',
    to: 'major_outage',
    at,
    summary: 'GitHub is down',
    reasons: ['Official page says major outage'],
    ...overrides,
  };
}

/** A real engine around one service; checkNow is also recorded, to see what was asked. */
function harness(overrides: Partial<IpcHandlerDeps> = {}) {
  const clock = new ManualClock();
  const history = new History({ clock });
  const parsed = parseConfig({
    version: 1,
    services: [
      { id: 'github', name: 'GitHub', sources: [{ type: 'statuspage', url: `${server.url}/status` }] },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const monitor = new Monitor(parsed.config, { http, clock, logger: silentLogger, history });
  const asked: string[] = [];
  const handlers = createIpcHandlers({
    monitor: {
      snapshot: () => monitor.snapshot(),
      checkNow: (ids) => {
        asked.push(`checkNow ${JSON.stringify(ids ?? null)}`);
        monitor.checkNow(ids);
      },
    },
    history,
    http,
    detectTimeoutMs: 2000,
    snooze: (until) => asked.push(`snooze ${until ?? 'off'}`),
    openExternal: (url) => {
      asked.push(`open ${url}`);
    },
    ...overrides,
  });
  return { clock, history, monitor, handlers, asked };
}

describe('IPC handlers on the real engine', () => {
  it("snapshot:get answers the monitor's current picture", async () => {
    const { handlers, monitor } = harness();
    const snapshot = await handlers['snapshot:get']();
    expect(snapshot).toEqual(monitor.snapshot());
    expect(snapshot.services.map((service) => service.id)).toEqual(['github']);
  });

  it('services:check-now asks the monitor for all services, or the ones named', async () => {
    const { handlers, asked } = harness();
    await handlers['services:check-now']();
    await handlers['services:check-now'](['github']);
    expect(asked).toEqual(['checkNow null', 'checkNow ["github"]']);
  });

  it('services:history gives 24 h and 7 d uptime and the newest 50 events of that service', async () => {
    const { handlers, history, clock } = harness();
    // Six days up, then a day with six down hours: 1 - 6/24 over 24 h, 1 - 6/168 over 7 d.
    for (let hour = 0; hour < 7 * 24; hour++) {
      const down = hour >= 6 * 24 && hour < 6 * 24 + 6;
      for (let minute = 0; minute < 60; minute += 5) {
        history.recordService('github', { at: clock.now(), status: down ? 'major_outage' : 'operational' });
        await clock.advance(5 * MINUTE);
      }
    }
    for (let n = 0; n < 60; n++) history.recordEvent(event(clock.now() - (60 - n) * MINUTE));
    history.recordEvent(event(clock.now(), { serviceId: 'npm', serviceName: 'npm' }));

    const answer = await handlers['services:history']('github');
    expect(answer.serviceId).toBe('github');
    expect(answer.uptime24h).toBeCloseTo(1 - 6 / 24, 2);
    expect(answer.uptime7d).toBeCloseTo(1 - 6 / 168, 2);
    expect(answer.events).toHaveLength(50);
    expect(answer.events.every((e) => e.serviceId === 'github')).toBe(true);
    expect(answer.events[0]!.at).toBeGreaterThan(answer.events[49]!.at);
    expect(answer).toEqual({
      serviceId: 'github',
      uptime24h: history.uptime('service', 'github', DAY),
      uptime7d: history.uptime('service', 'github', 7 * DAY),
      events: history.events({ serviceId: 'github', limit: 50 }),
    });
  });

  it('services:history says "not known" for a service with no samples, or without a history', async () => {
    expect(await harness().handlers['services:history']('npm')).toEqual({
      serviceId: 'npm',
      uptime24h: undefined,
      uptime7d: undefined,
      events: [],
    });
    expect(await harness({ history: undefined }).handlers['services:history']('github')).toEqual({
      serviceId: 'github',
      uptime24h: undefined,
      uptime7d: undefined,
      events: [],
    });
  });

  it('services:detect finds the Statuspage a homepage links to, over loopback', async () => {
    const { handlers } = harness();
    const result = await handlers['services:detect'](`${server.url}/`);
    expect(result.matches).toEqual([
      {
        type: 'statuspage',
        title: 'Atlassian Statuspage',
        foundAt: `${server.url}/status`,
        config: { type: 'statuspage', url: `${server.url}/status` },
      },
    ]);
    expect(result.probe).toEqual({ type: 'http', url: `${server.url}/` });
  });

  it.each(['ftp://example.com/', 'http://', 'javascript:alert(1)'])(
    'services:detect rejects %s with a clear message, asking nothing',
    async (input) => {
      const before = server.requests.length;
      await expect(harness().handlers['services:detect'](input)).rejects.toThrow(
        `"${input}" is not a web address`,
      );
      expect(server.requests.length).toBe(before);
    },
  );

  it("config:validate answers the engine's own issues, with field paths", async () => {
    const { handlers } = harness();
    expect(await handlers['config:validate']({ version: 1, services: [] })).toEqual([]);
    const issues = await handlers['config:validate']({
      version: 1,
      services: [{ id: 'github', name: 'GitHub', sources: [{ type: 'statuspage' }] }],
    });
    expect(issues).toEqual([
      { path: 'services[0].sources[0].url', message: 'required (expected an http(s) URL)' },
    ]);
  });

  it('notifications:snooze passes the time on, and null to resume', async () => {
    const { handlers, asked } = harness();
    await handlers['notifications:snooze'](Date.UTC(2026, 0, 1, 9));
    await handlers['notifications:snooze'](null);
    expect(asked).toEqual([`snooze ${Date.UTC(2026, 0, 1, 9)}`, 'snooze off']);
  });

  it('shell:open-external opens http(s) links in the browser', async () => {
    const { handlers, asked } = harness();
    await handlers['shell:open-external']('https://www.githubstatus.com/incidents/abc');
    expect(asked).toEqual(['open https://www.githubstatus.com/incidents/abc']);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'https://user:pass@example.com/',
    'not a url',
  ])('shell:open-external refuses %s with a clear message, opening nothing', async (url) => {
    const { handlers, asked } = harness();
    await expect(handlers['shell:open-external'](url)).rejects.toThrow(
      /^Not opened: only http and https links open in the browser/,
    );
    expect(asked).toEqual([]);
  });
});
