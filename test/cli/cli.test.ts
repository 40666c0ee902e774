import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../main/cli/desktop-notifier.js';
import type { CliIo } from '../../main/cli/io.js';
import { main } from '../../main/cli/main.js';
import { startRoutes, type TestServer } from '../support/http-server.js';
import { realFixture } from '../support/fixtures.js';
import { scaledClock, until } from '../support/scaled-clock.js';
import { twitterService } from '../support/twitter-case.js';
import { SOURCE_TYPES } from '../../main/monitor/sources/registry.js';

const KNOWN_TYPES = Object.keys(SOURCE_TYPES).join(', ');

let server: TestServer;
let dir: string;
let homePage = 'error';

beforeAll(async () => {
  server = await startRoutes({
    '/generate_204': { status: 204 },
    '/status/api/v2/summary.json': {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: { 'content-type': 'application/json' },
    },
    '/home': (_req, res) => {
      res.end(homePage === 'error' ? 'Something went wrong, try again' : 'Home');
    },
    '/ok': { body: 'fine' },
  });
  dir = await mkdtemp(join(tmpdir(), 'downwatch-cli-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function configFor(services: unknown[]): unknown {
  return {
    version: 1,
    confirm: { retryDelayMs: 0 },
    connectivity: { targets: [`${server.url}/generate_204`] },
    services,
  };
}

function twitter(): unknown {
  return twitterService(server.url, { intervalSeconds: 60 });
}

function healthy(): unknown {
  return { id: 'healthy', name: 'Healthy', sources: [{ type: 'http', url: `${server.url}/ok` }] };
}

async function writeConfig(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(
  argv: string[],
  options: { env?: Record<string, string>; signal?: AbortSignal; watch?: Parameters<typeof main>[3] } = {},
): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: { NO_COLOR: '1', ...options.env },
    isTty: false,
    columns: 200,
  };
  const code = await main(argv, io, options.signal ?? new AbortController().signal, options.watch);
  return { code, out, err };
}

describe('downwatch check', () => {
  it('prints the verdict table, worst first, with the reasons, and exits 1 when something is disrupted', async () => {
    homePage = 'error';
    const config = await writeConfig('twitter.json', configFor([healthy(), twitter()]));
    const result = await run(['check', '--config', config]);
    expect(result.code).toBe(1);
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Connectivity: online \(reached 127\.0\.0\.1:\d+ in \d+ ms\)$/);
    expect(lines[1]).toMatch(
      /^✖ Major outage {2}Twitter {2}probe "Desktop web": HTTP 200 with error text "Something went wrong" \(failed 3 of 3 attempts\), while the official page says operational$/,
    );
    expect(lines[2]).toMatch(/^ +- probe "Desktop web": HTTP 200 with error text "Something went wrong"/);
    expect(lines[3]).toMatch(/^ +- Official page: operational$/);
    expect(lines[4]).toMatch(/^✓ Operational {3}Healthy {2}HTTP 200 in \d+ ms$/);
  });

  it('prints the JSON contract', async () => {
    homePage = 'error';
    const config = await writeConfig('twitter-json.json', configFor([twitter()]));
    const result = await run(['check', '--config', config, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      checkedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) as unknown,
      connectivity: { status: 'online', detail: expect.any(String) as unknown },
      services: [
        {
          id: 'twitter',
          name: 'Twitter',
          status: 'major_outage',
          summary: expect.stringContaining('Something went wrong') as unknown,
          reasons: expect.any(Array) as unknown,
          sources: [
            {
              type: 'http',
              label: 'Desktop web',
              family: 'probe',
              status: 'major_outage',
              detail: expect.any(String) as unknown,
              latencyMs: expect.any(Number) as unknown,
            },
            {
              type: 'statuspage',
              label: 'Official page',
              family: 'official',
              status: 'operational',
              detail: 'All Systems Operational',
            },
          ],
        },
      ],
    });
  });

  it('exits 0 when nothing is degraded, and checks only the services asked for', async () => {
    homePage = 'error';
    const config = await writeConfig('mixed.json', configFor([healthy(), twitter()]));
    const result = await run(['check', '--config', config, '--service', 'healthy', '--json']);
    expect(result.code).toBe(0);
    expect(
      (JSON.parse(result.out) as { services: { id: string }[] }).services.map((service) => service.id),
    ).toEqual(['healthy']);
  });

  it.each<[string, string[], RegExp]>([
    [
      'an unknown service',
      ['check', '--service', 'nope'],
      /^downwatch: unknown service "nope" \(configured: github, cloudflare, npm, discord\)$/m,
    ],
    [
      'an unknown command',
      ['chek'],
      /^downwatch: unknown command "chek" \(commands: check, watch, validate, detect, catalog, add\)$/m,
    ],
    ['an unknown option', ['check', '--jsn'], /^downwatch: Unknown option '--jsn'$/m],
    [
      'an option of another command',
      ['check', '--no-notify'],
      /^downwatch: --no-notify does not apply to "check"$/m,
    ],
    ['validate without a file', ['validate'], /^downwatch: validate needs --config FILE$/m],
  ])('exits 2 for %s', async (_name, argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe('downwatch validate', () => {
  it('reports every problem with its field path', async () => {
    const config = await writeConfig('bad.json', {
      version: 1,
      services: [
        {
          id: 'x',
          name: 'X',
          sources: [
            { type: 'http', url: 'twitter.com' },
            { type: 'statuspag', url: 'https://x.y' },
          ],
        },
      ],
    });
    const result = await run(['validate', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `downwatch: ${config} is not a valid Downwatch config:\n` +
        '  services[0].sources[0].url: expected an http(s) URL\n' +
        `  services[0].sources[1].type: unknown source type "statuspag" (known: ${KNOWN_TYPES})\n`,
    );
  });

  it('points at a JSON syntax error', async () => {
    const config = await writeConfig('syntax.json', '{\n  "version": 1,\n  "services": [,]\n}');
    const result = await run(['validate', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('not valid JSON: expected a value but found "," at line 3 column 16');
  });

  it.each([
    ['a missing file', 'missing.json', 'file not found'],
    ['an empty file', 'empty.json', 'the file is empty'],
  ])('names %s', async (_name, file, message) => {
    if (file === 'empty.json') await writeConfig(file, '');
    const result = await run(['validate', '--config', join(dir, file)]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${join(dir, file)}: ${message}`);
  });

  it('confirms a valid config', async () => {
    const config = await writeConfig('good.json', configFor([twitter()]));
    const result = await run(['validate', '--config', config]);
    expect(result).toEqual({ code: 0, out: `${config} is valid: 1 services, 2 sources.\n`, err: '' });
  });
});

describe('downwatch watch', () => {
  it('prints events as they happen, notifies changes, and keeps history', async () => {
    homePage = 'fine';
    const config = await writeConfig('watch.json', configFor([twitter()]));
    const stateDir = join(dir, 'state');
    const stop = new AbortController();
    const notifications: DesktopNotification[] = [];
    let out = '';
    const running = main(
      ['watch', '--config', config, '--state-dir', stateDir],
      {
        stdout: (text) => (out += text),
        stderr: () => undefined,
        env: { NO_COLOR: '1' },
        isTty: false,
        columns: 120,
      },
      stop.signal,
      { clock: scaledClock(50), notify: (notification) => notifications.push(notification) },
    );
    await until(() => out.includes('Watching 1 service'), 'the start line');
    await new Promise((resolve) => setTimeout(resolve, 200));
    homePage = 'error';
    await until(() => out.includes('Twitter: major outage'), 'the down event');
    homePage = 'fine';
    await until(() => out.includes('Twitter recovered'), 'the recovery');
    // Notifications come through the alert policy, which waits out its coalescing window.
    await until(() => notifications.length === 2, 'the recovery notification');
    stop.abort();
    expect(await running).toBe(0);
    expect(out).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}✖ Twitter: major outage — probe "Desktop web": HTTP 200 with error text "Something went wrong", while the official page says operational/,
    );
    expect(notifications.map((notification) => notification.title)).toEqual([
      'Twitter: major outage',
      'Twitter recovered',
    ]);
    const saved = JSON.parse(await readFile(join(stateDir, 'history.json'), 'utf8')) as { events: unknown[] };
    expect(saved.events).toHaveLength(2);
  });
});

describe('downwatch detect', () => {
  it('prints a ready source config and exits 0', async () => {
    const result = await run(['detect', `${server.url}/status`]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `${server.url}/status speaks Atlassian Statuspage:\n{\n  "type": "statuspage",\n  "url": "${server.url}/status"\n}`,
    );
  });

  it('exits 1 when nothing is found, and 2 without a URL', async () => {
    expect((await run(['detect', `${server.url}/ok`])).code).toBe(1);
    const missing = await run(['detect']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^downwatch: detect needs a URL, e\.g\. downwatch detect github\.com$/m);
  });
});

describe('the installed command', () => {
  const bin = fileURLToPath(new URL('../../dist/main/cli/bin.js', import.meta.url));

  it('runs as a process with real exit codes', async () => {
    expect(
      existsSync(bin),
      'dist/ is missing: npm test builds it; run `npm run build` when running vitest alone',
    ).toBe(true);
    homePage = 'error';
    const config = await writeConfig('process.json', configFor([twitter()]));
    const exec = promisify(execFile);
    const failure = await exec(process.execPath, [bin, 'check', '--config', config, '--json']).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect(failure?.code).toBe(1);
    expect(
      (JSON.parse(failure?.stdout ?? '{}') as { services: { status: string }[] }).services[0]?.status,
    ).toBe('major_outage');
    const help = await exec(process.execPath, [bin, '--help']);
    expect(help.stdout).toMatch(/^Usage: downwatch <command>/);
  });
});
