import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  statuspageSource,
  summaryUrl,
  type StatuspageSourceConfig,
} from '../../../main/monitor/sources/statuspage.js';
import { officialReading } from '../../../main/monitor/sources/official-summary.js';
import { parseSummary } from '../../../main/monitor/sources/statuspage-parse.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
let server: TestServer;

/** Each real payload is served at its own page root, as /<name>/api/v2/summary.json. */
const PAGES: Record<string, string> = {
  github: 'statuspage/github-summary-all-operational-2019.json',
  twilio: 'statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json',
  cloudamqp: 'statuspage/cloudamqp-summary-under-maintenance-2020-07-16.json',
  airtable: 'statuspage/airtable-status-none-2021-06.json',
  truncated: 'derived/truncated-statuspage-summary-1500B.json',
  empty: 'derived/empty-body.json',
};

beforeAll(async () => {
  const routes = Object.fromEntries(
    Object.entries(PAGES).map(([name, file]) => [
      `/${name}/api/v2/summary.json`,
      { body: realFixture(file), headers: json },
    ]),
  );
  server = await startRoutes({
    ...routes,
    '/utf16/api/v2/summary.json': {
      body: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(realFixture(PAGES.twilio!).toString('utf8'), 'utf16le'),
      ]),
      headers: json,
    },
    '/cloudamqp/history.atom': {
      body: realFixture('statuspage/saucelabs-history-2020-11.atom'),
      headers: { 'content-type': 'application/atom+xml' },
    },
    '/github/api/v2/incidents.json': {
      body: realFixture('statuspage/github-incidents-multi-update-2024-09.json'),
      headers: json,
    },
    '/html/api/v2/summary.json': {
      body: '<!DOCTYPE html><html><body>Sign in</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    '/error/api/v2/summary.json': { status: 503, headers: { 'retry-after': '60' } },
    '/odd/api/v2/summary.json': {
      body: JSON.stringify({ status: { indicator: 'apocalyptic' }, components: [] }),
      headers: json,
    },
    '/not-statuspage/api/v2/summary.json': { body: JSON.stringify({ hello: 'world' }), headers: json },
    '/endless/api/v2/summary.json': (_req, res) => {
      res.writeHead(200, json);
      res.write('{"status":{"indicator":"none"},"components":[');
      const chunk = Buffer.from('{"name":"x","status":"operational"},'.repeat(1000));
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    },
    '/drip/api/v2/summary.json': (_req, res) => {
      res.writeHead(200, json);
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    },
    '/loop/api/v2/summary.json': { status: 302, headers: { location: '/loop/api/v2/summary.json' } },
    '/reset/api/v2/summary.json': (_req, res) => {
      res.writeHead(200, { ...json, 'content-length': '5000' });
      res.write('{"status":{"indicator":"none"}');
      setTimeout(() => res.socket?.destroy(), 20);
    },
    '/xss/api/v2/summary.json': {
      headers: json,
      body: JSON.stringify({
        status: { indicator: 'minor' },
        incidents: [
          {
            name: '<img src=x onerror=alert(1)>',
            status: 'investigating',
            impact: 'minor',
            incident_updates: [{ body: '<b>Fixing</b> &amp; <script>alert(1)</script>testing<br />next' }],
          },
        ],
      }),
    },
  });
});
afterAll(() => server.close());

function read(page: string, extra: Partial<StatuspageSourceConfig> = {}): Promise<Reading> {
  return statuspageSource.read(
    { type: 'statuspage', url: `${server.url}/${page}`, ...extra },
    createReadContext(),
  );
}

describe('statuspage: real payloads', () => {
  it('GitHub 2019, all operational', async () => {
    const reading = await read('github');
    expect(reading).toMatchObject({
      status: 'operational',
      detail: 'All Systems Operational',
      reached: true,
    });
    expect(reading.official).toMatchObject({
      provider: 'statuspage',
      rawStatus: 'none',
      pageUrl: 'https://www.githubstatus.com',
    });
    expect(reading.official?.components).toHaveLength(9);
    expect(reading.official?.incidents).toEqual([]);
  });

  it('Twilio 2020: minor indicator, groups resolved, incidents with plain-text updates, upcoming maintenance', async () => {
    const reading = await read('twilio');
    expect(reading.status).toBe('degraded');
    const official = reading.official!;
    expect(
      official.components.some(
        (component) =>
          component.name === 'SMS, Middle East & Africa' && component.group === 'CARRIER NETWORK',
      ),
    ).toBe(true);
    expect(official.components.every((component) => component.rawStatus !== '')).toBe(true);
    expect(official.components.filter((component) => component.status === 'degraded').length).toBeGreaterThan(
      0,
    );
    expect(official.incidents).toHaveLength(2);
    expect(official.incidents[0]).toMatchObject({
      title: 'SMS Delivery Delays to Mozambique Movitel',
      status: 'investigating',
      impact: 'degraded',
      rawImpact: 'minor',
    });
    expect(official.incidents[0]?.startedAt).toBe(Date.parse('2020-06-16T13:27:41.521-07:00'));
    expect(official.incidents[0]?.updates[0]?.body).toBe('We are continuing to investigate this issue.');
    expect(official.maintenances.length).toBeGreaterThan(0);
    expect(official.maintenances.every((maintenance) => maintenance.phase === 'upcoming')).toBe(true);
    expect(reading.detail).toMatch(
      /^incident "SMS Delivery Delays to Mozambique Movitel" \(investigating\) \(\+1 more\)$/,
    );
  });

  it('CloudAMQP 2020: maintenance in progress', async () => {
    const reading = await read('cloudamqp');
    expect(reading.status).toBe('maintenance');
    expect(
      reading.official?.maintenances.find((maintenance) => maintenance.phase === 'active')?.title,
    ).toMatch(/^Upgrade of shared servers/);
  });

  it('a page served as UTF-16 with a byte-order mark reads the same', async () => {
    const reading = await read('utf16');
    expect(reading.status).toBe('degraded');
    expect(
      reading.official?.components.some((component) => component.name === 'SMS, Middle East & Africa'),
    ).toBe(true);
  });

  it('Airtable status.json: only the indicator', async () => {
    const reading = await read('airtable');
    expect(reading).toMatchObject({ status: 'operational', detail: 'All Systems Operational' });
  });

  it('filters by component name and by group', async () => {
    const byName = await read('twilio', { components: ['sms, middle east & africa'] });
    expect(byName.official?.components.map((component) => component.name)).toEqual([
      'SMS, Middle East & Africa',
    ]);
    expect(byName.status).toBe('degraded');
    expect(byName.official?.incidents.map((incident) => incident.title)).toEqual([
      'SMS Delivery Delays to Mozambique Movitel',
    ]);
    const byGroup = await read('twilio', { components: ['AUTHY'] });
    expect(byGroup.official?.components).toHaveLength(4);
  });

  it('says which filtered components do not exist', async () => {
    const reading = await read('github', { components: ['Teleportation'] });
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(
      /^no component named "Teleportation" on this page \(it has: Git Operations, /,
    );
  });
});

describe('statuspage: unreadable pages are unknown with a reason, never green, never a throw', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['not-statuspage', /^not a Statuspage summary: status\.indicator is missing$/],
    ['odd', /^unrecognised page status "apocalyptic"$/],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it.each<[string, RegExp]>([
    ['endless', /^the response is larger than the 5 MB limit$/],
    ['drip', /^timed out after 1000 ms while reading the body/],
    ['loop', /^redirect loop: /],
    ['reset', /^the connection was closed unexpectedly after \d+ B of the body$/],
  ])('a hostile server (%s) gives unknown with the reason', async (page, detail) => {
    const reading = await statuspageSource.read(
      { type: 'statuspage', url: `${server.url}/${page}` },
      createReadContext({ timeoutMs: 1000 }),
    );
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on to the scheduler', async () => {
    expect((await read('error')).retryAfterMs).toBe(60_000);
  });

  it('keeps third-party text as plain text', async () => {
    const reading = await read('xss');
    const incident = reading.official?.incidents[0];
    expect(incident?.title).toBe('<img src=x onerror=alert(1)>');
    expect(incident?.updates[0]?.body).toBe('Fixing & testing\nnext');
  });
});

describe('statuspage: recent history from incidents.json', () => {
  it('keeps the resolved incidents, newest first, with plain-text updates', async () => {
    const reading = await read('github');
    const recent = reading.official?.recentIncidents ?? [];
    expect(recent.map((incident) => [incident.title, incident.status, incident.impact])).toEqual([
      ['Incident with Pages and Actions', 'resolved', 'partial_outage'],
      ['Disruption with Git SSH', 'resolved', 'degraded'],
    ]);
    expect(recent[0]?.components).toEqual(['Actions', 'Pages']);
    expect(recent[0]?.updates).toHaveLength(6);
    expect(recent[0]?.updates[0]).toMatchObject({
      status: 'resolved',
      body: 'This incident has been resolved.',
    });
    expect(
      recent.flatMap((incident) => incident.updates).some((update) => /<br|&amp;/.test(update.body)),
    ).toBe(false);
  });

  it('falls back to history.atom when a page does not serve incidents.json', async () => {
    const reading = await read('cloudamqp');
    expect(reading.status).toBe('maintenance');
    const recent = reading.official?.recentIncidents ?? [];
    expect(recent.length).toBeGreaterThan(5);
    expect(
      recent.every((incident) => incident.updates.every((update) => !/<br|&amp;/.test(update.body))),
    ).toBe(true);
  });

  it('reads the summary alone when a page has neither', async () => {
    const reading = await read('twilio');
    expect(reading.status).toBe('degraded');
    expect(reading.official?.recentIncidents).toBeUndefined();
  });

  it('keeps only the history of the chosen components', async () => {
    // The 2024 incident names "Actions" and "Pages"; "Git Operations" is not among them, and the
    // Git SSH incident names no component, so it cannot be ruled out.
    const reading = await read('github', { components: ['Git Operations'] });
    expect(reading.official?.recentIncidents?.map((incident) => incident.title)).toEqual([
      'Disruption with Git SSH',
    ]);
  });
});

describe('statuspage: auto-detect', () => {
  it.each(['github', 'github/', 'github/api/v2/summary.json'])(
    'recognises a Statuspage page from %s',
    async (path) => {
      expect(
        await statuspageSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext()),
      ).toEqual({
        type: 'statuspage',
        url: `${server.url}/github`,
      });
    },
  );

  it.each(['html', 'not-statuspage', 'nowhere'])('does not claim %s', async (path) => {
    expect(
      await statuspageSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('statuspage: URLs and polling', () => {
  it.each([
    ['https://www.githubstatus.com', 'https://www.githubstatus.com/api/v2/summary.json'],
    ['https://www.githubstatus.com/', 'https://www.githubstatus.com/api/v2/summary.json'],
    ['https://status.example.com/api/v2/status.json', 'https://status.example.com/api/v2/status.json'],
  ])('%s → %s', (url, expected) => {
    expect(summaryUrl(url)).toBe(expected);
  });

  it('revalidates an unchanged page instead of downloading it again', async () => {
    let downloads = 0;
    const page = await startRoutes({
      '/api/v2/summary.json': (req, res) => {
        if (req.headers['if-none-match'] === '"abc"') {
          res.writeHead(304).end();
          return;
        }
        downloads += 1;
        res.writeHead(200, { ...json, etag: '"abc"' }).end(realFixture(PAGES.github!));
      },
    });
    try {
      const ctx = createReadContext();
      const config = { type: 'statuspage' as const, url: page.url };
      const first = await statuspageSource.read(config, ctx);
      const second = await statuspageSource.read(config, ctx);
      expect(downloads).toBe(1);
      expect(second).toMatchObject({ status: first.status, detail: first.detail, notModified: true });
    } finally {
      await page.close();
    }
  });
});

describe('statuspage: found by fuzzing (test/reliability/fuzz)', () => {
  /** The real GitHub summary, changed in one place, judged as a read would judge it. */
  function judged(
    change: (summary: { status: Record<string, unknown>; components: Record<string, unknown>[] }) => void,
  ): Reading {
    const summary = JSON.parse(realFixture(PAGES.github!).toString('utf8')) as Parameters<typeof change>[0];
    change(summary);
    const page = parseSummary(summary, 'https://www.githubstatus.com');
    if (typeof page === 'string') throw new Error(page);
    return officialReading(page, { checkedAt: Date.UTC(2019, 5, 1) });
  }

  it.each(['constructor', '__proto__', 'toString'])(
    'a component status "%s" is unrecognised, not Object.prototype\'s: unknown, never green',
    (value) => {
      const reading = judged((summary) => {
        summary.components[0]!.status = value;
      });
      expect(reading.official?.components[0]).toMatchObject({ status: 'unknown', rawStatus: value });
      expect(reading.status).toBe('unknown');
    },
  );

  it('an indicator "constructor" is an unrecognised page status', () => {
    const reading = judged((summary) => {
      summary.status.indicator = 'constructor';
    });
    expect(reading).toMatchObject({ status: 'unknown', detail: 'unrecognised page status "constructor"' });
  });

  it('an empty description does not make an empty detail line', () => {
    const reading = judged((summary) => {
      summary.status.description = '';
    });
    expect(reading).toMatchObject({ status: 'operational', detail: 'Operational' });
  });
});
