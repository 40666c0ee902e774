import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { withoutStatusLabel } from '../../../main/monitor/event-text.js';
import { isDisrupted } from '../../../main/monitor/status.js';
import type { ServiceSnapshot } from '../../../main/shared/snapshot.js';
import { api, errorText } from '../api.js';
import { ago, clockTime } from '../format.js';
import { listKeyHandler } from '../list-keys.js';
import { StatusBadge } from '../status-glyph.js';
import {
  filter,
  loadError,
  loadInitial,
  navigate,
  now,
  orderedServices,
  snapshot,
  visibleServices,
} from '../store.js';
import { Banners } from './banners.js';
import { Header } from './header.js';

/** Above this many services the filter box is shown. */
const FILTER_FROM = 8;

/** Every service, worst first: what is broken, since when, and the one-line why. */
export function Overview() {
  const [checking, setChecking] = useState<string | undefined>();
  const checkAll = (): void => {
    setChecking('Checking all services…');
    api.servicesCheckNow().then(
      () => setChecking(undefined),
      (error: unknown) => setChecking(errorText(error)),
    );
  };
  return (
    <main class="view" aria-labelledby="overview-title">
      <Header title="Downwatch">
        <button type="button" class="button" onClick={checkAll}>
          Check all now
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="Add a service"
          onClick={() => navigate({ view: 'add' })}
        >
          <span aria-hidden="true">+</span>
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="Settings"
          onClick={() => navigate({ view: 'settings' })}
        >
          <span aria-hidden="true">⚙</span>
        </button>
      </Header>
      <h2 id="overview-title" class="visually-hidden">
        Services
      </h2>
      <Banners />
      {checking ? (
        <p class="note" role="status">
          {checking}
        </p>
      ) : null}
      <Summary />
      {orderedServices.value.length >= FILTER_FROM ? (
        <input
          class="search"
          type="search"
          placeholder="Filter services"
          aria-label="Filter services"
          value={filter.value}
          onInput={(event) => (filter.value = event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && filter.value !== '') {
              event.preventDefault();
              filter.value = '';
            }
          }}
        />
      ) : null}
      <ServiceList />
    </main>
  );
}

/** "4 disrupted · 1 in maintenance · 1 unknown · 12 operational": the tray's tooltip, in words. */
function Summary() {
  const services = snapshot.value?.services;
  if (!services || services.length === 0) return null;
  const count = (test: (status: ServiceSnapshot['status']) => boolean): number =>
    services.filter((service) => test(service.status)).length;
  const disrupted = count(isDisrupted);
  const parts = [
    disrupted > 0 ? `${disrupted} disrupted` : 'Nothing disrupted',
    ...[
      [count((status) => status === 'maintenance'), 'in maintenance'] as const,
      [count((status) => status === 'unknown'), 'unknown'] as const,
      [count((status) => status === 'operational'), 'operational'] as const,
    ]
      .filter(([n]) => n > 0)
      .map(([n, word]) => `${n} ${word}`),
  ];
  return <p class="summary">{parts.join(' · ')}</p>;
}

function ServiceList() {
  if (loadError.value) {
    return (
      <div class="empty" role="alert">
        <p>Could not load the services: {loadError.value}</p>
        <button type="button" class="button" onClick={() => void loadInitial()}>
          Try again
        </button>
      </div>
    );
  }
  if (!snapshot.value) {
    return (
      <p class="empty" aria-busy="true">
        Loading services…
      </p>
    );
  }
  if (snapshot.value.services.length === 0) {
    return (
      <div class="empty">
        <p>No services are watched yet.</p>
        <button type="button" class="button primary" onClick={() => navigate({ view: 'add' })}>
          Add a service
        </button>
      </div>
    );
  }
  const visible = visibleServices.value;
  if (visible.length === 0) return <p class="empty">No service matches “{filter.value}”.</p>;
  const tick = now.value;
  return (
    <ul class="services" aria-label="Services, worst first" onKeyDown={listKeyHandler('.row')}>
      {visible.map((service) => (
        <ServiceRow key={service.id} service={service} now={tick} />
      ))}
    </ul>
  );
}

/**
 * One row. Memoised on what it shows, so a pushed snapshot re-renders only the rows whose
 * service changed (every push brings new objects, so identity would re-render them all).
 */
const ServiceRow = memo(
  function ServiceRow({ service, now: at }: { service: ServiceSnapshot; now: number }) {
    return (
      <li>
        <button
          type="button"
          class={`row status-${service.status}`}
          onClick={() => navigate({ view: 'service', id: service.id })}
        >
          <StatusBadge status={service.status} />
          <span class="row-name">{service.name}</span>
          <span class="row-summary">{withoutStatusLabel(service.summary, service.status)}</span>
          <span class="row-time">{timeNote(service, at)}</span>
        </button>
      </li>
    );
  },
  (before, after) => rowKey(before.service, before.now) === rowKey(after.service, after.now),
);

/** "since 07:12" for anything not fine; "checked 30 s ago" otherwise. */
function timeNote(service: ServiceSnapshot, at: number): string {
  if (service.status !== 'operational' && service.since !== undefined)
    return `since ${clockTime(service.since, at)}`;
  const checked = lastChecked(service);
  return checked === undefined ? 'not checked yet' : `checked ${ago(checked, at)}`;
}

function lastChecked(service: ServiceSnapshot): number | undefined {
  let latest: number | undefined;
  for (const source of service.sources) {
    if (source.checkedAt !== undefined && (latest === undefined || source.checkedAt > latest))
      latest = source.checkedAt;
  }
  return latest;
}

function rowKey(service: ServiceSnapshot, at: number): string {
  return `${service.name}\n${service.status}\n${service.summary}\n${timeNote(service, at)}`;
}
