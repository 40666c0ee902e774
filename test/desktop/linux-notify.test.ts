import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import notifier from 'node-notifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSettingsSchema } from '../../main/monitor/alerts/alert-settings.js';
import type { AlertNotification } from '../../main/monitor/alerts/coalesce.js';
import { toNotifierOptions, type NotifierOptions } from '../../main/monitor/alerts/notification-text.js';
import { decide, initialAlertState } from '../../main/monitor/alerts/policy.js';
import type { ServiceEvent } from '../../main/monitor/events.js';
import {
  missingNotificationTools,
  NOTIFICATION_PACKAGES,
  parseNotifyCalls,
  startNotificationBus,
  type NotificationBus,
} from '../support/notification-bus.js';

/**
 * The notification path for real on Linux: our text and escaping, node-notifier, notify-send,
 * a private D-Bus session and dunst on Xvfb, with the Notify call captured by dbus-monitor.
 */

const onLinux = process.platform === 'linux';
const missing = onLinux ? missingNotificationTools() : [];
const skipReason = !onLinux
  ? `notify-send and D-Bus notifications exist on Linux only (this is ${process.platform})`
  : missing.length > 0
    ? `missing ${missing.join(', ')}; install with: apt-get install ${NOTIFICATION_PACKAGES}`
    : undefined;
if (skipReason) console.warn(`test/desktop/linux-notify.test.ts skipped: ${skipReason}`);

describe('the machine can run the real notification test', () => {
  // .ci/run installs the packages: on CI a missing tool is a broken setup, not a reason to skip.
  it.runIf(onLinux && Boolean(process.env.CI))('has every tool on CI', () => {
    expect(missing, `install: apt-get install ${NOTIFICATION_PACKAGES}`).toEqual([]);
  });
});

/** node-notifier's notify as a promise, bounded: notify-send returns once the server has replied. */
function notify(options: NotifierOptions, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node-notifier gave no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    notifier.notify(options, (error: Error | null) => {
      clearTimeout(timer);
      // node-notifier passes notify-send's stderr as the "error": empty means fine.
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve();
    });
  });
}

describe.skipIf(skipReason !== undefined)(
  'a notification through node-notifier on a real D-Bus server',
  () => {
    let bus: NotificationBus | undefined;
    let scratch = '';
    const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'downwatch-notify-scratch-'));
      bus = await startNotificationBus();
      // node-notifier runs notify-send with this process's environment; there is no env option.
      process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    }, 30_000);

    afterAll(async () => {
      if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
      await bus?.stop();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }, 30_000);

    it('carries the escaped summary and body: markup from a feed stays text', async () => {
      const notification: AlertNotification = {
        title: 'GitHub <b>&</b> friends \\n',
        body: 'Incident: <b>bold</b> & <i>loud</i> in C:\\new\\101',
        serviceIds: ['github'],
        urgency: 'normal',
      };
      await notify(toNotifierOptions(notification, 'linux'));
      const call = await bus!.waitForCall((seen) => seen.summary.startsWith('GitHub'));
      expect(call.summary).toBe('GitHub &lt;b&gt;&amp;&lt;/b&gt; friends \\n');
      // Backslashes arrive as written, though notify-send reads "\\n" in a body as a newline.
      expect(call.body).toBe(
        'Incident: &lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;loud&lt;/i&gt; in C:\\new\\101',
      );
      expect(call.appName).toBe('Downwatch');
      expect(call.hints.urgency).toBe('byte 1');
    });

    it('from an event to the server: the policy decides, the text is plain, a major outage is critical', async () => {
      const marker = join(scratch, 'pwned');
      const event: ServiceEvent = {
        kind: 'down',
        serviceId: 'status-page',
        serviceName: 'Status Page',
        from: 'operational',
        to: 'major_outage',
        at: 0,
        // Third-party text with markup, newlines and shell syntax: node-notifier builds a shell command line.
        summary: `Major outage: <a href="x">Sign-in</a> & API\n\ndown $(touch ${marker}) \`touch ${marker}\` "quoted" 'single' \\ 100%`,
        reasons: [],
      };
      const settings = alertSettingsSchema.parse({ coalesceMs: 0 });
      let state = initialAlertState();
      state = decide(state, { kind: 'round-complete' }, settings, 1000).state;
      const { notifications } = decide(state, { kind: 'event', event }, settings, 2000);
      expect(notifications).toHaveLength(1);
      await notify(toNotifierOptions(notifications[0]!, 'linux'));
      const call = await bus!.waitForCall((seen) => seen.summary.startsWith('Status Page'));
      expect(call.summary).toBe('Status Page: major outage');
      expect(call.body).toBe(
        `&lt;a href="x"&gt;Sign-in&lt;/a&gt; &amp; API down $(touch ${marker}) \`touch ${marker}\` "quoted" 'single' \\ 100%`,
      );
      expect(call.hints.urgency).toBe('byte 2');
      expect(await readdir(scratch)).toEqual([]);
    });
  },
);

describe("reading dbus-monitor's output", () => {
  it('finds the Notify arguments and hints', () => {
    const output = [
      'signal time=1 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired',
      '   string ":1.0"',
      'method call time=2 sender=:1.3 -> destination=:1.1 serial=9 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify',
      '   string "Downwatch"',
      '   uint32 0',
      '   string ""',
      '   string "A "quoted" &amp; title"',
      '   string "body"',
      '   array [',
      '   ]',
      '   array [',
      '      dict entry(',
      '         string "urgency"',
      '         variant             byte 2',
      '      )',
      '   ]',
      '   int32 10000',
      '',
    ].join('\n');
    expect(parseNotifyCalls(output)).toEqual([
      {
        appName: 'Downwatch',
        replacesId: 'uint32 0',
        appIcon: '',
        summary: 'A "quoted" &amp; title',
        body: 'body',
        hints: { urgency: 'byte 2' },
        expireTimeout: 'int32 10000',
      },
    ]);
  });
});
