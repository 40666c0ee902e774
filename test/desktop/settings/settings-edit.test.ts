import { describe, expect, it } from 'vitest';
import {
  applySettingsEdit,
  settingsEditSchema,
  settingsView,
} from '../../../main/desktop/settings/settings-edit.js';
import { defaultSettings, parseSettings } from '../../../main/desktop/settings/schema.js';
import type { SettingsEdit } from '../../../main/shared/settings-view.js';

const ours = {
  id: 'ours',
  name: 'Ours',
  sources: [{ type: 'http', url: 'https://ours.example.com/health' }],
};

function ids(edit: SettingsEdit, start = defaultSettings()): string[] | string {
  const outcome = applySettingsEdit(start, edit);
  if (!outcome.ok) return outcome.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return (outcome.settings.monitor.services as { id: string }[]).map((service) => service.id);
}

describe('applySettingsEdit', () => {
  it.each<[string, SettingsEdit, string[] | string]>([
    [
      'adds a service at the end',
      { kind: 'add-service', service: ours },
      ['github', 'cloudflare', 'npm', 'discord', 'ours'],
    ],
    [
      'replaces a service in place, id changes allowed',
      { kind: 'replace-service', serviceId: 'npm', service: { ...ours, id: 'npm-mirror' } },
      ['github', 'cloudflare', 'npm-mirror', 'discord'],
    ],
    [
      'refuses a rename onto another service',
      { kind: 'replace-service', serviceId: 'npm', service: { ...ours, id: 'github' } },
      'id: "github" is already used by another service',
    ],
    [
      'names a source problem from the service',
      { kind: 'add-service', service: { ...ours, sources: [{ type: 'http', url: 'ftp://x' }] } },
      expect.stringMatching(/^sources\[0\]\.url: /),
    ],
    [
      'names an unknown source type',
      { kind: 'add-service', service: { ...ours, sources: [{ type: 'carrier-pigeon' }] } },
      expect.stringMatching(/^sources\[0\]\.type: /),
    ],
    [
      'refuses to remove what is not there',
      { kind: 'remove-service', serviceId: 'nope' },
      '(top level): no service "nope" is watched',
    ],
    [
      'refuses a level for a service not watched',
      { kind: 'service-level', serviceId: 'nope', level: 'muted' },
      '(top level): no service "nope" is watched',
    ],
  ])('%s', (_title, edit, expected) => {
    expect(ids(edit)).toEqual(expected);
  });

  it('changes the engine settings and keeps the services', () => {
    const outcome = applySettingsEdit(defaultSettings(), {
      kind: 'engine',
      engine: { confirm: { failureThreshold: 5 }, services: [] },
    });
    expect(outcome.ok && outcome.settings.monitor).toMatchObject({
      version: 1,
      confirm: { failureThreshold: 5 },
      services: [{ id: 'github' }, { id: 'cloudflare' }, { id: 'npm' }, { id: 'discord' }],
    });
    const refused = applySettingsEdit(defaultSettings(), {
      kind: 'engine',
      engine: { confirm: { failureThreshold: 99 } },
    });
    expect(refused).toEqual({
      ok: false,
      issues: [{ path: 'monitor.confirm.failureThreshold', message: 'at most 20' }],
    });
  });

  it('validates notification rules with their paths, and keeps only valid ones', () => {
    const refused = applySettingsEdit(defaultSettings(), {
      kind: 'alerts',
      alerts: { quietHours: { start: '25:00', end: '07:00' } },
    });
    expect(refused).toEqual({
      ok: false,
      issues: [{ path: 'quietHours.start', message: 'expected a time such as "22:00" (HH:MM, 24-hour)' }],
    });
    const kept = applySettingsEdit(defaultSettings(), {
      kind: 'alerts',
      alerts: { quietHours: { start: '22:00', end: '07:00', allowMajorOutages: true } },
    });
    expect(kept.ok && kept.settings.alerts).toMatchObject({
      quietHours: { start: '22:00', allowMajorOutages: true },
    });
  });

  it('removing a service forgets its level and snooze, and the result is valid settings', () => {
    const start = parseSettings({
      ...defaultSettings(),
      alerts: { levels: { npm: 'muted', github: 'outages' }, serviceSnoozes: { npm: 9e12 } },
    });
    if (!start.ok) throw new Error('fixture');
    const outcome = applySettingsEdit(start.settings, { kind: 'remove-service', serviceId: 'npm' });
    expect(outcome.ok && outcome.settings.alerts).toMatchObject({
      levels: { github: 'outages' },
      serviceSnoozes: {},
    });
  });

  it('does not change the settings it was given', () => {
    const start = defaultSettings();
    const before = structuredClone(start);
    applySettingsEdit(start, { kind: 'add-service', service: ours });
    applySettingsEdit(start, { kind: 'remove-service', serviceId: 'github' });
    expect(start).toEqual(before);
  });
});

describe('settingsEditSchema (the IPC argument check)', () => {
  it.each([
    [{ kind: 'app', theme: 'dark' }, true],
    [{ kind: 'app', theme: 'neon' }, false],
    [{ kind: 'app', launchAtLogin: 'yes' }, false],
    [{ kind: 'service-level', serviceId: 'npm', level: 'loud' }, false],
    [{ kind: 'remove-service' }, false],
    [{ kind: 'format-disk' }, false],
    [{ kind: 'app', extra: 1 }, false],
  ])('%j → %s', (edit, valid) => {
    expect(settingsEditSchema.safeParse(edit).success).toBe(valid);
  });
});

describe('settingsView', () => {
  it('carries secret names, never values', () => {
    const view = settingsView({ ...defaultSettings(), secrets: { TOKEN: 'c2VhbGVk' } }, true);
    expect(view.storedSecrets).toEqual(['TOKEN']);
    expect(JSON.stringify(view)).not.toContain('c2VhbGVk');
    expect(view.readOnly).toBe(true);
  });
});
