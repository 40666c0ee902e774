import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../main/catalog/catalog.js';
import { searchCatalog, type MatchKind } from '../../main/catalog/search.js';
import { editDistance, suggestEntries } from '../../main/catalog/suggest.js';

const ids = (query: string, count: number): string[] =>
  searchCatalog(CATALOG, query)
    .slice(0, count)
    .map((match) => match.entry.id);

describe('searchCatalog', () => {
  it.each<[string, string, number, string[]]>([
    ['an exact name', 'github', 1, ['github']],
    ['any case', 'GITHUB', 1, ['github']],
    ['an exact alias', 'twitter', 1, ['x']],
    ['an alias with spaces', 'Amazon Web Services', 1, ['aws']],
    ['an id with a dash', 'fly-io', 1, ['fly-io']],
    ['punctuation left out', 'flyio', 1, ['fly-io']],
    ['punctuation added', 'fly io', 1, ['fly-io']],
    ['accents', 'Clöudflâre', 1, ['cloudflare']],
    [
      'a name prefix, names in order',
      'gith',
      5,
      ['github', 'github-actions', 'github-copilot', 'github-packages', 'github-pages'],
    ],
    ['an exact name before prefixes', 'docker', 1, ['docker-hub']],
    [
      'a prefix before a word inside a name',
      'cloud',
      5,
      ['cloudamqp', 'cloudflare', 'cloudinary', 'linode', 'appwrite'],
    ],
    ['several words', 'google cl', 1, ['google-cloud']],
    ['a prefix before a substring', 'hub', 2, ['hubspot', 'docker-hub']],
  ])('finds %s (%s)', (_name, query, count, expected) => {
    expect(ids(query, count)).toEqual(expected);
  });

  it('ranks exact and prefix matches above words, the category, then substrings', () => {
    const matches = searchCatalog(CATALOG, 'ai');
    const kinds = matches.map((match) => match.match);
    const order: MatchKind[] = ['prefix', 'word', 'category', 'substring'];
    expect([...new Set(kinds)]).toEqual(order);
    const where = (id: string): number => matches.findIndex((match) => match.entry.id === id);
    expect(where('airtable')).toBe(0); // "Airtable" starts with "ai"
    expect(where('mistral')).toBeLessThan(where('openai')); // "Mistral AI": a word starts with it
    expect(where('openai')).toBeLessThan(where('mailgun')); // the AI category before "mAIlgun"
    expect(matches.find((match) => match.entry.id === 'mailgun')?.match).toBe('substring');
  });

  it('finds a whole category by its name or label', () => {
    const payments = searchCatalog(CATALOG, 'payments');
    expect(payments.length).toBe(CATALOG.filter((entry) => entry.category === 'payments').length);
    expect(payments.every((match) => match.match === 'category')).toBe(true);
    expect(searchCatalog(CATALOG, 'package registries').map((match) => match.entry.category)).toContain(
      'registry',
    );
  });

  it('lists everything by name for an empty query, and nothing for a stranger', () => {
    const all = searchCatalog(CATALOG, '  ');
    expect(all).toHaveLength(CATALOG.length);
    expect(all[0]?.entry.id).toBe('1password');
    expect(searchCatalog(CATALOG, 'zzqx')).toEqual([]);
  });
});

describe('suggestEntries', () => {
  it.each<[string, string[]]>([
    ['gihub', ['github']],
    ['githbu', ['github']],
    ['dockr', ['docker-hub']],
    ['docker', ['docker-hub']],
    ['slak', ['slack']],
    ['qwertyuiop', []],
  ])('suggests for "%s"', (query, expected) => {
    expect(suggestEntries(CATALOG, query, 1).map((entry) => entry.id)).toEqual(expected);
  });

  it.each<[string, string, number]>([
    ['github', 'github', 0],
    ['github', 'gihub', 1],
    ['github', 'githbu', 1],
    ['slack', 'slak', 1],
    ['', 'abc', 3],
  ])('measures %s to %s as %i edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});
