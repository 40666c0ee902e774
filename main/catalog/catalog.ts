import data from './catalog.json' with { type: 'json' };
import { catalogFileSchema, type CatalogEntry } from './schema.js';

/**
 * The catalog of well-known services, parsed once. The renderer bundles this too, so it stays
 * free of Node imports; a broken catalog.json fails here, at load, and in test/catalog.
 */
const file = catalogFileSchema.parse(data);

export const CATALOG: readonly CatalogEntry[] = file.services;

/** What the file says about itself: how it was made and how far to trust it. */
export const CATALOG_ABOUT: string = file.$comment;

const byId = new Map(CATALOG.map((entry) => [entry.id, entry]));

/** The entry with exactly this id (ids are lowercase). */
export function catalogEntry(id: string): CatalogEntry | undefined {
  return byId.get(id.trim().toLowerCase());
}
