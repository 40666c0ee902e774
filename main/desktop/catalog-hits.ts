import { CATALOG } from '../catalog/catalog.js';
import { CATEGORY_LABELS, type CatalogEntry } from '../catalog/schema.js';
import { searchCatalog } from '../catalog/search.js';
import { catalogService } from '../catalog/service.js';
import { SOURCE_TYPES, isSourceType } from '../monitor/sources/registry.js';
import type { CatalogHit } from '../shared/ipc.js';
import type { CatalogDeps } from './ipc-handlers.js';

/**
 * The catalog as the "Add a service" view asks for it: searched in main (the catalog and its
 * schema stay out of the renderer's bundle), each entry as a hit, and a service built the same
 * way `downwatch add ID` builds it.
 */
export function catalogDeps(entries: readonly CatalogEntry[] = CATALOG): CatalogDeps {
  return {
    search: (query) => searchCatalog(entries, query).map(({ entry }) => catalogHit(entry)),
    service: (id) => {
      const entry = entries.find((candidate) => candidate.id === id);
      return entry ? { ...catalogService(entry) } : undefined;
    },
  };
}

export function catalogHit(entry: CatalogEntry): CatalogHit {
  const statusType = entry.statusSource.type;
  return {
    id: entry.id,
    name: entry.name,
    aliases: entry.aliases,
    category: entry.category,
    categoryLabel: CATEGORY_LABELS[entry.category],
    homepage: entry.homepage,
    statusType,
    statusTitle: isSourceType(statusType) ? SOURCE_TYPES[statusType].title : 'Probe only (no official page)',
  };
}
