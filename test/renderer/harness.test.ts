import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/desktop/security.js';
import type { DownwatchApi, PushChannels } from '../../main/shared/ipc.js';
import type { Snapshot } from '../../main/shared/snapshot.js';
import { startApp, type AppUnderTest } from './support/app-under-test.js';
import { manyScene, SCENES, XSS_IMG, XSS_SCRIPT, type Scene } from './support/scenes.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { skipWithoutChromium, useChromium } from './support/use-chromium.js';

/**
 * The harness itself: the static server keeps to its root and sends the app's policy, every
 * scene ends in the statuses it promises, and a page in Chromium meets the real handlers
 * through the same gate and contract as the preload.
 */

const DAY = 24 * 60 * 60 * 1000;

/** What the page under test sees of itself (tests type-check without the DOM library). */
interface TestPage {
  readonly downwatch: DownwatchApi;
  pushes: { channel: string; payload: unknown }[];
  inlineRan?: boolean;
}

const noChromium = skipWithoutChromium('test/renderer/harness.test.ts');

let root: string;
let renderer: StaticServer;

/**
 * A stand-in page (the renderer is built elsewhere): it records every push it hears and shows
 * the services as text. Its inline script must be refused by the policy.
 */
beforeAll(async () => {
  const parent = await mkdtemp(join(tmpdir(), 'downwatch-harness-'));
  root = join(parent, 'www');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(parent, 'secret.txt'), 'outside the root');
  await symlink(join(parent, 'secret.txt'), join(root, 'assets', 'link.txt'));
  await writeFile(
    join(root, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>stand-in</title><ul id="list"></ul>' +
      '<script>window.inlineRan = true</script><script type="module" src="./assets/app.js"></script>',
  );
  await writeFile(
    join(root, 'assets', 'app.js'),
    `window.pushes = [];
for (const channel of ['snapshot:changed', 'window:show-service', 'window:show-settings', 'settings:changed'])
  window.downwatch.on(channel, (payload) => window.pushes.push({ channel, payload }));
const snapshot = await window.downwatch.snapshotGet();
for (const service of snapshot.services) {
  const item = document.createElement('li');
  item.textContent = service.name + ': ' + service.status;
  document.getElementById('list').append(item);
}
document.body.dataset.ready = 'yes';
`,
  );
  renderer = await startStaticServer(root);
});

afterAll(async () => {
  await renderer.close();
  await rm(join(root, '..'), { recursive: true, force: true });
});

/** A raw GET, path sent exactly as given (no client-side normalising). */
function get(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: renderer.port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the static server', () => {
  it("serves the page with the app's Content-Security-Policy and real content types", async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>stand-in</title>');
    const script = await get('/assets/app.js?v=1');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/..%5csecret.txt',
    '/%00',
    '/%E0%A4%A',
    '/assets/link.txt',
  ])('refuses %s with a 404', async (path) => {
    const answer = await get(path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('outside the root');
  });
});

describe('scenes', () => {
  const cases: [string, Scene][] = [
    ...Object.entries(SCENES).filter(([name]) => name !== 'everyday'),
    ['many-50', manyScene(50)],
  ];
  it.each(cases)('%s ends in the statuses it promises', async (_name, scene) => {
    const app = await startApp(scene, { live: false });
    try {
      const snapshot = app.monitor.snapshot();
      expect(snapshot.connectivity.status).toBe(scene.connectivity);
      expect(statuses(snapshot)).toEqual(scene.expected);
    } finally {
      await app.close();
    }
  });

  it('xss carries the markup to the snapshot as text, in the title, an update and a component', async () => {
    const app = await startApp(SCENES.xss, { live: false });
    try {
      const official = app.monitor.snapshot().services[0]?.sources[0]?.official;
      const incident = official?.incidents.find((candidate) => candidate.title.includes(XSS_IMG));
      expect(incident?.title).toContain(XSS_SCRIPT);
      const text = JSON.stringify(incident);
      expect(text).toContain(JSON.stringify(XSS_IMG).slice(1, -1));
      expect(text).toContain(JSON.stringify(XSS_SCRIPT).slice(1, -1));
      expect(official?.components.some((component) => component.name.includes(XSS_IMG))).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('the everyday scene', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp(SCENES.everyday, { live: false });
  }, 30_000);
  afterAll(async () => {
    await app.close();
  });

  it('has one service in each state, and is online', () => {
    const snapshot = app.monitor.snapshot();
    expect(snapshot.connectivity.status).toBe('online');
    expect(statuses(snapshot)).toEqual(SCENES.everyday.expected);
    const byId = (id: string) => snapshot.services.find((service) => service.id === id)!;
    expect(byId('twitter').summary).toMatch(
      /error text "Something went wrong".*official page says operational/,
    );
    expect(byId('our-api').sources[0]?.detail).toMatch(/slower than 25 ms/);
    expect(byId('discord').sources[1]?.crowd?.regions.map((share) => share.region)).toEqual([
      'US',
      'JP',
      'GB',
    ]);
    expect(byId('twilio').sources[0]?.official?.incidents.length).toBeGreaterThan(0);
    expect(byId('cloudamqp').sources[0]?.official?.maintenances.length).toBeGreaterThan(0);
    expect(byId('intranet').summary).toMatch(/^Unknown: no source could be read/);
  });

  it('has a day of history: timelines, latency sparklines, uptime and events', async () => {
    const twitter = await app.handlers['services:history']('twitter');
    expect(twitter.timeline.length).toBeGreaterThanOrEqual(280);
    expect(twitter.timeline[0]!.at).toBeLessThan(app.clock.now() - DAY + 10 * 60_000);
    // Down 140 of 1440 minutes. Uptime counts samples, and a failure being confirmed is sampled
    // more often than a steady state, so it reads lower than the 90% of the time it was up.
    expect(twitter.uptime24h).toBeGreaterThan(0.75);
    expect(twitter.uptime24h).toBeLessThan(0.95);
    expect(twitter.events.map((event) => event.kind)).toEqual(['down', 'recovered', 'down']);
    expect(twitter.latency[0]?.points.length).toBeGreaterThanOrEqual(280);

    const api = await app.handlers['services:history']('our-api');
    const points = api.latency[0]!.points.map((point) => point.meanMs);
    // Slow (40 ms) for the last 45 minutes, loopback-fast before: a sparkline with a rise at its end.
    expect(points.at(-1)).toBeGreaterThan(25);
    expect(median(points.slice(0, -12))).toBeLessThan(25);
    expect(api.events[0]).toMatchObject({ kind: 'down', from: 'operational', to: 'degraded' });
  });
});

describe.skipIf(noChromium !== undefined)('a page in Chromium', () => {
  const chromium = useChromium();
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp(SCENES.xss, { live: false });
  });
  afterAll(async () => {
    await app.close();
  });

  it("gets the engine's snapshot through window.downwatch, and the policy stops inline script", async () => {
    const page = await chromium.newPage();
    const session = await app.open(page, renderer.pageUrl);
    await ready(page);
    const seen = await page.evaluate(() => (globalThis as unknown as TestPage).downwatch.snapshotGet());
    expect(seen).toEqual(app.monitor.snapshot());
    expect(await page.locator('#list li').allTextContents()).toEqual(['Acme: degraded']);
    expect(await page.evaluate(() => (globalThis as unknown as TestPage).inlineRan ?? false)).toBe(false);
    expect(session.problems.some((problem) => problem.startsWith('csp: script-src'))).toBe(true);
    // Nothing else went wrong: the refused inline script is the page's only problem.
    expect(session.problems.filter((problem) => !problem.includes('script-src'))).toEqual([]);
  });

  it("offers exactly the preload's methods, frozen", async () => {
    const page = await chromium.newPage();
    await app.open(page, renderer.pageUrl);
    const shape = await page.evaluate(() => ({
      keys: Object.keys((globalThis as unknown as TestPage).downwatch).sort(),
      frozen: Object.isFrozen((globalThis as unknown as TestPage).downwatch),
    }));
    expect(shape).toEqual({
      keys: [
        'catalogAdd',
        'catalogSearch',
        'configValidate',
        'notificationsSnooze',
        'on',
        'servicesCheckNow',
        'servicesDetect',
        'servicesHistory',
        'settingsEdit',
        'settingsExport',
        'settingsGet',
        'settingsImport',
        'secretsStore',
        'shellOpenExternal',
        'snapshotGet',
        'windowHide',
      ].sort(),
      frozen: true,
    });
  });

  it("answers settingsEdit with the engine's issues, and records every call", async () => {
    const page = await chromium.newPage();
    await app.open(page, renderer.pageUrl);
    await ready(page);
    const before = app.invocations.length;
    const result = await page.evaluate(() =>
      (globalThis as unknown as TestPage).downwatch.settingsEdit({
        kind: 'add-service',
        service: { id: 'Bad Id', name: 'Bad', sources: [{ type: 'http', url: 'ftp://example.com' }] },
      }),
    );
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'id', message: expect.stringMatching(/lowercase letters/) as unknown }],
    });
    await page.evaluate(() =>
      (globalThis as unknown as TestPage).downwatch.shellOpenExternal('https://status.twilio.com/'),
    );
    expect(app.opened).toContain('https://status.twilio.com/');
    expect(app.invocations.slice(before).map((call) => call.channel)).toEqual([
      'settings:edit',
      'shell:open-external',
    ]);
  });

  it('refuses bad arguments and foreign pages as main does, in Electron’s words', async () => {
    const page = await chromium.newPage();
    await app.open(page, renderer.pageUrl);
    const refusal = await page.evaluate(() =>
      (globalThis as unknown as TestPage).downwatch.servicesHistory('../etc').then(
        () => 'answered',
        (error: unknown) => String(error),
      ),
    );
    expect(refusal).toMatch(
      /^Error: Error invoking remote method 'services:history': Error: services:history: invalid arguments at \[0\]/,
    );
    const unsafe = await page.evaluate(() =>
      (globalThis as unknown as TestPage).downwatch.shellOpenExternal('javascript:alert(1)').then(
        () => 'opened',
        (error: unknown) => String(error),
      ),
    );
    expect(unsafe).toMatch(/'shell:open-external': Error: Not opened: only http and https links/);

    // Another origin gets the same object (init scripts run everywhere) but main does not answer it.
    await page.goto(app.detectUrl);
    const foreign = await page.evaluate(() =>
      (globalThis as unknown as TestPage).downwatch.snapshotGet().then(
        () => 'answered',
        (error: unknown) => String(error),
      ),
    );
    expect(foreign).toMatch(/snapshot:get: refused: not sent by the Downwatch window/);
  });

  it('delivers pushes to on() listeners, and finds a Statuspage by URL', async () => {
    const page = await chromium.newPage();
    await app.open(page, renderer.pageUrl);
    await ready(page);
    await app.push('window:show-service', 'acme');
    await app.push('snapshot:changed', app.monitor.snapshot());
    const pushes = await page.evaluate(() => (globalThis as unknown as TestPage).pushes);
    expect(pushes).toEqual([
      { channel: 'window:show-service', payload: 'acme' },
      { channel: 'snapshot:changed', payload: app.monitor.snapshot() },
    ] satisfies { channel: keyof PushChannels; payload: unknown }[]);

    const detected = await page.evaluate(
      (url) => (globalThis as unknown as TestPage).downwatch.servicesDetect(url),
      app.detectUrl,
    );
    expect(detected.matches.map((match) => match.config)).toEqual([
      { type: 'statuspage', url: `${app.site.url}/acme-corp/status` },
    ]);
  });
});

describe.skipIf(noChromium !== undefined)('a live app', () => {
  const chromium = useChromium();

  it('checks on request and pushes the new snapshot and settings to the page', async () => {
    const app = await startApp(SCENES.empty);
    try {
      const page = await chromium.newPage();
      await app.open(page, renderer.pageUrl);
      await ready(page);
      const added = await page.evaluate(
        (url) =>
          (globalThis as unknown as TestPage).downwatch.settingsEdit({
            kind: 'add-service',
            service: { id: 'acme', name: 'Acme Corp', sources: [{ type: 'http', url }] },
          }),
        app.detectUrl,
      );
      expect(added.ok).toBe(true);
      // The engine reads the new service on its own clock, which follows real time now.
      // (expect.poll, not page.waitForFunction: Playwright evaluates that predicate with eval,
      // which the page's policy refuses.)
      await expect
        .poll(() =>
          page.evaluate(() =>
            (globalThis as unknown as TestPage).pushes.some(
              (push) =>
                push.channel === 'snapshot:changed' &&
                (push.payload as Snapshot).services.some((service) => service.status === 'operational'),
            ),
          ),
        )
        .toBe(true);
      const channels = new Set(
        (await page.evaluate(() => (globalThis as unknown as TestPage).pushes)).map((push) => push.channel),
      );
      expect(channels).toEqual(new Set(['settings:changed', 'snapshot:changed']));
    } finally {
      await app.close();
    }
  });
});

/** The stand-in page has asked for its snapshot and shown it (an empty list is an invisible body). */
async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
}

function statuses(snapshot: Snapshot): Record<string, string> {
  return Object.fromEntries(snapshot.services.map((service) => [service.id, service.status]));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
