import { describe, expect, it } from 'vitest';
import { lookup, withoutTrailingSlashes } from '../../../main/monitor/sources/guards.js';

/** Found by fuzzing (test/reliability/fuzz): provider tables were indexed with raw payload words. */
describe('lookup', () => {
  const table: Readonly<Record<string, string>> = {
    operational: 'operational',
    major_outage: 'major_outage',
  };

  it("finds the table's own keys", () => {
    expect(lookup(table, 'major_outage')).toBe('major_outage');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'missing'])(
    'finds nothing for %s, which a plain object[key] would find on Object.prototype',
    (key) => {
      expect(lookup(table, key)).toBeUndefined();
    },
  );

  it('finds nothing for no key', () => {
    expect(lookup(table, undefined)).toBeUndefined();
  });
});

describe('withoutTrailingSlashes', () => {
  it.each([
    ['/status/', '/status'],
    ['/status///', '/status'],
    ['/', ''],
    ['', ''],
    ['/a//b', '/a//b'],
    ['https://api.example.org/', 'https://api.example.org'],
  ])('%j → %j', (text, expected) => {
    expect(withoutTrailingSlashes(text)).toBe(expected);
  });

  it('reads a long run of slashes once: 200,000 of them, then a name, are kept', () => {
    // replace(/\/+$/, '') read from every slash of the run to its end: quadratic.
    const path = `${'/'.repeat(200_000)}status`;
    expect(withoutTrailingSlashes(path)).toBe(path);
    expect(withoutTrailingSlashes(`${path}${'/'.repeat(200_000)}`)).toBe(path);
  });
});
