import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSources, parseDetectInput, statusLinks } from '../../main/monitor/detect.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import { startRoutes, type TestServer } from '../support/http-server.js';
import { documentedFixture, realFixture } from '../support/fixtures.js';

const http = createHttpClient({ env: {} });
let server: TestServer;

beforeAll(async () => {
  server = await startRoutes({
    '/': {
      body: '<html><footer><a href="/about">About</a> <a class="x" href="/statuspage"><span>System Status</span></a></footer></html>',
      headers: { 'content-type': 'text/html' },
    },
    '/statuspage/api/v2/summary.json': {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: { 'content-type': 'application/json' },
    },
    '/plain': { body: '<html>nothing to see</html>' },
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

describe('auto-detect', () => {
  it('follows a homepage to the status page it links, and proposes a probe of the homepage', async () => {
    const result = await detectSources(new URL(`${server.url}/`), { http, timeoutMs: 2000 });
    expect(result.candidates).toEqual([`${server.url}/`, `${server.url}/statuspage`]);
    expect(result.matches).toEqual([
      {
        type: 'statuspage',
        title: 'Atlassian Statuspage',
        foundAt: `${server.url}/statuspage`,
        config: { type: 'statuspage', url: `${server.url}/statuspage` },
      },
    ]);
    expect(result.probe).toEqual({ type: 'http', url: `${server.url}/` });
  });

  it('recognises a status page given directly', async () => {
    const result = await detectSources(new URL(`${server.url}/statuspage`), { http, timeoutMs: 2000 });
    expect(result.matches.map((match) => match.type)).toContain('statuspage');
  });

  it('finds nothing on a page that speaks no status format', async () => {
    const result = await detectSources(new URL(`${server.url}/plain`), { http, timeoutMs: 2000 });
    expect(result.matches).toEqual([]);
  });
});

describe('auto-detect: every format, from its page URL', () => {
  const json = { 'content-type': 'application/json' };
  const gcpIncidents = JSON.stringify(
    (
      JSON.parse(realFixture('gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json').toString()) as {
        health_info: unknown;
      }
    ).health_info,
  );
  let formats: TestServer;
  beforeAll(async () => {
    formats = await startRoutes({
      '/sp/api/v2/summary.json': {
        body: realFixture('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json'),
        headers: json,
      },
      '/io/api/v1/summary': { body: documentedFixture('incidentio-widget-incidents.json'), headers: json },
      '/is/summary.json': { body: documentedFixture('instatus-summary-incidents.json'), headers: json },
      '/1.0/status/5380a5f2f5f0d5d10c000001': {
        body: realFixture('statusio/docker-partial-service-disruption-2020-07-16.json'),
        headers: json,
      },
      '/ca/api/v1/components': {
        body: realFixture('cachet/yoti-api-v1-components-2020-10.json'),
        headers: json,
      },
      '/sl/api/v2.0.0/current': {
        body: realFixture('slack/current-two-active-incidents-2020-07.json'),
        headers: json,
      },
      '/gc/incidents.json': { body: gcpIncidents, headers: json },
      '/aws/rss/ec2-ap-northeast-1.rss': {
        body: realFixture('aws/ec2-ap-northeast-1-2019-09.rss'),
        headers: { 'content-type': 'application/rss+xml' },
      },
      '/ga/api/v1/endpoints/statuses': {
        body: realFixture('gatus/endpoints-statuses-mixed-success-failure.json'),
        headers: json,
      },
      '/api/status-page/dashboard': {
        body: realFixture('uptime-kuma/status-page-dashboard-unraid.json'),
        headers: json,
      },
      '/api/status-page/heartbeat/dashboard': {
        body: realFixture('uptime-kuma/heartbeat-dashboard-unraid.json'),
        headers: json,
      },
      '/up/history/summary.json': { body: realFixture('upptime/history-summary.json'), headers: json },
      '/fe/history.atom': {
        body: realFixture('generic-atom/orvay-component-transition-feed.atom'),
        headers: { 'content-type': 'application/atom+xml' },
      },
    });
  });
  afterAll(() => formats.close());

  it.each([
    ['statuspage', '/sp'],
    ['incidentio', '/io'],
    ['instatus', '/is'],
    ['statusio', '/1.0/status/5380a5f2f5f0d5d10c000001'],
    ['cachet', '/ca'],
    ['slack', '/sl'],
    ['gcp', '/gc'],
    ['aws', '/aws/rss/ec2-ap-northeast-1.rss'],
    ['gatus', '/ga'],
    ['uptimekuma', '/status/dashboard'],
    ['upptime', '/up'],
    ['feed', '/fe'],
  ])('finds %s at %s, and nothing else first', async (type, path) => {
    const result = await detectSources(new URL(`${formats.url}${path}`), { http, timeoutMs: 3000 });
    expect(result.matches[0]?.type).toBe(type);
    expect(result.matches[0]?.config.type).toBe(type);
  });
});

describe('detect input', () => {
  it.each([
    ['github.com', 'https://github.com/'],
    ['https://www.githubstatus.com', 'https://www.githubstatus.com/'],
    ['http://127.0.0.1:8080/status', 'http://127.0.0.1:8080/status'],
  ])('%s → %s', (input, href) => {
    const parsed = parseDetectInput(input);
    expect(parsed.ok && parsed.url.href).toBe(href);
  });

  it.each(['ftp://example.com', 'http://', ''])('refuses %j', (input) => {
    expect(parseDetectInput(input).ok).toBe(false);
  });
});

describe('status links on a homepage', () => {
  const base = new URL('https://github.com/');
  it.each<[string, string[]]>([
    ['<a href="https://www.githubstatus.com/">Status</a>', ['https://www.githubstatus.com/']],
    ['<a href="/status">Service health</a>', ['https://github.com/status']],
    [
      '<a href="https://docs.github.com">Docs</a><a href="/about">Status quo of our mission</a>',
      ['https://github.com/about'],
    ],
    ['<a href="javascript:status()">Status</a>', []],
    ['<a href="/pricing">Pricing</a>', []],
  ])('%s', (html, expected) => {
    expect(statusLinks(html, base)).toEqual(expected);
  });

  it('stops after three', () => {
    const html = Array.from({ length: 10 }, (_, index) => `<a href="/status/${index}">s</a>`).join('');
    expect(statusLinks(html, base)).toHaveLength(3);
  });
});

describe('status links on a hostile homepage: linear in the page', () => {
  // 200,000 characters of each. The pattern these replaced read on from every "<a" to the end of
  // the page, and again for every href in between: '<a href="' repeated was cubic (9,000
  // characters took 3 s, a megabyte page hours); now milliseconds, and a return within the
  // test's timeout is the proof.
  const base = new URL('https://github.com/');
  const size = 200_000;
  const repeat = (unit: string): string => unit.repeat(Math.ceil(size / unit.length));

  it.each([
    ['tags never closed', repeat('<a ')],
    ['hrefs never closed', repeat('<a href="')],
    ['one tag of hrefs never closed', `<a${repeat(' href="status')}`],
    ['links never closed', repeat('<a href="/status">')],
  ])('%s: no links', (_name, html) => {
    expect(statusLinks(html, base)).toEqual([]);
  });

  it('a link after a long run of unclosed tags is still found, with its own href', () => {
    // The old pattern read on from the first tag and took '<a href=' as the href.
    expect(statusLinks(`${repeat('<a href="')}<a href="/status">Status</a>`, base)).toEqual([
      'https://github.com/status',
    ]);
  });
});
