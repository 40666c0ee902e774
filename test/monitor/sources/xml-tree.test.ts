import { describe, expect, it } from 'vitest';
import {
  MAX_XML_DEPTH,
  readXmlTree,
  type XmlElement,
  type XmlProblem,
} from '../../../main/monitor/sources/xml-tree.js';
import { realFixture } from '../../support/fixtures.js';

function rootOf(text: string): XmlElement {
  const tree = readXmlTree(text);
  if (!tree.ok) throw new Error(`refused: ${JSON.stringify(tree.problem)}`);
  return tree.root;
}

function problemOf(text: string): XmlProblem {
  const tree = readXmlTree(text);
  if (tree.ok) throw new Error('read a document that should have been refused');
  return tree.problem;
}

/** An element as plain data, to compare whole trees. */
function shape(element: XmlElement): unknown {
  return {
    name: element.name,
    ...(element.attributes.size > 0 ? { attributes: Object.fromEntries(element.attributes) } : {}),
    nodes: element.nodes.map((node) => (typeof node === 'string' ? node : shape(node))),
  };
}

describe('readXmlTree: the tree', () => {
  it('local names, attributes without xmlns declarations, text and CDATA raw and in order', () => {
    const root = rootOf(
      `<?xml version="1.0" encoding="UTF-8"?>
      <rss xmlns:dc="http://purl.org/dc/elements/1.1/" version=" 2.0 ">
        <item rdf:about='x'><dc:date>2020-01-01</dc:date><title>A &amp; <![CDATA[<b>B</b> & C]]> D</title><br/></item>
      </rss>`,
    );
    expect(shape(root)).toEqual({
      name: 'rss',
      attributes: { version: '2.0' },
      nodes: [
        {
          name: 'item',
          attributes: { about: 'x' },
          nodes: [
            { name: 'date', nodes: ['2020-01-01'] },
            { name: 'title', nodes: ['A &amp; ', '<b>B</b> & C', ' D'] },
            { name: 'br', nodes: [] },
          ],
        },
      ],
    });
  });

  it('skips comments, processing instructions and a DTD, whose entities stay unexpanded', () => {
    const root = rootOf(
      `<?xml version='1.0'?><!-- a < b --><?xml-stylesheet href="s.xsl"?>
       <!DOCTYPE feed [<!ENTITY x "<b>]>declared</b>"><!-- ]> --><!ATTLIST feed a CDATA "'">]>
       <feed><title>&x;<!-- <title> --></title></feed>`,
    );
    expect(shape(root)).toEqual({ name: 'feed', nodes: [{ name: 'title', nodes: ['&x;'] }] });
  });

  it('accepts an external DTD subset (RSS 0.91), which is never fetched', () => {
    const root = rootOf(
      '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss/>',
    );
    expect(root.name).toBe('rss');
  });

  it('names beyond ASCII, and the references XML allows in text', () => {
    const root = rootOf('<résumé über="ja">&#65;&#x42;&lt;&lol10;&Name_1;</résumé>');
    expect(shape(root)).toEqual({
      name: 'résumé',
      attributes: { über: 'ja' },
      nodes: ['&#65;&#x42;&lt;&lol10;&Name_1;'],
    });
  });

  it('reads a real feed whole', () => {
    const root = rootOf(realFixture('aws/ec2-ap-northeast-1-2019-09.rss').toString('utf8'));
    const channel = root.nodes.find((node): node is XmlElement => typeof node !== 'string');
    expect(channel?.nodes.filter((node) => typeof node !== 'string' && node.name === 'item')).toHaveLength(
      15,
    );
  });
});

describe('readXmlTree: a document cut short is refused as truncated', () => {
  it.each(['statuspage/saucelabs-history-2020-11.atom', 'unusual/meraki-test-message-nonstandard.rss'])(
    'wherever it is cut: %s',
    (fixture) => {
      const whole = realFixture(fixture).toString('utf8').trim();
      expect(readXmlTree(whole).ok).toBe(true);
      // Every cut of the small feed, and one every 97 bytes of the large one.
      const step = whole.length > 10_000 ? 97 : 1;
      for (let cut = 1; cut < whole.length; cut += step)
        expect(problemOf(whole.slice(0, cut)), `cut at ${cut}`).toMatchObject({ truncated: true });
    },
  );

  it.each<[string, string, string]>([
    [
      'inside an element',
      '<feed>\n<entry>\n<title>Out',
      'the document ends inside <title>, opened at line 3',
    ],
    ['inside a tag', '<feed><entry', 'the document ends inside the tag <entry>'],
    ['inside a self-closing tag', '<feed><link href="/a" /', 'the document ends inside the tag <link>'],
    [
      'inside an attribute value',
      '<feed><link href="/inc',
      'the document ends inside an attribute of <link>',
    ],
    ['after an attribute name', '<feed><link href', 'the document ends inside the tag <link>'],
    ['inside a closing tag', '<feed><id>1</id', 'the document ends inside a closing tag'],
    ['after a lone <', '<feed><', 'the document ends inside a tag'],
    ['inside a comment', '<feed><!-- note', 'the document ends inside a comment'],
    ['inside CDATA', '<feed><title><![CDATA[Out', 'the document ends inside a CDATA section'],
    ['inside a declaration', '<feed><![CDA', 'the document ends inside a declaration'],
    [
      'inside a processing instruction',
      '<?xml version="1.0"',
      'the document ends inside a processing instruction',
    ],
    ['inside the DOCTYPE', '<!DOCTYPE feed [<!ENTITY a "b">', 'the document ends inside its DOCTYPE'],
    ['before the root element', '<?xml version="1.0"?>\n', 'no root element'],
  ])('%s', (_, text, message) => {
    expect(problemOf(text)).toMatchObject({ message, truncated: true });
  });
});

describe('readXmlTree: a malformed document is refused, saying where', () => {
  it.each<[string, string, string, number]>([
    [
      'a closing tag that does not match',
      '<feed>\n<id>1</title>',
      '</title> where </id> (opened at line 2) belongs',
      2,
    ],
    ['a closing tag with nothing open', '<feed/>\n</feed>', 'the closing tag </feed> closes nothing', 2],
    ['a second root element', '<feed/><feed/>', 'a second root element', 1],
    ['text before the root', 'x<feed/>', 'text before the root element', 1],
    ['text after the root', '<feed/>\n\nx', 'text after the root element', 3],
    ['a bare ampersand', '<feed>\n<title>A & B</title></feed>', "an '&' that starts no entity reference", 2],
    [
      'an ampersand in a name too long',
      `<feed>&${'a'.repeat(21)};</feed>`,
      "an '&' that starts no entity reference",
      1,
    ],
    ['< not starting a name', '<feed>< title/></feed>', "'<' that starts no tag name", 1],
    ['a name starting with a digit', '<feed><1a/></feed>', "'<' that starts no tag name", 1],
    [
      'an unknown <!',
      '<feed><!CDATA[x]]></feed>',
      "'<!' that starts no comment, CDATA section or DOCTYPE",
      1,
    ],
    [
      'an attribute without a value',
      '<feed><link href/></feed>',
      "the attribute 'href' of <link> has no quoted value",
      1,
    ],
    [
      'an unquoted value',
      '<feed><link href=/a/></feed>',
      "the attribute 'href' of <link> has no quoted value",
      1,
    ],
    [
      'a repeated attribute',
      '<feed><link href="a" href="b"/></feed>',
      "the attribute 'href' appears twice in <link>",
      1,
    ],
    ['attributes without a space', '<feed><link a="1"b="2"/></feed>', "unexpected 'b' in the tag <link>", 1],
    ['CDATA outside the root', '<![CDATA[x]]><feed/>', 'a CDATA section outside the root element', 1],
    ['a DOCTYPE inside the document', '<feed><!DOCTYPE feed></feed>', 'a DOCTYPE after the root element', 1],
    ['a second DOCTYPE', '<!DOCTYPE a><!DOCTYPE b><feed/>', 'a second DOCTYPE', 1],
    [
      'a late XML declaration',
      '<feed><?xml version="1.0"?></feed>',
      'an XML declaration after the start of the document',
      1,
    ],
    [
      'a broken XML declaration',
      '<?xml version="encoding="UTF-8"?><feed/>',
      'a malformed XML declaration',
      1,
    ],
  ])('%s', (_, text, message, line) => {
    expect(problemOf(text)).toEqual({ message, line, truncated: false });
  });

  it(`elements nested deeper than ${MAX_XML_DEPTH}`, () => {
    const deep = `<feed>${'<x>'.repeat(MAX_XML_DEPTH)}${'</x>'.repeat(MAX_XML_DEPTH)}</feed>`;
    expect(problemOf(deep)).toMatchObject({ message: `elements nested more than ${MAX_XML_DEPTH} deep` });
    const allowed = MAX_XML_DEPTH - 1;
    expect(readXmlTree(`<feed>${'<x>'.repeat(allowed)}${'</x>'.repeat(allowed)}</feed>`).ok).toBe(true);
  });

  it('refuses external and parameter entities as a whole, before reading anything', () => {
    expect(problemOf('<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]><rss>&ext;</rss>')).toEqual({
      message: 'External entities are not supported',
      truncated: false,
    });
    expect(problemOf('<!DOCTYPE rss [<!ENTITY e PUBLIC "-//x//y" "http://x.test/e">]><rss/>')).toMatchObject({
      message: 'External entities are not supported',
    });
    expect(problemOf('<!DOCTYPE rss [<!ENTITY % p "x"> %p;]><rss/>')).toEqual({
      message: 'Parameter entities are not supported',
      truncated: false,
    });
  });
});
