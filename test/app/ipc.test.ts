import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron itself is the one thing mocked (DESIGN.md, "Habits"): ipcMain records handlers.
const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) =>
      registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));

const { setupIpc } = await import('../../main/app/ipc.js');
const { settingsView } = await import('../../main/desktop/settings/settings-edit.js');
const { defaultSettings } = await import('../../main/desktop/settings/schema.js');

type Handlers = Parameters<typeof setupIpc>[0]['handlers'];

const APP_URL = 'file:///opt/Downwatch/resources/app.asar/renderer/index.html';
const calls: string[] = [];
const logged: string[] = [];

const handlers: Handlers = {
  'snapshot:get': () => {
    calls.push('snapshot:get');
    return { checkedAt: 0, connectivity: { status: 'online', detail: '' }, services: [] };
  },
  'services:check-now': (ids) => {
    calls.push(`check-now ${JSON.stringify(ids ?? null)}`);
    return undefined;
  },
  'services:history': (id) => ({
    serviceId: id,
    uptime24h: undefined,
    uptime7d: undefined,
    events: [],
    timeline: [],
    latency: [],
  }),
  'services:detect': (url) => ({ input: url, candidates: [], matches: [], probe: undefined }),
  'config:validate': () => [],
  'notifications:snooze': () => undefined,
  'shell:open-external': (url) => {
    calls.push(`open ${url}`);
    return undefined;
  },
  'settings:get': () => settingsView(defaultSettings(), false),
  'settings:edit': (edit) => {
    calls.push(`edit ${edit.kind}`);
    return { ok: true, settings: settingsView(defaultSettings(), false) };
  },
  'secrets:store': (name) => {
    calls.push(`store secret ${name}`);
    return settingsView(defaultSettings(), false);
  },
  'settings:export': () => ({ status: 'cancelled' }),
  'settings:import': () => ({ status: 'cancelled' }),
  'catalog:search': () => [],
  'catalog:add': (id) => ({ ok: false, issues: [{ path: 'id', message: `"${id}" is not in the catalog` }] }),
  'window:hide': () => {
    calls.push('hide');
    return undefined;
  },
};

function frame(url: string, top = true) {
  return { senderFrame: { url, parent: top ? null : {} } };
}

function invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const listener = registered.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(listener(event, ...args));
}

beforeEach(() => {
  registered.clear();
  calls.length = 0;
  logged.length = 0;
});

describe('IPC: one gate for every channel', () => {
  it('registers every request channel and removes them on dispose', () => {
    const dispose = setupIpc({ handlers, appUrl: APP_URL, log: (line) => logged.push(line) });
    expect([...registered.keys()].sort()).toEqual(Object.keys(handlers).sort());
    dispose();
    expect(registered.size).toBe(0);
  });

  it("answers the app's own window", async () => {
    setupIpc({ handlers, appUrl: APP_URL, log: (line) => logged.push(line) });
    await expect(invoke('snapshot:get', frame(APP_URL))).resolves.toMatchObject({ services: [] });
    await invoke('services:check-now', frame(APP_URL), ['github', 'npm']);
    expect(calls).toEqual(['snapshot:get', 'check-now ["github","npm"]']);
  });

  it.each([
    ['a page the window navigated to', frame('https://evil.example/')],
    ['an iframe inside the app', frame(APP_URL, false)],
    ['another local file', frame('file:///tmp/evil.html')],
    ['a frame that is gone', { senderFrame: null }],
  ])('refuses %s before the handler runs', async (_name, event) => {
    setupIpc({ handlers, appUrl: APP_URL, log: (line) => logged.push(line) });
    await expect(invoke('shell:open-external', event, 'https://example.com')).rejects.toThrow(
      'shell:open-external: refused: not sent by the Downwatch window',
    );
    expect(calls).toEqual([]);
    expect(logged[0]).toMatch(/^refused shell:open-external from a foreign frame/);
  });

  it.each([
    ['services:check-now', [['GitHub!']], 'services:check-now: invalid arguments at [0][0]'],
    ['services:history', [], 'services:history: invalid arguments at'],
    ['notifications:snooze', ['tomorrow'], 'notifications:snooze: invalid arguments at [0]'],
    ['shell:open-external', ['x'.repeat(5000)], 'shell:open-external: invalid arguments at [0]'],
  ])('validates %s arguments before the handler runs', async (channel, args, message) => {
    setupIpc({ handlers, appUrl: APP_URL, log: (line) => logged.push(line) });
    await expect(invoke(channel, frame(APP_URL), ...args)).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });
});
