import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import type { Status } from '../../../main/monitor/status.js';
import { advertisedFeed, feedSource, type FeedSourceConfig } from '../../../main/monitor/sources/feed.js';
import { FEED_LABELS, judgeFeed, subjectOf } from '../../../main/monitor/sources/feed-judge.js';
import type { DetectContext } from '../../../main/monitor/sources/source.js';
import { parseXmlFeed } from '../../../main/monitor/sources/xml-feed.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { clockAt, createReadContext } from '../../support/read-context.js';

const atom = { 'content-type': 'application/atom+xml' };
const rss = { 'content-type': 'application/rss+xml' };
const html = { 'content-type': 'text/html' };
const ORVAY = realFixture('generic-atom/orvay-component-transition-feed.atom').toString('utf8');
const SAUCE = realFixture('statuspage/saucelabs-history-2020-11.atom').toString('utf8');
const MERAKI = realFixture('unusual/meraki-test-message-nonstandard.rss').toString('utf8');

/**
 * The real feeds as they stood earlier, cut mechanically in the test (nothing is edited):
 * without their newest entries, or one Statuspage entry without its newest updates (each
 * update is one escaped <p> in the entry's content, newest first).
 */
function withoutNewestEntries(xml: string, tag: 'entry' | 'item', count: number): string {
  let cut = xml;
  for (let index = 0; index < count; index += 1)
    cut = cut.replace(new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`), '');
  return cut;
}
function withoutNewestUpdates(xml: string, id: string, count: number): string {
  const start = xml.indexOf(id);
  const end = xml.indexOf('</entry>', start);
  let entry = xml.slice(start, end);
  for (let index = 0; index < count; index += 1) entry = entry.replace(/&lt;p&gt;[\s\S]*?&lt;\/p&gt;/, '');
  return xml.slice(0, start) + entry + xml.slice(end);
}
const MAINTENANCE = 'Incident/5345139'; // Sauce Labs Planned Maintenance, Oct 2020
const OUTAGE = 'Incident/5233157'; // 2020-October-02 Service Incident

const FEEDS: Record<string, { body: string | Buffer; headers: Record<string, string> }> = {
  '/orvay/history.atom': { body: ORVAY, headers: atom },
  // As at 2026-08-20T13:00Z: the control plane had just gone degraded.
  '/orvay-degraded/history.atom': { body: withoutNewestEntries(ORVAY, 'entry', 6), headers: atom },
  // As at 2026-08-21T19:00Z: the newest control-plane entry is the checker's own fault.
  '/orvay-fault/history.atom': { body: withoutNewestEntries(ORVAY, 'entry', 2), headers: atom },
  '/orvay-utf16/history.atom': {
    body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ORVAY, 'utf16le')]),
    headers: { 'content-type': 'application/atom+xml' },
  },
  '/sauce/history.atom': { body: SAUCE, headers: atom },
  '/sauce-scheduled/history.atom': { body: withoutNewestUpdates(SAUCE, MAINTENANCE, 2), headers: atom },
  '/sauce-in-progress/history.atom': { body: withoutNewestUpdates(SAUCE, MAINTENANCE, 1), headers: atom },
  '/sauce-identified/history.atom': { body: withoutNewestUpdates(SAUCE, OUTAGE, 2), headers: atom },
  '/sauce-monitoring/history.atom': { body: withoutNewestUpdates(SAUCE, OUTAGE, 1), headers: atom },
  '/meraki/history.rss': { body: MERAKI, headers: rss },
  '/empty-feed/history.atom': {
    body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Acme Status</title></feed>',
    headers: atom,
  },
  '/undated/history.rss': {
    body: '<rss><channel><title>Acme Status</title><item><title>Investigating API errors</title></item></channel></rss>',
    headers: rss,
  },
  '/truncated/history.atom': { body: SAUCE.slice(0, SAUCE.length / 2), headers: atom },
  '/empty/history.atom': { body: realFixture('derived/empty-body.json'), headers: atom },
  '/json/history.atom': {
    body: realFixture('statuspage/airtable-status-none-2021-06.json'),
    headers: { 'content-type': 'application/json' },
  },
};

let server: TestServer;
beforeAll(async () => {
  server = await startRoutes({
    ...FEEDS,
    // A status page that advertises its feed, and one that does not (Statuspage's path is tried).
    '/sauce': {
      body: '<!DOCTYPE html><html><head><link rel="alternate" type="application/atom+xml" href="/sauce/history.atom"></head></html>',
      headers: html,
    },
    '/orvay': { body: '<!DOCTYPE html><html><head><title>Orvay</title></head></html>', headers: html },
    '/html': { body: '<!DOCTYPE html><html><body>Sign in</body></html>', headers: html },
    '/error/history.atom': { status: 503, headers: { 'retry-after': '60' } },
    '/aws/rss/ec2-ap-northeast-1.rss': {
      body: realFixture('aws/ec2-ap-northeast-1-2019-09.rss'),
      headers: rss,
    },
    '/statuspage/api/v2/summary.json': {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: { 'content-type': 'application/json' },
    },
    '/blog/feed': {
      body: '<rss><channel><title>Acme Blog</title><item><title>Our new office</title></item></channel></rss>',
      headers: rss,
    },
  });
});
afterAll(() => server.close());

function read(path: string, at: string, extra: Partial<FeedSourceConfig> = {}): Promise<Reading> {
  return feedSource.read(
    { type: 'feed', url: `${server.url}${path}`, ...extra },
    createReadContext({ clock: clockAt(Date.parse(at)) }),
  );
}

describe('feed: Orvay, one entry per component transition', () => {
  it('all clear once every component is back, with the last episode in history', async () => {
    const reading = await read('/orvay/history.atom', '2026-08-22T12:00:00Z');
    expect(reading).toMatchObject({
      status: 'operational',
      detail: 'no open incidents (latest: "Email notifications is now operational")',
    });
    expect(reading.official).toMatchObject({ provider: 'feed', pageUrl: 'https://status.orvayos.com/' });
    expect(reading.official?.incidents).toEqual([]);
    expect(reading.official?.components).toEqual([]);
    expect(reading.official?.recentIncidents).toEqual([
      expect.objectContaining({
        title: 'Company control plane is now degraded',
        status: 'resolved',
        startedAt: 1787228927904,
        updatedAt: 1787232442801,
      }),
    ]);
  });

  it('a component that went degraded is an open incident until its next transition', async () => {
    const reading = await read('/orvay-degraded/history.atom', '2026-08-20T13:00:00Z');
    expect(reading.status).toBe('degraded');
    expect(reading.detail).toBe('incident "Company control plane is now degraded"');
    expect(reading.official?.incidents).toEqual([
      {
        id: 'tag:status,2026-08-20:control-plane:1787228927904',
        title: 'Company control plane is now degraded',
        status: '',
        impact: 'degraded',
        startedAt: 1787228927904,
        updatedAt: 1787228927904,
        link: 'https://status.orvayos.com/',
        updates: [
          {
            at: 1787228927904,
            body: 'Company control plane changed from operational to degraded at 2026-08-20T12:28:47.904Z.',
          },
        ],
      },
    ]);
  });

  it('"a fault in our own checking, not in the service" is no incident', async () => {
    const reading = await read('/orvay-fault/history.atom', '2026-08-21T19:00:00Z');
    expect(reading.status).toBe('operational');
    expect(reading.official?.incidents).toEqual([]);
  });

  it('reads the same feed served as UTF-16 with a byte-order mark', async () => {
    const plain = await read('/orvay/history.atom', '2026-08-22T12:00:00Z');
    const utf16 = await read('/orvay-utf16/history.atom', '2026-08-22T12:00:00Z');
    expect(utf16.official).toEqual(plain.official);
  });
});

describe('feed: Statuspage history.atom (Sauce Labs 2020)', () => {
  it('everything resolved: operational, incidents as history with dated, labelled updates', async () => {
    const reading = await read('/sauce/history.atom', '2020-11-15T08:17:45Z');
    expect(reading.status).toBe('operational');
    const official = reading.official!;
    expect(official).toMatchObject({
      incidents: [],
      maintenances: [],
      pageUrl: 'https://status.us-west-1.saucelabs.com/',
    });
    // 25 entries: 6 maintenance windows and 19 incidents.
    expect(official.recentIncidents).toHaveLength(19);
    expect(official.recentIncidents?.[0]).toMatchObject({
      title: '2020-Nov-14 Service Incident',
      status: 'resolved',
      link: 'https://status.us-west-1.saucelabs.com/incidents/08fk1fzrw8p8',
      startedAt: Date.parse('2020-11-14T13:51:00-08:00'),
      updatedAt: Date.parse('2020-11-14T14:07:00-08:00'),
      updates: [
        {
          at: Date.parse('2020-11-14T14:07:00-08:00'),
          status: 'resolved',
          body: 'Tunnels are starting successfully. This incident has been resolved.',
        },
        {
          at: Date.parse('2020-11-14T13:51:00-08:00'),
          status: 'monitoring',
          body: 'Tunnels in the US-West were unable to start. We have taken remedial action and are monitoring the recovery.',
        },
      ],
    });
  });

  it.each<[string, string, Status, string | undefined]>([
    ['sauce-scheduled', '2020-10-20T12:00:00-07:00', 'operational', 'upcoming'],
    ['sauce-in-progress', '2020-10-24T10:30:00-07:00', 'maintenance', 'active'],
    ['sauce', '2020-10-24T11:30:00-07:00', 'operational', undefined],
  ])('maintenance lifecycle: %s at %s → %s', async (path, at, status, phase) => {
    const reading = await read(`/${path}/history.atom`, at);
    expect(reading.status).toBe(status);
    const maintenance = reading.official?.maintenances[0];
    expect(maintenance?.phase).toBe(phase);
    if (phase !== undefined)
      expect(maintenance).toMatchObject({
        title: 'Sauce Labs Planned Maintenance',
        rawStatus: phase === 'active' ? 'in progress' : 'scheduled',
        link: 'https://status.us-west-1.saucelabs.com/incidents/4zvfxb1g2lxj',
      });
    if (phase === 'active')
      expect(reading.detail).toBe('maintenance in progress: "Sauce Labs Planned Maintenance"');
  });

  it.each<[string, string, Status, string, number]>([
    ['sauce-identified', '2020-10-02T03:00:00-07:00', 'partial_outage', 'identified', 1],
    ['sauce-monitoring', '2020-10-02T04:40:00-07:00', 'partial_outage', 'monitoring', 2],
  ])('incident lifecycle: %s at %s → %s', async (path, at, status, lifecycle, updates) => {
    const reading = await read(`/${path}/history.atom`, at);
    expect(reading.status).toBe(status);
    expect(reading.official?.incidents).toHaveLength(1);
    expect(reading.official?.incidents[0]).toMatchObject({
      title: '2020-October-02 Service Incident',
      status: lifecycle,
      // "...are currently unavailable" in the Identified update.
      impact: 'partial_outage',
      startedAt: Date.parse('2020-10-02T02:55:00-07:00'),
    });
    expect(reading.official?.incidents[0]?.updates).toHaveLength(updates);
    expect(reading.detail).toBe(`incident "2020-October-02 Service Incident" (${lifecycle})`);
  });

  it('an unresolved entry stops counting after openWithinHours', async () => {
    const stale = await read('/sauce-monitoring/history.atom', '2020-10-03T05:00:00-07:00');
    expect(stale.status).toBe('operational');
    const longer = await read('/sauce-monitoring/history.atom', '2020-10-03T05:00:00-07:00', {
      openWithinHours: 48,
    });
    expect(longer.status).toBe('partial_outage');
  });
});

describe('feed: odd and empty feeds', () => {
  it('Meraki test message: an unresolved, recent item is an open incident, degraded', async () => {
    const reading = await read('/meraki/history.rss', '2026-03-24T00:00:00Z');
    expect(reading.status).toBe('degraded');
    expect(reading.official?.incidents[0]).toMatchObject({
      title: 'Meraki Status Test Message2',
      impact: 'degraded',
      startedAt: Date.parse('2026-03-24T03:05:00+09:00'),
      updates: [{ body: 'test' }],
    });
    const later = await read('/meraki/history.rss', '2026-03-26T00:00:00Z');
    expect(later.status).toBe('operational');
  });

  it('an empty feed is all clear', async () => {
    const reading = await read('/empty-feed/history.atom', '2026-01-01T00:00:00Z');
    expect(reading).toMatchObject({ status: 'operational', detail: 'the feed lists no incidents' });
  });

  it('a feed that dates nothing cannot tell what is current', async () => {
    const reading = await read('/undated/history.rss', '2026-01-01T00:00:00Z');
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'the feed dates none of its entries, so what is current cannot be told',
    });
  });
});

describe('feed: unreadable answers are unknown with a reason, never green', () => {
  it.each<[string, RegExp]>([
    [
      '/truncated/history.atom',
      /^malformed XML at line \d+ \(.+\), perhaps truncated \(HTTP 200, application\/atom\+xml\)$/,
    ],
    ['/empty/history.atom', /^empty response body \(HTTP 200, application\/atom\+xml\)$/],
    ['/json/history.atom', /^expected XML but got JSON \(HTTP 200, application\/json\)$/],
    [
      '/html',
      /^expected XML but got an HTML page \(HTTP 200, text\/html\), and no feed was found at http:\/\/127\.0\.0\.1:\d+\/html\/history\.atom$/,
    ],
    ['/error/history.atom', /^the status page answered HTTP 503$/],
  ])('%s', async (path, detail) => {
    const reading = await read(path, '2026-01-01T00:00:00Z');
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('/error/history.atom', '2026-01-01T00:00:00Z')).retryAfterMs).toBe(60_000);
  });
});

describe('feed: URLs', () => {
  it.each([
    ['/sauce', '/sauce/history.atom', '2020-10-02T04:40:00-07:00'],
    ['/orvay', '/orvay/history.atom', '2026-08-22T12:00:00Z'],
  ])('the page %s (advertised feed, else /history.atom) reads like the feed %s', async (page, feed, at) => {
    const [byPage, byFeed] = await Promise.all([read(page, at), read(feed, at)]);
    expect(byPage.status).toBe(byFeed.status);
    expect(byPage.detail).toBe(byFeed.detail);
    expect(byPage.official).toEqual(byFeed.official);
  });
});

describe('feed: detect', () => {
  const detect = (path: string): Promise<FeedSourceConfig | undefined> => {
    const ctx: DetectContext = { ...createReadContext(), timeoutMs: 5000 };
    return feedSource.detect!(new URL(`${server.url}${path}`), ctx);
  };

  it.each([
    ['/sauce', '/sauce/history.atom'],
    ['/orvay', '/orvay/history.atom'],
    ['/orvay/history.atom', '/orvay/history.atom'],
    ['/meraki', '/meraki/history.rss'],
  ])('finds the feed of %s at %s', async (path, found) => {
    expect(await detect(path)).toEqual({ type: 'feed', url: `${server.url}${found}` });
  });

  it.each([
    ['an AWS Health Dashboard feed (the aws source reads it)', '/aws/rss/ec2-ap-northeast-1.rss'],
    ['a Statuspage JSON API', '/statuspage'],
    ['a blog feed that says nothing about status', '/blog'],
    ['a 404', '/nothing-here'],
  ])('does not claim %s', async (_, path) => {
    expect(await detect(path)).toBeUndefined();
  });
});

describe('feed: enum mappings', () => {
  const at = Date.parse('2021-01-01T10:00:00Z');
  const entry = (title: string, content: string): string =>
    `<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme Status</title><link href="https://status.acme.test/"/>
      <entry><id>1</id><title>${title}</title><link href="https://status.acme.test/incidents/1"/>
      <updated>2021-01-01T10:00:00Z</updated><content type="html">${content}</content></entry></feed>`;
  const judge = (xml: string): Status => {
    const feed = parseXmlFeed(xml);
    if (typeof feed === 'string') throw new Error(feed);
    const page = judgeFeed(feed, { now: at + 3_600_000, openWithinMs: 86_400_000 });
    return (
      page.incidents[0]?.impact ??
      (page.maintenances.some((m) => m.phase === 'active') ? 'maintenance' : 'operational')
    );
  };

  const EXPECTED: Record<string, Status> = {
    investigating: 'degraded',
    identified: 'degraded',
    monitoring: 'degraded',
    update: 'degraded',
    resolved: 'operational',
    postmortem: 'operational',
    scheduled: 'operational',
    'in progress': 'maintenance',
    verifying: 'maintenance',
    completed: 'operational',
    frobnicating: 'unknown',
  };
  it('covers every label', () => {
    expect(Object.keys(EXPECTED).filter((label) => label !== 'frobnicating')).toEqual(
      Object.keys(FEED_LABELS),
    );
  });
  it.each(Object.entries(EXPECTED))('Statuspage update label "%s" → %s', (label, status) => {
    const capitalised = label.charAt(0).toUpperCase() + label.slice(1);
    const content = `&lt;p&gt;&lt;small&gt;Jan 1, 10:00 UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;${capitalised}&lt;/strong&gt; - Something is slow.&lt;/p&gt;`;
    expect(judge(entry('Slow API', content))).toBe(status);
  });

  it.each<[string, string, Status]>([
    ['Major outage of the API', '', 'major_outage'],
    ['Dashboard completely unavailable', '', 'major_outage'],
    ['API is down', '', 'partial_outage'],
    ['Login unavailable in EU', '', 'partial_outage'],
    ['Investigating', 'The dashboard is not responding.', 'partial_outage'],
    ['Elevated error rates', 'We are working to resolve the issue.', 'degraded'],
    ['API is not operational', '', 'degraded'],
    ['[Resolved] Elevated error rates', '', 'operational'],
    ['API is now operational', '', 'operational'],
    ['Dashboard restored', '', 'operational'],
    ['Elevated error rates', 'The issue has been resolved.', 'operational'],
    ['Login errors: false alarm', '', 'operational'],
    ['Planned maintenance tonight', '', 'operational'],
    ['Database maintenance', 'The maintenance is in progress.', 'maintenance'],
  ])('unlabelled entry "%s" / "%s" → %s', (title, text, status) => {
    expect(judge(entry(title, text))).toBe(status);
  });

  it.each([
    ['Company control plane is now degraded', 'Company control plane'],
    ['Company control plane: a fault in our own checking, not in the service', 'Company control plane'],
    ['[Resolved] Login errors', 'Login errors'],
    ['Service degradation: Instance Availability', 'Instance Availability'],
    ['2020-Nov-14 Service Incident', '2020-Nov-14 Service Incident'],
  ])('the subject of "%s" is "%s"', (title, subject) => {
    expect(subjectOf(title)).toBe(subject);
  });
});

describe('feed: history', () => {
  it('lists the 20 most recently updated resolved incidents, newest first, whatever the entry order', () => {
    const start = Date.parse('2021-03-01T00:00:00Z');
    // 30 incidents, each resolved an hour after it began; incident n begins n days after start.
    const entry = (n: number): string => {
      const began = new Date(start + n * 86_400_000);
      const resolved = new Date(began.getTime() + 3_600_000);
      const head = (at: Date): string =>
        `${at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${at.getUTCDate()}, ${at.toISOString().slice(11, 16)} UTC`;
      const update = (at: Date, label: string, body: string): string =>
        `&lt;p&gt;&lt;small&gt;${head(at)}&lt;/small&gt;&lt;br&gt;&lt;strong&gt;${label}&lt;/strong&gt; - ${body}&lt;/p&gt;`;
      return `<entry><id>i${n}</id><title>Incident ${n}</title><link href="https://status.acme.test/incidents/${n}"/>
        <published>${began.toISOString()}</published><updated>${resolved.toISOString()}</updated>
        <content type="html">${update(resolved, 'Resolved', 'Fixed.')}${update(began, 'Investigating', 'Slow.')}</content></entry>`;
    };
    const order = Array.from({ length: 30 }, (_, index) => (index * 7) % 30);
    const feed = parseXmlFeed(
      `<feed><title>Acme Status</title><link href="https://status.acme.test/"/>${order.map(entry).join('')}</feed>`,
    );
    if (typeof feed === 'string') throw new Error(feed);
    const page = judgeFeed(feed, { now: start + 40 * 86_400_000, openWithinMs: 86_400_000 });
    expect(page.recentIncidents?.map((incident) => incident.id)).toEqual(
      Array.from({ length: 20 }, (_, index) => `i${29 - index}`),
    );
    expect(page.recentIncidents?.[0]).toMatchObject({
      title: 'Incident 29',
      status: 'resolved',
      startedAt: start + 29 * 86_400_000,
      updatedAt: start + 29 * 86_400_000 + 3_600_000,
      updates: [{ status: 'resolved' }, { status: 'investigating' }],
    });
  });
});

describe('feed: hostile pages and entries are read in time linear in their size', () => {
  // 200,000 characters of each. The patterns these replaced were quadratic: "<link" repeated
  // took 5 s on every poll of a page URL (the 200,000-character cap bounds it), and an untitled
  // entry's guid of blanks took 40 s to name its subject. A return within the test's timeout is
  // the proof.
  const size = 200_000;
  const repeat = (unit: string): string => unit.repeat(Math.ceil(size / unit.length));
  const blanks = ' '.repeat(size);

  it('a page of "<link" never closed advertises no feed', () => {
    expect(advertisedFeed(repeat('<link'), 'https://status.acme.test/')).toBeUndefined();
  });

  it('a feed advertised after a long run of unclosed tags is still found', () => {
    const run = repeat('<link ').slice(0, size - 1000);
    const tag = '<link rel="alternate" type="application/atom+xml" href="/history.atom">';
    expect(advertisedFeed(`${run}${tag}`, 'https://status.acme.test/')).toBe(
      'https://status.acme.test/history.atom',
    );
  });

  it.each([
    ['a long run of blanks', `a${blanks}x`],
    ['a colon, a long run of blanks and a second line', `API:${blanks}x\ny`],
  ])('the subject of %s is the whole text', (_name, text) => {
    expect(subjectOf(text)).toBe(text);
  });

  it.each([
    ['a state', `API${blanks}is now degraded`, 'API'],
    ['a colon', `API:${blanks}Elevated errors`, 'API'],
  ])('a long run of blanks before %s still separates the subject', (_name, text, subject) => {
    expect(subjectOf(text)).toBe(subject);
  });

  it('an untitled entry whose guid is a long run of blanks is judged', () => {
    const feed = parseXmlFeed(
      `<rss><channel><title>Acme</title><item><guid>a${blanks}x</guid>
        <pubDate>Fri, 01 Jan 2021 10:00:00 GMT</pubDate></item></channel></rss>`,
    );
    if (typeof feed === 'string') throw new Error(feed);
    const page = judgeFeed(feed, { now: Date.parse('2021-01-01T11:00:00Z'), openWithinMs: 86_400_000 });
    expect(page.incidents.map((incident) => incident.title)).toEqual(['Untitled entry']);
  });

  it('200 entries of one incident, each a full body of dated updates, are judged', () => {
    // 14,000 updates in one group; finding each resolved update's run from the first update on
    // was quadratic in them (the entry and body caps bound it: about half a second).
    const body = 'Jan 1, 10:00 UTC&lt;br&gt;Resolved - Fixed.&lt;br&gt;'.repeat(70);
    const item = `<item><title>Login errors</title><description>${body}</description>
      <pubDate>Fri, 01 Jan 2021 10:00:00 GMT</pubDate></item>`;
    const feed = parseXmlFeed(`<rss><channel><title>Acme</title>${item.repeat(200)}</channel></rss>`);
    if (typeof feed === 'string') throw new Error(feed);
    const page = judgeFeed(feed, { now: Date.parse('2021-01-01T11:00:00Z'), openWithinMs: 86_400_000 });
    expect(page.incidents).toEqual([]);
    expect(page.recentIncidents).toHaveLength(20);
    expect(page.recentIncidents?.[0]).toMatchObject({ title: 'Login errors', status: 'resolved' });
  });
});
