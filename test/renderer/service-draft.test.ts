import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../main/monitor/config/parse.js';
import {
  draftFromService,
  emptySource,
  idFromName,
  placeIssues,
  serviceFromDraft,
} from '../../renderer/src/service-draft.js';
import { proposeService } from '../../renderer/src/proposal.js';

const written = {
  id: 'twitter',
  name: 'Twitter',
  sources: [
    {
      type: 'http',
      url: 'https://twitter.com/',
      label: 'Home',
      bodyMustNotContain: ['Something went wrong'],
    },
    { type: 'statuspage', url: 'https://api.twitterstat.us' },
  ],
};

describe('the service editor draft', () => {
  it('round-trips a written service, with the other fields as JSON text', () => {
    const draft = draftFromService(written);
    expect(draft.sources[0]).toEqual({
      type: 'http',
      label: 'Home',
      url: 'https://twitter.com/',
      extra: JSON.stringify({ bodyMustNotContain: ['Something went wrong'] }, null, 2),
    });
    expect(serviceFromDraft(draft)).toEqual({ ok: true, service: written });
  });

  it('says which source has JSON that does not parse, or is not an object', () => {
    const draft = {
      ...draftFromService(written),
      sources: [
        { ...emptySource(), extra: '{ nope' },
        { ...emptySource(), extra: '[1]' },
      ],
    };
    const result = serviceFromDraft(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.path)).toEqual(['sources[0].extra', 'sources[1].extra']);
    expect(result.issues[0]?.message).toMatch(/^not valid JSON/);
    expect(result.issues[1]?.message).toBe('expected a JSON object: { "field": value }');
  });

  it("places the engine's own issues on the fields they name", () => {
    const parsed = parseConfig({
      version: 1,
      services: [
        {
          id: 'ours',
          name: 'x',
          sources: [{ type: 'http', url: 'ftp://x', timeoutMs: -1 }, { type: 'carrier-pigeon' }],
        },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const placed = placeIssues(parsed.issues);
    expect([...placed.keys()].sort()).toEqual(['sources.0.extra', 'sources.0.url', 'sources.1.type']);
    expect([...placeIssues([{ path: 'services[0].id', message: 'lowercase' }]).keys()]).toEqual(['id']);
  });

  it('puts a problem that names no field on the form', () => {
    expect([
      ...placeIssues([{ path: 'sources', message: 'a service needs at least one source' }]).keys(),
    ]).toEqual(['form']);
  });

  it.each([
    ['Our API (staging)', 'our-api-staging'],
    ['Zürich Café', 'zurich-cafe'],
    ['  --GitHub--  ', 'github'],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('idFromName(%j) is %j', (name, id) => {
    expect(idFromName(name)).toBe(id);
  });
});

describe('a service proposed from "add by URL"', () => {
  it('names it after the host, with the best match and the probe', () => {
    const statuspage = { type: 'statuspage', url: 'https://www.githubstatus.com' } as const;
    const probe = { type: 'http', url: 'https://github.com/' } as const;
    const proposal = proposeService({
      input: 'https://www.github.com',
      candidates: [],
      matches: [
        {
          type: 'statuspage',
          title: 'Atlassian Statuspage',
          foundAt: 'https://www.githubstatus.com',
          config: statuspage,
        },
      ],
      probe: probe,
    });
    expect(proposal).toEqual({ id: 'github', name: 'github.com', sources: [statuspage, probe] });
  });

  it('takes a bare host, and proposes only a probe when no format was found', () => {
    const probe = { type: 'http', url: 'https://status.example.org/' } as const;
    expect(
      proposeService({ input: 'status.example.org', candidates: [], matches: [], probe: probe }),
    ).toEqual({
      id: 'example',
      name: 'example.org',
      sources: [probe],
    });
  });
});
