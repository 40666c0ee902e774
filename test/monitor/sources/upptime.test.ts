import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import type { Status } from '../../../main/monitor/status.js';
import {
  parseUpptimeSummary,
  SITE_STATUS,
  summaryUrl,
  upptimeSource,
  type UpptimeSourceConfig,
} from '../../../main/monitor/sources/upptime.js';
import { realFixture } from '../../support/fixtures.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
const SUMMARY_PATH = '/history/summary.json';
const SUMMARY = realFixture('upptime/history-summary.json');
let server: TestServer;

/** The real summary with two sites' statuses changed in the test, for the cases it lacks. */
function troubled(): unknown {
  const sites = JSON.parse(SUMMARY.toString()) as Record<string, unknown>[];
  return sites.map((site) =>
    site.slug === 'admin'
      ? { ...site, status: 'down' }
      : site.slug === 'api'
        ? { ...site, status: 'degraded' }
        : site,
  );
}

beforeAll(async () => {
  server = await startRoutes({
    [`/repo${SUMMARY_PATH}`]: { body: SUMMARY, headers: json },
    [`/troubled${SUMMARY_PATH}`]: { body: JSON.stringify(troubled()), headers: json },
    [`/none${SUMMARY_PATH}`]: { body: '[]', headers: json },
    [`/truncated${SUMMARY_PATH}`]: { body: SUMMARY.subarray(0, SUMMARY.length / 2), headers: json },
    [`/empty${SUMMARY_PATH}`]: { body: realFixture('derived/empty-body.json'), headers: json },
    [`/website${SUMMARY_PATH}`]: {
      body: '<!DOCTYPE html><html><body>Status</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    [`/error${SUMMARY_PATH}`]: { status: 503, headers: { 'retry-after': '60' } },
    [`/gatus${SUMMARY_PATH}`]: {
      body: realFixture('gatus/endpoints-statuses-mixed-success-failure.json'),
      headers: json,
    },
    [`/statuspage${SUMMARY_PATH}`]: {
      body: realFixture('statuspage/github-summary-all-operational-2019.json'),
      headers: json,
    },
  });
});
afterAll(() => server.close());

function read(page: string, extra: Partial<UpptimeSourceConfig> = {}): Promise<Reading> {
  return upptimeSource.read({ type: 'upptime', url: `${server.url}/${page}`, ...extra }, createReadContext());
}

describe('upptime: the real summary.json', () => {
  it('three sites up: operational, one component each, no aggregate', async () => {
    const reading = await read('repo');
    expect(reading).toMatchObject({ status: 'operational', detail: 'all 3 sites up', reached: true });
    expect(reading.official).toMatchObject({
      provider: 'upptime',
      pageUrl: `${server.url}/repo`,
      incidents: [],
      maintenances: [],
    });
    expect(reading.official?.rawStatus).toBeUndefined();
    expect(reading.official?.components).toEqual([
      { name: 'App', status: 'operational', rawStatus: 'up' },
      { name: 'Admin', status: 'operational', rawStatus: 'up' },
      { name: 'Api', status: 'operational', rawStatus: 'up' },
    ]);
  });

  it('the base URL and the exact summary.json URL read the same', async () => {
    const base = await read('repo');
    expect(await read(`repo${SUMMARY_PATH}`)).toMatchObject({
      status: base.status,
      detail: base.detail,
      official: base.official,
    });
  });

  it('the sites decide: one down, one degraded (statuses changed in the test)', async () => {
    const reading = await read('troubled');
    expect(reading).toMatchObject({ status: 'major_outage', detail: 'Admin: major outage, Api: degraded' });
  });

  it.each<[string[], string[], Status, string]>([
    [['admin'], ['Admin'], 'major_outage', 'Admin: major outage'],
    [['App', 'api'], ['App', 'Api'], 'degraded', 'Api: degraded'],
    [['app', 'blog'], ['App'], 'operational', 'all 1 site up (not found: blog)'],
  ])('sites %j (by name or slug) keep %j', async (sites, names, status, detail) => {
    const reading = await read('troubled', { sites });
    expect(reading.official?.components.map((component) => component.name)).toEqual(names);
    expect(reading).toMatchObject({ status, detail });
  });

  it('a filter that matches nothing is unknown and lists what there is', async () => {
    expect(await read('repo', { sites: ['blog'] })).toMatchObject({
      status: 'unknown',
      detail: 'no site named "blog" (it has: App, Admin, Api)',
    });
  });
});

describe('upptime: status mapping', () => {
  it.each<[string, Status]>([...Object.entries(SITE_STATUS), ['maintenance', 'unknown'], ['UP', 'unknown']])(
    '%s → %s',
    (raw, status) => {
      const page = parseUpptimeSummary([{ name: 'S', slug: 's', status: raw }], 'https://x');
      expect(typeof page === 'string' ? page : page.components[0]?.status).toBe(status);
    },
  );
});

describe('upptime: unreadable answers are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    [
      'website',
      /^expected JSON but got an HTML page \(HTTP 200, text\/html\) \(an Upptime status website does not serve summary\.json: give the GitHub repository URL\)$/,
    ],
    [
      'nowhere',
      /^the status page answered HTTP 404 \(an Upptime status website does not serve summary\.json/,
    ],
    ['error', /^the status page answered HTTP 503$/],
    ['none', /^the summary lists no sites$/],
    ['gatus', /^not an Upptime summary: expected an array of sites with name, slug and status$/],
    ['statuspage', /^not an Upptime summary/],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('error')).retryAfterMs).toBe(60_000);
  });
});

describe('upptime: URLs and detection', () => {
  const raw = (repo: string) => `https://raw.githubusercontent.com/${repo}/HEAD${SUMMARY_PATH}`;
  it.each([
    ['https://github.com/lynot/mesirve-status', raw('lynot/mesirve-status')],
    ['https://github.com/lynot/mesirve-status/tree/master/history', raw('lynot/mesirve-status')],
    ['https://lynot.github.io/mesirve-status/', raw('lynot/mesirve-status')],
    ['https://lynot.github.io/', raw('lynot/lynot.github.io')],
    [
      'https://raw.githubusercontent.com/lynot/mesirve-status/master',
      `https://raw.githubusercontent.com/lynot/mesirve-status/master${SUMMARY_PATH}`,
    ],
    [`https://status.example.org/x${SUMMARY_PATH}`, `https://status.example.org/x${SUMMARY_PATH}`],
    ['https://mirror.example.org/upptime/', `https://mirror.example.org/upptime${SUMMARY_PATH}`],
  ])('%s → %s', (url, expected) => {
    expect(summaryUrl(url)).toBe(expected);
  });

  it.each(['repo', 'repo/', `repo${SUMMARY_PATH}`])('recognises Upptime from %s', async (path) => {
    expect(await upptimeSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toEqual({
      type: 'upptime',
      url: `${server.url}/repo`,
    });
  });

  it.each(['gatus', 'statuspage', 'none', 'website', 'nowhere'])('does not claim %s', async (path) => {
    expect(
      await upptimeSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('upptime: found by fuzzing (test/reliability/fuzz)', () => {
  it('a filter that matches nothing carries the page without its aggregate words', async () => {
    const reading = await read('repo', { sites: ['blog'] });
    expect(reading.official).toMatchObject({ provider: 'upptime', components: [] });
    expect(reading.official).not.toHaveProperty('description');
  });

  it('a status named like an Object.prototype key is unrecognised, not a function', () => {
    const page = parseUpptimeSummary([{ name: 'App', slug: 'app', status: 'constructor' }], 'https://x');
    if (typeof page === 'string') throw new Error(page);
    expect(page.components[0]).toMatchObject({ status: 'unknown', rawStatus: 'constructor' });
  });
});
