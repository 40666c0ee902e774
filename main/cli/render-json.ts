import type { ServiceEvent } from '../monitor/events.js';
import type { Snapshot } from '../shared/snapshot.js';

/**
 * The `check --json` contract (issue 2): timestamps as ISO strings, connectivity, and every
 * service with its verdict and sources. Fields may be added, never renamed.
 */
export function toJsonReport(snapshot: Snapshot): unknown {
  return {
    checkedAt: iso(snapshot.checkedAt),
    connectivity: {
      status: snapshot.connectivity.status,
      detail: snapshot.connectivity.detail,
      ...(snapshot.connectivity.checkedAt !== undefined
        ? { checkedAt: iso(snapshot.connectivity.checkedAt) }
        : {}),
    },
    services: snapshot.services.map((service) => ({
      id: service.id,
      name: service.name,
      status: service.status,
      summary: service.summary,
      reasons: service.reasons,
      ...(service.since !== undefined ? { since: iso(service.since) } : {}),
      sources: service.sources.map((source) => ({
        type: source.type,
        label: source.label,
        family: source.family,
        status: source.status,
        detail: source.detail,
        ...(source.latencyMs !== undefined ? { latencyMs: source.latencyMs } : {}),
        ...(source.checkedAt !== undefined ? { checkedAt: iso(source.checkedAt) } : {}),
        ...(source.official ? { official: withIsoDates(source.official) } : {}),
        ...(source.lastGood ? { lastGood: withIsoDates(source.lastGood) } : {}),
      })),
    })),
  };
}

export function eventToJson(event: ServiceEvent): unknown {
  return { ...event, at: iso(event.at) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const DATE_FIELDS = new Set(['at', 'checkedAt', 'updatedAt', 'startedAt', 'scheduledFor', 'scheduledUntil']);

/** Official details carry epoch milliseconds; the JSON report speaks ISO 8601 throughout. */
function withIsoDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIsoDates);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      DATE_FIELDS.has(key) && typeof inner === 'number' ? iso(inner) : withIsoDates(inner),
    ]),
  );
}
