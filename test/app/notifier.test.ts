import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertNotification } from '../../main/monitor/alerts/coalesce.js';
import type { NotifierOptions } from '../../main/monitor/alerts/notification-text.js';

// Electron is the one thing mocked (DESIGN.md, "Habits"): every call the adapter makes is recorded
// in order, and each Notification is an EventEmitter the test can click or close.
const electron = vi.hoisted(() => ({
  calls: [] as string[],
  supported: true,
  created: [] as {
    options: unknown;
    emit: (event: string, ...args: unknown[]) => boolean;
    listenerCount: (event: string) => number;
  }[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class Notification extends EventEmitter {
    static isSupported(): boolean {
      electron.calls.push('Notification.isSupported');
      return electron.supported;
    }
    constructor(readonly options: unknown) {
      super();
      electron.calls.push('new Notification');
      electron.created.push(this);
    }
    show(): void {
      electron.calls.push('show');
    }
  }
  return {
    app: {
      setAppUserModelId: (id: string) => electron.calls.push(`setAppUserModelId ${id}`),
    },
    Notification,
  };
});

const { setupNotifier } = await import('../../main/app/notifier.js');

const clicked: (string | undefined)[] = [];
const fallbacks: NotifierOptions[] = [];
const logged: string[] = [];

function setup(platform: NodeJS.Platform) {
  return setupNotifier({
    platform,
    appUserModelId: 'com.downwatch.app',
    onClick: (id) => clicked.push(id),
    fallback: (options) => fallbacks.push(options),
    log: (line) => logged.push(line),
  });
}

const outage: AlertNotification = {
  title: '2 services disrupted: GitHub, <b>Slack</b>',
  body: 'GitHub: major outage; Slack: partial outage & more',
  serviceIds: ['github', 'slack'],
  urgency: 'critical',
};

beforeEach(() => {
  electron.calls.length = 0;
  electron.created.length = 0;
  electron.supported = true;
  clicked.length = 0;
  fallbacks.length = 0;
  logged.length = 0;
});

describe('notifier: alerts as desktop notifications', () => {
  it('sets the AppUserModelID on Windows before anything else', () => {
    const notifier = setup('win32');
    expect(electron.calls).toEqual(['setAppUserModelId com.downwatch.app']);
    notifier.notify(outage);
    expect(electron.calls[0]).toBe('setAppUserModelId com.downwatch.app');
  });

  it.each(['darwin', 'linux'] as const)('leaves the AppUserModelID alone on %s', (platform) => {
    setup(platform).notify(outage);
    expect(electron.calls.filter((call) => call.startsWith('setAppUserModelId'))).toEqual([]);
  });

  it.each([
    ['darwin', outage.title, outage.body],
    ['win32', outage.title, outage.body],
    // libnotify gets the text as is, and servers with body-markup read it as markup.
    [
      'linux',
      '2 services disrupted: GitHub, &lt;b&gt;Slack&lt;/b&gt;',
      'GitHub: major outage; Slack: partial outage &amp; more',
    ],
  ] as const)(
    'shows an Electron notification on %s with title, body and urgency',
    (platform, title, body) => {
      setup(platform).notify(outage);
      expect(electron.created.map((n) => n.options)).toEqual([{ title, body, urgency: 'critical' }]);
      expect(electron.calls.slice(-2)).toEqual(['new Notification', 'show']);
      expect(fallbacks).toEqual([]);
    },
  );

  it('falls back to node-notifier where Electron cannot notify, with its escaping', () => {
    electron.supported = false;
    setup('linux').notify(outage);
    expect(electron.created).toEqual([]);
    expect(fallbacks).toEqual([
      {
        title: '2 services disrupted: GitHub, &lt;b&gt;Slack&lt;/b&gt;',
        message: 'GitHub: major outage; Slack: partial outage &amp; more',
        wait: false,
        urgency: 'critical',
        'app-name': 'Downwatch',
      },
    ]);
  });

  it('opens the popover on the first service when clicked; the offline notice names none', () => {
    const notifier = setup('darwin');
    notifier.notify(outage);
    notifier.notify({ title: 'You appear to be offline', body: '', serviceIds: [], urgency: 'normal' });
    electron.created[0]!.emit('click', {});
    electron.created[1]!.emit('click', {});
    expect(clicked).toEqual(['github', undefined]);
  });

  it('keeps a notification (and its click handler) until it closes', () => {
    const notifier = setup('darwin');
    notifier.notify(outage);
    const shown = electron.created[0]!;
    expect(shown.listenerCount('click')).toBe(1);
    shown.emit('close', {});
    expect(shown.listenerCount('click')).toBe(0);
  });

  it('keeps only the latest notifications when close never comes', () => {
    const notifier = setup('win32');
    for (let i = 0; i < 25; i += 1) notifier.notify(outage);
    const alive = electron.created.filter((n) => n.listenerCount('click') > 0);
    expect(alive).toEqual(electron.created.slice(5));
  });

  it('tells the person another way when Windows fails to show a toast', () => {
    const notifier = setup('win32');
    notifier.notify(outage);
    electron.created[0]!.emit('failed', {}, 'toast activation failed');
    expect(logged).toEqual(['notification failed (toast activation failed); using the fallback']);
    expect(fallbacks).toEqual([
      { title: outage.title, message: outage.body, wait: false },
    ] satisfies NotifierOptions[]);
  });

  it('shows nothing after dispose, and lets go of what it kept', () => {
    const notifier = setup('darwin');
    notifier.notify(outage);
    notifier.dispose();
    notifier.notify(outage);
    expect(electron.created).toHaveLength(1);
    expect(electron.created[0]!.listenerCount('click')).toBe(0);
  });
});
