import { z } from 'zod';
import { ALERT_LEVELS, alertSettingsSchema } from '../../monitor/alerts/alert-settings.js';
import { fromZodIssues, type ConfigIssue } from '../../monitor/config/issues.js';
import { parseConfig } from '../../monitor/config/parse.js';
import { isRecord } from '../../monitor/sources/guards.js';
import { SOURCE_TYPES } from '../../monitor/sources/registry.js';
import type { SettingsEdit, SettingsView } from '../../shared/settings-view.js';
import { missingSecrets } from './exchange.js';
import { parseSettings, THEMES, type Settings } from './schema.js';

/**
 * What the window may change, and how each change lands in the settings (issue 6): pure, so
 * every edit is tested without Electron. An edit is all or nothing: the result is validated as
 * a whole by parseSettings, and problems come back with paths the form can place beside its
 * fields (a service's problems relative to that service: `sources[0].url`).
 */

const serviceId = z.string().min(1).max(64);

export const settingsEditSchema: z.ZodType<SettingsEdit> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('app'),
    launchAtLogin: z.boolean().optional(),
    theme: z.enum(THEMES).optional(),
    autoUpdate: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('alerts'), alerts: z.unknown() }),
  z.strictObject({ kind: z.literal('service-level'), serviceId, level: z.enum(ALERT_LEVELS) }),
  z.strictObject({ kind: z.literal('add-service'), service: z.unknown() }),
  z.strictObject({ kind: z.literal('replace-service'), serviceId, service: z.unknown() }),
  z.strictObject({ kind: z.literal('remove-service'), serviceId }),
  z.strictObject({ kind: z.literal('engine'), engine: z.record(z.string(), z.unknown()) }),
]);

export type EditOutcome =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** The settings after `edit`, or every reason it cannot be made. `current` is not changed. */
export function applySettingsEdit(current: Settings, edit: SettingsEdit): EditOutcome {
  switch (edit.kind) {
    case 'app': {
      const { kind: _kind, ...app } = edit;
      return validated({ ...current, ...app });
    }
    case 'alerts': {
      const alerts = alertSettingsSchema.safeParse(edit.alerts);
      if (!alerts.success) return { ok: false, issues: fromZodIssues(alerts.error.issues, [], edit.alerts) };
      return validated({ ...current, alerts: alerts.data });
    }
    case 'service-level': {
      const alerts = alertSettingsSchema.parse(current.alerts);
      if (!serviceIds(current).includes(edit.serviceId)) return unknownService(edit.serviceId);
      return validated({
        ...current,
        alerts: { ...alerts, levels: { ...alerts.levels, [edit.serviceId]: edit.level } },
      });
    }
    case 'add-service': {
      const problems = serviceProblems(edit.service);
      if (problems.length > 0) return { ok: false, issues: problems };
      const id = (edit.service as { id: string }).id;
      if (serviceIds(current).includes(id)) {
        return {
          ok: false,
          issues: [{ path: 'id', message: `"${id}" is already watched; pick another id` }],
        };
      }
      return validated(withServices(current, [...services(current), edit.service]));
    }
    case 'replace-service': {
      const index = serviceIds(current).indexOf(edit.serviceId);
      if (index < 0) return unknownService(edit.serviceId);
      const problems = serviceProblems(edit.service);
      if (problems.length > 0) return { ok: false, issues: problems };
      const id = (edit.service as { id: string }).id;
      if (id !== edit.serviceId && serviceIds(current).includes(id)) {
        return { ok: false, issues: [{ path: 'id', message: `"${id}" is already used by another service` }] };
      }
      const next = services(current).map((service, at) => (at === index ? edit.service : service));
      return validated(withServices(current, next));
    }
    case 'remove-service': {
      if (!serviceIds(current).includes(edit.serviceId)) return unknownService(edit.serviceId);
      const next = services(current).filter((_, at) => serviceIds(current)[at] !== edit.serviceId);
      const alerts = alertSettingsSchema.parse(current.alerts);
      const { [edit.serviceId]: _level, ...levels } = alerts.levels;
      const { [edit.serviceId]: _snooze, ...serviceSnoozes } = alerts.serviceSnoozes;
      return validated({ ...withServices(current, next), alerts: { ...alerts, levels, serviceSnoozes } });
    }
    case 'engine': {
      // The services are edited one by one above; here everything else of the config.
      const { services: _services, version: _version, ...engine } = edit.engine;
      return validated({ ...current, monitor: { version: 1, ...engine, services: services(current) } });
    }
  }
}

/** What the window is shown: the settings without secret values. */
export function settingsView(settings: Settings, readOnly: boolean): SettingsView {
  return {
    monitor: settings.monitor,
    alerts: alertSettingsSchema.parse(settings.alerts),
    launchAtLogin: settings.launchAtLogin,
    theme: settings.theme,
    autoUpdate: settings.autoUpdate,
    storedSecrets: Object.keys(settings.secrets).sort(),
    missingSecrets: missingSecrets(settings),
    readOnly,
    sourceTypes: Object.values(SOURCE_TYPES).map((definition) => ({
      type: definition.type,
      title: definition.title,
      family: definition.family,
      onDemand: definition.onDemand === true,
    })),
  };
}

function validated(next: unknown): EditOutcome {
  const parsed = parseSettings(next);
  return parsed.ok ? { ok: true, settings: parsed.settings } : { ok: false, issues: parsed.issues };
}

/** A service's own problems, with paths from the service: `sources[0].url`. */
function serviceProblems(service: unknown): ConfigIssue[] {
  const parsed = parseConfig({ version: 1, services: [service] });
  if (parsed.ok) return [];
  return parsed.issues.map((issue) => ({
    path: issue.path.replace(/^services\[0\]\.?/, '') || '(top level)',
    message: issue.message,
  }));
}

function services(settings: Settings): unknown[] {
  const list = settings.monitor.services;
  return Array.isArray(list) ? [...(list as unknown[])] : [];
}

function serviceIds(settings: Settings): string[] {
  return services(settings).map((service) =>
    isRecord(service) && typeof service.id === 'string' ? service.id : '',
  );
}

function withServices(settings: Settings, list: unknown[]): Settings {
  return { ...settings, monitor: { ...settings.monitor, services: list } };
}

function unknownService(id: string): EditOutcome {
  return { ok: false, issues: [{ path: '(top level)', message: `no service "${id}" is watched` }] };
}
