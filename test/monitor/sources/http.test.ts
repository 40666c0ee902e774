import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSource, type HttpSourceConfig } from '../../../main/monitor/sources/http.js';
import { closedPort, startRoutes, type TestServer } from '../../support/http-server.js';
import { createReadContext } from '../../support/read-context.js';

let server: TestServer;

beforeAll(async () => {
  server = await startRoutes({
    '/ok': { body: '<html>Welcome home</html>', headers: { 'content-type': 'text/html' } },
    // What twitter.com served on 2022-12-29: an error page with HTTP 200.
    '/twitter-home': {
      body: '<html><body>Something went wrong, but don’t fret — let’s give it another shot.</body></html>',
    },
    '/unavailable': { status: 503, body: 'down for maintenance' },
    '/not-found': { status: 404 },
    '/moved': { status: 301, headers: { location: '/ok' } },
    '/slow': (_req, res) => {
      setTimeout(() => res.end('late but fine'), 150);
    },
    '/hang': () => undefined,
  });
});
afterAll(() => server.close());

function read(config: Omit<HttpSourceConfig, 'type'>, timeoutMs = 2000) {
  return httpSource.read({ type: 'http', ...config }, createReadContext({ timeoutMs }));
}

describe('http probe', () => {
  it.each<[string, Omit<HttpSourceConfig, 'type'>, string, RegExp]>([
    ['a healthy page', { url: '/ok' }, 'operational', /^HTTP 200 in \d+ ms$/],
    [
      'HTTP 200 with a forbidden phrase (case-insensitive)',
      { url: '/twitter-home', bodyMustNotContain: ['something went WRONG'] },
      'major_outage',
      /^HTTP 200 with error text "something went WRONG"$/,
    ],
    [
      'HTTP 200 without the expected text',
      { url: '/ok', bodyMustContain: ['Dashboard'] },
      'major_outage',
      /^HTTP 200 without the expected text "Dashboard"$/,
    ],
    ['the expected text present', { url: '/ok', bodyMustContain: ['welcome'] }, 'operational', /^HTTP 200/],
    [
      'a 503',
      { url: '/unavailable' },
      'major_outage',
      /^HTTP 503 Service Unavailable \(expected 2xx, 3xx\)$/,
    ],
    ['a 404 when 404 is expected', { url: '/not-found', expectStatus: [404] }, 'operational', /^HTTP 404/],
    [
      'a 404 by class',
      { url: '/not-found', expectStatus: ['2xx'] },
      'major_outage',
      /^HTTP 404 Not Found \(expected 2xx\)$/,
    ],
    ['a redirect is followed', { url: '/moved', bodyMustContain: ['Welcome'] }, 'operational', /^HTTP 200/],
    [
      'slower than degradedAboveMs',
      { url: '/slow', degradedAboveMs: 50 },
      'degraded',
      /^HTTP 200 in \d+ ms \(slower than 50 ms\)$/,
    ],
    ['HEAD is enough for a status check', { url: '/ok', method: 'HEAD' }, 'operational', /^HTTP 200/],
  ])('%s', async (_name, config, status, detail) => {
    const reading = await read({ ...config, url: `${server.url}${config.url}` });
    expect(reading.status).toBe(status);
    expect(reading.detail).toMatch(detail);
    expect(reading.reached).toBe(true);
    expect(reading.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a timeout is an outage of the probed site', async () => {
    const reading = await read({ url: `${server.url}/hang` }, 300);
    expect(reading).toMatchObject({
      status: 'major_outage',
      reached: false,
      detail: 'timed out after 300 ms while waiting for the answer',
    });
  });

  it('a refused connection is an outage, not reached', async () => {
    const reading = await read({ url: `http://127.0.0.1:${await closedPort()}/` });
    expect(reading).toMatchObject({ status: 'major_outage', reached: false });
    expect(reading.detail).toMatch(/^connection refused by 127\.0\.0\.1$/);
  });

  it('sends the configured headers', async () => {
    await read({ url: `${server.url}/ok`, headers: { 'x-team': 'platform' } });
    expect(server.requests.at(-1)?.headers['x-team']).toBe('platform');
  });

  it('labels itself by host and path', () => {
    expect(httpSource.defaultLabel({ type: 'http', url: 'https://twitter.com/home' })).toBe(
      'twitter.com/home',
    );
    expect(httpSource.defaultLabel({ type: 'http', url: 'https://github.com/' })).toBe('github.com');
  });
});
