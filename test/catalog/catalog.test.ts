import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, CATALOG_ABOUT, catalogEntry } from '../../main/catalog/catalog.js';
import data from '../../main/catalog/catalog.json' with { type: 'json' };
import { CATEGORIES, catalogFileSchema, type Category } from '../../main/catalog/schema.js';
import { catalogService } from '../../main/catalog/service.js';
import { fromZodIssues, issueText } from '../../main/monitor/config/issues.js';
import { parseConfig } from '../../main/monitor/config/parse.js';

describe('the catalog file', () => {
  it('holds at least 150 services with an official status source', () => {
    const official = CATALOG.filter((entry) => entry.statusSource.type !== 'none');
    expect(official.length).toBeGreaterThanOrEqual(150);
  });

  it('says in its header that nothing was checked live', () => {
    expect(CATALOG_ABOUT).toMatch(/NOTHING HERE WAS CHECKED LIVE/);
  });

  it('covers the kinds of service the issue names, in the closed set of categories', () => {
    const counts = new Map<Category, number>();
    for (const entry of CATALOG) counts.set(entry.category, (counts.get(entry.category) ?? 0) + 1);
    for (const category of CATEGORIES) expect(counts.get(category), category).toBeGreaterThan(0);
    for (const required of [
      'developer',
      'cloud',
      'cdn',
      'communication',
      'payments',
      'social',
      'ai',
      'registry',
      'games',
    ] as const)
      expect(counts.get(required), required).toBeGreaterThanOrEqual(5);
  });

  it('has unique ids, and aliases that name no other service', () => {
    const ids = CATALOG.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    const owner = new Map<string, string>();
    for (const entry of CATALOG) {
      owner.set(entry.id, entry.id);
      owner.set(entry.name.toLowerCase(), entry.id);
    }
    for (const entry of CATALOG) {
      for (const alias of entry.aliases) {
        const key = alias.toLowerCase();
        expect(owner.get(key) ?? entry.id, `${entry.id}: alias "${alias}"`).toBe(entry.id);
        owner.set(key, entry.id);
      }
    }
  });

  it('uses https for every URL', () => {
    const urls = CATALOG.flatMap((entry) => [
      entry.homepage,
      entry.probe.url,
      ...(entry.statusSource.type === 'none' ? [] : [entry.statusSource.url]),
    ]);
    expect(urls.length).toBeGreaterThan(CATALOG.length * 2);
    for (const url of urls) expect(new URL(url).protocol, url).toBe('https:');
  });

  it('says for every entry how its status source was determined', () => {
    for (const entry of CATALOG) {
      const source = entry.statusSource;
      if (source.type === 'none') expect(source.determined, entry.id).toMatch(/no|none/);
      else expect(source.determined, entry.id).toMatch(/not verified live$/);
    }
  });

  it('converts every entry into a service that the engine’s own parseConfig accepts', () => {
    const result = parseConfig({ version: 1, services: CATALOG.map(catalogService) });
    expect(result.ok ? [] : result.issues.map(issueText)).toEqual([]);
    if (!result.ok) return;
    expect(result.config.services.map((service) => service.id)).toEqual(CATALOG.map((entry) => entry.id));
    for (const service of result.config.services) {
      const entry = catalogEntry(service.id);
      expect(service.sources.map((source) => source.type)).toEqual(
        entry?.statusSource.type === 'none' ? ['http'] : [entry?.statusSource.type, 'http'],
      );
    }
  });

  it('finds an entry by id, case and spaces aside', () => {
    expect(catalogEntry(' GitHub ')?.name).toBe('GitHub');
    expect(catalogEntry('twitter')).toBeUndefined();
  });
});

describe('the catalog modules', () => {
  // The renderer bundles them for the browser: zod and each other, nothing from Node.
  const folder = new URL('../../main/catalog/', import.meta.url);
  it.each(readdirSync(folder).filter((file) => file.endsWith('.ts')))(
    '%s imports nothing from Node',
    (file) => {
      const source = readFileSync(new URL(file, folder), 'utf8');
      const imports = [...source.matchAll(/^import .* from '([^']+)'/gm)].map((match) => match[1]);
      expect(imports.length).toBeGreaterThan(0);
      for (const target of imports)
        expect(target, `${file}: ${target}`).toMatch(/^(zod|\.\/[\w-]+\.(js|json))$/);
    },
  );
});

describe('the catalog schema', () => {
  type File = { services: Record<string, unknown>[] };
  const copy = (): File => JSON.parse(JSON.stringify(data)) as File;

  it.each<[string, (file: File) => void, string]>([
    [
      'an http homepage',
      (file) => (file.services[0]!.homepage = 'http://github.com'),
      'services[0].homepage: expected an https:// URL',
    ],
    [
      'a category outside the set',
      (file) => (file.services[0]!.category = 'devtools'),
      `services[0].category: expected one of ${CATEGORIES.join(', ')}`,
    ],
    [
      'a repeated id',
      (file) => (file.services[1]!.id = file.services[0]!.id),
      'services[1].id: "github" is already the id of services[0]',
    ],
    [
      "an alias that is another service's id",
      (file) => (file.services[1]!.aliases = ['github']),
      'services[1].aliases[0]: "github" is already the id of services[0]',
    ],
    [
      'a status.io page without its API URL',
      (file) =>
        (file.services[0]!.statusSource = {
          type: 'statusio',
          url: 'https://status.gitlab.com',
          determined: 'a sentence long enough to count as one',
        }),
      'services[0].statusSource.url: expected the API URL https://api.status.io/1.0/status/<page id>',
    ],
    [
      'a source without its provenance',
      (file) =>
        (file.services[0]!.statusSource = { type: 'statuspage', url: 'https://www.githubstatus.com' }),
      'services[0].statusSource.determined: required (say how this status source was determined)',
    ],
    [
      'a probe with a field the http source does not read',
      (file) => (file.services[0]!.probe = { url: 'https://github.com/', method: 'HEAD' }),
      'services[0].probe.method: unknown field (check the spelling; see the README for the fields this type accepts)',
    ],
  ])('refuses %s, naming the field', (_name, change, problem) => {
    const file = copy();
    change(file);
    const result = catalogFileSchema.safeParse(file);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fromZodIssues(result.error.issues, [], file).map(issueText)).toContain(problem);
  });
});
