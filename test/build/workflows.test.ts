import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO } from './builder-config.js';

/**
 * The GitHub Actions workflows cannot run here. action-validator checks each against GitHub's
 * workflow schema (SchemaStore's, compiled into it); the tables below check that each does what
 * the README says it does.
 */
const WORKFLOWS = ['ci.yml', 'release.yml'] as const;
const read = (name: string): string => readFileSync(join(REPO, '.github', 'workflows', name), 'utf8');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly if?: string;
}
interface Job {
  readonly 'runs-on': string;
  readonly needs?: string | string[];
  readonly strategy?: { matrix: { os?: string[]; include?: { os: string }[] } };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}
const workflow = (name: string): Workflow => parse(read(name)) as Workflow;
const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');
const uses = (job: Job, action: string): Step[] =>
  job.steps.filter((step) => step.uses?.startsWith(`${action}@`));

describe("GitHub's workflow schema", () => {
  it.each(WORKFLOWS)('accepts %s', (name) => {
    expect(validateWorkflow(read(name)).errors).toEqual([]);
  });

  it.each([
    [
      'a misspelt key',
      (text: string) => text.replace('runs-on: ${{ matrix.os }}', 'run-on: ${{ matrix.os }}'),
    ],
    ['a job without steps', (text: string) => text.replace(/steps:[\s\S]*?(\n {2}\S)/, 'steps: 3$1')],
    ['an unknown trigger', (text: string) => text.replace('workflow_dispatch:', 'on_a_whim:')],
  ])('refuses %s, so its acceptance means something', (_name, spoil) => {
    const spoilt = spoil(read('ci.yml'));
    expect(spoilt).not.toBe(read('ci.yml'));
    expect(validateWorkflow(spoilt).errors).not.toEqual([]);
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');

  it('lints and tests on Ubuntu, macOS and Windows with Node 24, with the README’s test command', () => {
    const test = ci.jobs.test!;
    expect(test.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(uses(test, 'actions/setup-node').map((step) => step.with?.['node-version'])).toEqual([24]);
    expect(runs(test)).toMatch(/^npm ci\b/m);
    // npm test runs typecheck, lint, build and the tests.
    expect(runs(test)).toMatch(/^npm test$/m);
  });

  it('gives the tests the shared fixtures beside the project, Chromium, and the Linux desktop tools', () => {
    const test = ci.jobs.test!;
    expect(uses(test, 'actions/checkout').map((step) => step.with?.path)).toEqual(['main', 'shared']);
    const npmTest = test.steps.find((step) => step.run === 'npm test');
    expect(npmTest?.env?.DOWNWATCH_CHROMIUM).toBe('${{ steps.chrome.outputs.chrome-path }}');
    expect(runs(test)).toMatch(/apt-get install .*xvfb dbus dbus-x11 dunst libnotify-bin/);
  });

  it('packages the app with the end-to-end fuses and launches it under Xvfb and D-Bus on Ubuntu', () => {
    const smoke = ci.jobs['electron-smoke']!;
    expect(smoke['runs-on']).toBe('ubuntu-latest');
    expect(runs(smoke)).toMatch(/^npm run dist:e2e$/m);
    expect(runs(smoke)).toMatch(/^xvfb-run .*dbus-run-session -- npm run test:e2e$/m);
  });

  it('the scripts it calls exist', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: object })
      .scripts;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['test', 'dist:e2e', 'test:e2e']));
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');

  it('runs on version tags only', () => {
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } });
  });

  it('builds the installers on the three platforms and uploads them', () => {
    const installers = release.jobs.installers!;
    expect(installers.strategy?.matrix.include?.map((entry) => entry.os)).toEqual([
      'macos-latest',
      'windows-latest',
      'ubuntu-latest',
    ]);
    expect(runs(installers)).toMatch(/npx electron-builder \$\{\{ matrix.platform \}\} --publish never/);
    const upload = uses(installers, 'actions/upload-artifact')[0];
    expect(String(upload?.with?.path)).toMatch(/release\/latest\*\.yml/);
  });

  it('signs ad hoc on macOS when there is no certificate', () => {
    expect(runs(release.jobs.installers!)).toMatch(/-z "\$CSC_LINK"[\s\S]*-c\.mac\.identity=-/);
  });

  it('publishes one GitHub release after every installer is built', () => {
    const publish = release.jobs.publish!;
    expect(publish.needs).toBe('installers');
    expect(runs(publish)).toMatch(/gh release create "\$GITHUB_REF_NAME" release\/\*/);
  });
});
