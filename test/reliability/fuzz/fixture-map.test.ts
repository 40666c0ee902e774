import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_TYPES, type SourceType } from '../../../main/monitor/sources/registry.js';
import { DOCUMENTED_FIXTURES, REAL_FIXTURES } from '../../support/fixtures.js';
import { ALL_TARGETS } from './all-targets.js';
import { serveTarget, targetPayload } from './answers.js';
import { DOCUMENTED_TARGETS } from './documented-targets.js';
import type { FuzzTarget } from './fuzz-target.js';
import { payloadClient } from './payload-client.js';
import { readTarget, targetConfig } from './read-target.js';
import { REAL_TARGETS } from './real-targets.js';

/**
 * The fuzz mapping must follow the fixture folders: a payload added there without a line in
 * real-targets.ts (or documented-targets.ts) fails here instead of going unfuzzed.
 */

/** Provenance notes, not payloads. */
const NOT_PAYLOADS = new Set(['SOURCES.md', 'README.md']);

/**
 * Source types that parse no payload: probes of this machine's own reach. The http probe only
 * searches a body for text (bodyMustContain), it does not parse it.
 */
const NO_PAYLOAD: Readonly<Partial<Record<SourceType, string>>> = {
  http: 'a probe: status code and text search, no format to parse',
  tcp: 'a probe: a connection, no body',
  dns: 'a probe: a resolver answer, decoded by Node',
  tls: 'a probe: a certificate, decoded by Node',
};

function payloadFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !NOT_PAYLOADS.has(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).replaceAll('\\', '/'))
    .sort();
}

describe.each([
  ['fixtures/real', REAL_FIXTURES, REAL_TARGETS],
  ['fixtures/documented', DOCUMENTED_FIXTURES, DOCUMENTED_TARGETS],
] as const)(
  '%s and its fuzz targets',
  (_name, root, table: Readonly<Record<string, readonly FuzzTarget[]>>) => {
    const files = payloadFiles(root);

    it('maps every payload file (and so every folder) to at least one source', () => {
      expect(files.length).toBeGreaterThan(0);
      const unmapped = files.filter((file) => (table[file]?.length ?? 0) === 0);
      expect(unmapped, 'add these to the fuzz mapping').toEqual([]);
    });

    it('maps nothing that is not there', () => {
      expect(Object.keys(table).filter((file) => !files.includes(file))).toEqual([]);
    });

    it('keys each target by the fixture it fuzzes', () => {
      for (const [file, targets] of Object.entries(table))
        for (const target of targets) expect(target.fixture).toBe(file);
    });
  },
);

describe('fuzz targets', () => {
  it('have unique names, for test titles and replays', () => {
    const names = ALL_TARGETS.map((target) => target.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it.each(ALL_TARGETS.map((target) => [target.name, target] as const))(
    '%s: one route carries the payload, and the config parses',
    (_name, target) => {
      expect(target.routes.filter((route) => route.answer.kind === 'payload')).toHaveLength(1);
      expect(targetConfig(target, 'http://status.fuzz.test').type).toBe(target.source);
    },
  );

  it('cover every source type that parses a payload', () => {
    const covered = new Set(ALL_TARGETS.map((target) => target.source));
    const missing = (Object.keys(SOURCE_TYPES) as SourceType[]).filter(
      (type) => !covered.has(type) && NO_PAYLOAD[type] === undefined,
    );
    expect(missing).toEqual([]);
  });

  it('reach the parser: an unchanged payload is read, not refused as a wrong route', async () => {
    const target = REAL_TARGETS['statuspage/github-summary-all-operational-2019.json']![0]!;
    const reading = await readTarget(
      target,
      payloadClient(serveTarget(target, targetPayload(target))),
      'http://x.test',
    );
    expect(reading).toMatchObject({ status: 'operational', detail: 'All Systems Operational' });
  });
});
