import { describe, expect, it } from 'vitest';
import { lookup } from '../../../main/monitor/sources/guards.js';

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
