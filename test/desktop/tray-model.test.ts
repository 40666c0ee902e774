import { describe, expect, it } from 'vitest';
import {
  formatSnoozeEnd,
  imageChanged,
  MAX_MENU_SERVICES,
  trayImage,
  trayImageFile,
  trayModel,
  type MenuItem,
  type TrayImage,
  type TrayModelOptions,
} from '../../main/desktop/tray-model.js';
import { TRAY_STATES, type TraySnapshot, type TrayState } from '../../main/desktop/tray-state.js';
import type { Status } from '../../main/monitor/status.js';
import type { ConnectivityStatus } from '../../main/shared/snapshot.js';

/** 2026-01-15 12:00 UTC, 13:00 in Berlin (CET, UTC+1). */
const NOW = Date.UTC(2026, 0, 15, 12, 0);
const HOUR = 3_600_000;
const zone = { locale: 'en-GB', timeZone: 'Europe/Berlin' } as const;

function snapshot(
  services: [name: string, status: Status][],
  connectivity: ConnectivityStatus = 'online',
): TraySnapshot {
  return {
    connectivity: { status: connectivity },
    services: services.map(([name, status]) => ({ id: name.toLowerCase(), name, status })),
  };
}

/** n services named S1..Sn, all with one status. */
function many(n: number, status: Status, prefix = 'S'): [string, Status][] {
  return Array.from({ length: n }, (_, index): [string, Status] => [`${prefix}${index + 1}`, status]);
}

function model(snap: TraySnapshot, options: Partial<TrayModelOptions> = {}) {
  return trayModel(snap, { paused: false, now: NOW, platform: 'linux', ...zone, ...options });
}

/** The menu before its first separator: the status section. */
function statusSection(menu: readonly MenuItem[]): MenuItem[] {
  const end = menu.findIndex((item) => item.kind === 'separator');
  return menu.slice(0, end);
}

function snoozeMenu(menu: readonly MenuItem[]) {
  const submenu = menu.find((item) => item.kind === 'submenu');
  if (!submenu) throw new Error('no snooze submenu');
  return submenu;
}

describe('tray image per state and platform', () => {
  const calm: TrayState[] = ['operational', 'maintenance', 'unknown', 'offline', 'paused'];

  it.each(TRAY_STATES)('%s: named after the state, a template only on macOS and only when calm', (state) => {
    const calmState = calm.includes(state);
    expect(trayImage(state, 'darwin')).toEqual({ name: `tray-${state}`, template: calmState });
    expect(trayImage(state, 'win32')).toEqual({ name: `tray-${state}`, template: false });
    expect(trayImage(state, 'linux')).toEqual({ name: `tray-${state}`, template: false });
  });

  it.each<[TrayState, NodeJS.Platform, string]>([
    ['operational', 'darwin', 'darwin/tray-operationalTemplate.png'],
    ['paused', 'darwin', 'darwin/tray-pausedTemplate.png'],
    ['outage', 'darwin', 'darwin/tray-outage.png'],
    ['degraded', 'darwin', 'darwin/tray-degraded.png'],
    ['outage', 'win32', 'win32/tray-outage.ico'],
    ['operational', 'win32', 'win32/tray-operational.ico'],
    ['outage', 'linux', 'linux/tray-outage.png'],
    ['offline', 'linux', 'linux/tray-offline.png'],
    ['unknown', 'freebsd', 'linux/tray-unknown.png'],
  ])('%s on %s -> %s', (state, platform, file) => {
    expect(trayImageFile(trayImage(state, platform), platform)).toBe(file);
  });

  it.each<[string, TraySnapshot, boolean, TrayImage]>([
    ['all fine', snapshot([['GitHub', 'operational']]), false, { name: 'tray-operational', template: true }],
    ['an outage', snapshot([['GitHub', 'major_outage']]), false, { name: 'tray-outage', template: false }],
    ['paused', snapshot([['GitHub', 'major_outage']]), true, { name: 'tray-paused', template: true }],
    [
      'offline',
      snapshot([['GitHub', 'unknown']], 'offline'),
      false,
      { name: 'tray-offline', template: true },
    ],
  ])('the model carries the image: %s (macOS)', (_name, snap, paused, image) => {
    expect(model(snap, { paused, platform: 'darwin' }).image).toEqual(image);
  });
});

describe('imageChanged', () => {
  const outage: TrayImage = { name: 'tray-outage', template: false };
  it.each<[string, TrayImage | undefined, TrayImage, boolean]>([
    ['the first image is always set', undefined, outage, true],
    ['the same state keeps the image', outage, { name: 'tray-outage', template: false }, false],
    ['a new state changes it', outage, { name: 'tray-degraded', template: false }, true],
    [
      'a template flag alone changes it',
      { name: 'tray-operational', template: false },
      { name: 'tray-operational', template: true },
      true,
    ],
  ])('%s', (_name, previous, next, expected) => {
    expect(imageChanged(previous, next)).toBe(expected);
  });

  it('counts moving within one state do not change the image', () => {
    const before = model(snapshot([['A', 'major_outage'], ...many(3, 'operational')]));
    const after = model(
      snapshot([['A', 'major_outage'], ['B', 'partial_outage'], ...many(2, 'operational')]),
    );
    expect(after.tooltip).not.toBe(before.tooltip);
    expect(imageChanged(before.image, after.image)).toBe(false);
  });
});

describe('tooltip', () => {
  it.each<[string, TraySnapshot, boolean, string]>([
    ['all operational', snapshot(many(16, 'operational')), false, 'Downwatch: 16 operational'],
    [
      'disrupted services with the worst status',
      snapshot([['A', 'degraded'], ['B', 'major_outage'], ...many(14, 'operational')]),
      false,
      'Downwatch: 2 disrupted (worst: major outage), 14 operational',
    ],
    [
      'one disrupted service says its status',
      snapshot([['A', 'partial_outage'], ...many(3, 'operational')]),
      false,
      'Downwatch: 1 disrupted (partial outage), 3 operational',
    ],
    [
      'every kind of count, in order of attention',
      snapshot([
        ['A', 'operational'],
        ['B', 'unknown'],
        ['C', 'maintenance'],
        ['D', 'degraded'],
      ]),
      false,
      'Downwatch: 1 disrupted (degraded), 1 in maintenance, 1 unknown, 1 operational',
    ],
    ['all unknown', snapshot(many(3, 'unknown')), false, 'Downwatch: 3 unknown'],
    ['no services', snapshot([]), false, 'Downwatch: no services to watch'],
    ['offline', snapshot([['A', 'unknown']], 'offline'), false, 'Downwatch: you appear to be offline'],
    ['paused', snapshot([['A', 'major_outage']]), true, 'Downwatch: paused'],
  ])('%s', (_name, snap, paused, tooltip) => {
    expect(model(snap, { paused }).tooltip).toBe(tooltip);
  });

  it('says on a second line until when notifications are snoozed', () => {
    const snoozed = model(snapshot(many(2, 'operational')), { snoozedUntil: NOW + 90 * 60_000 });
    expect(snoozed.tooltip).toBe('Downwatch: 2 operational\nNotifications snoozed until 14:30');
  });

  it('stays within the 127 characters Windows shows', () => {
    const crowded = snapshot([
      ...many(999, 'degraded', 'D'),
      ...many(999, 'maintenance', 'M'),
      ...many(999, 'unknown', 'U'),
      ...many(999, 'operational', 'O'),
    ]);
    const { tooltip } = model(crowded, { snoozedUntil: NOW + 30 * HOUR });
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip.endsWith('…')).toBe(true);
  });
});

describe('macOS title', () => {
  it.each<[string, TraySnapshot, boolean, NodeJS.Platform, string | undefined]>([
    [
      'the number of disrupted services',
      snapshot([
        ['A', 'degraded'],
        ['B', 'major_outage'],
        ['C', 'operational'],
      ]),
      false,
      'darwin',
      '2',
    ],
    ['none when all is fine', snapshot([['A', 'operational']]), false, 'darwin', undefined],
    [
      'none for unknown or maintenance',
      snapshot([
        ['A', 'unknown'],
        ['B', 'maintenance'],
      ]),
      false,
      'darwin',
      undefined,
    ],
    [
      'none while paused: the count would be stale',
      snapshot([['A', 'major_outage']]),
      true,
      'darwin',
      undefined,
    ],
    ['none on Windows', snapshot([['A', 'major_outage']]), false, 'win32', undefined],
    ['none on Linux', snapshot([['A', 'major_outage']]), false, 'linux', undefined],
  ])('%s', (_name, snap, paused, platform, title) => {
    const result = model(snap, { paused, platform });
    expect(result.title).toBe(title);
    expect('title' in result).toBe(title !== undefined);
  });
});

describe('menu', () => {
  it('lists disrupted services first, worst first, then the actions in order', () => {
    const snap = snapshot([
      ['npm', 'degraded'],
      ['GitHub', 'operational'],
      ['Slack', 'major_outage'],
      ['Jira', 'unknown'],
      ['Figma', 'partial_outage'],
    ]);
    expect(model(snap).menu).toEqual([
      { kind: 'service', serviceId: 'slack', label: 'Slack — Major outage' },
      { kind: 'service', serviceId: 'figma', label: 'Figma — Partial outage' },
      { kind: 'service', serviceId: 'npm', label: 'npm — Degraded' },
      { kind: 'separator' },
      { kind: 'action', id: 'open', label: 'Open Downwatch' },
      { kind: 'action', id: 'check-now', label: 'Check all now' },
      { kind: 'action', id: 'pause', label: 'Pause checks' },
      {
        kind: 'submenu',
        label: 'Snooze notifications',
        items: [
          { kind: 'action', id: 'snooze-1h', label: 'For 1 hour' },
          { kind: 'action', id: 'snooze-8h', label: 'For 8 hours' },
          { kind: 'action', id: 'snooze-tomorrow', label: 'Until tomorrow' },
        ],
      },
      { kind: 'action', id: 'settings', label: 'Settings' },
      { kind: 'separator' },
      { kind: 'action', id: 'quit', label: 'Quit Downwatch' },
    ]);
  });

  it('offers Resume while paused, Pause otherwise', () => {
    const ids = (paused: boolean): string[] =>
      model(snapshot([['GitHub', 'operational']]), { paused })
        .menu.filter((item) => item.kind === 'action')
        .map((item) => item.id);
    expect(ids(false)).toContain('pause');
    expect(ids(false)).not.toContain('resume');
    expect(ids(true)).toContain('resume');
    expect(ids(true)).not.toContain('pause');
  });

  it('keeps the configured order among services equally bad', () => {
    const snap = snapshot([
      ['Zulip', 'degraded'],
      ['Asana', 'major_outage'],
      ['Box', 'degraded'],
      ['Heroku', 'major_outage'],
    ]);
    expect(statusSection(model(snap).menu).map((item) => ('label' in item ? item.label : ''))).toEqual([
      'Asana — Major outage',
      'Heroku — Major outage',
      'Zulip — Degraded',
      'Box — Degraded',
    ]);
  });

  it.each<[number, number, string | undefined]>([
    [MAX_MENU_SERVICES, MAX_MENU_SERVICES, undefined],
    [MAX_MENU_SERVICES + 1, MAX_MENU_SERVICES, '+1 more'],
    [25, MAX_MENU_SERVICES, '+15 more'],
  ])('%i disrupted services show %i and then %s', (count, shown, more) => {
    const section = statusSection(model(snapshot(many(count, 'degraded'))).menu);
    expect(section.filter((item) => item.kind === 'service')).toHaveLength(shown);
    const last = section.at(-1);
    if (more === undefined) expect(last?.kind).toBe('service');
    else expect(last).toEqual({ kind: 'action', id: 'open', label: more });
  });

  it.each<[string, TraySnapshot, boolean, string]>([
    ['all operational', snapshot(many(16, 'operational')), false, '16 operational'],
    [
      'maintenance and unknown',
      snapshot([
        ['A', 'maintenance'],
        ['B', 'unknown'],
      ]),
      false,
      '1 in maintenance, 1 unknown',
    ],
    ['no services', snapshot([]), false, 'No services to watch'],
    [
      'offline, even with outages',
      snapshot([['A', 'major_outage']], 'offline'),
      false,
      'You appear to be offline',
    ],
    ['paused, even with outages', snapshot([['A', 'major_outage']]), true, 'Paused'],
  ])('with nothing disrupted to list, one line says the state: %s', (_name, snap, paused, label) => {
    expect(statusSection(model(snap, { paused }).menu)).toEqual([{ kind: 'label', label }]);
  });

  it.each<[NodeJS.Platform, string]>([
    ['linux', 'AT&&T — Degraded'],
    ['win32', 'AT&&T — Degraded'],
    ['darwin', 'AT&T — Degraded'],
  ])('on %s a service name keeps its "&" (Electron reads one as a mnemonic)', (platform, label) => {
    expect(statusSection(model(snapshot([['AT&T', 'degraded']]), { platform }).menu)).toEqual([
      { kind: 'service', serviceId: 'at&t', label },
    ]);
  });

  it('shortens a long service name', () => {
    const name = 'A service with a name far too long for any menu bar';
    const [item] = statusSection(model(snapshot([[name, 'degraded']])).menu);
    expect(item).toEqual({
      kind: 'service',
      serviceId: name.toLowerCase(),
      label: `${name.slice(0, 39)}… — Degraded`,
    });
  });

  it.each<[string, string | undefined, readonly MenuItem[]]>([
    [
      'no update: Quit right after the separator',
      undefined,
      [{ kind: 'action', id: 'quit', label: 'Quit Downwatch' }],
    ],
    [
      'a downloaded update: the restart item just above Quit',
      '0.2.0',
      [
        { kind: 'action', id: 'install-update', label: 'Restart to update to 0.2.0' },
        { kind: 'action', id: 'quit', label: 'Quit Downwatch' },
      ],
    ],
  ])('%s', (_name, updateReady, tail) => {
    const { menu } = model(snapshot([['GitHub', 'operational']]), updateReady ? { updateReady } : {});
    const lastSeparator = menu.map((item) => item.kind).lastIndexOf('separator');
    expect(menu.slice(lastSeparator + 1)).toEqual(tail);
  });
});

describe('snooze submenu', () => {
  it.each<[string, number | undefined, string | undefined]>([
    ['not snoozed', undefined, undefined],
    ['a snooze that has ended', NOW - 1, undefined],
    ['a snooze ending right now', NOW, undefined],
    ['later today', NOW + 90 * 60_000, '14:30'],
    ['tomorrow morning', Date.UTC(2026, 0, 16, 7, 0), 'tomorrow 08:00'],
    ['later than tomorrow', Date.UTC(2026, 0, 17, 7, 0), 'Sat 08:00'],
  ])('%s', (_name, snoozedUntil, until) => {
    const submenu = snoozeMenu(model(snapshot([]), snoozedUntil === undefined ? {} : { snoozedUntil }).menu);
    const choices = [
      { kind: 'action', id: 'snooze-1h', label: 'For 1 hour' },
      { kind: 'action', id: 'snooze-8h', label: 'For 8 hours' },
      { kind: 'action', id: 'snooze-tomorrow', label: 'Until tomorrow' },
    ];
    if (until === undefined) {
      expect(submenu).toEqual({ kind: 'submenu', label: 'Snooze notifications', items: choices });
    } else {
      expect(submenu).toEqual({
        kind: 'submenu',
        label: `Notifications snoozed until ${until}`,
        items: [
          { kind: 'action', id: 'snooze-off', label: 'Resume notifications' },
          { kind: 'separator' },
          ...choices,
        ],
      });
    }
  });
});

describe('formatSnoozeEnd', () => {
  it.each<[string, number, number, { locale: string; timeZone: string }, string]>([
    ['same day in Berlin', NOW, NOW + HOUR, zone, '14:00'],
    [
      'the day is the local one: 23:30 UTC is already tomorrow in Berlin',
      NOW,
      Date.UTC(2026, 0, 15, 23, 30),
      zone,
      'tomorrow 00:30',
    ],
    [
      'and still today in New York',
      NOW,
      Date.UTC(2026, 0, 15, 23, 30),
      { locale: 'en-US', timeZone: 'America/New_York' },
      '6:30 PM',
    ],
    [
      'tomorrow across the spring DST change (a 23-hour day)',
      Date.UTC(2026, 2, 28, 22, 0),
      Date.UTC(2026, 2, 29, 22, 30),
      zone,
      'Mon 00:30',
    ],
    [
      'tomorrow across the spring DST change, same day',
      Date.UTC(2026, 2, 28, 22, 0),
      Date.UTC(2026, 2, 29, 21, 30),
      zone,
      'tomorrow 23:30',
    ],
    ['across a year end', Date.UTC(2026, 11, 31, 12, 0), Date.UTC(2027, 0, 1, 7, 0), zone, 'tomorrow 08:00'],
  ])('%s', (_name, now, until, where, expected) => {
    expect(formatSnoozeEnd(until, now, where)).toBe(expected);
  });
});
