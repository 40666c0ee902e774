import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  GCP_IMPACT,
  GCP_SEVERITY,
  gcpSource,
  incidentsUrl,
  parseGcpIncidents,
  type GcpSourceConfig,
} from '../../../main/monitor/sources/gcp.js';
import { markdownToText } from '../../../main/monitor/sources/plain-text.js';
import type { Status } from '../../../main/monitor/status.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { clockAt, createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };

/**
 * The real sample is Checkmk agent output wrapping one unedited incidents.json element: its
 * `health_info` is exactly the incidents.json array, and that is what we serve. The "open"
 * variant is the same incident with `end` removed (built here), so an open incident is read from
 * real fields; no real open incident is in fixtures/real.
 */
const wrapped = JSON.parse(
  realFixture('gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json').toString('utf8'),
) as { health_info: Record<string, unknown>[] };
const INCIDENTS = JSON.stringify(wrapped.health_info);
const OPEN = JSON.stringify(wrapped.health_info.map(({ end: _end, ...incident }) => incident));
const TITLE = 'Retry errors for Google BigQuery in europe-north1';
const TWO_DAYS_LATER = clockAt(Date.parse('2023-03-12T00:00:00Z'));

let server: TestServer;

beforeAll(async () => {
  const at = (name: string, body: string | Buffer, headers = json) => ({
    [`/${name}/incidents.json`]: { body, headers },
  });
  server = await startRoutes({
    ...at('ended', INCIDENTS),
    ...at('open', OPEN),
    ...at('truncated', INCIDENTS.slice(0, Math.floor(INCIDENTS.length / 2))),
    ...at('empty', realFixture('derived/empty-body.json')),
    ...at('html', '<!DOCTYPE html><html><body>Google Cloud</body></html>', { 'content-type': 'text/html' }),
    ...at('slack', realFixture('slack/current-two-active-incidents-2020-07.json')),
    '/error/incidents.json': { status: 503 },
  });
});
afterAll(() => server.close());

function read(page: string, extra: Partial<GcpSourceConfig> = {}, clock = TWO_DAYS_LATER): Promise<Reading> {
  return gcpSource.read(
    { type: 'gcp', url: `${server.url}/${page}`, ...extra },
    createReadContext({ clock }),
  );
}

describe('gcp: the real BigQuery incident (europe-north1, 2023-03-10)', () => {
  it('ended: no open incident, so operational; two days later it is recent history', async () => {
    const reading = await read('ended');
    expect(reading).toMatchObject({ status: 'operational', detail: 'No open incidents', reached: true });
    const official = reading.official!;
    expect(official).toMatchObject({ provider: 'gcp', components: [], incidents: [], maintenances: [] });
    expect(official.recentIncidents).toHaveLength(1);
    const recent = official.recentIncidents![0]!;
    expect(recent).toMatchObject({
      id: 'rZvZvSKVdDHyWh4dZJ8D',
      title: TITLE,
      status: 'resolved',
      impact: 'degraded',
      rawImpact: 'SERVICE_INFORMATION',
      startedAt: Date.parse('2023-03-10T14:09:43Z'),
      updatedAt: Date.parse('2023-03-10T14:54:50Z'),
      link: `${server.url}/ended/incidents/rZvZvSKVdDHyWh4dZJ8D`,
      components: ['Google BigQuery'],
    });
    expect(recent.updates).toHaveLength(1);
    expect(recent.updates[0]).toMatchObject({
      at: Date.parse('2023-03-10T14:26:17Z'),
      status: 'SERVICE_INFORMATION',
    });
    expect(recent.updates[0]?.body).toMatch(
      /^Summary: Retry errors for Google BigQuery in europe-north1\nDescription:/,
    );
    expect(recent.updates[0]?.body).toContain(
      'DatasetService.*, TableService.*, BigQueryRead.CreateReadSession',
    );
  });

  it('a week later it is no longer recent', async () => {
    const reading = await read('ended', {}, clockAt(Date.parse('2023-03-20T00:00:00Z')));
    expect(reading.official?.recentIncidents).toEqual([]);
  });

  it('open (the same incident without `end`): degraded, BigQuery a component', async () => {
    const reading = await read('open');
    expect(reading).toMatchObject({ status: 'degraded', detail: `incident "${TITLE}" (ongoing)` });
    expect(reading.official?.incidents.map((i) => [i.title, i.status, i.impact])).toEqual([
      [TITLE, 'ongoing', 'degraded'],
    ]);
    expect(reading.official?.components).toEqual([
      { name: 'Google BigQuery', status: 'degraded', rawStatus: 'SERVICE_INFORMATION' },
    ]);
  });

  it('an `end` still ahead of now is open', async () => {
    const reading = await read('ended', {}, clockAt(Date.parse('2023-03-10T14:30:00Z')));
    expect(reading.status).toBe('degraded');
  });

  it('reads the same from the base URL and the exact incidents.json URL', async () => {
    const base = await read('open');
    const exact = await read('open/incidents.json');
    expect(exact.status).toBe(base.status);
    expect(exact.official?.incidents).toEqual(base.official?.incidents);
  });
});

describe('gcp: products and locations', () => {
  it.each<[Partial<GcpSourceConfig>, Status, string]>([
    [{ products: ['BigQuery'] }, 'degraded', 'Google BigQuery'],
    [{ products: ['google bigquery'] }, 'degraded', 'Google BigQuery'],
    [{ products: ['9CcrhHUcFevXPSVaSxkf'] }, 'degraded', 'Google BigQuery'],
    [{ products: ['Cloud Run'] }, 'operational', 'Cloud Run'],
    [{ locations: ['europe-north1'] }, 'degraded', 'Google BigQuery'],
    [{ locations: ['Finland (europe-north1)'] }, 'degraded', 'Google BigQuery'],
    [{ products: ['BigQuery'], locations: ['us-central1'] }, 'operational', 'Google BigQuery'],
  ])('%j → %s', async (filter, status, component) => {
    const reading = await read('open', filter);
    expect(reading.status).toBe(status);
    if (filter.products) expect(reading.official?.components.map((c) => c.name)).toEqual([component]);
    else expect(reading.official?.components[0]?.name).toBe(component);
  });

  it('says what it looked at when nothing is open', async () => {
    const reading = await read('open', { products: ['Cloud Run'], locations: ['global'] });
    expect(reading.detail).toBe('No open incidents for Cloud Run in global');
  });
});

describe('gcp: every enum value', () => {
  const one = (fields: Record<string, unknown>) => [
    {
      id: 'x',
      external_desc: 'Something',
      begin: '2024-01-01T00:00:00+00:00',
      affected_products: [],
      ...fields,
    },
  ];
  const impactOf = (fields: Record<string, unknown>) => {
    const page = parseGcpIncidents(one(fields), {
      pageUrl: 'https://status.cloud.google.com',
      now: Date.now(),
    });
    return typeof page === 'string' ? page : page.incidents[0]?.impact;
  };

  it.each<[string, Status]>([...Object.entries(GCP_IMPACT), ['SERVICE_APOCALYPSE', 'unknown']])(
    'status_impact %s → %s',
    (value, expected) => {
      // Severity never overrides a status_impact, known or not.
      expect(impactOf({ status_impact: value, severity: 'high' })).toBe(expected);
    },
  );

  it.each<[string, Status]>([...Object.entries(GCP_SEVERITY), ['catastrophic', 'unknown']])(
    'without status_impact, severity %s → %s',
    (value, expected) => {
      expect(impactOf({ severity: value })).toBe(expected);
    },
  );
});

describe('gcp: unreadable answers are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['slack', /^not a Google Cloud incidents list: /],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });
});

describe('gcp: URLs, config, text', () => {
  it.each([
    ['https://status.cloud.google.com', 'https://status.cloud.google.com/incidents.json'],
    ['https://status.cloud.google.com/', 'https://status.cloud.google.com/incidents.json'],
    ['https://status.cloud.google.com/incidents.json', 'https://status.cloud.google.com/incidents.json'],
  ])('%s → %s', (url, expected) => {
    expect(incidentsUrl(url)).toBe(expected);
  });

  it('defaults to status.cloud.google.com', () => {
    expect(gcpSource.schema.parse({ type: 'gcp', products: ['BigQuery'] })).toEqual({
      type: 'gcp',
      url: 'https://status.cloud.google.com',
      products: ['BigQuery'],
    });
  });

  it.each([
    ['**Summary:** [details](https://x.y/z)', 'Summary: details (https://x.y/z)'],
    ['# Title\r\n* one\r\n* two', 'Title\n• one\n• two'],
    ['Run `bq ls` and retry TableService.* calls', 'Run bq ls and retry TableService.* calls'],
  ])('markdown %j → %j', (markdown, text) => {
    expect(markdownToText(markdown)).toBe(text);
  });
});

describe('gcp: auto-detect', () => {
  it.each(['ended', 'ended/', 'ended/incidents.json'])('recognises incidents.json from %s', async (path) => {
    expect(await gcpSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toEqual({
      type: 'gcp',
      url: `${server.url}/ended`,
    });
  });

  it.each(['slack', 'html', 'nowhere'])('does not claim %s', async (path) => {
    expect(await gcpSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toBeUndefined();
  });
});

describe('gcp: found by fuzzing (test/reliability/fuzz)', () => {
  const view = { pageUrl: 'https://status.cloud.google.com', now: Date.parse('2023-03-10T15:00:00Z') };
  const open = (fields: Record<string, unknown>) =>
    parseGcpIncidents([{ ...wrapped.health_info[0], end: undefined, ...fields }], view);

  it('an incident uri that is no URL leaves the link out instead of throwing', () => {
    const page = open({ uri: 'https://[::1' });
    if (typeof page === 'string') throw new Error(page);
    expect(page.incidents[0]?.title).toBe(TITLE);
    expect(page.incidents[0]).not.toHaveProperty('link');
  });

  it('a status_impact "constructor" is unrecognised, not Object.prototype\'s function', () => {
    const page = open({ status_impact: 'constructor' });
    if (typeof page === 'string') throw new Error(page);
    expect(page.incidents[0]?.impact).toBe('unknown');
  });
});

describe('gcp: a hostile answer is read in time linear in its size', () => {
  it('50,000 open incidents, each naming its own product', () => {
    // Each product's incidents were found by searching every open incident's products:
    // quadratic. A return within the test's timeout is the proof.
    const incidents = Array.from({ length: 50_000 }, (_, index) => ({
      external_desc: 'Something',
      begin: '2024-01-01T00:00:00+00:00',
      status_impact: 'SERVICE_OUTAGE',
      affected_products: [{ title: `Product ${index}` }],
    }));
    const page = parseGcpIncidents(incidents, {
      pageUrl: 'https://status.cloud.google.com',
      now: Date.now(),
    });
    if (typeof page === 'string') throw new Error(page);
    expect(page.components).toHaveLength(50_000);
    expect(page.components[49_999]).toEqual({
      name: 'Product 49999',
      status: 'major_outage',
      rawStatus: 'SERVICE_OUTAGE',
    });
  });
});
