import {
  SETTINGS_VERSION,
  defaultSettings,
  monitorSettingsSchema,
  settingsSchema,
  type Settings,
} from './schema.js';
import { isRecord } from '../../monitor/sources/guards.js';

/**
 * Rebuilding settings from a damaged file: each field from the file when it still reads, else
 * from the last good backup, else the default; services most carefully of all, because they are
 * what a person typed in. The sentences say which happened, once.
 */

/** The sentence about the service list: the one thing a person must never lose unawares. */
export function servicesSentence(recovered: Recovered, situation: 'corrupt' | 'newer'): string {
  const { from, count, total, lost } = recovered.services;
  const services = (n: number): string => `${n} service${n === 1 ? '' : 's'}`;
  switch (from) {
    case 'file':
      return situation === 'newer'
        ? `Your ${services(count)} are being watched.`
        : `Your ${services(count)} were recovered from it.`;
    case 'backup':
      return `Your ${services(count)} were restored from the last good save.`;
    case 'partial': {
      const where = situation === 'newer' ? 'the file' : 'the kept copy';
      return `${count} of ${services(total)} were recovered; could not read ${lost.join(', ')} (still in ${where}).`;
    }
    case 'defaults':
      return situation === 'newer'
        ? 'Its service list could not be read, so the default services are being watched.'
        : 'No service list could be recovered from it or from a backup, so the default services are back.';
  }
}

/** What could be kept from a damaged or newer file, field by field. */
export interface Recovered {
  readonly settings: Settings;
  readonly services: {
    readonly from: 'file' | 'backup' | 'partial' | 'defaults';
    readonly count: number;
    readonly total: number;
    /** The services that could not be read, as `services[3] ("Slack")`. */
    readonly lost: readonly string[];
  };
  /** App settings present in the file but invalid: they fell back to the backup's or the default. */
  readonly unread: readonly string[];
  readonly hadBackup: boolean;
}

const APP_FIELDS = ['alerts', 'launchAtLogin', 'theme', 'autoUpdate', 'window', 'secrets'] as const;
type AppField = (typeof APP_FIELDS)[number];

/**
 * Keeps every field the document still has in valid form; the rest comes from the last good
 * save when there is one, else the defaults. The service list is tried hardest: the document's
 * own when all its services read (even if other monitor fields do not), else the backup's
 * whole list, else the document's services one by one, else the defaults.
 */
export function recoverSettings(document: unknown, backup: Settings | undefined): Recovered {
  const raw = isRecord(document) ? document : {};
  const base = backup ?? defaultSettings();
  const unread: AppField[] = [];
  const app: Partial<Record<AppField, unknown>> = {};
  for (const field of APP_FIELDS) {
    const parsed = settingsSchema.shape[field].safeParse(raw[field]);
    if (raw[field] !== undefined && parsed.success) app[field] = parsed.data;
    else {
      if (raw[field] !== undefined) unread.push(field);
      app[field] = base[field];
    }
  }
  const { monitor, services } = recoverMonitor(raw.monitor, backup);
  const settings = settingsSchema.parse({ ...app, version: SETTINGS_VERSION, monitor });
  return { settings, services, unread, hadBackup: backup !== undefined };
}

function recoverMonitor(
  raw: unknown,
  backup: Settings | undefined,
): { monitor: Record<string, unknown>; services: Recovered['services'] } {
  const all = (from: 'file' | 'backup', monitor: Record<string, unknown>) => {
    const count = Array.isArray(monitor.services) ? monitor.services.length : 0;
    return { monitor, services: { from, count, total: count, lost: [] } };
  };
  if (isRecord(raw) && monitorSettingsSchema.safeParse(raw).success) return all('file', raw);
  const list: unknown[] = isRecord(raw) && Array.isArray(raw.services) ? raw.services : [];
  const kept: unknown[] = [];
  const lost: string[] = [];
  list.forEach((service, index) => {
    // Checked with those kept so far: a duplicate id is lost, not the service it repeats.
    if (monitorSettingsSchema.safeParse({ version: 1, services: [...kept, service] }).success)
      kept.push(service);
    else lost.push(describeService(service, index));
  });
  const withKept = { ...(isRecord(raw) ? raw : {}), services: kept };
  const monitor = monitorSettingsSchema.safeParse(withKept).success
    ? withKept
    : { version: 1, services: kept };
  if (list.length > 0 && lost.length === 0) return all('file', monitor);
  if (backup) return all('backup', backup.monitor);
  if (kept.length > 0)
    return { monitor, services: { from: 'partial', count: kept.length, total: list.length, lost } };
  return {
    monitor: defaultSettings().monitor,
    services: { from: 'defaults', count: 0, total: list.length, lost },
  };
}

function describeService(service: unknown, index: number): string {
  const name =
    isRecord(service) && typeof service.name === 'string' ? ` (${JSON.stringify(service.name)})` : '';
  return `services[${index}]${name}`;
}

/** The app settings that fell back, if any. */
export function unreadSentence({ unread, hadBackup }: Recovered): string {
  if (unread.length === 0) return '';
  const values = `${hadBackup ? 'last saved' : 'default'} value${unread.length === 1 ? '' : 's'}`;
  return ` Could not read ${unread.join(', ')}; using the ${values} instead.`;
}
