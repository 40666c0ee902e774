import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TraySnapshot } from '../../main/desktop/tray-state.js';

// Electron itself is the one thing mocked (DESIGN.md, "Habits"): the Tray records what it is
// asked to do, Menu.buildFromTemplate returns the template it was given.

interface FakeImage {
  readonly path: string;
  template: boolean | undefined;
  setTemplateImage(template: boolean): void;
}
interface FakeMenu {
  readonly template: Template[];
}
interface Template {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: Template[];
}
type Call = readonly [method: string, ...args: unknown[]];

const BOUNDS = { x: 1700, y: 0, width: 22, height: 24 };

class FakeTray {
  static instances: FakeTray[] = [];
  readonly calls: Call[] = [];
  readonly listeners = new Map<string, (...args: unknown[]) => void>();
  image: FakeImage;
  tooltip = '';
  title: string | undefined;
  contextMenu: FakeMenu | undefined;
  constructor(image: FakeImage) {
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.calls.push(['setImage', image.path]);
    this.image = image;
  }
  setToolTip(text: string): void {
    this.calls.push(['setToolTip', text]);
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.calls.push(['setTitle', text]);
    this.title = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.calls.push(['setContextMenu']);
    this.contextMenu = menu;
  }
  popUpContextMenu(menu: FakeMenu): void {
    this.calls.push(['popUpContextMenu', menu]);
  }
  on(event: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  getBounds(): typeof BOUNDS {
    return BOUNDS;
  }
  destroy(): void {
    this.calls.push(['destroy']);
  }
  emit(event: string): void {
    const listener = this.listeners.get(event);
    if (!listener) throw new Error(`no ${event} listener`);
    listener({}, BOUNDS);
  }
}

const builtMenus: FakeMenu[] = [];

vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: {
    buildFromTemplate: (template: Template[]): FakeMenu => {
      const menu = { template };
      builtMenus.push(menu);
      return menu;
    },
  },
  nativeImage: {
    createFromPath: (file: string): FakeImage => ({
      path: file,
      template: undefined,
      setTemplateImage(template: boolean) {
        this.template = template;
      },
    }),
  },
}));

const { setupTray } = await import('../../main/app/tray.js');
type TrayDeps = Parameters<typeof setupTray>[0];

const ICONS = path.join('/opt', 'Downwatch', 'icons');
const NOW = Date.UTC(2026, 0, 15, 12, 0);

function snapshot(...statuses: TraySnapshot['services'][number]['status'][]): TraySnapshot {
  return {
    connectivity: { status: 'online' },
    services: statuses.map((status, index) => ({ id: `s${index}`, name: `Service ${index}`, status })),
  };
}

interface Harness {
  readonly tray: FakeTray;
  readonly publish: (next: TraySnapshot) => void;
  /** Fires every refreshOn subscription: the settings' and the updater's. */
  readonly refresh: () => void;
  readonly actions: string[];
  readonly logged: string[];
  readonly onActionDo: (effect: (action: string) => void) => void;
  readonly dispose: () => void;
  readonly state: {
    paused: boolean;
    snoozedUntil: number | undefined;
    updateReady: string | undefined;
    listeners: number;
  };
}

function start(platform: NodeJS.Platform, initial: TraySnapshot = snapshot('operational')): Harness {
  let current = initial;
  const listeners = new Set<(next: TraySnapshot) => void>();
  const refreshers = new Set<() => void>();
  const actions: string[] = [];
  const logged: string[] = [];
  /** What a menu action does to the app's state, as main/index.ts would. */
  let effect: (action: string) => void = () => undefined;
  const state: Harness['state'] = {
    paused: false,
    snoozedUntil: undefined,
    updateReady: undefined,
    listeners: 0,
  };
  const subscribe = (listener: () => void): (() => void) => {
    refreshers.add(listener);
    return () => refreshers.delete(listener);
  };
  const deps: TrayDeps = {
    iconsDir: ICONS,
    platform,
    now: () => NOW,
    getSnapshot: () => current,
    onSnapshot: (listener) => {
      listeners.add(listener);
      state.listeners = listeners.size;
      return () => {
        listeners.delete(listener);
        state.listeners = listeners.size;
      };
    },
    refreshOn: [subscribe, subscribe],
    paused: () => state.paused,
    snoozedUntil: () => state.snoozedUntil,
    updateReady: () => state.updateReady,
    log: (message) => logged.push(message),
    onAction: (action) => {
      actions.push(`action ${action}`);
      effect(action);
    },
    onShowService: (id) => actions.push(`show ${id}`),
    onToggle: (bounds) => actions.push(`toggle ${JSON.stringify(bounds)}`),
    locale: 'en-GB',
    timeZone: 'UTC',
  };
  const dispose = setupTray(deps);
  const tray = FakeTray.instances.at(-1)!;
  return {
    tray,
    publish: (next) => {
      current = next;
      for (const listener of listeners) listener(next);
    },
    refresh: () => {
      for (const listener of refreshers) listener();
    },
    actions,
    logged,
    onActionDo: (next) => {
      effect = next;
    },
    dispose,
    state,
  };
}

const lastMenu = (): FakeMenu => builtMenus.at(-1)!;
const item = (menu: FakeMenu, label: string | RegExp): Template => {
  const found = menu.template.find((entry) =>
    typeof label === 'string' ? entry.label === label : label.test(entry.label ?? ''),
  );
  if (!found) throw new Error(`no menu item ${String(label)}`);
  return found;
};
const methods = (tray: FakeTray, name: string): Call[] => tray.calls.filter(([method]) => method === name);

beforeEach(() => {
  FakeTray.instances = [];
  builtMenus.length = 0;
});

describe('tray: image, tooltip and menu from the model', () => {
  it('starts with the image, tooltip and menu of the current snapshot', () => {
    const { tray } = start('linux', snapshot('operational', 'operational'));
    expect(tray.image.path).toBe(path.join(ICONS, 'linux/tray-operational.png'));
    expect(tray.tooltip).toBe('Downwatch: 2 operational');
    expect(tray.contextMenu).toBe(lastMenu());
    expect(lastMenu().template.map((entry) => entry.label ?? entry.type)).toEqual([
      '2 operational',
      'separator',
      'Open Downwatch',
      'Check all now',
      'Pause checks',
      'Snooze notifications',
      'Settings',
      'separator',
      'Quit Downwatch',
    ]);
    expect(item(lastMenu(), '2 operational').enabled).toBe(false);
  });

  it('sets the image once for two snapshots in one state, and again when the state changes', () => {
    const { tray, publish } = start('linux');
    publish(snapshot('degraded', 'operational'));
    publish(snapshot('degraded', 'degraded'));
    publish(snapshot('major_outage', 'degraded'));
    publish(snapshot('partial_outage'));
    expect(methods(tray, 'setImage')).toEqual([
      ['setImage', path.join(ICONS, 'linux/tray-degraded.png')],
      ['setImage', path.join(ICONS, 'linux/tray-outage.png')],
    ]);
  });

  it('refreshes tooltip and menu on every snapshot, even in the same state', () => {
    const { tray, publish } = start('win32');
    const menusBefore = builtMenus.length;
    publish(snapshot('degraded', 'operational'));
    expect(tray.tooltip).toBe('Downwatch: 1 disrupted (degraded), 1 operational');
    publish(snapshot('degraded', 'degraded'));
    expect(tray.tooltip).toBe('Downwatch: 2 disrupted (worst: degraded)');
    expect(builtMenus.length).toBe(menusBefore + 2);
    expect(
      lastMenu()
        .template.slice(0, 2)
        .map((entry) => entry.label),
    ).toEqual(['Service 0 — Degraded', 'Service 1 — Degraded']);
  });

  it('redraws for a pause or a snooze without waiting for a snapshot', () => {
    const harness = start('linux');
    harness.state.paused = true;
    harness.refresh();
    expect(harness.tray.image.path).toBe(path.join(ICONS, 'linux/tray-paused.png'));
    expect(harness.tray.tooltip).toBe('Downwatch: paused');
    harness.state.snoozedUntil = NOW + 60 * 60_000;
    harness.refresh();
    expect(item(lastMenu(), 'Notifications snoozed until 13:00').submenu?.[0]?.label).toBe(
      'Resume notifications',
    );
  });

  it('redraws after a menu action: pausing shows the paused icon and offers Resume at once', () => {
    const harness = start('linux');
    harness.onActionDo((action) => {
      if (action === 'pause') harness.state.paused = true;
    });
    item(lastMenu(), 'Pause checks').click!();
    expect(harness.tray.image.path).toBe(path.join(ICONS, 'linux/tray-paused.png'));
    expect(() => item(lastMenu(), 'Resume checks')).not.toThrow();
  });

  it('offers the downloaded update above Quit once the updater has one', () => {
    const harness = start('linux');
    expect(() => item(lastMenu(), /Restart to update/)).toThrow();
    harness.state.updateReady = '0.2.0';
    harness.refresh();
    const labels = lastMenu().template.map((entry) => entry.label ?? entry.type);
    expect(labels.slice(-3)).toEqual(['separator', 'Restart to update to 0.2.0', 'Quit Downwatch']);
    item(lastMenu(), 'Restart to update to 0.2.0').click!();
    expect(harness.actions).toEqual(['action install-update']);
  });

  it('says what it shows when it is created and when its state changes, not on every snapshot', () => {
    const harness = start('linux');
    harness.publish(snapshot('operational'));
    harness.publish(snapshot('major_outage'));
    expect(harness.logged).toEqual([
      'tray: created, operational: Downwatch: 1 operational',
      'tray: outage: Downwatch: 1 disrupted (major outage)',
    ]);
  });
});

describe('tray: menu items call back', () => {
  it.each([
    ['Open Downwatch', 'action open'],
    ['Check all now', 'action check-now'],
    ['Pause checks', 'action pause'],
    ['Settings', 'action settings'],
    ['Quit Downwatch', 'action quit'],
  ])('%s -> %s', (label, expected) => {
    const { actions } = start('linux');
    item(lastMenu(), label).click!();
    expect(actions).toEqual([expected]);
  });

  it('a disrupted service opens the popover on it', () => {
    const { actions } = start('linux', snapshot('operational', 'major_outage'));
    item(lastMenu(), 'Service 1 — Major outage').click!();
    expect(actions).toEqual(['show s1']);
  });

  it('the snooze submenu snoozes, and resumes while snoozed', () => {
    const harness = start('linux');
    const choices = item(lastMenu(), 'Snooze notifications').submenu!;
    for (const choice of choices) choice.click!();
    expect(harness.actions).toEqual(['action snooze-1h', 'action snooze-8h', 'action snooze-tomorrow']);
    harness.state.snoozedUntil = NOW + 8 * 60 * 60_000;
    harness.publish(snapshot('operational'));
    item(lastMenu(), /^Notifications snoozed until/).submenu![0]!.click!();
    expect(harness.actions.at(-1)).toBe('action snooze-off');
  });
});

describe('tray: platforms', () => {
  it('macOS: template images for calm states, coloured for disruptions, the count as title', () => {
    const { tray, publish } = start('darwin');
    expect(tray.image).toMatchObject({
      path: path.join(ICONS, 'darwin/tray-operationalTemplate.png'),
      template: true,
    });
    expect(tray.title).toBe('');
    publish(snapshot('major_outage', 'degraded', 'operational'));
    expect(tray.image).toMatchObject({ path: path.join(ICONS, 'darwin/tray-outage.png'), template: false });
    expect(tray.title).toBe('2');
  });

  it.each(['linux', 'win32'] as const)('%s: no template flag and no title', (platform) => {
    const { tray } = start(platform);
    expect(tray.image.template).toBeUndefined();
    expect(methods(tray, 'setTitle')).toEqual([]);
  });

  it('Linux: the menu is attached to the icon and follows each snapshot; no right-click handler', () => {
    const { tray, publish } = start('linux');
    publish(snapshot('degraded'));
    expect(tray.contextMenu).toBe(lastMenu());
    expect(methods(tray, 'setContextMenu')).toHaveLength(2);
    expect(tray.listeners.has('right-click')).toBe(false);
  });

  it.each(['darwin', 'win32'] as const)(
    '%s: no context menu on the icon; right click pops up the current menu',
    (platform) => {
      const { tray, publish } = start(platform);
      publish(snapshot('degraded'));
      tray.emit('right-click');
      expect(methods(tray, 'setContextMenu')).toEqual([]);
      expect(methods(tray, 'popUpContextMenu')).toEqual([['popUpContextMenu', lastMenu()]]);
    },
  );

  it.each(['darwin', 'win32', 'linux'] as const)(
    '%s: left click toggles with the icon bounds',
    (platform) => {
      const { tray, actions } = start(platform);
      tray.emit('click');
      expect(actions).toEqual([`toggle ${JSON.stringify(BOUNDS)}`]);
    },
  );
});

describe('tray: dispose', () => {
  it('destroys the tray and stops listening', () => {
    const { tray, dispose, state } = start('linux');
    expect(state.listeners).toBe(1);
    dispose();
    expect(state.listeners).toBe(0);
    expect(methods(tray, 'destroy')).toHaveLength(1);
  });
});
