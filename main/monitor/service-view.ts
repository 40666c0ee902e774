import type {
  ConnectivityStatus,
  LastGoodReading,
  PendingChange,
  ServiceSnapshot,
  SourceSnapshot,
} from '../shared/snapshot.js';
import type { ServiceConfig } from './config/parse.js';
import type { Reading, SignalFamily } from './reading.js';
import { sourceDefinition, type SourceConfig } from './sources/registry.js';
import { decideVerdict, offlineAware } from './verdict.js';

/** A configured source with the names it is shown by. */
export interface SourceMeta {
  readonly key: string;
  readonly type: string;
  readonly label: string;
  readonly family: SignalFamily;
  /** Run only when a probe of the service fails (Globalping), never on a timetable. */
  readonly onDemand: boolean;
  readonly config: SourceConfig;
}

export function sourceKey(serviceId: string, index: number): string {
  return `${serviceId}/${index}`;
}

export function describeSources(service: ServiceConfig): SourceMeta[] {
  return service.sources.map((config, index) => {
    const definition = sourceDefinition(config);
    return {
      key: sourceKey(service.id, index),
      type: config.type,
      label: config.label ?? definition.defaultLabel(config),
      family: definition.family,
      onDemand: definition.onDemand === true,
      config,
    };
  });
}

/** What is known of one source right now. */
export interface SourceState {
  readonly meta: SourceMeta;
  readonly reading: Reading | undefined;
  readonly pending?: PendingChange | undefined;
  /** The newest reading that was not unknown. */
  readonly lastGood?: Reading | undefined;
}

/** A service's verdict and its sources as the tray, the window and the CLI show them. */
export function viewService(
  service: Pick<ServiceConfig, 'id' | 'name'>,
  sources: readonly SourceState[],
  connectivity: ConnectivityStatus,
  since?: number,
): ServiceSnapshot {
  const verdict = decideVerdict(
    sources.map((source) => ({
      label: source.meta.label,
      family: source.meta.family,
      reading: source.reading,
      pending: source.pending,
      lastGood: source.lastGood,
      onDemand: source.meta.onDemand,
    })),
    connectivity,
  );
  return {
    id: service.id,
    name: service.name,
    status: verdict.status,
    summary: verdict.summary,
    reasons: verdict.reasons,
    ...(since !== undefined ? { since } : {}),
    sources: sources.map((source) => viewSource(source, connectivity)),
  };
}

function viewSource(source: SourceState, connectivity: ConnectivityStatus): SourceSnapshot {
  const { meta } = source;
  const base = { key: meta.key, type: meta.type, label: meta.label, family: meta.family };
  const pending = source.pending ? { pending: source.pending } : {};
  if (!source.reading) {
    const waiting = meta.onDemand ? 'asked only when a probe of this service fails' : 'not checked yet';
    return { ...base, status: 'unknown', detail: source.pending ? 'confirming' : waiting, ...pending };
  }
  const reading = offlineAware(source.reading, connectivity);
  const lastGood =
    reading.status === 'unknown' && source.lastGood ? { lastGood: keepLastGood(source.lastGood) } : {};
  return {
    ...base,
    ...lastGood,
    status: reading.status,
    detail: reading.detail,
    checkedAt: reading.checkedAt,
    ...(reading.latencyMs !== undefined ? { latencyMs: reading.latencyMs } : {}),
    ...(reading.official ? { official: reading.official } : {}),
    ...(reading.crowd ? { crowd: reading.crowd } : {}),
    ...(reading.vantage ? { vantage: reading.vantage } : {}),
    ...pending,
  };
}

function keepLastGood(reading: Reading): LastGoodReading {
  return {
    status: reading.status,
    detail: reading.detail,
    checkedAt: reading.checkedAt,
    ...(reading.official ? { official: reading.official } : {}),
  };
}
