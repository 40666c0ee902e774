import { batch, computed, signal } from '@preact/signals';
import type { ServiceHistory } from '../../main/shared/ipc.js';
import type { SettingsView } from '../../main/shared/settings-view.js';
import type { ServiceSnapshot, Snapshot } from '../../main/shared/snapshot.js';
import { byAttentionDescending, statusLabel } from '../../main/monitor/status.js';
import { api, errorText } from './api.js';
import { foldForSearch } from './format.js';

/**
 * The window's state as signals: what main last pushed (snapshot, settings), where the person is
 * (route), and what they typed (filter). Components read signals and re-render only where a
 * value they read changed, so a pushed snapshot updates the rows that changed, not the list.
 */

export type Route =
  | { readonly view: 'overview' }
  | { readonly view: 'service'; readonly id: string }
  | { readonly view: 'add' }
  | { readonly view: 'edit'; readonly id: string }
  | { readonly view: 'settings' };

export const snapshot = signal<Snapshot | undefined>(undefined);
export const settings = signal<SettingsView | undefined>(undefined);
/** Set when the first snapshot could not be fetched: the overview shows it with a retry. */
export const loadError = signal<string | undefined>(undefined);
export const route = signal<Route>({ view: 'overview' });
export const filter = signal('');
/** The clock relative times are read against; ticks every few seconds while the window lives. */
export const now = signal(Date.now());
/** Status changes, said once to screen readers (the live region). */
export const announcement = signal('');

/** Services worst first, then by name: the overview's order. */
export const orderedServices = computed(() => {
  const services = snapshot.value?.services ?? [];
  return [...services].sort(
    (a, b) => byAttentionDescending(a.status, b.status) || a.name.localeCompare(b.name),
  );
});

export const visibleServices = computed(() => {
  const query = foldForSearch(filter.value.trim());
  if (query === '') return orderedServices.value;
  return orderedServices.value.filter((service) =>
    foldForSearch(`${service.name} ${service.id} ${statusLabel(service.status)} ${service.summary}`).includes(
      query,
    ),
  );
});

export const snoozedUntil = computed(() => {
  const until = settings.value?.alerts.snoozedUntil;
  return until !== undefined && until > now.value ? until : undefined;
});

export function serviceById(id: string): ServiceSnapshot | undefined {
  return snapshot.value?.services.find((service) => service.id === id);
}

export function navigate(next: Route): void {
  route.value = next;
}

/** Applies a pushed snapshot, and tells screen readers which services changed status. */
export function applySnapshot(next: Snapshot): void {
  const previous = snapshot.value;
  batch(() => {
    snapshot.value = next;
    loadError.value = undefined;
    if (!previous) return;
    const before = new Map(previous.services.map((service) => [service.id, service.status]));
    const changed = next.services.filter((service) => {
      const was = before.get(service.id);
      return was !== undefined && was !== service.status;
    });
    if (changed.length > 0) {
      announcement.value = changed
        .map((service) => `${service.name}: ${statusLabel(service.status)}`)
        .join('. ');
    }
  });
}

export async function loadInitial(): Promise<void> {
  try {
    const [first, view] = await Promise.all([api.snapshotGet(), api.settingsGet()]);
    batch(() => {
      applySnapshot(first);
      settings.value = view;
    });
  } catch (error) {
    loadError.value = errorText(error);
  }
}

/** Histories fetched for the detail view, by service id, refreshed when it opens. */
export const histories = signal<ReadonlyMap<string, ServiceHistory>>(new Map());

export async function refreshHistory(serviceId: string): Promise<void> {
  const history = await api.servicesHistory(serviceId);
  histories.value = new Map(histories.value).set(serviceId, history);
}
