import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import {
  currentUrl,
  parseSlackCurrent,
  SLACK_INCIDENT_TYPE,
  SLACK_SERVICES,
  slackSource,
  type SlackSourceConfig,
} from '../../../main/monitor/sources/slack.js';
import type { Status } from '../../../main/monitor/status.js';
import { startRoutes, type TestServer } from '../../support/http-server.js';
import { realFixture } from '../../support/fixtures.js';
import { createReadContext, createDetectContext } from '../../support/read-context.js';

const json = { 'content-type': 'application/json' };
const SLACK = 'slack/current-two-active-incidents-2020-07.json';

/** The "ok" answer exactly as Slack's API documentation prints it. */
const DOCUMENTED_OK = {
  status: 'ok',
  active_incidents: [],
  date_created: '2018-09-07T18:34:15-07:00',
  date_updated: '2018-09-07T18:34:15-07:00',
};

/**
 * Built from the documented v2.0.0 fields (no real payload with these is in fixtures/real): an
 * outage, a notice whose note has Windows line ends and markup, maintenance under way and
 * scheduled, a resolved incident that is no longer open, and a service not on Slack's list.
 */
const BUILT = {
  status: 'active',
  date_created: '2024-03-01T10:00:00-08:00',
  date_updated: '2024-03-01T10:30:00-08:00',
  active_incidents: [
    {
      id: 1,
      title: 'Messages are not sending',
      type: 'outage',
      status: 'active',
      date_created: '2024-03-01T10:00:00-08:00',
      date_updated: '2024-03-01T10:30:00-08:00',
      url: 'https://slack-status.com/2024-03/aaa',
      services: ['Messaging', 'Teleportation'],
      notes: [
        { date_created: '2024-03-01T10:00:00-08:00', body: 'Investigating.' },
        {
          date_created: '2024-03-01T10:30:00-08:00',
          body: 'Technical Summary:\r\nA <b>bad</b> deploy &amp; rollback.',
        },
      ],
    },
    { id: 2, title: 'Slow search', type: 'notice', status: 'active', services: ['Search'], notes: [] },
    { id: 3, title: 'Old problem', type: 'incident', status: 'resolved', services: ['Files'], notes: [] },
    { id: 4, title: 'Database work', type: 'maintenance', status: 'active', services: ['Files'] },
    { id: 5, title: 'Next week', type: 'maintenance', status: 'scheduled', services: ['Huddles'] },
  ],
};

let server: TestServer;

beforeAll(async () => {
  const slack = realFixture(SLACK);
  const at = (name: string, body: string | Buffer, headers = json) => ({
    [`/${name}/api/v2.0.0/current`]: { body, headers },
  });
  server = await startRoutes({
    ...at('slack', slack),
    ...at('ok', JSON.stringify(DOCUMENTED_OK)),
    ...at('built', JSON.stringify(BUILT)),
    ...at('truncated', slack.subarray(0, Math.floor(slack.length / 2))),
    ...at('empty', realFixture('derived/empty-body.json')),
    ...at('html', '<!DOCTYPE html><html><body>Slack</body></html>', { 'content-type': 'text/html' }),
    ...at('docker', realFixture('statusio/docker-partial-service-disruption-2020-07-16.json')),
    '/error/api/v2.0.0/current': { status: 503, headers: { 'retry-after': '120' } },
  });
});
afterAll(() => server.close());

function read(page: string, extra: Partial<SlackSourceConfig> = {}): Promise<Reading> {
  return slackSource.read({ type: 'slack', url: `${server.url}/${page}`, ...extra }, createReadContext());
}

describe('slack: the real payload (2020-07, two active incidents)', () => {
  it('reads the incidents, their notes and the services they touch', async () => {
    const reading = await read('slack');
    expect(reading).toMatchObject({
      status: 'partial_outage',
      detail: 'incident "We are investigating an issue with notification settings" (active) (+1 more)',
      reached: true,
    });
    const official = reading.official!;
    expect(official).toMatchObject({
      provider: 'slack',
      rawStatus: 'active',
      pageUrl: server.url + '/slack',
    });
    expect(official.updatedAt).toBe(Date.parse('2020-07-30T15:12:34-07:00'));
    expect(official.incidents.map((i) => [i.title, i.impact, i.rawImpact, i.components])).toEqual([
      [
        'We are investigating an issue with notification settings',
        'partial_outage',
        'incident',
        ['Notifications'],
      ],
      [
        "We're looking into an issue with certain API calls",
        'partial_outage',
        'incident',
        ['Apps/Integrations/APIs'],
      ],
    ]);
    const first = official.incidents[0]!;
    expect(first).toMatchObject({
      id: '878',
      status: 'active',
      startedAt: Date.parse('2020-07-30T22:12:34Z'),
      link: 'https://status.slack.com/2020-07/ea58a170d343b2ad',
    });
    expect(first.updates[0]?.body).toMatch(/^Some users might notice that their notifications settings/);
    // Every service Slack lists, the two named ones carrying their incident.
    expect(official.components).toHaveLength(SLACK_SERVICES.length);
    expect(official.components.filter((c) => c.status !== 'operational')).toEqual([
      { name: 'Notifications', status: 'partial_outage', rawStatus: 'incident' },
      { name: 'Apps/Integrations/APIs', status: 'partial_outage', rawStatus: 'incident' },
    ]);
    expect(official.maintenances).toEqual([]);
  });

  it('reads the same from the base URL and the exact API URL', async () => {
    const base = await read('slack');
    const exact = await read('slack/api/v2.0.0/current');
    expect(exact.status).toBe(base.status);
    expect(exact.official).toEqual(base.official);
  });

  it('filters services: an untouched one is operational, an unknown one is said', async () => {
    expect((await read('slack', { components: ['messaging'] })).status).toBe('operational');
    const notifications = await read('slack', { components: ['Notifications', 'Carrier pigeons'] });
    expect(notifications.status).toBe('partial_outage');
    expect(notifications.official?.incidents).toHaveLength(1);
    expect(notifications.detail).toMatch(/\(not on the page: Carrier pigeons\)$/);
  });
});

describe('slack: documented and built answers', () => {
  it('"ok" is operational', async () => {
    const reading = await read('ok');
    expect(reading).toMatchObject({ status: 'operational', detail: 'No active incidents' });
    expect(reading.official?.components.every((c) => c.rawStatus === 'ok')).toBe(true);
  });

  it('the older documented "ok" sample, without active_incidents, is operational too', () => {
    const { active_incidents: _none, ...older } = DOCUMENTED_OK;
    const page = parseSlackCurrent(older, 'https://slack-status.com');
    expect(typeof page !== 'string' && [page.overall, page.incidents]).toEqual(['operational', []]);
  });

  it('outage, notice, maintenance under way and scheduled; resolved items are not open', async () => {
    const reading = await read('built');
    expect(reading.status).toBe('major_outage');
    const official = reading.official!;
    expect(official.incidents.map((i) => [i.title, i.impact])).toEqual([
      ['Messages are not sending', 'major_outage'],
      ['Slow search', 'degraded'],
    ]);
    // Notes newest first, as plain text.
    expect(official.incidents[0]?.updates.map((u) => u.body)).toEqual([
      'Technical Summary:\nA bad deploy & rollback.',
      'Investigating.',
    ]);
    expect(official.maintenances.map((m) => [m.title, m.phase, m.components])).toEqual([
      ['Database work', 'active', ['Files']],
      ['Next week', 'upcoming', ['Huddles']],
    ]);
    const status = (name: string) => official.components.find((c) => c.name === name)?.status;
    expect([status('Messaging'), status('Search'), status('Files'), status('Huddles')]).toEqual([
      'major_outage',
      'degraded',
      'maintenance',
      'operational',
    ]);
    expect(status('Teleportation')).toBe('major_outage');
  });
});

describe('slack: every enum value', () => {
  const withIncident = (type: string) => ({
    status: 'active',
    active_incidents: [{ title: 'x', type, status: 'active', services: ['Messaging'] }],
  });

  it.each<[string, Status]>([
    ...Object.entries(SLACK_INCIDENT_TYPE).filter(([type]) => type !== 'maintenance'),
    ['earthquake', 'unknown'],
  ])('incident type %s → %s', (type, expected) => {
    const page = parseSlackCurrent(withIncident(type), 'https://slack-status.com');
    expect(typeof page !== 'string' && page.incidents[0]?.impact).toBe(expected);
  });

  it('maintenance is maintenance, not an incident', () => {
    const page = parseSlackCurrent(withIncident('maintenance'), 'https://slack-status.com');
    expect(typeof page !== 'string' && [page.incidents, page.maintenances[0]?.phase]).toEqual([[], 'active']);
  });

  it.each<[string, unknown[], Status | undefined]>([
    ['ok', [], 'operational'],
    // "active" defers to the incidents; with none readable, nobody can tell.
    ['active', [], 'unknown'],
    ['active', [{ title: 'x', type: 'notice', status: 'active' }], undefined],
    ['broken', [], 'unknown'],
  ])('page status %s with %j → overall %s', (status, active_incidents, expected) => {
    const page = parseSlackCurrent({ status, active_incidents }, 'https://slack-status.com');
    expect(typeof page !== 'string' && page.overall).toBe(expected);
  });
});

describe('slack: unreadable answers are unknown with a reason', () => {
  it.each<[string, RegExp]>([
    ['truncated', /^the response is not valid JSON, perhaps truncated \(/],
    ['empty', /^empty response body \(HTTP 200\)$/],
    ['html', /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/],
    ['error', /^the status page answered HTTP 503$/],
    ['docker', /^not a Slack status: /],
  ])('%s', async (page, detail) => {
    const reading = await read(page);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('passes Retry-After on', async () => {
    expect((await read('error')).retryAfterMs).toBe(120_000);
  });
});

describe('slack: URLs and config', () => {
  it.each([
    ['https://status.slack.com', 'https://status.slack.com/api/v2.0.0/current'],
    ['https://slack-status.com/', 'https://slack-status.com/api/v2.0.0/current'],
    ['https://slack-status.com/api/v2.0.0/current', 'https://slack-status.com/api/v2.0.0/current'],
  ])('%s → %s', (url, expected) => {
    expect(currentUrl(url)).toBe(expected);
  });

  it('defaults to slack-status.com', () => {
    expect(slackSource.schema.parse({ type: 'slack' })).toEqual({
      type: 'slack',
      url: 'https://slack-status.com',
    });
  });
});

describe('slack: auto-detect', () => {
  it.each(['slack', 'slack/', 'slack/api/v2.0.0/current'])('recognises Slack from %s', async (path) => {
    expect(await slackSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext())).toEqual({
      type: 'slack',
      url: `${server.url}/slack`,
    });
  });

  it.each(['docker', 'html', 'nowhere'])('does not claim %s', async (path) => {
    expect(
      await slackSource.detect?.(new URL(`${server.url}/${path}`), createDetectContext()),
    ).toBeUndefined();
  });
});

describe('slack: a hostile answer is read in time linear in its size', () => {
  it('100,000 incidents naming one service', () => {
    // Each statement copied the service's list before adding to it: quadratic in the incidents
    // that name it. A return within the test's timeout is the proof.
    const incident = { title: 'x', type: 'outage', status: 'active', services: ['Messaging'] };
    const page = parseSlackCurrent(
      { status: 'active', active_incidents: Array.from({ length: 100_000 }, () => incident) },
      'https://slack-status.com',
    );
    if (typeof page === 'string') throw new Error(page);
    expect(page.incidents).toHaveLength(100_000);
    expect(page.components.find((c) => c.name === 'Messaging')).toMatchObject({
      status: 'major_outage',
      rawStatus: 'outage',
    });
  });
});
