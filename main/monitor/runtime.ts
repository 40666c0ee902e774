import type { ConnectivityStatus, ServiceSnapshot } from '../shared/snapshot.js';
import type { MonitorConfig, ServiceConfig } from './config/parse.js';
import { INITIAL_CONFIRM_STATE, type ConfirmState } from './confirm.js';
import type { ServiceEvent } from './events.js';
import type { Reading } from './reading.js';
import { createMemory, type SourceMemory } from './secrets.js';
import { describeSources, viewService, type SourceMeta } from './service-view.js';
import { sourceDefinition } from './sources/registry.js';
import { isDisrupted, type Status } from './status.js';
import { transitionKind } from './transitions.js';

/**
 * What the continuous monitor knows of each service and source between readings, and the pure
 * steps over it: building it from a config (keeping what an unchanged source learned), viewing
 * it as a snapshot, and advancing a service to its next verdict and event.
 */

export interface SourceRuntime {
  readonly meta: SourceMeta;
  readonly intervalMs: number;
  confirm: ConfirmState;
  /** Unreadable readings in a row (for backoff). */
  failuresInARow: number;
  lastGood: Reading | undefined;
  /** The source's own memory between polls (tokens, the newest post seen, counts). */
  readonly memory: SourceMemory;
  /** When an on-demand source last ran; it waits its interval before running again. */
  lastAskedAt: number | undefined;
  asking: boolean;
}

export interface ServiceRuntime {
  readonly config: ServiceConfig;
  readonly sources: readonly SourceRuntime[];
  view: ServiceSnapshot;
  /** The last verdict that was not unknown: what a change is measured against. */
  lastKnown: Status | undefined;
  since: number | undefined;
  lastSampleAt: number;
}

/** Runtimes for a config; a source whose key and config are unchanged keeps its state. */
export function buildRuntimes(
  config: MonitorConfig,
  previous: ReadonlyMap<string, ServiceRuntime> | undefined,
  connectivity: ConnectivityStatus,
): Map<string, ServiceRuntime> {
  return new Map(
    config.services.map((service) => {
      const old = previous?.get(service.id);
      const sources = describeSources(service).map(
        (meta): SourceRuntime =>
          old?.sources.find((source) => source.meta.key === meta.key && sameConfig(source.meta, meta)) ??
          freshSource(meta),
      );
      const runtime: ServiceRuntime = {
        config: service,
        sources,
        view: viewService(service, [], connectivity),
        lastKnown: old?.lastKnown,
        since: old?.since,
        lastSampleAt: old?.lastSampleAt ?? 0,
      };
      runtime.view = viewRuntime(runtime, connectivity);
      return [service.id, runtime];
    }),
  );
}

function freshSource(meta: SourceMeta): SourceRuntime {
  const intervalSeconds =
    meta.config.intervalSeconds ?? sourceDefinition(meta.config).defaults.intervalSeconds;
  return {
    meta,
    intervalMs: intervalSeconds * 1000,
    confirm: INITIAL_CONFIRM_STATE,
    failuresInARow: 0,
    lastGood: undefined,
    memory: createMemory(),
    lastAskedAt: undefined,
    asking: false,
  };
}

function sameConfig(a: SourceMeta, b: SourceMeta): boolean {
  return JSON.stringify(a.config) === JSON.stringify(b.config) && a.label === b.label;
}

export function viewRuntime(service: ServiceRuntime, connectivity: ConnectivityStatus): ServiceSnapshot {
  const states = service.sources.map((source) => ({
    meta: source.meta,
    reading: source.confirm.confirmed,
    pending: source.confirm.pending,
    lastGood: source.lastGood,
  }));
  return viewService(service.config, states, connectivity, service.since);
}

export interface Advance {
  /** A confirmed change worth telling (went down, worsened, improved, recovered). */
  readonly event: ServiceEvent | undefined;
  /** Whether the service's status is worth a history sample now. */
  readonly sample: boolean;
}

/** A service's verdict after its sources changed: the new view, its event, its history sample. */
export function advanceService(
  service: ServiceRuntime,
  connectivity: ConnectivityStatus,
  now: number,
  sampleEveryMs: number,
): Advance {
  const previous = service.view;
  let view = viewRuntime(service, connectivity);
  if (probesAreFine(service) && forgetOtherNetworks(service)) {
    view = viewRuntime(service, connectivity);
  }
  if (view.status !== previous.status) {
    service.since = now;
    view = { ...view, since: now };
  }
  service.view = view;

  const before = service.lastKnown;
  const kind = transitionKind(before, view.status);
  if (view.status !== 'unknown') service.lastKnown = view.status;
  const event: ServiceEvent | undefined = kind && {
    kind,
    serviceId: service.config.id,
    serviceName: service.config.name,
    from: before,
    to: view.status,
    at: now,
    summary: view.summary,
    reasons: view.reasons,
  };
  // A last sample "in the future" (the wall clock went back) is due too, or samples would stop.
  const sinceSample = now - service.lastSampleAt;
  const sample = view.status !== previous.status || sinceSample >= sampleEveryMs || sinceSample < 0;
  if (sample) service.lastSampleAt = now;
  return { event, sample };
}

/** No probe fails, and none is being confirmed as failing: what other networks said is old news. */
function probesAreFine(service: ServiceRuntime): boolean {
  return service.sources.every(
    (source) =>
      source.meta.family !== 'probe' ||
      (source.confirm.confirmed !== undefined &&
        !isDisrupted(source.confirm.confirmed.status) &&
        (source.confirm.pending === undefined || !isDisrupted(source.confirm.pending.status))),
  );
}

/** Once the service is fine again, an old "other networks fail too" would only mislead. */
function forgetOtherNetworks(service: ServiceRuntime): boolean {
  let forgot = false;
  for (const source of service.sources) {
    if (source.meta.onDemand && source.confirm.confirmed) {
      source.confirm = INITIAL_CONFIRM_STATE;
      forgot = true;
    }
  }
  return forgot;
}
