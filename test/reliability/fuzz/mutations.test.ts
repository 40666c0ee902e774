import { describe, expect, it } from 'vitest';
import { parseXmlFeed } from '../../../main/monitor/sources/xml-feed.js';
import { applyByteMutation } from './byte-mutations.js';
import { applyJsonMutations } from './json-mutations.js';
import { elementSpans } from './xml-elements.js';
import { applyXmlMutation } from './xml-mutations.js';

/** Each mutation does what its name says; the fuzz property is only as good as these. */

const body = Buffer.from(
  '{"status":{"indicator":"none"},"components":[{"name":"Git","status":"operational"}]}',
);
const other = Buffer.from('<rss><channel><title>T</title></channel></rss>');
const read = (): Buffer => other;

describe('byte mutations', () => {
  it('truncates at any point, positions taken modulo the length', () => {
    expect(applyByteMutation(body, { op: 'truncate', at: 10 }, read)).toHaveLength(10);
    expect(applyByteMutation(body, { op: 'truncate', at: body.length + 1 + 3 }, read)).toHaveLength(3);
  });

  it('flips the bits of one byte', () => {
    const flipped = applyByteMutation(body, { op: 'flip', at: 2, mask: 0x20 }, read);
    expect(flipped.toString()).toBe(body.toString().replace('s', 'S'));
  });

  it('deletes, repeats and inserts runs', () => {
    expect(applyByteMutation(body, { op: 'delete', at: 0, length: 1 }, read).toString()).toBe(
      body.toString().slice(1),
    );
    expect(applyByteMutation(body, { op: 'repeat', at: 0, length: 2, times: 3 }, read).toString()).toMatch(
      /^\{"\{"\{"\{"s/,
    );
    expect(applyByteMutation(body, { op: 'insert', at: 1, bytes: [0] }, read)[1]).toBe(0);
    expect([
      ...applyByteMutation(body, { op: 'garbage', at: 0, kind: 'utf-16le bom' }, read).subarray(0, 2),
    ]).toEqual([0xff, 0xfe]);
  });

  it('splices in a slice of another fixture, replacing a run', () => {
    const spliced = applyByteMutation(
      body,
      { op: 'splice', at: 1, replace: 8, from: 'x', start: 0, length: 5 },
      read,
    );
    expect(spliced.toString()).toBe(`{<rss>${body.toString().slice(9)}`);
  });
});

describe('JSON mutations', () => {
  const text = body.toString();

  it('replaces any node, the root included, with a value of another type', () => {
    expect(
      applyJsonMutations(text, [{ op: 'replace', pick: 0, value: { kind: 'string', name: 'constructor' } }]),
    ).toBe('"constructor"');
    const replaced = JSON.parse(
      applyJsonMutations(text, [{ op: 'replace', pick: 1, value: { kind: 'empty', shape: 'array' } }]),
    ) as Record<string, unknown>;
    expect(Object.values(replaced).some((value) => Array.isArray(value) && value.length === 0)).toBe(true);
  });

  it('renames a key to "__proto__" as an own key, as JSON.parse would read it', () => {
    // Nodes in document order: the root, status, status.indicator, ...
    const out = applyJsonMutations(text, [{ op: 'rename', pick: 2, key: '__proto__' }]);
    expect(out).toContain('{"status":{"__proto__":"none"}');
    expect(Object.hasOwn((JSON.parse(out) as { status: object }).status, '__proto__')).toBe(true);
  });

  it('removes, duplicates and swaps nodes', () => {
    expect(applyJsonMutations('[1,2,3]', [{ op: 'remove', pick: 3 }])).toBe('[1,2]');
    expect(applyJsonMutations('[1,2]', [{ op: 'duplicate', pick: 0, times: 3 }])).toBe('[1,2,1,2,1,2]');
    expect(applyJsonMutations('{"a":1,"b":[2]}', [{ op: 'swap', pick: 1, other: 2 }])).toBe(
      '{"a":[2],"b":[2]}',
    );
  });

  it('nests a value thousands deep without overflowing the serialiser', () => {
    const out = applyJsonMutations('{"a":1}', [{ op: 'nest', pick: 1, depth: 20_000, shape: 'array' }]);
    expect(out.startsWith(`{"a":${'['.repeat(20_000)}1]`)).toBe(true);
    expect(() => JSON.parse(out) as unknown).not.toThrow();
  });
});

describe('XML mutations', () => {
  const feed =
    '<?xml version="1.0"?><feed><title>Status</title><entry><title>A &amp; B</title></entry><entry><title>C</title></entry></feed>';
  const entries = (xml: string): number => elementSpans(xml).filter((span) => span.name === 'entry').length;
  const entryPick = elementSpans(feed).findIndex((span) => span.name === 'entry');

  it('finds elements with both tags, leaves marked', () => {
    const spans = elementSpans(feed);
    expect(spans.map((span) => span.name)).toEqual(['title', 'title', 'entry', 'title', 'entry', 'feed']);
    expect(spans.filter((span) => span.leaf).map((span) => span.name)).toEqual(['title', 'title', 'title']);
  });

  it('drops and duplicates elements, keeping the document well-formed', () => {
    const dropped = applyXmlMutation(feed, { op: 'drop', pick: entryPick });
    expect(entries(dropped)).toBe(1);
    const repeated = applyXmlMutation(feed, { op: 'duplicate', pick: entryPick, times: 250 });
    expect(entries(repeated)).toBe(251);
    expect(parseXmlFeed(repeated)).toMatchObject({ totalItems: 251 });
  });

  it('breaks entities, declares a DTD after the declaration, leaves elements unclosed', () => {
    expect(applyXmlMutation(feed, { op: 'entity', pick: 0, entity: '&bogus;' })).toContain(
      '<title>&bogus;Status',
    );
    expect(applyXmlMutation(feed, { op: 'doctype', kind: 'external' })).toMatch(
      /^<\?xml version="1.0"\?><!DOCTYPE feed \[/,
    );
    expect(parseXmlFeed(applyXmlMutation(feed, { op: 'unclose', pick: entryPick }))).toMatch(
      /^malformed XML/,
    );
  });

  it('renames and nests elements, and replaces text raw or escaped', () => {
    expect(entries(applyXmlMutation(feed, { op: 'rename', pick: entryPick, name: 'item' }))).toBe(1);
    expect(applyXmlMutation(feed, { op: 'nest', pick: 0, depth: 3 })).toContain(
      '<title><x><x><x>Status</x></x></x></title>',
    );
    expect(applyXmlMutation(feed, { op: 'text', pick: 0, value: 'script', escape: true })).toContain(
      '<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>',
    );
  });
});
