import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is the one thing mocked: app is an event emitter that records what it is asked.
const calls: string[] = [];
let lockGranted = true;
class FakeApp extends EventEmitter {
  dock = { hide: () => calls.push('dock.hide') };
  requestSingleInstanceLock = () => lockGranted;
  quit = () => calls.push('quit');
}
const app = new FakeApp();
vi.mock('electron', () => ({ app }));
const { setupLifecycle } = await import('../../main/app/lifecycle.js');

beforeEach(() => {
  calls.length = 0;
  lockGranted = true;
  app.removeAllListeners();
});

describe('lifecycle', () => {
  it('a second instance quits at once and does nothing else', () => {
    lockGranted = false;
    const lifecycle = setupLifecycle({
      platform: 'linux',
      onSecondInstance: () => calls.push('second'),
      onQuit: () => Promise.resolve(),
    });
    expect(lifecycle.primary).toBe(false);
    expect(calls).toEqual(['quit']);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance shows itself when launched again, and keeps running with no window', () => {
    setupLifecycle({
      platform: 'linux',
      onSecondInstance: () => calls.push('second'),
      onQuit: () => Promise.resolve(),
    });
    app.emit('second-instance');
    app.emit('window-all-closed');
    expect(calls).toEqual(['second']);
  });

  it.each([
    ['darwin', ['dock.hide']],
    ['win32', []],
    ['linux', []],
  ] as const)('hides the dock icon only on macOS (%s)', (platform, expected) => {
    setupLifecycle({ platform, onSecondInstance: () => undefined, onQuit: () => Promise.resolve() });
    expect(calls).toEqual(expected);
  });

  it('stops the engine before it quits, once', async () => {
    let stopped = 0;
    setupLifecycle({
      platform: 'linux',
      onSecondInstance: () => undefined,
      onQuit: () => {
        stopped += 1;
        return Promise.resolve();
      },
    });
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    await vi.waitFor(() => expect(calls).toEqual(['quit']));
    expect(event.preventDefault).toHaveBeenCalledOnce();
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(stopped).toBe(1);
  });
});
