import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogDeps } from '../../main/desktop/catalog-hits.js';
import { setupSettingsStore } from '../../main/app/settings-store.js';
import {
  createIpcHandlers,
  type IpcHandlerDeps,
  type SettingsDeps,
} from '../../main/desktop/ipc-handlers.js';
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

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/**
 * The real settings store (electron-store on a real file; it needs nothing of Electron's API
 * when given a folder), with the vault's and the dialogs' parts recorded: `dialogAnswers` are
 * what the next dialogs return, in order (undefined: cancelled).
 */
async function settingsDeps(clock: ManualClock, asked: string[], dialogAnswers: (string | undefined)[] = []) {
  const folder = await mkdtemp(join(tmpdir(), 'downwatch-ipc-'));
  folders.push(folder);
  const store = await setupSettingsStore({
    path: join(folder, 'config.json'),
    clock,
    logger: silentLogger,
    notify: (text) => asked.push(`notice ${text}`),
    encrypt: (plaintext) => Promise.resolve(Buffer.from(`sealed:${plaintext}`).toString('base64')),
  });
  const deps: SettingsDeps = {
    store,
    storeSecret: async (name, plaintext) => {
      asked.push(`store secret ${name}`);
      const sealed = Buffer.from(`sealed:${plaintext}`).toString('base64');
      await store.update((draft) => ({ ...draft, secrets: { ...draft.secrets, [name]: sealed } }));
    },
    chooseExportPath: (suggested) => {
      asked.push(`save dialog ${suggested}`);
      return Promise.resolve(dialogAnswers.shift());
    },
    chooseImportPath: () => {
      asked.push('open dialog');
      return Promise.resolve(dialogAnswers.shift());
    },
  };
  return { deps, store, folder };
}

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
async function harness(overrides: Partial<IpcHandlerDeps> = {}) {
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
    settings: (await settingsDeps(clock, asked)).deps,
    catalog: catalogDeps(),
    hideWindow: () => asked.push('hide window'),
    ...overrides,
  });
  return { clock, history, monitor, handlers, asked };
}

describe('IPC handlers on the real engine', () => {
  it("snapshot:get answers the monitor's current picture", async () => {
    const { handlers, monitor } = await harness();
    const snapshot = await handlers['snapshot:get']();
    expect(snapshot).toEqual(monitor.snapshot());
    expect(snapshot.services.map((service) => service.id)).toEqual(['github']);
  });

  it('services:check-now asks the monitor for all services, or the ones named', async () => {
    const { handlers, asked } = await harness();
    await handlers['services:check-now']();
    await handlers['services:check-now'](['github']);
    expect(asked).toEqual(['checkNow null', 'checkNow ["github"]']);
  });

  it('services:history gives 24 h and 7 d uptime and the newest 50 events of that service', async () => {
    const { handlers, history, clock } = await harness();
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
      timeline: history.buckets('service', 'github', DAY).map((bucket) => ({
        at: bucket.start,
        status: bucket.worst,
      })),
      latency: [],
    });
    // The strip shows the six down hours at 5-minute resolution.
    expect(answer.timeline.filter((slot) => slot.status === 'major_outage')).toHaveLength(72);
  });

  it('services:history says "not known" for a service with no samples, or without a history', async () => {
    expect(await (await harness()).handlers['services:history']('npm')).toEqual({
      serviceId: 'npm',
      uptime24h: undefined,
      uptime7d: undefined,
      events: [],
      timeline: [],
      latency: [],
    });
    expect((await harness({ history: undefined })).handlers['services:history']('github')).toEqual({
      serviceId: 'github',
      uptime24h: undefined,
      uptime7d: undefined,
      events: [],
      timeline: [],
      latency: [],
    });
  });

  it('services:detect finds the Statuspage a homepage links to, over loopback', async () => {
    const { handlers } = await harness();
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
      await expect((await harness()).handlers['services:detect'](input)).rejects.toThrow(
        `"${input}" is not a web address`,
      );
      expect(server.requests.length).toBe(before);
    },
  );

  it("config:validate answers the engine's own issues, with field paths", async () => {
    const { handlers } = await harness();
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
    const { handlers, asked } = await harness();
    await handlers['notifications:snooze'](Date.UTC(2026, 0, 1, 9));
    await handlers['notifications:snooze'](null);
    expect(asked).toEqual([`snooze ${Date.UTC(2026, 0, 1, 9)}`, 'snooze off']);
  });

  it('shell:open-external opens http(s) links in the browser', async () => {
    const { handlers, asked } = await harness();
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
    const { handlers, asked } = await harness();
    await expect(handlers['shell:open-external'](url)).rejects.toThrow(
      /^Not opened: only http and https links open in the browser/,
    );
    expect(asked).toEqual([]);
  });
});

describe('IPC handlers for the settings, on the real settings store', () => {
  async function setup(dialogAnswers: (string | undefined)[] = []) {
    const clock = new ManualClock();
    const asked: string[] = [];
    const settings = await settingsDeps(clock, asked, dialogAnswers);
    const { handlers } = await harness({ settings: settings.deps });
    return { handlers, asked, ...settings };
  }

  it('settings:get shows the default services and no secret values', async () => {
    const { handlers } = await setup();
    const view = await handlers['settings:get']();
    const ids = (view.monitor.services as { id: string }[]).map((service) => service.id);
    expect(ids).toEqual(['github', 'cloudflare', 'npm', 'discord']);
    expect(view).toMatchObject({ theme: 'system', launchAtLogin: false, storedSecrets: [], readOnly: false });
    expect(view.alerts.levels).toEqual({});
  });

  it('settings:edit adds a service, and refuses a bad one with paths inside the service', async () => {
    const { handlers, store } = await setup();
    const added = await handlers['settings:edit']({
      kind: 'add-service',
      service: {
        id: 'our-api',
        name: 'Our API',
        sources: [{ type: 'http', url: 'https://api.example.com/health' }],
      },
    });
    expect(added.ok).toBe(true);
    expect(store.monitorConfig().services.map((service) => service.id)).toContain('our-api');

    const refused = await handlers['settings:edit']({
      kind: 'add-service',
      service: { id: 'Bad Id', name: 'Bad', sources: [{ type: 'http', url: 'ftp://example.com' }] },
    });
    expect(refused).toEqual({
      ok: false,
      issues: [{ path: 'id', message: expect.stringMatching(/lowercase letters/) as unknown }],
    });
    const duplicate = await handlers['settings:edit']({
      kind: 'add-service',
      service: { id: 'github', name: 'GitHub again', sources: [{ type: 'http', url: 'https://github.com' }] },
    });
    expect(duplicate).toEqual({
      ok: false,
      issues: [{ path: 'id', message: '"github" is already watched; pick another id' }],
    });
  });

  it('settings:edit changes a level, the theme, and removes a service with its rules', async () => {
    const { handlers, store } = await setup();
    await handlers['settings:edit']({ kind: 'service-level', serviceId: 'npm', level: 'muted' });
    await handlers['settings:edit']({ kind: 'app', theme: 'dark', launchAtLogin: true });
    expect(store.settings()).toMatchObject({
      theme: 'dark',
      launchAtLogin: true,
      alerts: { levels: { npm: 'muted' } },
    });
    const removed = await handlers['settings:edit']({ kind: 'remove-service', serviceId: 'npm' });
    expect(removed.ok && removed.settings.alerts.levels).toEqual({});
    expect(store.monitorConfig().services.map((service) => service.id)).toEqual([
      'github',
      'cloudflare',
      'discord',
    ]);
    expect(await handlers['settings:edit']({ kind: 'remove-service', serviceId: 'npm' })).toEqual({
      ok: false,
      issues: [{ path: '(top level)', message: 'no service "npm" is watched' }],
    });
  });

  it('secrets:store keeps the value sealed and shows only its name', async () => {
    const { handlers, store, asked } = await setup();
    const view = await handlers['secrets:store']('DOWNDETECTOR_SECRET', 'hunter2');
    expect(view.storedSecrets).toEqual(['DOWNDETECTOR_SECRET']);
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(asked).toContain('store secret DOWNDETECTOR_SECRET');
    expect(store.settings().secrets.DOWNDETECTOR_SECRET).not.toContain('hunter2');
  });

  it('settings:export writes the CLI config where the person chose; cancelling writes nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'downwatch-export-'));
    folders.push(folder);
    const target = join(folder, 'mine.json');
    const { handlers, asked } = await setup([undefined, target]);
    expect(await handlers['settings:export']()).toEqual({ status: 'cancelled' });
    expect(await handlers['settings:export']()).toEqual({ status: 'exported', path: target });
    expect(asked.filter((line) => line.startsWith('save dialog'))).toEqual([
      'save dialog downwatch-config.json',
      'save dialog downwatch-config.json',
    ]);
    const written = parseConfig(JSON.parse(await readFile(target, 'utf8')));
    expect(written.ok && written.config.services.map((service) => service.id)).toEqual([
      'github',
      'cloudflare',
      'npm',
      'discord',
    ]);
  });

  it('settings:import replaces the services from a valid file, and names every problem of a bad one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'downwatch-import-'));
    folders.push(folder);
    const good = join(folder, 'good.json');
    const bad = join(folder, 'bad.json');
    await writeFile(
      good,
      JSON.stringify({
        version: 1,
        services: [
          { id: 'ours', name: 'Ours', sources: [{ type: 'tcp', host: 'db.example.com', port: 5432 }] },
        ],
      }),
    );
    await writeFile(bad, '{ "version": 1, "services": [ { "id": "x" ');
    const { handlers, store } = await setup([bad, good, join(folder, 'missing.json')]);

    const refused = await handlers['settings:import']();
    expect(refused).toMatchObject({ status: 'invalid', path: bad });
    expect(refused.status === 'invalid' && refused.issues[0]?.message).toMatch(/line 1/);
    expect(store.monitorConfig().services).toHaveLength(4);

    expect(await handlers['settings:import']()).toEqual({
      status: 'imported',
      path: good,
      missingSecrets: [],
    });
    expect(store.monitorConfig().services.map((service) => service.id)).toEqual(['ours']);

    const unreadable = await handlers['settings:import']();
    expect(unreadable).toMatchObject({ status: 'invalid', issues: [{ path: '(file)' }] });
    expect(unreadable.status === 'invalid' && unreadable.issues[0]?.message).toMatch(
      /could not read the file/,
    );
  });

  it('catalog:search finds a service by alias; catalog:add adds it as `downwatch add` would, once', async () => {
    const { handlers, store } = await setup();
    const hits = await handlers['catalog:search']('gh');
    expect(hits[0]).toMatchObject({
      id: 'github',
      statusType: 'statuspage',
      statusTitle: 'Atlassian Statuspage',
    });
    const everything = await handlers['catalog:search']('');
    expect(everything.length).toBeGreaterThanOrEqual(150);

    const slack = everything.find((hit) => hit.id === 'slack');
    expect(slack).toBeDefined();
    const added = await handlers['catalog:add']('slack');
    expect(added.ok).toBe(true);
    const service = store.monitorConfig().services.find((candidate) => candidate.id === 'slack');
    // As the catalog describes it: the official page first, then the probe.
    expect(service?.sources.map((source) => source.type)).toEqual(['slack', 'http']);
    expect(await handlers['catalog:add']('slack')).toEqual({
      ok: false,
      issues: [{ path: 'id', message: '"slack" is already watched; pick another id' }],
    });
    expect(await handlers['catalog:add']('no-such-service')).toEqual({
      ok: false,
      issues: [{ path: 'id', message: '"no-such-service" is not in the catalog' }],
    });
  });

  it('window:hide hides the popover', async () => {
    const clock = new ManualClock();
    const asked: string[] = [];
    const { handlers } = await harness({
      settings: (await settingsDeps(clock, asked)).deps,
      hideWindow: () => asked.push('hidden'),
    });
    await handlers['window:hide']();
    expect(asked).toEqual(['hidden']);
  });
});
