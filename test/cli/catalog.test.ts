import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../main/catalog/catalog.js';
import type { CliIo } from '../../main/cli/io.js';
import { main } from '../../main/cli/main.js';
import { parseConfig } from '../../main/monitor/config/parse.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'downwatch-catalog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: { NO_COLOR: '1' },
    isTty: false,
    columns: 200,
  };
  const code = await main(argv, io, new AbortController().signal);
  return { code, out, err };
}

async function readJson(path: string): Promise<{ services: { id: string }[] } & Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as { services: { id: string }[] } & Record<string, unknown>;
}

describe('downwatch catalog search', () => {
  it('prints the matches as a table, best first', async () => {
    const result = await run(['catalog', 'search', 'git']);
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +CATEGORY +STATUS SOURCE$/);
    expect(lines[1]).toMatch(/^github +GitHub +developer +statuspage$/);
    expect(lines.some((line) => /^gitlab +GitLab +developer +statusio$/.test(line))).toBe(true);
  });

  it('takes several words as one query, and --json prints every field', async () => {
    const result = await run(['catalog', 'search', 'google', 'cloud', '--json']);
    expect(result.code).toBe(0);
    const [first] = JSON.parse(result.out) as Record<string, unknown>[];
    expect(first).toMatchObject({
      id: 'google-cloud',
      category: 'cloud',
      statusSource: { type: 'gcp', url: 'https://status.cloud.google.com' },
    });
    expect(Object.keys(first ?? {})).toEqual([
      'id',
      'name',
      'aliases',
      'category',
      'homepage',
      'statusSource',
      'probe',
    ]);
  });

  it('says so and exits 1 when nothing matches', async () => {
    const result = await run(['catalog', 'search', 'zzqx']);
    expect(result).toEqual({
      code: 1,
      out: 'No catalog service matches "zzqx". See them all with: downwatch catalog list\n',
      err: '',
    });
  });

  it('shows a service without an official page as probe only', async () => {
    const result = await run(['catalog', 'search', 'twitter']);
    expect(result.out).toMatch(/^x +X \(Twitter\) +social +none \(probe only\)$/m);
  });
});

describe('downwatch catalog list', () => {
  it('--json prints every entry with all its fields', async () => {
    const result = await run(['catalog', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual(CATALOG);
  });

  it('prints a table of every entry and a count', async () => {
    const result = await run(['catalog', 'list']);
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split('\n');
    expect(lines.filter((line) => /^\S+ {2,}/.test(line))).toHaveLength(CATALOG.length + 1);
    expect(result.out).toContain(`\n${CATALOG.length} services in 15 categories`);
  });
});

describe('downwatch add', () => {
  it('creates the config when the file does not exist', async () => {
    const path = join(dir, 'new', 'services.json');
    const result = await run(['add', 'github', '--config', path]);
    expect(result).toEqual({
      code: 0,
      out:
        `Added GitHub (github) to a new config, ${path}:\n` +
        '  official: statuspage https://www.githubstatus.com\n' +
        '  probe: https://github.com/\n' +
        `Check it with: downwatch check --config ${path} --service github\n`,
      err: '',
    });
    const saved = await readJson(path);
    expect(saved).toEqual({
      version: 1,
      services: [
        {
          id: 'github',
          name: 'GitHub',
          sources: [
            { type: 'statuspage', url: 'https://www.githubstatus.com' },
            { type: 'http', url: 'https://github.com/', degradedAboveMs: 3000 },
          ],
        },
      ],
    });
    expect(await readFile(path, 'utf8')).toMatch(/^\{\n {2}"version": 1,\n {2}"services": \[\n/);
    expect(parseConfig(saved).ok).toBe(true);
  });

  it('appends to an existing config and keeps the rest of it', async () => {
    const path = join(dir, 'existing.json');
    const existing = {
      version: 1,
      maxConcurrent: 4,
      connectivity: { targets: ['https://example.net/'] },
      services: [
        { id: 'ours', name: 'Our API', sources: [{ type: 'http', url: 'https://api.example.net/health' }] },
      ],
      app: { theme: 'dark' },
    };
    await writeFile(path, JSON.stringify(existing));
    const result = await run(['add', 'X', '--config', path]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Added X (Twitter) (x) to ${path} (now 2 services):\n  official: none`);
    const saved = await readJson(path);
    expect(saved).toEqual({
      ...existing,
      services: [
        ...existing.services,
        {
          id: 'x',
          name: 'X (Twitter)',
          sources: [
            {
              type: 'http',
              url: 'https://x.com/home',
              label: 'Desktop web',
              bodyMustNotContain: ['Something went wrong'],
              degradedAboveMs: 3000,
            },
          ],
        },
      ],
    });
    expect(Object.keys(saved)).toEqual(Object.keys(existing));
  });

  it.each<[string, () => Promise<string>, string, RegExp]>([
    [
      'an id already in the config',
      async () => {
        const path = join(dir, 'twice.json');
        await run(['add', 'npm', '--config', path]);
        return path;
      },
      'npm',
      /already has a service with the id "npm" \(services\[0\]\); nothing was added$/m,
    ],
    [
      'an id that is not in the catalog, with close matches',
      () => Promise.resolve(join(dir, 'unknown.json')),
      'gihub',
      /^downwatch: "gihub" is not in the catalog\. Did you mean: github \(GitHub\)/m,
    ],
    [
      'an id that nothing resembles',
      () => Promise.resolve(join(dir, 'unknown.json')),
      'qwertyuiop',
      /^downwatch: "qwertyuiop" is not in the catalog\. Search it with: downwatch catalog search qwertyuiop$/m,
    ],
    [
      'a file that is not JSON',
      async () => {
        const path = join(dir, 'broken.json');
        await writeFile(path, '{ "version": 1, "services": [], }');
        return path;
      },
      'github',
      /is not a valid Downwatch config, so nothing was added:\n {2}.*broken\.json: not valid JSON: a comma before "\}"/,
    ],
    [
      'a file that is not a valid config',
      async () => {
        const path = join(dir, 'invalid.json');
        await writeFile(
          path,
          JSON.stringify({ version: 1, services: [{ id: 'Bad Id', name: 'x', sources: [] }] }),
        );
        return path;
      },
      'github',
      /so nothing was added:\n {2}services\[0\]\.id: use lowercase letters/,
    ],
  ])('refuses %s and leaves the file as it was', async (_name, prepare, id, message) => {
    const path = await prepare();
    const before = existsSync(path) ? await readFile(path, 'utf8') : undefined;
    const result = await run(['add', id, '--config', path]);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(existsSync(path) ? await readFile(path, 'utf8') : undefined).toBe(before);
  });
});

describe('catalog usage errors', () => {
  it.each<[string[], RegExp]>([
    [
      ['catalog'],
      /^downwatch: catalog needs "search QUERY" or "list", e\.g\. downwatch catalog search github$/m,
    ],
    [['catalog', 'find', 'x'], /^downwatch: unknown catalog action "find" \(actions: search, list\)$/m],
    [
      ['catalog', 'search'],
      /^downwatch: catalog search needs a query, e\.g\. downwatch catalog search github$/m,
    ],
    [['catalog', 'list', 'extra'], /^downwatch: unexpected argument "extra"$/m],
    [['catalog', 'list', '--config', 'x.json'], /^downwatch: --config does not apply to "catalog"$/m],
    [
      ['add', '--config', 'x.json'],
      /^downwatch: add needs a catalog id, e\.g\. downwatch add github --config my-services\.json$/m,
    ],
    [
      ['add', 'github'],
      /^downwatch: add needs --config FILE, e\.g\. downwatch add github --config my-services\.json$/m,
    ],
    [['add', 'github', '--config', 'x.json', '--json'], /^downwatch: --json does not apply to "add"$/m],
  ])('exits 2 for %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe('the installed command', () => {
  const bin = fileURLToPath(new URL('../../dist/main/cli/bin.js', import.meta.url));

  it('searches the catalog and adds a service as a process', async () => {
    expect(
      existsSync(bin),
      'dist/ is missing: npm test builds it; run `npm run build` when running vitest alone',
    ).toBe(true);
    const exec = promisify(execFile);
    const search = await exec(process.execPath, [bin, 'catalog', 'search', 'slack']);
    expect(search.stdout).toMatch(/^slack +Slack +communication +slack$/m);
    const path = join(dir, 'process.json');
    const added = await exec(process.execPath, [bin, 'add', 'slack', '--config', path]);
    expect(added.stdout).toMatch(/^Added Slack \(slack\) to a new config/);
    expect((await readJson(path)).services.map((service) => service.id)).toEqual(['slack']);
    const again = await exec(process.execPath, [bin, 'add', 'slack', '--config', path]).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(again?.code).toBe(2);
    expect(again?.stderr).toContain('already has a service with the id "slack"');
  });
});
