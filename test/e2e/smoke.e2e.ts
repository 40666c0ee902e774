import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realFixture } from '../support/fixtures.js';
import { startRoutes, type TestServer } from '../support/http-server.js';
import { FIXTURE_SERVICE, linuxUserData, smokeSettings, SUMMARY_FIXTURE } from './smoke-scene.js';

/**
 * The Electron smoke test (issue 7): the packaged Linux app, built by `npm run dist:e2e` (release
 * fuses, but with --inspect allowed so Playwright can drive the main process), launched under
 * Xvfb and a D-Bus session. It runs on GitHub's ubuntu runner (.github/workflows/ci.yml), where
 * Electron can be downloaded; `npm run test:e2e` runs it anywhere the package exists.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const EXECUTABLE =
  process.env.DOWNWATCH_E2E_EXECUTABLE ?? join(REPO, 'release', 'linux-unpacked', 'downwatch');

let server: TestServer | undefined;
let scratch = '';
/** Undefined when the launch failed: afterAll still cleans up. */
let app: ElectronApplication | undefined;
const stderr: string[] = [];

beforeAll(async () => {
  const fixtures = await startRoutes({
    '/api/v2/summary.json': {
      headers: { 'content-type': 'application/json' },
      body: realFixture(SUMMARY_FIXTURE),
    },
    '/health': { body: 'ok' },
  });
  server = fixtures;
  scratch = await mkdtemp(join(tmpdir(), 'downwatch-e2e-'));
  const xdgConfig = join(scratch, 'config');
  await mkdir(linuxUserData(xdgConfig), { recursive: true });
  await writeFile(join(linuxUserData(xdgConfig), 'config.json'), JSON.stringify(smokeSettings(fixtures.url)));

  const launched = await _electron.launch({
    executablePath: EXECUTABLE,
    // GitHub's Ubuntu images forbid the unprivileged user namespaces Chromium's sandbox needs.
    args: ['--no-sandbox'],
    env: {
      ...process.env,
      HOME: scratch,
      XDG_CONFIG_HOME: xdgConfig,
      DOWNWATCH_DEBUG: '1',
    },
    timeout: 60_000,
  });
  app = launched;
  launched.process().stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
}, 90_000);

afterAll(async () => {
  await app?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function popover(): Promise<Page> {
  if (!app) throw new Error('the app did not launch');
  const page = await app.firstWindow();
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.show());
  return page;
}

describe('the packaged app', () => {
  it('puts its icon in the tray and shows the fixture service operational there', async () => {
    await expect.poll(() => stderr.join('')).toMatch(/tray: created/);
    await expect.poll(() => stderr.join('')).toMatch(/tray: operational: Downwatch: 1 operational/);
  });

  it('renders the fixture service in the popover, from the engine, through the preload', async () => {
    const page = await popover();
    const rows = page.getByRole('list', { name: 'Services, worst first' }).getByRole('button');
    await expect.poll(() => rows.locator('.row-name').allInnerTexts()).toEqual([FIXTURE_SERVICE.name]);
    await expect.poll(() => rows.locator('.badge-word').allInnerTexts()).toEqual(['Operational']);
  });

  it('was packaged with the runAsNode fuse off: ELECTRON_RUN_AS_NODE does not turn it into Node', () => {
    // With the fuse on, this would print the marker and exit; with it off, the binary starts
    // Downwatch, which finds the running instance (the single-instance lock) and quits.
    const run = spawnSync(EXECUTABLE, ['--no-sandbox', '-e', 'process.stdout.write("ran as node")'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', XDG_CONFIG_HOME: join(scratch, 'config') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stdout).not.toContain('ran as node');
    expect(run.error).toBeUndefined();
  });
});
