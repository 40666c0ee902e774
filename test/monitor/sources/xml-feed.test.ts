import { describe, expect, it } from 'vitest';
import { MAX_FEED_ITEMS, parseXmlFeed, type FeedDocument } from '../../../main/monitor/sources/xml-feed.js';
import { realFixture } from '../../support/fixtures.js';

function feedOf(relativePath: string, baseUrl?: string): FeedDocument {
  const feed = parseXmlFeed(realFixture(relativePath).toString('utf8'), baseUrl);
  if (typeof feed === 'string') throw new Error(`${relativePath}: ${feed}`);
  return feed;
}

describe('parseXmlFeed: real feeds', () => {
  it('AWS Health Dashboard RSS: CDATA titles, PDT dates, entity-escaped HTML inside CDATA', () => {
    const feed = feedOf('aws/ec2-ap-northeast-1-2019-09.rss');
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Amazon Elastic Compute Cloud (Tokyo) Service Status',
      link: 'http://status.aws.amazon.com/',
      generator: 'AWS Service Health Dashboard RSS Generator',
      updated: Date.parse('2019-09-07T00:03:14-07:00'),
      totalItems: 15,
    });
    expect(feed.items).toHaveLength(15);
    const [newest] = feed.items;
    expect(newest).toMatchObject({
      id: 'http://status.aws.amazon.com/#ec2-ap-northeast-1_1566559115',
      title: 'Service is operating normally: インスタンスの接続性について | Instance Availability',
      published: 1566559115000,
      categories: [],
    });
    // "&lt;br&gt;" and "&lt;a href=…&gt;こちら&lt;/a&gt;" inside CDATA end up as plain text.
    expect(newest?.text).toContain('ご連絡ください。 | Beginning at 8:36 PM PDT');
    expect(newest?.text).toContain('with next steps.\n\nAdditional details are available here.');
    expect(feed.items.every((item) => !/[<>]|&lt;|&amp;/.test(item.text))).toBe(true);
    const times = feed.items.map((item) => item.published ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('Statuspage history.atom: entity-escaped HTML content becomes dated plain-text updates', () => {
    const feed = feedOf('statuspage/saucelabs-history-2020-11.atom');
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Sauce Labs US West Data Center Status - Incident History',
      link: 'https://status.us-west-1.saucelabs.com/',
      totalItems: 25,
    });
    const incident = feed.items.find((item) => item.title === '2020-Nov-14 Service Incident');
    expect(incident).toMatchObject({
      id: 'tag:status.us-west-1.saucelabs.com,2005:Incident/5566864',
      link: 'https://status.us-west-1.saucelabs.com/incidents/08fk1fzrw8p8',
      published: Date.parse('2020-11-14T14:07:38-08:00'),
      updated: Date.parse('2020-11-14T14:07:39-08:00'),
      text:
        'Nov 14, 14:07 PST\nResolved - Tunnels are starting successfully. This incident has been resolved.\n' +
        'Nov 14, 13:51 PST\nMonitoring - Tunnels in the US-West were unable to start. We have taken remedial action and are monitoring the recovery.',
    });
    expect(feed.items.every((item) => !/[<>]/.test(item.text))).toBe(true);
  });

  it('self-hosted Atom: links are attributes, content type="text" is kept as written, no <published>', () => {
    const feed = feedOf('generic-atom/orvay-component-transition-feed.atom');
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Orvay Status',
      link: 'https://status.orvayos.com/',
    });
    expect(feed.items).toHaveLength(11);
    expect(feed.items[0]).toEqual({
      id: 'tag:status,2026-08-22:email-notifications:1787398980908',
      title: 'Email notifications is now operational',
      link: 'https://status.orvayos.com/',
      updated: 1787398980908,
      categories: [],
      text: 'Email notifications changed from not measured to operational at 2026-08-22T11:43:00.908Z.',
    });
  });

  it('the nonstandard Meraki RSS: pubDate without weekday, a link with rel inside an item', () => {
    const feed = feedOf('unusual/meraki-test-message-nonstandard.rss');
    expect(feed.items).toEqual([
      {
        id: 'https://status.meraki.net/',
        title: 'Meraki Status Test Message2',
        link: 'https://status.meraki.net/',
        published: Date.parse('2026-03-24T03:05:00+09:00'),
        categories: [],
        text: 'test',
      },
    ]);
  });
});

describe('parseXmlFeed: shapes', () => {
  it('one item, one category: still lists', () => {
    const feed = parseXmlFeed(
      '<rss version="2.0"><channel><title>T</title><item><title>A &amp; B</title><category>API</category><guid>1</guid></item></channel></rss>',
    );
    expect(feed).toMatchObject({ items: [{ id: '1', title: 'A & B', categories: ['API'] }] });
  });

  it('RSS 1.0 (RDF): items beside the channel, dc:date', () => {
    const feed = parseXmlFeed(`<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://x.test/"><title>Status</title><link>https://x.test/</link></channel>
        <item rdf:about="https://x.test/1"><title>Outage</title><link>https://x.test/1</link><dc:date>2020-01-02T03:04:05Z</dc:date></item>
      </rdf:RDF>`);
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Status',
      items: [{ title: 'Outage', link: 'https://x.test/1', published: Date.parse('2020-01-02T03:04:05Z') }],
    });
  });

  it('Atom: html titles, xhtml content, categories by label or term, relative links', () => {
    const feed = parseXmlFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title><link href="/"/>
        <entry><id>e1</id><title type="html">&lt;b&gt;API&lt;/b&gt; down</title>
          <link rel="alternate" href="/incidents/1"/><updated>2020-01-01T00:00:00Z</updated>
          <category term="api" label="Public API"/><category term="web"/>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>We are <b>on it</b>.</p></div></content>
        </entry></feed>`,
      'https://status.example.com/history.atom',
    );
    expect(feed).toMatchObject({
      link: 'https://status.example.com/',
      items: [
        {
          title: 'API down',
          link: 'https://status.example.com/incidents/1',
          categories: ['Public API', 'web'],
        },
      ],
    });
    // Mixed xhtml content keeps its words in document order.
    expect(typeof feed !== 'string' && feed.items[0]?.text.split(/\W+/).filter(Boolean)).toEqual([
      'We',
      'are',
      'on',
      'it',
    ]);
  });

  it('orders newest first even when the document does not', () => {
    const feed = parseXmlFeed(
      `<feed><entry><id>old</id><updated>2020-01-01T00:00:00Z</updated></entry>
       <entry><id>undated</id></entry>
       <entry><id>new</id><updated>2020-02-01T00:00:00Z</updated></entry></feed>`,
    );
    expect(typeof feed !== 'string' && feed.items.map((item) => item.id)).toEqual(['new', 'old', 'undated']);
  });

  it(`keeps the newest ${MAX_FEED_ITEMS} of a 500-entry feed`, () => {
    const start = Date.parse('2020-01-01T00:00:00Z');
    const entries = Array.from(
      { length: 500 },
      (_, index) =>
        `<entry><id>e${index}</id><title>Entry ${index}</title><updated>${new Date(start + index * 60_000).toISOString()}</updated>` +
        `<content type="html">&lt;p&gt;Body ${index}&lt;/p&gt;</content></entry>`,
    );
    const feed = parseXmlFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Big</title>${entries.join('')}</feed>`,
    );
    if (typeof feed === 'string') throw new Error(feed);
    expect(feed.totalItems).toBe(500);
    expect(feed.items).toHaveLength(MAX_FEED_ITEMS);
    expect(feed.items[0]).toMatchObject({ id: 'e499', text: 'Body 499' });
    expect(feed.items.at(-1)?.id).toBe(`e${500 - MAX_FEED_ITEMS}`);
  });
});

describe('parseXmlFeed: long feeds keep their newest entries', () => {
  const start = Date.parse('2020-01-01T00:00:00Z');
  /** Entry `index` is `index` minutes after the start: the higher, the newer. */
  const atomEntry = (index: number): string =>
    `<entry><id>e${index}</id><title>Entry ${index}</title><updated>${new Date(start + index * 60_000).toISOString()}</updated></entry>`;
  /** 0..count-1 in a scrambled but fixed order (a multiplier coprime with the count). */
  const scrambled = (count: number): number[] =>
    Array.from({ length: count }, (_, index) => (index * 7919) % count);

  it('in any order: the newest by date are kept, whatever their place in the document', () => {
    const order = scrambled(450);
    const feed = parseXmlFeed(`<feed><title>Big</title>${order.map(atomEntry).join('\n')}</feed>`);
    if (typeof feed === 'string') throw new Error(feed);
    expect(feed.totalItems).toBe(450);
    expect(feed.items.map((item) => item.id)).toEqual(
      Array.from({ length: MAX_FEED_ITEMS }, (_, index) => `e${449 - index}`),
    );
  });

  it('RSS, oldest first, dated in RFC 822 by either pubDate or dc:date', () => {
    const items = Array.from({ length: 300 }, (_, index) => {
      const date = new Date(start + index * 3_600_000);
      const dated =
        index % 2 === 0
          ? `<pubDate>${date.toUTCString()}</pubDate>`
          : `<dc:date>${date.toISOString()}</dc:date>`;
      return `<item><guid>i${index}</guid><title>Item ${index}</title>${dated}</item>`;
    });
    const feed = parseXmlFeed(
      `<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>${items.join('')}</channel></rss>`,
    );
    if (typeof feed === 'string') throw new Error(feed);
    expect(feed).toMatchObject({ totalItems: 300, items: { length: MAX_FEED_ITEMS } });
    expect(feed.items[0]).toMatchObject({ id: 'i299', published: start + 299 * 3_600_000 });
    expect(feed.items.at(-1)?.id).toBe('i100');
  });

  it('undated entries come after every dated one, in document order', () => {
    const undated = Array.from({ length: 5 }, (_, index) => `<entry><id>u${index}</id></entry>`);
    const feed = parseXmlFeed(
      `<feed>${undated.slice(0, 3).join('')}${scrambled(250).map(atomEntry).join('')}${undated.slice(3).join('')}</feed>`,
    );
    if (typeof feed === 'string') throw new Error(feed);
    expect(feed.totalItems).toBe(255);
    expect(feed.items.map((item) => item.id).slice(0, 2)).toEqual(['e249', 'e248']);
    expect(feed.items.every((item) => item.id.startsWith('e'))).toBe(true);
  });

  it('an item with neither fields nor attributes is no item', () => {
    const feed = parseXmlFeed(
      '<rss><channel><item/><item>stray text</item><item><title>A</title></item></channel></rss>',
    );
    expect(feed).toMatchObject({ totalItems: 1, items: [{ title: 'A' }] });
  });
});

describe('parseXmlFeed: text', () => {
  it('decodes references once, in text and in CDATA, whether the HTML is escaped or literal', () => {
    const feed = parseXmlFeed(`<rss><channel><title>It&#x27;s &amp; &#39;ours&#39; &lt;3</title>
      <item><title><![CDATA[Fish &amp; chips]]></title>
        <description><![CDATA[<p>A &amp;amp; B</p><p>&lt;b&gt;C&lt;/b&gt;</p>]]></description></item>
      <item><title>T</title><description>&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;&amp;lt;not a tag&amp;gt;</description></item>
    </channel></rss>`);
    if (typeof feed === 'string') throw new Error(feed);
    expect(feed.title).toBe("It's & 'ours' <3");
    expect(feed.items.map((item) => [item.title, item.text])).toEqual([
      ['Fish & chips', 'A & B\nC'],
      ['T', 'Tom & Jerry\n<not a tag>'],
    ]);
  });

  it('keeps the space between text and a CDATA section, and reads CRLF line ends as LF', () => {
    const feed = parseXmlFeed(
      '<feed><entry><id>1</id><title>Resolved: <![CDATA[API]]> errors</title><content type="text">a\r\nb</content></entry></feed>',
    );
    expect(feed).toMatchObject({ items: [{ title: 'Resolved: API errors', text: 'a\nb' }] });
  });
});

describe('parseXmlFeed: not a feed, said plainly', () => {
  const sauce = realFixture('statuspage/saucelabs-history-2020-11.atom').toString('utf8');
  it.each<[string, string, RegExp]>([
    ['empty', '', /^empty body$/],
    ['whitespace', ' \n ', /^empty body$/],
    [
      'JSON',
      realFixture('statuspage/airtable-status-none-2021-06.json').toString('utf8'),
      /^expected XML but got JSON$/,
    ],
    [
      'an HTML page',
      '<!DOCTYPE html><html><body>Sign in</body></html>',
      /^expected XML but got an HTML page$/,
    ],
    [
      'XHTML',
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
      /^expected XML but got an HTML page$/,
    ],
    ['truncated', sauce.slice(0, sauce.length / 2), /^malformed XML at line \d+ \(.+\), perhaps truncated$/],
    ['cut at the last tag', sauce.slice(0, -5), /^malformed XML at line \d+ /],
    [
      'another XML format',
      '<opml version="2.0"><body/></opml>',
      /^not an RSS or Atom feed: root element <opml>$/,
    ],
    ['plain text', 'Service Unavailable', /^expected XML but got text \("Service Unavailable"\)$/],
  ])('%s', (_, body, detail) => {
    expect(parseXmlFeed(body)).toMatch(detail);
  });

  it('does not expand DTD entities (billion laughs)', () => {
    const levels = Array.from(
      { length: 10 },
      (_, index) => `<!ENTITY lol${index + 1} "${`&lol${index};`.repeat(10)}">`,
    ).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">${levels}]>
      <rss><channel><title>&lol10;</title><item><title>&lol1; &amp; &#65;&#x42;</title></item></channel></rss>`;
    const feed = parseXmlFeed(bomb);
    if (typeof feed === 'string') throw new Error(feed);
    expect(feed.title).toBe('&lol10;');
    expect(feed.items[0]?.title).toBe('&lol1; & AB');
  });

  it('an empty <feed/> or <rss/> is no feed (nothing to say is not "all clear")', () => {
    expect(parseXmlFeed('<feed xmlns="http://www.w3.org/2005/Atom"/>')).toBe(
      'not an RSS or Atom feed: root element <feed> is empty',
    );
    expect(parseXmlFeed('<rss> </rss>')).toBe('not an RSS or Atom feed: root element <rss> is empty');
    expect(parseXmlFeed('<rss version="2.0"><channel/></rss>')).toMatchObject({ format: 'rss', items: [] });
  });

  it('names a bare ampersand and its line, without calling the document truncated', () => {
    expect(parseXmlFeed('<rss>\n<channel><title>Q&A</title></channel></rss>')).toBe(
      "malformed XML at line 2 (an '&' that starts no entity reference)",
    );
  });

  it('refuses parameter entities', () => {
    expect(parseXmlFeed('<!DOCTYPE rss [<!ENTITY % p "x">]><rss/>')).toBe(
      'malformed XML (Parameter entities are not supported)',
    );
  });

  it('refuses external entities instead of reading them', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
      <rss><channel><title>&ext;</title></channel></rss>`;
    expect(parseXmlFeed(xxe)).toBe('malformed XML (External entities are not supported)');
  });

  it('reads a body that starts with a byte-order mark', () => {
    expect(parseXmlFeed('\uFEFF<feed><title>x</title></feed>')).toMatchObject({ format: 'atom', items: [] });
  });
});
