import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../main/monitor/config/defaults.js';
import { issueText } from '../../../main/monitor/config/issues.js';
import { migrateConfig } from '../../../main/monitor/config/migrate.js';
import { parseConfig } from '../../../main/monitor/config/parse.js';
import { DEFAULT_CONNECTIVITY_TARGETS } from '../../../main/monitor/config/schema.js';
import { SOURCE_TYPES } from '../../../main/monitor/sources/registry.js';

const KNOWN_TYPES = Object.keys(SOURCE_TYPES).join(', ');

const twitter = {
  version: 1,
  maxConcurrent: 8,
  confirm: { retries: 2, retryDelayMs: 2000, failureThreshold: 3, successThreshold: 2 },
  connectivity: { targets: ['https://example.net/'] },
  services: [
    {
      id: 'twitter',
      name: 'Twitter',
      sources: [
        {
          type: 'http',
          label: 'Desktop web',
          url: 'https://twitter.com/home',
          bodyMustNotContain: ['Something went wrong'],
          degradedAboveMs: 3000,
        },
        { type: 'statuspage', url: 'https://status.twitterstat.us' },
      ],
    },
  ],
};

function errors(input: unknown): string[] {
  const result = parseConfig(input);
  return result.ok ? [] : result.issues.map(issueText);
}

/** A copy of the contract example with one source replaced. */
function withSource(source: unknown): unknown {
  return {
    version: 1,
    services: [{ id: 'a', name: 'A', sources: [{ type: 'tcp', host: 'x', port: 1 }, source] }],
  };
}

describe('config: the contract example', () => {
  it('parses as given', () => {
    const result = parseConfig(twitter);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.services[0]?.sources).toHaveLength(2);
  });

  it('fills defaults for everything optional', () => {
    const result = parseConfig({ version: 1, services: [] });
    expect(result).toEqual({
      ok: true,
      config: {
        version: 1,
        maxConcurrent: 8,
        confirm: { retries: 2, retryDelayMs: 2000, failureThreshold: 3, successThreshold: 2 },
        connectivity: { targets: [...DEFAULT_CONNECTIVITY_TARGETS], timeoutMs: 5000 },
        services: [],
      },
    });
  });

  it("reads a file the app exported, leaving the app's own section aside", () => {
    const result = parseConfig({ version: 1, services: [], app: { theme: 'dark' } });
    expect(result.ok && Object.keys(result.config)).not.toContain('app');
  });

  it('accepts the embedded default set', () => {
    expect(errors(DEFAULT_CONFIG)).toEqual([]);
  });
});

describe('config: every error names its field path', () => {
  it.each<[string, unknown, string]>([
    ['not an object', [], '(top level): expected a JSON object with "version" and "services"'],
    ['no version', { services: [] }, 'version: required: add "version": 1'],
    [
      'a future version',
      { version: 2, services: [] },
      'version: version 2 is newer than this Downwatch understands (1); update Downwatch',
    ],
    ['no services', { version: 1 }, 'services: required (expected a list of services)'],
    [
      'a bad URL',
      withSource({ type: 'http', url: 'twitter.com' }),
      'services[0].sources[1].url: expected an http(s) URL',
    ],
    [
      'a missing URL',
      withSource({ type: 'statuspage' }),
      'services[0].sources[1].url: required (expected an http(s) URL)',
    ],
    [
      'an unknown type',
      withSource({ type: 'htp', url: 'https://x.y' }),
      `services[0].sources[1].type: unknown source type "htp" (known: ${KNOWN_TYPES})`,
    ],
    [
      'a typo in a field',
      withSource({ type: 'http', url: 'https://x.y', bodyMustContains: ['x'] }),
      'services[0].sources[1].bodyMustContains: unknown field (check the spelling; see the README for the fields this type accepts)',
    ],
    [
      'a bad status class',
      withSource({ type: 'http', url: 'https://x.y', expectStatus: ['2xy'] }),
      'services[0].sources[1].expectStatus[0]: expected a status code (200) or class ("2xx")',
    ],
    [
      'body rules with HEAD',
      withSource({ type: 'http', url: 'https://x.y', method: 'HEAD', bodyMustContain: ['ok'] }),
      'services[0].sources[1].method: body rules need method GET: a HEAD response has no body',
    ],
    [
      'an interval under 10 s',
      withSource({ type: 'http', url: 'https://x.y', intervalSeconds: 5 }),
      'services[0].sources[1].intervalSeconds: the minimum interval is 10 seconds',
    ],
    [
      'a port out of range',
      withSource({ type: 'tcp', host: 'x', port: 70000 }),
      'services[0].sources[1].port: a port is between 1 and 65535',
    ],
    [
      'an empty must-not string',
      withSource({ type: 'http', url: 'https://x.y', bodyMustNotContain: [''] }),
      'services[0].sources[1].bodyMustNotContain[0]: an empty string would match everything',
    ],
    [
      'an id with capitals',
      { version: 1, services: [{ id: 'GitHub', name: 'G', sources: [{ type: 'tcp', host: 'x', port: 1 }] }] },
      'services[0].id: use lowercase letters, digits and dashes (for example "github" or "our-api")',
    ],
    [
      'a service without sources',
      { version: 1, services: [{ id: 'a', name: 'A', sources: [] }] },
      'services[0].sources: a service needs at least one source',
    ],
    [
      'a bad threshold',
      { version: 1, confirm: { failureThreshold: 0 }, services: [] },
      'confirm.failureThreshold: at least 1',
    ],
    [
      'a bad connectivity target',
      { version: 1, connectivity: { targets: ['ftp://x'] }, services: [] },
      'connectivity.targets[0]: expected an http(s) URL',
    ],
  ])('%s', (_name, input, expected) => {
    expect(errors(input)).toContain(expected);
  });

  it('reports a duplicate id against the first use', () => {
    const service = { id: 'a', name: 'A', sources: [{ type: 'tcp', host: 'x', port: 1 }] };
    expect(errors({ version: 1, services: [service, service] })).toEqual([
      'services[1].id: "a" is already used by services[0]',
    ]);
  });

  it('reports every problem at once', () => {
    const input = {
      version: 1,
      services: [
        { id: 'a', name: 'A', sources: [{ type: 'http', url: 'nope' }] },
        { id: 'b', name: 'B', sources: [{ type: 'tcp', host: 'x' }] },
      ],
    };
    expect(errors(input)).toEqual([
      'services[0].sources[0].url: expected an http(s) URL',
      'services[1].sources[0].port: required (expected a port number)',
    ]);
  });
});

describe('config: migrations', () => {
  it('walks an old document up to the current version', () => {
    const migrations = { 1: (doc: Record<string, unknown>) => ({ ...doc, renamed: doc.old }) };
    const result = migrateConfig({ version: 1, old: 'kept' }, migrations, 2);
    expect(result).toEqual({ ok: true, document: { version: 2, old: 'kept', renamed: 'kept' } });
  });

  it('says which step is missing instead of guessing', () => {
    expect(migrateConfig({ version: 1 }, {}, 2)).toEqual({
      ok: false,
      issue: { path: 'version', message: 'no migration from version 1' },
    });
  });
});
