import { describe, expect, it } from 'vitest';
import { catalogEntry } from '../../main/catalog/catalog.js';
import type { CatalogEntry } from '../../main/catalog/schema.js';
import { catalogService } from '../../main/catalog/service.js';
import { parseConfig } from '../../main/monitor/config/parse.js';

function entry(id: string): CatalogEntry {
  const found = catalogEntry(id);
  if (!found) throw new Error(`no catalog entry ${id}`);
  return found;
}

describe('catalogService', () => {
  it.each<[string, unknown]>([
    [
      'github',
      {
        id: 'github',
        name: 'GitHub',
        sources: [
          { type: 'statuspage', url: 'https://www.githubstatus.com' },
          { type: 'http', url: 'https://github.com/', degradedAboveMs: 3000 },
        ],
      },
    ],
    [
      'github-copilot',
      {
        id: 'github-copilot',
        name: 'GitHub Copilot',
        sources: [
          { type: 'statuspage', url: 'https://www.githubstatus.com', components: ['Copilot'] },
          { type: 'http', url: 'https://github.com/features/copilot/', degradedAboveMs: 3000 },
        ],
      },
    ],
    [
      'x',
      {
        id: 'x',
        name: 'X (Twitter)',
        sources: [
          {
            type: 'http',
            url: 'https://x.com/home',
            label: 'Desktop web',
            bodyMustNotContain: ['Something went wrong'],
            degradedAboveMs: 3000,
          },
        ],
      },
    ],
    [
      'docker-hub',
      {
        id: 'docker-hub',
        name: 'Docker Hub',
        sources: [
          { type: 'statusio', url: 'https://api.status.io/1.0/status/533c6539221ae15e3f000031' },
          {
            type: 'http',
            url: 'https://registry-1.docker.io/v2/',
            label: 'Registry API',
            expectStatus: ['2xx', 401],
            degradedAboveMs: 3000,
          },
        ],
      },
    ],
  ])('turns %s into a config service, without the provenance note', (id, expected) => {
    expect(catalogService(entry(id))).toEqual(expected);
  });

  it('gives the engine sources it reads as they are meant: the body rule survives parsing', () => {
    const result = parseConfig({ version: 1, services: [catalogService(entry('x'))] });
    expect(result.ok && result.config.services[0]?.sources[0]).toMatchObject({
      type: 'http',
      bodyMustNotContain: ['Something went wrong'],
    });
  });
});
