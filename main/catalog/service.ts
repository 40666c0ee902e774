import type { CatalogEntry, CatalogProbe, OfficialSource } from './schema.js';

/**
 * A catalog entry as a service of the config file (README, "Config (version 1)"): what
 * `downwatch add` appends and what the app adds, so both add a service the same way. Plain JSON,
 * not yet parsed: the engine's own parseConfig validates it like any hand-written service.
 */

/** Slower than this is degraded: the same line the built-in default set draws (config/defaults.ts). */
export const PROBE_DEGRADED_ABOVE_MS = 3000;

export type CatalogOfficialConfig = Exclude<Omit<OfficialSource, 'determined'>, { type: 'none' }>;

export type CatalogProbeConfig = CatalogProbe & { readonly type: 'http'; readonly degradedAboveMs: number };

// Type aliases, not interfaces: a plain object type is assignable to Record<string, unknown>,
// which is how the app hands it on as config.
export type CatalogServiceConfig = {
  readonly id: string;
  readonly name: string;
  readonly sources: readonly (CatalogOfficialConfig | CatalogProbeConfig)[];
};

export function catalogService(entry: CatalogEntry): CatalogServiceConfig {
  const official = officialConfig(entry.statusSource);
  const probe: CatalogProbeConfig = {
    type: 'http',
    ...entry.probe,
    degradedAboveMs: PROBE_DEGRADED_ABOVE_MS,
  };
  // The vendor's word first, then what this machine sees (the order of the built-in set).
  return { id: entry.id, name: entry.name, sources: official ? [official, probe] : [probe] };
}

/** The source config without the catalog's provenance note, or nothing when there is no page. */
function officialConfig(source: OfficialSource): CatalogOfficialConfig | undefined {
  if (source.type === 'none') return undefined;
  const { determined: _determined, ...config } = source;
  return config;
}
