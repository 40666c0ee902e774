import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real payloads in ../shared/fixtures/real (see SOURCES.md there). Never edited to make a parser pass. */
export const REAL_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/real/', import.meta.url));

export function realFixture(relativePath: string): Buffer {
  return readFileSync(`${REAL_FIXTURES}${relativePath}`);
}

/** Payloads built from providers' documented schemas where no real capture exists (see its README). */
export const DOCUMENTED_FIXTURES = fileURLToPath(new URL('../fixtures/documented/', import.meta.url));

export function documentedFixture(name: string): Buffer {
  return readFileSync(`${DOCUMENTED_FIXTURES}${name}`);
}
