import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSources, parseDetectInput, statusLinks } from '../../main/monitor/detect.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import { startRoutes, type TestServer } from '../support/http-server.js';
import { realFixture } from '../support/fixtures.js';

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
