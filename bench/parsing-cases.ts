import { systemClock } from '../main/monitor/clock.js';
import { parseConfig } from '../main/monitor/config/parse.js';
import { silentLogger } from '../main/monitor/logger.js';
import { readSource } from '../main/monitor/read-source.js';
import { api, cachetBase } from '../main/monitor/sources/cachet.js';
import { parseCompanies, parseReports } from '../main/monitor/sources/downdetector-parse.js';
import { incidentsUrl as gcpIncidentsUrl } from '../main/monitor/sources/gcp.js';
import { statusesUrl } from '../main/monitor/sources/gatus.js';
import { parseMeasurement } from '../main/monitor/sources/globalping-api.js';
import { parseHitsPage } from '../main/monitor/sources/hackernews-api.js';
import { parseIncidentio } from '../main/monitor/sources/incidentio.js';
import { parseInstatusSummary } from '../main/monitor/sources/instatus.js';
import { parseStatuses } from '../main/monitor/sources/mastodon-api.js';
import { currentUrl } from '../main/monitor/sources/slack.js';
import { summaryUrl as statuspageSummaryUrl } from '../main/monitor/sources/statuspage.js';
import { summaryUrl as upptimeSummaryUrl } from '../main/monitor/sources/upptime.js';
import { fakeHttp } from './fake-http.js';
import { feedBreakdown } from './parsing-breakdown.js';
import { atomFeed, documentedText, realText, statuspageSummary } from './payloads.js';

/**
 * What the parsing bench times, one case per provider with a parser: its largest real payload
 * in ../shared/fixtures/real, plus synthetic large ones.
 *
 * Official sources (status pages, feeds) are timed through their own `read`, on an in-memory
 * client answering with the payload: JSON or XML parsing, the provider's parser, judging and
 * the reading, exactly what a poll costs once the body has arrived. Sources whose read needs more
 * than one payload (crowd sources: several endpoints, tokens, memory, baselines; incident.io and
 * Instatus: a second endpoint) have only their parser timed (JSON.parse plus the parse function).
 */
export interface ParseCase {
  readonly provider: string;
  readonly payload: string;
  readonly bytes: number;
  readonly timed: 'source read' | 'parse only';
  /** Checked once before timing: the payload must be understood, or the timing is of an error path. */
  prepare(): Promise<() => unknown>;
  /** For a payload worth explaining: a sentence on where its time goes, given the prepared read. */
  explain?(read: () => unknown, runs: number): Promise<string>;
}

const EXAMPLE = 'https://status.example.com';

export function parseCases(): ParseCase[] {
  const summaryPath = path(statuspageSummaryUrl(EXAMPLE));
  const feed = atomFeed(500);
  return [
    readCase('Statuspage', 'statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json', {
      source: { type: 'statuspage', url: EXAMPLE },
      path: summaryPath,
    }),
    readCase('RSS / Atom feed', 'statuspage/saucelabs-history-2020-11.atom', {
      source: { type: 'feed', url: `${EXAMPLE}/history.atom` },
      path: '/history.atom',
    }),
    readCase('AWS (RSS)', 'aws/ec2-ap-northeast-1-2019-09.rss', {
      source: { type: 'aws', url: `${EXAMPLE}/rss/ec2.rss` },
      path: '/rss/ec2.rss',
    }),
    readCase('Cachet', 'cachet/yoti-api-v1-components-2020-10.json', {
      source: { type: 'cachet', url: EXAMPLE },
      path: path(api(cachetBase(EXAMPLE), '/components', {})),
    }),
    readCase('Gatus', 'gatus/endpoints-statuses-mixed-success-failure.json', {
      source: { type: 'gatus', url: EXAMPLE },
      path: path(statusesUrl(EXAMPLE)),
    }),
    readCase(
      'Google Cloud',
      'gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json',
      { source: { type: 'gcp', url: EXAMPLE }, path: path(gcpIncidentsUrl(EXAMPLE)) },
      [],
      // The capture wraps an unedited incidents.json array in Checkmk's output (as the tests serve it).
      JSON.stringify(
        (
          JSON.parse(realText('gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json')) as {
            health_info: unknown;
          }
        ).health_info,
      ),
    ),
    readCase('Slack', 'slack/current-two-active-incidents-2020-07.json', {
      source: { type: 'slack', url: EXAMPLE },
      path: path(currentUrl(EXAMPLE)),
    }),
    readCase('status.io', 'statusio/docker-partial-service-disruption-2020-07-16.json', {
      source: { type: 'statusio', url: 'https://api.status.io/1.0/status/533c6539221ae15e3f000031' },
      path: '/1.0/status/533c6539221ae15e3f000031',
    }),
    readCase('Upptime', 'upptime/history-summary.json', {
      source: { type: 'upptime', url: EXAMPLE },
      path: path(upptimeSummaryUrl(EXAMPLE)),
    }),
    readCase(
      'Uptime Kuma',
      'uptime-kuma/status-page-dashboard-unraid.json',
      {
        source: { type: 'uptimekuma', url: `${EXAMPLE}/status/dashboard` },
        path: '/api/status-page/dashboard',
      },
      // Every poll reads the page and its heartbeats together.
      [['/api/status-page/heartbeat/dashboard', realText('uptime-kuma/heartbeat-dashboard-unraid.json')]],
    ),
    // No real capture of these two in fixtures/real: their payloads are built from the providers'
    // documentation (test/fixtures/documented/README.md), the largest of each.
    parseOnly(
      'incident.io (documented)',
      'test/fixtures/documented/incidentio-widget-incidents.json',
      (json) => stringProblem(parseIncidentio(json, EXAMPLE)),
      documentedText('incidentio-widget-incidents.json'),
    ),
    parseOnly(
      'Instatus (documented)',
      'test/fixtures/documented/instatus-summary-incidents.json',
      (json) => stringProblem(parseInstatusSummary(json, EXAMPLE)),
      documentedText('instatus-summary-incidents.json'),
    ),
    parseOnly(
      'Downdetector (company search)',
      'downdetector/companies_search_instagram.cookbook.excerpt.json',
      (json) => (parseCompanies(json).length > 0 ? undefined : 'no companies'),
    ),
    parseOnly('Downdetector (reports)', 'downdetector/slugs_instagram_reports.cookbook.json', (json) =>
      stringProblem(parseReports(json)),
    ),
    parseOnly('Globalping (HTTP measurement)', 'globalping/getHttpMeasurementResponse.json', (json) =>
      stringProblem(parseMeasurement(json)),
    ),
    parseOnly('Hacker News search', 'hackernews/communal_search_sampleNewsOutput.json', (json) =>
      stringProblem(parseHitsPage(json)),
    ),
    parseOnly('Mastodon timeline', 'mastodon/tootkit_public_timeline.excerpt.json', (json) =>
      stringProblem(parseStatuses(json)),
    ),
    readCase(
      'Statuspage, synthetic',
      '1 MB summary grown from Twilio',
      { source: { type: 'statuspage', url: EXAMPLE }, path: summaryPath },
      [],
      statuspageSummary(1024 * 1024),
    ),
    explained(
      readCase(
        'RSS / Atom feed, synthetic',
        '500-entry Atom feed grown from Sauce Labs',
        { source: { type: 'feed', url: `${EXAMPLE}/history.atom` }, path: '/history.atom' },
        [],
        feed,
      ),
      (read, runs) => feedBreakdown(feed, read, runs),
    ),
  ];
}

interface Route {
  /** The source's config, as a person would write it. */
  readonly source: Record<string, unknown>;
  /** The path the source asks for its main payload. */
  readonly path: string;
}

function readCase(
  provider: string,
  fixture: string,
  route: Route,
  extra: readonly (readonly [string, string])[] = [],
  /** The payload served, when it is not the fixture file as it is (synthetic, or unwrapped). */
  served?: string,
): ParseCase {
  const text = served ?? realText(fixture);
  return {
    provider,
    payload: fixture,
    bytes: Buffer.byteLength(text),
    timed: 'source read',
    async prepare() {
      const parsed = parseConfig({
        version: 1,
        services: [{ id: 'bench', name: 'Bench', sources: [route.source] }],
      });
      const config = parsed.ok ? parsed.config.services[0]?.sources[0] : undefined;
      if (!config) throw new Error(`${provider}: bench config invalid`);
      const http = fakeHttp(new Map([[route.path, text], ...extra]));
      const deps = { http, clock: systemClock, logger: silentLogger };
      const reading = await readSource(config, deps);
      if (http.missed.has(route.path) || reading.official === undefined)
        throw new Error(
          `${provider}: the payload was not understood (${reading.detail}); asked for ${[...http.missed].join(', ')}`,
        );
      return () => readSource(config, deps);
    },
  };
}

function explained(item: ParseCase, explain: NonNullable<ParseCase['explain']>): ParseCase {
  return { ...item, explain };
}

function parseOnly(
  provider: string,
  fixture: string,
  problem: (json: unknown) => string | undefined,
  /** The payload, when it is not the real fixture of that name. */
  text = realText(fixture),
): ParseCase {
  return {
    provider,
    payload: fixture,
    bytes: Buffer.byteLength(text),
    timed: 'parse only',
    prepare() {
      const found = problem(JSON.parse(text));
      if (found !== undefined) throw new Error(`${provider}: the payload was not understood (${found})`);
      return Promise.resolve(() => problem(JSON.parse(text)));
    },
  };
}

function stringProblem(result: unknown): string | undefined {
  return typeof result === 'string' ? result : undefined;
}

function path(url: string): string {
  return new URL(url).pathname;
}
