import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import type { Status } from '../../../main/monitor/status.js';
import {
  AWS_STATES,
  awsSource,
  awsState,
  judgeAwsFeed,
  type AwsSourceConfig,
} from '../../../main/monitor/sources/aws.js';
import type { DetectContext } from '../../../main/monitor/sources/source.js';
import type { FeedDocument } from '../../../main/monitor/sources/xml-feed.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { clockAt, createReadContext } from '../../support/read-context.js';

const rss = { 'content-type': 'application/rss+xml' };
const TOKYO = realFixture('aws/ec2-ap-northeast-1-2019-09.rss').toString('utf8');
const FEED = '/rss/ec2-ap-northeast-1.rss';

/** The real feed as it stood earlier: its newest items cut off, mechanically, nothing edited. */
function withoutNewest(count: number): string {
  let cut = TOKYO;
  for (let index = 0; index < count; index += 1) cut = cut.replace(/<item>[\s\S]*?<\/item>/, '');
  return cut;
}

let server: TestServer;
beforeAll(async () => {
  server = await startRoutes({
    [FEED]: { body: TOKYO, headers: rss },
    ...Object.fromEntries(
      [1, 4, 6, 7].map((count) => [`/minus-${count}${FEED}`, { body: withoutNewest(count), headers: rss }]),
    ),
    [`/truncated${FEED}`]: { body: TOKYO.slice(0, TOKYO.length / 2), headers: rss },
    [`/empty${FEED}`]: { body: realFixture('derived/empty-body.json'), headers: rss },
    [`/html${FEED}`]: {
      body: '<!DOCTYPE html><html><body>Sign in</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    [`/error${FEED}`]: { status: 503, headers: { 'retry-after': '60' } },
    [`/no-events${FEED}`]: {
      body: '<rss version="2.0"><channel><title><![CDATA[Amazon Simple Storage Service (Tokyo) Service Status]]></title><link>http://status.aws.amazon.com/</link><generator>AWS Service Health Dashboard RSS Generator</generator></channel></rss>',
      headers: rss,
    },
    '/sauce/history.atom': {
      body: realFixture('statuspage/saucelabs-history-2020-11.atom'),
      headers: { 'content-type': 'application/atom+xml' },
    },
    '/meraki/history.rss': { body: realFixture('unusual/meraki-test-message-nonstandard.rss'), headers: rss },
    '/statuspage/api/v2/summary.json': {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: { 'content-type': 'application/json' },
    },
  });
});
afterAll(() => server.close());

function read(prefix: string, at: string): Promise<Reading> {
  return awsSource.read(
    { type: 'aws', url: `${server.url}${prefix}${FEED}` },
    createReadContext({ clock: clockAt(Date.parse(at)) }),
  );
}

const SUBJECT = 'インスタンスの接続性について | Instance Availability';
const SERVICE = 'Amazon Elastic Compute Cloud (Tokyo)';

describe('aws: the Tokyo EC2 feed of August 2019, replayed', () => {
  it('as captured (2019-09-07): operating normally, the newest item decides', async () => {
    const reading = await read('', '2019-09-07T00:03:14-07:00');
    expect(reading).toMatchObject({
      status: 'operational',
      detail: `Service is operating normally: ${SUBJECT}`,
    });
    expect(reading.official).toMatchObject({
      provider: 'aws',
      pageUrl: 'http://status.aws.amazon.com/',
      rawStatus: 'Service is operating normally',
      updatedAt: Date.parse('2019-09-07T00:03:14-07:00'),
      incidents: [],
      maintenances: [],
      components: [{ name: SERVICE, status: 'operational', rawStatus: 'Service is operating normally' }],
    });
  });

  it('at 21:30 PDT: the first informational message is already an incident', async () => {
    const reading = await read('/minus-6', '2019-08-22T21:30:00-07:00');
    expect(reading.status).toBe('degraded');
    expect(reading.detail).toBe(`incident "${SUBJECT}" (informational message)`);
    expect(reading.official?.incidents[0]).toMatchObject({
      title: SUBJECT,
      impact: 'degraded',
      rawImpact: 'Informational message',
      startedAt: 1566533912000,
      updates: [
        {
          at: 1566533912000,
          status: 'informational message',
          body: 'We are investigating connectivity issues affecting some instances in a single Availability Zone in the AP-NORTHEAST-1 Region.',
        },
      ],
    });
  });

  it('at 23:00 PDT: "Service degradation" is a partial outage, earlier notices are its updates', async () => {
    const reading = await read('/minus-4', '2019-08-22T23:00:00-07:00');
    expect(reading.status).toBe('partial_outage');
    expect(reading.official?.rawStatus).toBe('Service degradation');
    expect(reading.official?.components[0]).toMatchObject({
      status: 'partial_outage',
      rawStatus: 'Service degradation',
    });
    const incident = reading.official?.incidents[0];
    expect(incident).toMatchObject({
      id: 'http://status.aws.amazon.com/#ec2-ap-northeast-1_1566538045',
      title: SUBJECT,
      status: 'service degradation',
      impact: 'partial_outage',
      startedAt: 1566533912000,
      updatedAt: 1566538045000,
      link: 'http://status.aws.amazon.com/',
    });
    expect(incident?.updates.map((update) => update.status)).toEqual([
      'service degradation',
      'informational message',
      'informational message',
    ]);
  });

  it('at 03:00 PDT next day: recovering (informational) is still degraded', async () => {
    const reading = await read('/minus-1', '2019-08-23T03:00:00-07:00');
    expect(reading.status).toBe('degraded');
    expect(reading.official?.incidents[0]?.updates).toHaveLength(6);
  });

  it('an informational message left for more than a day is a stale notice', async () => {
    const reading = await read('/minus-6', '2019-08-24T00:00:00-07:00');
    expect(reading.status).toBe('operational');
    expect(reading.official?.rawStatus).toBe('Informational message');
  });

  it('"Informational message: [解決済] … [RESOLVED] …" (2017) is resolved', async () => {
    const reading = await read('/minus-7', '2017-06-04T23:30:00-07:00');
    expect(reading.status).toBe('operational');
    expect(reading.official?.incidents).toEqual([]);
  });

  it('a service feed with no events yet is operational', async () => {
    const reading = await read('/no-events', '2026-01-01T00:00:00Z');
    expect(reading).toMatchObject({ status: 'operational', detail: 'no events in the feed' });
    expect(reading.official?.components).toEqual([
      { name: 'Amazon Simple Storage Service (Tokyo)', status: 'operational', rawStatus: '' },
    ]);
  });
});

describe('aws: title states', () => {
  const feedWith = (title: string, at: number): FeedDocument => ({
    format: 'rss',
    title: 'Amazon Elastic Compute Cloud (Tokyo) Service Status',
    generator: 'AWS Service Health Dashboard RSS Generator',
    items: [
      {
        id: 'http://status.aws.amazon.com/#ec2-ap-northeast-1_1',
        title,
        published: at,
        categories: [],
        text: '',
      },
    ],
    totalItems: 1,
  });
  const now = Date.parse('2020-01-01T00:00:00Z');

  const EXPECTED: Record<string, Status> = {
    'Service is operating normally': 'operational',
    'Informational message': 'degraded',
    'Performance issues': 'degraded',
    'Service degradation': 'partial_outage',
    'Service disruption': 'major_outage',
    'Service is on fire': 'unknown',
  };
  it('covers every state', () => {
    expect(Object.keys(EXPECTED).map((state) => state.toLowerCase())).toEqual(
      expect.arrayContaining(Object.keys(AWS_STATES)),
    );
  });
  it.each(Object.entries(EXPECTED))('"%s: …" → %s', (state, status) => {
    expect(awsState(state)).toBe(status);
    const page = judgeAwsFeed(feedWith(`${state}: Instance Availability`, now - 60_000), now);
    expect(typeof page !== 'string' && page.overall).toBe(status);
  });

  it('an inherited property name is no state', () => {
    expect(awsState('constructor')).toBe('unknown');
    expect(awsState('toString')).toBe('unknown');
  });

  it.each([
    ['Service disruption: [RESOLVED] Instance Availability'],
    ['Service is operating normally: [RESOLVED] Increased API Error Rates '],
    ['Informational message: [解決済] APIのエラー率の増加 | [RESOLVED] API Increased API Error Rates'],
  ])('"%s" is resolved', (title) => {
    const page = judgeAwsFeed(feedWith(title, now - 60_000), now);
    expect(typeof page !== 'string' && page.overall).toBe('operational');
  });
});

describe('aws: unreadable answers are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    [
      '/truncated',
      /^malformed XML at line \d+ \(.+\), perhaps truncated \(HTTP 200, application\/rss\+xml\)$/,
    ],
    ['/empty', /^empty response body \(HTTP 200, application\/rss\+xml\)$/],
    ['/html', /^expected XML but got an HTML page \(HTTP 200, text\/html\)$/],
    ['/error', /^the status page answered HTTP 503$/],
  ])('%s', async (prefix, detail) => {
    const reading = await read(prefix, '2026-01-01T00:00:00Z');
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('another feed is not read as AWS', async () => {
    const reading = await awsSource.read(
      { type: 'aws', url: `${server.url}/sauce/history.atom` },
      createReadContext(),
    );
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'not an AWS Health Dashboard feed ("Sauce Labs US West Data Center Status - Incident History")',
    });
  });
});

describe('aws: detect', () => {
  const detect = (path: string): Promise<AwsSourceConfig | undefined> => {
    const ctx: DetectContext = { ...createReadContext(), timeoutMs: 5000 };
    return awsSource.detect!(new URL(`${server.url}${path}`), ctx);
  };

  it('recognises a service feed by its items', async () => {
    expect(await detect(FEED)).toEqual({ type: 'aws', url: `${server.url}${FEED}` });
  });

  it('recognises a service feed with no events by its channel', async () => {
    expect(await detect(`/no-events${FEED}`)).toEqual({ type: 'aws', url: `${server.url}/no-events${FEED}` });
  });

  it.each([
    ['a Statuspage history feed', '/sauce/history.atom'],
    ['another RSS feed', '/meraki/history.rss'],
    ['a Statuspage JSON API', '/statuspage/api/v2/summary.json'],
    ['a 404', '/nothing-here.rss'],
  ])('does not claim %s', async (_, path) => {
    expect(await detect(path)).toBeUndefined();
  });
});
