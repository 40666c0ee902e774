import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PreloadApi } from '../../main/preload/index.cjs';

/**
 * The built preload runs as Electron runs a sandboxed preload: a CommonJS script whose
 * `require` offers only a few modules. Electron is the one thing faked: contextBridge records
 * what the page would get, ipcRenderer what would be sent to main.
 */
const BUILT = fileURLToPath(new URL('../../dist/main/preload/index.cjs', import.meta.url));
type Listener = (event: unknown, payload: unknown) => void;
const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const listeners = new Map<string, Listener[]>();
const electron = {
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve('answer');
    },
    on: (channel: string, listener: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((candidate) => candidate !== listener),
      );
    },
  },
};

let api: PreloadApi;
beforeAll(() => {
  expect(
    existsSync(BUILT),
    'dist/ is missing: npm test builds it; run `npm run build` when running vitest alone',
  ).toBe(true);
  const module = { exports: {} };
  const require = (name: string): unknown => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  runInNewContext(readFileSync(BUILT, 'utf8'), { require, module, exports: module.exports });
  api = exposed.get('downwatch') as PreloadApi;
});

describe('the preload', () => {
  it('exposes exactly one method per request channel, and on()', () => {
    expect([...exposed.keys()]).toEqual(['downwatch']);
    expect(Object.keys(api).sort()).toEqual(
      [
        'configValidate',
        'notificationsSnooze',
        'on',
        'servicesCheckNow',
        'servicesDetect',
        'servicesHistory',
        'shellOpenExternal',
        'snapshotGet',
        'settingsGet',
        'settingsEdit',
        'secretsStore',
        'settingsExport',
        'settingsImport',
        'catalogSearch',
        'catalogAdd',
        'windowHide',
      ].sort(),
    );
  });

  it.each([
    ['snapshotGet', [], ['snapshot:get']],
    ['servicesCheckNow', [['github']], ['services:check-now', ['github']]],
    ['servicesDetect', ['github.com'], ['services:detect', 'github.com']],
    ['notificationsSnooze', [null], ['notifications:snooze', null]],
    [
      'shellOpenExternal',
      ['https://www.githubstatus.com'],
      ['shell:open-external', 'https://www.githubstatus.com'],
    ],
    ['settingsGet', [], ['settings:get']],
    ['settingsEdit', [{ kind: 'app', theme: 'dark' }], ['settings:edit', { kind: 'app', theme: 'dark' }]],
    ['secretsStore', ['TOKEN', 'value'], ['secrets:store', 'TOKEN', 'value']],
    ['settingsExport', [], ['settings:export']],
    ['settingsImport', [], ['settings:import']],
    ['catalogSearch', ['git'], ['catalog:search', 'git']],
    ['catalogAdd', ['github'], ['catalog:add', 'github']],
    ['windowHide', [], ['window:hide']],
  ] as const)('%s invokes its channel', async (method, args, expected) => {
    invoked.length = 0;
    const call = api[method] as (...values: unknown[]) => Promise<unknown>;
    await expect(call(...args)).resolves.toBe('answer');
    expect(invoked).toEqual([expected]);
  });

  it('hands listeners the payload only, and unsubscribes', () => {
    const seen: unknown[] = [];
    const stop = api.on('window:show-service', (payload) => seen.push(payload));
    const [forward] = listeners.get('window:show-service') ?? [];
    forward?.({ sender: 'the IPC event must not reach the page' }, 'github');
    expect(seen).toEqual(['github']);
    stop();
    expect(listeners.get('window:show-service')).toEqual([]);
  });

  it('subscribes to every push channel of the contract', () => {
    const stops = (
      ['snapshot:changed', 'window:show-service', 'window:show-settings', 'settings:changed'] as const
    ).map((channel) => api.on(channel, () => undefined));
    expect(stops).toHaveLength(4);
    for (const stop of stops) stop();
  });

  it('refuses channels that are not in the contract', () => {
    const on = api.on as (channel: string, listener: () => void) => () => void;
    expect(() => on('app:quit', () => undefined)).toThrow('downwatch.on: unknown channel app:quit');
  });
});
