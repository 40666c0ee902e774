import type { CatalogEntry } from './schema.js';
import { folded, searchCatalog } from './search.js';

/**
 * "Did you mean": for an id that is not in the catalog, the entries a person most likely meant.
 * Search first ("docker" finds Docker Hub); when search finds nothing, near spellings by edit
 * distance ("gihub" finds GitHub), since a typo is the usual reason an id is unknown.
 */
export function suggestEntries(entries: readonly CatalogEntry[], query: string, limit = 5): CatalogEntry[] {
  const found = searchCatalog(entries, query)
    .filter((match) => match.match !== 'category')
    .map((match) => match.entry);
  if (found.length > 0) return found.slice(0, limit);
  const wanted = folded(query).compact;
  if (wanted === '') return [];
  // About one slip per four letters, at least one: "gthub" still finds GitHub, "az" finds nothing.
  const allowed = Math.max(1, Math.floor(wanted.length / 4));
  return entries
    .map((entry) => ({
      entry,
      distance: Math.min(
        ...[entry.id, entry.name, ...entry.aliases].map((name) => editDistance(folded(name).compact, wanted)),
      ),
    }))
    .filter((candidate) => candidate.distance <= allowed)
    .sort((a, b) => a.distance - b.distance || a.entry.id.localeCompare(b.entry.id, 'en'))
    .slice(0, limit)
    .map((candidate) => candidate.entry);
}

/** Levenshtein distance with adjacent swaps counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}
