import { describe, expect, it } from 'vitest';
import { AlertCenter } from '../../main/desktop/alert-center.js';
import { alertSettingsSchema, type AlertSettings } from '../../main/monitor/alerts/alert-settings.js';
import type { AlertNotification } from '../../main/monitor/alerts/coalesce.js';
import type { ServiceEvent } from '../../main/monitor/events.js';
import { statusLabel, type Status } from '../../main/monitor/status.js';
import { transitionKind } from '../../main/monitor/transitions.js';
import { ManualClock } from '../support/manual-clock.js';

/** Noon UTC: outside the quiet hours used below. */
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const NAMES: Record<string, string> = { github: 'GitHub', slack: 'Slack', npm: 'npm' };

function change(serviceId: string, from: Status | undefined, to: Status): ServiceEvent {
  const kind = transitionKind(from, to);
  if (!kind) throw new Error(`${String(from)} → ${to} is not an event`);
  return {
    kind,
    serviceId,
    serviceName: NAMES[serviceId] ?? serviceId,
    from,
    to,
    at: T0,
    summary: `${statusLabel(to)}: from the feed`,
    reasons: [],
  };
}

function setup(settingsInput: Parameters<typeof alertSettingsSchema.parse>[0] = {}) {
  const clock = new ManualClock(T0);
  let settings: AlertSettings = alertSettingsSchema.parse(settingsInput);
  const delivered: { at: number; notification: AlertNotification }[] = [];
  const logged: string[] = [];
  let failNext = false;
  const center = new AlertCenter({
    clock,
    settings: () => settings,
    timeZone: 'UTC',
    deliver: (notification) => {
      if (failNext) {
        failNext = false;
        throw new Error('notification server gone');
      }
      delivered.push({ at: (clock.now() - T0) / 1000, notification });
    },
    log: (line) => logged.push(line),
  });
  return {
    clock,
    center,
    delivered,
    logged,
    titles: () => delivered.map(({ at, notification }) => `${at}s ${notification.title}`),
    setSettings: (input: Parameters<typeof alertSettingsSchema.parse>[0]) => {
      settings = alertSettingsSchema.parse(input);
    },
    failNextDelivery: () => {
      failNext = true;
    },
  };
}

describe('AlertCenter: the policy with its state and its one timer', () => {
  it('coalesces events of one window into one notification, delivered by its timer after a lull', async () => {
    const { clock, center, titles } = setup({ coalesceMs: 5000 });
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    await clock.advance(3000);
    center.event(change('slack', 'operational', 'partial_outage'));
    expect(titles()).toEqual([]);
    // One timer, for 5 s after the latest event: the window closes at the first lull.
    expect(clock.pendingTimers()).toEqual([5000]);
    await clock.advance(4999);
    expect(titles()).toEqual([]);
    await clock.advance(1);
    expect(titles()).toEqual(['8s 2 services disrupted: GitHub, Slack']);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('holds a storm 75 s from its first event, then delivers it once', async () => {
    const { clock, center, titles } = setup({ coalesceMs: 5000 });
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    center.event(change('slack', 'operational', 'major_outage'));
    await clock.advance(1000);
    center.event(change('npm', 'operational', 'major_outage'));
    expect(clock.pendingTimers()).toEqual([74_000]);
    await clock.advance(60_000);
    center.event(change('jira', 'operational', 'major_outage'));
    await clock.advance(14_000);
    expect(titles()).toEqual(['75s 4 services disrupted: GitHub, Slack, npm, jira']);
  });

  it('wakes itself when a flapping service has been steady for 10 minutes', async () => {
    const { clock, center, titles } = setup({ coalesceMs: 5000 });
    center.roundComplete();
    for (const [from, to] of [
      ['operational', 'major_outage'],
      ['major_outage', 'operational'],
      ['operational', 'major_outage'],
      ['major_outage', 'operational'],
    ] as const) {
      center.event(change('github', from, to));
      await clock.advance(60_000);
    }
    expect(titles()).toEqual([
      '5s GitHub: major outage',
      '65s GitHub recovered',
      '125s GitHub: major outage',
      '185s GitHub is flapping: 4 changes in 3 min',
    ]);
    // Nothing is due until 10 minutes after its last change (at 180 s).
    expect(clock.pendingTimers()).toEqual([540_000]);
    await clock.advance(545_000);
    expect(titles().at(-1)).toBe('785s GitHub recovered, no longer flapping');
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('opens a new window for an event after the last one closed', async () => {
    const { clock, center, titles } = setup({ coalesceMs: 5000 });
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    await clock.advance(6000);
    center.event(change('github', 'major_outage', 'operational'));
    await clock.advance(5000);
    expect(titles()).toEqual(['5s GitHub: major outage', '11s GitHub recovered']);
  });

  it('delivers at once when coalescing is off, and arms no timer', () => {
    const { clock, center, titles } = setup({ coalesceMs: 0 });
    center.roundComplete();
    center.event(change('github', 'operational', 'partial_outage'));
    expect(titles()).toEqual(['0s GitHub: partial outage']);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('keeps the first round quiet: a service found down at start is not news, its recovery neither', async () => {
    const { clock, center, titles } = setup();
    center.event(change('github', 'operational', 'major_outage'));
    await clock.advance(10_000);
    center.roundComplete();
    center.event(change('github', 'major_outage', 'operational'));
    await clock.advance(10_000);
    expect(titles()).toEqual([]);
    center.event(change('slack', 'operational', 'major_outage'));
    await clock.advance(10_000);
    expect(titles()).toEqual(['25s Slack: major outage']);
  });

  it('after a wake, holds what is waiting until the round is read, then tells it with what the round found', async () => {
    const { clock, center, titles } = setup();
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    center.woke();
    expect(clock.pendingTimers()).toEqual([]);
    center.event(change('slack', 'operational', 'major_outage'));
    await clock.advance(10_000);
    expect(titles()).toEqual([]);
    center.roundComplete();
    // Held 25 s more for what the round's re-tests confirm.
    expect(clock.pendingTimers()).toEqual([25_000]);
    await clock.advance(10_000);
    center.event(change('npm', 'operational', 'major_outage'));
    await clock.advance(15_000);
    expect(titles()).toEqual(['35s 3 services disrupted: GitHub, Slack, npm']);
  });

  it("holds from the sleep on: a window that fell due while asleep waits for the wake's round, not the clock's jump", async () => {
    const { clock, center, titles } = setup();
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    center.sleeping();
    expect(clock.pendingTimers()).toEqual([]);
    // Eight hours asleep: the clock jumps, and nothing is sent before the wake's round is read.
    await clock.advance(8 * 3600_000);
    expect(titles()).toEqual([]);
    center.woke();
    center.event(change('github', 'major_outage', 'operational'));
    center.roundComplete();
    await clock.advance(25_000);
    // Told before the sleep? No: it was still waiting. Down and back up during the night is no news.
    expect(titles()).toEqual([]);
  });

  it('says "offline" once per spell instead of a wall of outages', async () => {
    const { clock, center, delivered, titles } = setup();
    center.connectivity('online');
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    center.connectivity('offline');
    center.event(change('slack', 'operational', 'major_outage'));
    center.connectivity('unknown');
    center.connectivity('offline');
    await clock.advance(10_000);
    expect(titles()).toEqual(['0s You appear to be offline']);
    expect(delivered[0]?.notification.serviceIds).toEqual([]);
    center.connectivity('online');
    center.connectivity('offline');
    expect(titles()).toEqual(['0s You appear to be offline', '10s You appear to be offline']);
  });

  it('follows a longer coalescing window set while one is open', async () => {
    const { clock, center, titles, setSettings } = setup({ coalesceMs: 5000 });
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    setSettings({ coalesceMs: 20_000 });
    center.settingsChanged();
    expect(clock.pendingTimers()).toEqual([20_000]);
    await clock.advance(19_000);
    expect(titles()).toEqual([]);
    await clock.advance(1000);
    expect(titles()).toEqual(['20s GitHub: major outage']);
  });

  it('holds a window open when the wall clock is set back while it waits', async () => {
    const { clock, center, titles } = setup({ coalesceMs: 5000 });
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    await clock.advance(1000);
    clock.jumpTo(T0 - 2000);
    await clock.advance(4000);
    // The wall clock reads T0 + 2 s: the window (until T0 + 5 s) is not over yet.
    expect(titles()).toEqual([]);
    expect(clock.pendingTimers()).toEqual([3000]);
    await clock.advance(3000);
    expect(titles()).toEqual(['5s GitHub: major outage']);
  });

  it('logs a failing delivery and keeps going', async () => {
    const { clock, center, titles, logged, failNextDelivery } = setup();
    center.roundComplete();
    failNextDelivery();
    center.event(change('github', 'operational', 'major_outage'));
    await clock.advance(5000);
    expect(logged).toEqual(['notification not delivered: notification server gone']);
    center.event(change('slack', 'operational', 'major_outage'));
    await clock.advance(5000);
    expect(titles()).toEqual(['10s Slack: major outage']);
  });

  it('does nothing after dispose, and cancels its timer', async () => {
    const { clock, center, titles } = setup();
    center.roundComplete();
    center.event(change('github', 'operational', 'major_outage'));
    center.dispose();
    expect(clock.pendingTimers()).toEqual([]);
    center.event(change('slack', 'operational', 'major_outage'));
    await clock.advance(10_000);
    expect(titles()).toEqual([]);
  });
});
