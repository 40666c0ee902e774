import { CATEGORY_LABELS, type CatalogEntry } from './schema.js';

/**
 * Finding a service as a person types it: "git", "Google cloud", "Zürich"-style accents, "fly.io"
 * or "flyio". Pure and free of Node imports: the app's search box runs it in the renderer.
 */

/** How an entry matched, best first: the order results are ranked in. */
export const MATCH_KINDS = ['exact', 'prefix', 'word', 'category', 'substring'] as const;

export type MatchKind = (typeof MATCH_KINDS)[number];

export interface CatalogMatch {
  readonly entry: CatalogEntry;
  readonly match: MatchKind;
}

/**
 * Entries matching the query by name, alias, id or category, ranked: the whole name (or alias or
 * id), then one that starts with the query, then one with a word that does, then the category,
 * then the query anywhere inside. Ties go by name. An empty query lists everything by name.
 */
export function searchCatalog(entries: readonly CatalogEntry[], query: string): CatalogMatch[] {
  const wanted = folded(query);
  const matches: CatalogMatch[] = [];
  for (const entry of entries) {
    const match = wanted.text === '' ? 'substring' : bestMatch(entry, wanted);
    if (match !== undefined) matches.push({ entry, match });
  }
  return matches.sort(
    (a, b) =>
      MATCH_KINDS.indexOf(a.match) - MATCH_KINDS.indexOf(b.match) || byName(a.entry.name, b.entry.name),
  );
}

interface Folded {
  /** Lower case, accents and extra spaces removed: "Zürich  Cloud" -> "zurich cloud". */
  readonly text: string;
  /** Letters and digits only, so "fly.io", "fly io" and "flyio" meet. */
  readonly compact: string;
  readonly words: readonly string[];
}

export function folded(value: string): Folded {
  const text = value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return {
    text,
    compact: text.replace(/[^\p{L}\p{N}]/gu, ''),
    words: text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== ''),
  };
}

function bestMatch(entry: CatalogEntry, wanted: Folded): MatchKind | undefined {
  const names = [entry.name, ...entry.aliases, entry.id].map(folded);
  const compact = wanted.compact !== '';
  if (names.some((name) => name.text === wanted.text || (compact && name.compact === wanted.compact)))
    return 'exact';
  if (
    names.some(
      (name) => name.text.startsWith(wanted.text) || (compact && name.compact.startsWith(wanted.compact)),
    )
  )
    return 'prefix';
  if (names.some((name) => startsAWord(name, wanted))) return 'word';
  const category = [entry.category, CATEGORY_LABELS[entry.category]].map(folded);
  if (category.some((name) => name.text.startsWith(wanted.text) || startsAWord(name, wanted)))
    return 'category';
  if (
    names.some(
      (name) => name.text.includes(wanted.text) || (compact && name.compact.includes(wanted.compact)),
    )
  )
    return 'substring';
  return undefined;
}

/** "cloud" starts a word of "Google Cloud"; a query of several words must start at a word. */
function startsAWord(name: Folded, wanted: Folded): boolean {
  const first = wanted.words[0];
  if (first === undefined) return false;
  return name.words.some((word, index) => {
    if (!word.startsWith(first)) return false;
    return name.words.slice(index).join(' ').startsWith(wanted.words.join(' '));
  });
}

function byName(a: string, b: string): number {
  return folded(a).text.localeCompare(folded(b).text, 'en');
}
