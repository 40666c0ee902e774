import fc from 'fast-check';
import { NASTY_STRINGS, nastyString, type NastyString } from './nasty-values.js';
import { elementSpans, type ElementSpan } from './xml-elements.js';

/**
 * Structural mutations of an RSS or Atom feed, on its text: elements dropped, repeated,
 * renamed (an entry that becomes an item, a title that becomes a link), left unclosed or nested
 * thousands deep; text replaced (escaped, or raw so it breaks the markup); entities broken or
 * declared in a DTD (billion laughs, an external entity); CDATA added or left open.
 */

export const ENTITIES = [
  '&bogus;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&#99999999999;',
  '&',
  '&amp',
  '&amp;lt;script&amp;gt;',
  '&lt;b&gt;',
  '&lol9;',
  '&xxe;',
  '&nbsp;&mdash;&hellip;',
] as const;

const DOCTYPES = {
  laughs: `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
    { length: 9 },
    (_, index) => `<!ENTITY lol${index + 1} "${`&lol${index === 0 ? '' : String(index)};`.repeat(10)}">`,
  ).join('')}]>`,
  external: '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  internal: '<!DOCTYPE feed [<!ENTITY x "<b>declared</b>">]>',
} as const;

const NAMES = [
  'item',
  'entry',
  'title',
  'link',
  'guid',
  'id',
  'pubDate',
  'published',
  'updated',
  'description',
  'content',
  'summary',
  'category',
  'channel',
  'html',
  'x',
] as const;

const ATTRIBUTES = [
  'type="html"',
  'type="text"',
  'type="xhtml"',
  'rel="alternate"',
  'href',
  'term',
  'label',
] as const;

export type XmlMutation =
  | { readonly op: 'drop'; readonly pick: number }
  | { readonly op: 'duplicate'; readonly pick: number; readonly times: number }
  | { readonly op: 'text'; readonly pick: number; readonly value: NastyString; readonly escape: boolean }
  | { readonly op: 'entity'; readonly pick: number; readonly entity: (typeof ENTITIES)[number] }
  | { readonly op: 'doctype'; readonly kind: keyof typeof DOCTYPES }
  | { readonly op: 'nest'; readonly pick: number; readonly depth: number }
  | { readonly op: 'rename'; readonly pick: number; readonly name: (typeof NAMES)[number] }
  | {
      readonly op: 'attribute';
      readonly pick: number;
      readonly attribute: (typeof ATTRIBUTES)[number];
      readonly value: NastyString;
    }
  | { readonly op: 'unclose'; readonly pick: number }
  | { readonly op: 'cdata'; readonly pick: number; readonly closed: boolean };

const pick = fc.nat();

export const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), pick }),
  fc.record({ op: fc.constant('duplicate' as const), pick, times: fc.integer({ min: 2, max: 300 }) }),
  fc.record({ op: fc.constant('text' as const), pick, value: nastyString, escape: fc.boolean() }),
  fc.record({ op: fc.constant('entity' as const), pick, entity: fc.constantFrom(...ENTITIES) }),
  fc.record({
    op: fc.constant('doctype' as const),
    kind: fc.constantFrom(...(Object.keys(DOCTYPES) as (keyof typeof DOCTYPES)[])),
  }),
  fc.record({ op: fc.constant('nest' as const), pick, depth: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant('rename' as const), pick, name: fc.constantFrom(...NAMES) }),
  fc.record({
    op: fc.constant('attribute' as const),
    pick,
    attribute: fc.constantFrom(...ATTRIBUTES),
    value: nastyString,
  }),
  fc.record({ op: fc.constant('unclose' as const), pick }),
  fc.record({ op: fc.constant('cdata' as const), pick, closed: fc.boolean() }),
);

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

function chosen(spans: readonly ElementSpan[], index: number, leafOnly = false): ElementSpan | undefined {
  const pool = leafOnly ? spans.filter((span) => span.leaf) : spans;
  return pool[index % Math.max(1, pool.length)];
}

export function applyXmlMutation(text: string, mutation: XmlMutation): string {
  if (mutation.op === 'doctype') {
    const declaration = /^\uFEFF?\s*<\?xml[\s\S]*?\?>/.exec(text);
    const at = declaration ? declaration[0].length : 0;
    return splice(text, at, at, DOCTYPES[mutation.kind]);
  }
  const spans = elementSpans(text);
  const leafOps = mutation.op === 'text' || mutation.op === 'entity' || mutation.op === 'cdata';
  const span = chosen(spans, mutation.pick, leafOps);
  if (!span) return text;
  const whole = text.slice(span.start, span.end);
  const content = text.slice(span.contentStart, span.contentEnd);
  const startTag = text.slice(span.start, span.contentStart);
  switch (mutation.op) {
    case 'drop':
      return splice(text, span.start, span.end, '');
    case 'duplicate': {
      // Past the item cap (200) is the point; past a couple of MB is only slower.
      const times = Math.max(2, Math.min(mutation.times, Math.floor(2_000_000 / Math.max(1, whole.length))));
      return splice(text, span.start, span.end, whole.repeat(times));
    }
    case 'text': {
      const value = NASTY_STRINGS[mutation.value];
      return splice(text, span.contentStart, span.contentEnd, mutation.escape ? escapeXml(value) : value);
    }
    case 'entity':
      return splice(text, span.contentStart, span.contentStart, mutation.entity);
    case 'nest':
      return splice(
        text,
        span.contentStart,
        span.contentEnd,
        '<x>'.repeat(mutation.depth) + content + '</x>'.repeat(mutation.depth),
      );
    case 'rename': {
      const renamedStart = startTag.replace(span.name, mutation.name);
      return splice(text, span.start, span.end, `${renamedStart}${content}</${mutation.name}>`);
    }
    case 'attribute': {
      const value = escapeXml(NASTY_STRINGS[mutation.value]);
      const attribute = mutation.attribute.includes('=')
        ? mutation.attribute
        : `${mutation.attribute}="${value}"`;
      const insertAt = span.start + 1 + span.name.length;
      return splice(text, insertAt, insertAt, ` ${attribute}`);
    }
    case 'unclose':
      return splice(text, span.contentEnd, span.end, '');
    case 'cdata':
      return splice(
        text,
        span.contentStart,
        span.contentEnd,
        `<![CDATA[${content}${mutation.closed ? ']]>' : ''}`,
      );
  }
}

export function applyXmlMutations(text: string, mutations: readonly XmlMutation[]): string {
  return mutations.reduce(applyXmlMutation, text);
}
