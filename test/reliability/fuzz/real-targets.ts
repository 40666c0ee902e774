import type { FuzzTarget } from './fuzz-target.js';
import {
  ATOM_TYPE,
  aws,
  cachet,
  downdetector,
  everySource,
  feed,
  gatus,
  gcp,
  GCP_HEALTH_INFO,
  globalping,
  hackernews,
  mastodon,
  reports,
  RSS_TYPE,
  slack,
  statusio,
  statuspage,
  upptime,
  uptimeKuma,
} from './target-builders.js';

/**
 * Every file in ../shared/fixtures/real/ and the source types that read it. The coverage test
 * (fixture-map.test.ts) fails when a file there has no entry here, so a new fixture cannot be
 * skipped by the fuzzer without someone deciding so in this table.
 *
 * `now` is close to each capture's own dates, so a feed's incidents are still open, a report
 * series is today's and a maintenance window is ahead or under way.
 */

const at = (iso: string): number => Date.parse(iso);
const base = (fixture: string, now: string) => ({ fixture, now: at(now) });

export const REAL_TARGETS: Readonly<Record<string, readonly FuzzTarget[]>> = {
  'aws/ec2-ap-northeast-1-2019-09.rss': [
    aws(base('aws/ec2-ap-northeast-1-2019-09.rss', '2019-08-23T12:00:00Z')),
    feed(base('aws/ec2-ap-northeast-1-2019-09.rss', '2019-08-23T12:00:00Z'), RSS_TYPE),
  ],
  'cachet/yoti-api-v1-components-2020-10.json': [
    cachet(base('cachet/yoti-api-v1-components-2020-10.json', '2020-10-06T00:00:00Z')),
    cachet(base('cachet/yoti-api-v1-components-2020-10.json', '2020-10-06T00:00:00Z'), ['Yoti Doc Scan']),
  ],
  // A cut-down, not a capture: the first 1,500 bytes of a Statuspage summary.
  'derived/truncated-statuspage-summary-1500B.json': [
    statuspage(base('derived/truncated-statuspage-summary-1500B.json', '2020-04-02T12:00:00Z'), 'summary'),
  ],
  // The body of an empty 200: any source may be sent one, so every source gets it.
  'derived/empty-body.json': everySource(base('derived/empty-body.json', '2024-01-01T00:00:00Z')),
  'downdetector/companies_search_instagram.cookbook.excerpt.json': [
    downdetector(
      base('downdetector/companies_search_instagram.cookbook.excerpt.json', '2022-04-20T16:00:00Z'),
      'search',
    ),
  ],
  'downdetector/slugs_instagram_reports.cookbook.json': [
    downdetector(
      base('downdetector/slugs_instagram_reports.cookbook.json', '2022-04-20T16:00:00Z'),
      'reports',
    ),
    // The same series through the generic report-count source, by its JSON paths.
    reports(base('downdetector/slugs_instagram_reports.cookbook.json', '2022-04-20T16:00:00Z')),
  ],
  'gatus/endpoints-statuses-empty-results.json': [
    gatus(base('gatus/endpoints-statuses-empty-results.json', '2024-01-01T00:00:00Z')),
  ],
  'gatus/endpoints-statuses-mixed-success-failure.json': [
    gatus(base('gatus/endpoints-statuses-mixed-success-failure.json', '2024-01-01T00:00:00Z')),
    gatus(base('gatus/endpoints-statuses-mixed-success-failure.json', '2024-01-01T00:00:00Z'), ['name']),
  ],
  'gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json': [
    gcp(
      base('gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json', '2023-03-10T15:00:00Z'),
      {},
      GCP_HEALTH_INFO,
    ),
    gcp(
      base('gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json', '2023-03-12T00:00:00Z'),
      { products: ['BigQuery'], locations: ['europe-north1'] },
      GCP_HEALTH_INFO,
    ),
    // The wrapper as it is: what a URL pointing at the wrong document gives.
    gcp(base('gcp/checkmk-agent-output-bigquery-incident-2023-03-10.json', '2023-03-10T15:00:00Z')),
  ],
  'generic-atom/orvay-component-transition-feed.atom': [
    feed(base('generic-atom/orvay-component-transition-feed.atom', '2026-08-22T12:00:00Z'), ATOM_TYPE),
  ],
  // A request body, not an answer; the POST's 400 is the answer whose JSON is read freely.
  'globalping/createMeasurementPingLocationsMagic.json': [
    globalping(
      base('globalping/createMeasurementPingLocationsMagic.json', '2023-06-01T00:00:00Z'),
      'created',
      {
        status: 400,
      },
    ),
  ],
  'globalping/createMeasurementResponse.json': [
    globalping(base('globalping/createMeasurementResponse.json', '2023-06-01T00:00:00Z'), 'created'),
  ],
  // The OpenAPI examples as YAML: what a `url` pointing at the docs would answer.
  'globalping/examples.yaml.verbatim': [
    globalping(base('globalping/examples.yaml.verbatim', '2023-06-01T00:00:00Z'), 'measurement', {
      contentType: 'text/yaml',
    }),
  ],
  'globalping/getHttpMeasurementResponse.json': [
    globalping(base('globalping/getHttpMeasurementResponse.json', '2023-06-01T00:00:00Z'), 'measurement'),
  ],
  'globalping/getPingMeasurementResponse.json': [
    globalping(base('globalping/getPingMeasurementResponse.json', '2023-06-01T00:00:00Z'), 'measurement', {
      target: 'example.com',
    }),
  ],
  'globalping/getSimpleDnsMeasurementResponse.json': [
    globalping(
      base('globalping/getSimpleDnsMeasurementResponse.json', '2023-06-01T00:00:00Z'),
      'measurement',
      {
        target: 'example.com',
      },
    ),
  ],
  // The limits document; its numbers come with the 429 that a used-up limit answers.
  'globalping/nonAuthenticatedLimits.json': [
    globalping(base('globalping/nonAuthenticatedLimits.json', '2023-06-01T00:00:00Z'), 'created', {
      status: 429,
    }),
  ],
  'hackernews/communal_search_sampleNewsOutput.json': [
    hackernews(base('hackernews/communal_search_sampleNewsOutput.json', '2017-02-05T00:00:00Z')),
  ],
  'mastodon/tags_show.docs.json': [
    mastodon(base('mastodon/tags_show.docs.json', '2022-11-16T12:00:00Z'), 'tag'),
  ],
  'mastodon/tootkit_public_timeline.excerpt.json': [
    mastodon(base('mastodon/tootkit_public_timeline.excerpt.json', '2020-04-16T18:00:00Z'), 'timeline'),
  ],
  // Trending tags are Tag entities like tags/{tag}'s, in a list; JSONC as the docs print it.
  'mastodon/trends_tags.docs.jsonc': [
    mastodon(base('mastodon/trends_tags.docs.jsonc', '2019-11-26T12:00:00Z'), 'tag'),
  ],
  'slack/current-two-active-incidents-2020-07.json': [
    slack(base('slack/current-two-active-incidents-2020-07.json', '2020-07-30T23:00:00Z')),
    slack(base('slack/current-two-active-incidents-2020-07.json', '2020-07-30T23:00:00Z'), ['Messaging']),
  ],
  'statusio/docker-partial-service-disruption-2020-07-16.json': [
    statusio(base('statusio/docker-partial-service-disruption-2020-07-16.json', '2020-07-16T18:00:00Z')),
    statusio(base('statusio/docker-partial-service-disruption-2020-07-16.json', '2020-07-16T18:00:00Z'), [
      'Docker Hub Registry',
    ]),
  ],
  'statuspage/airtable-status-none-2021-06.json': [
    statuspage(base('statuspage/airtable-status-none-2021-06.json', '2021-06-26T00:00:00Z'), 'summary', {
      path: '/api/v2/status.json',
    }),
  ],
  'statuspage/cloudamqp-summary-under-maintenance-2020-07-16.json': [
    statuspage(
      base('statuspage/cloudamqp-summary-under-maintenance-2020-07-16.json', '2020-07-16T22:00:00Z'),
      'summary',
    ),
  ],
  // components.json is no summary: what a person who pasted that URL gets.
  'statuspage/github-components-2024-09.json': [
    statuspage(base('statuspage/github-components-2024-09.json', '2024-09-17T00:00:00Z'), 'summary', {
      path: '/api/v2/components.json',
    }),
  ],
  'statuspage/github-incidents-multi-update-2024-09.json': [
    statuspage(
      base('statuspage/github-incidents-multi-update-2024-09.json', '2024-09-17T00:00:00Z'),
      'incidents',
    ),
  ],
  'statuspage/github-summary-all-operational-2019.json': [
    statuspage(
      base('statuspage/github-summary-all-operational-2019.json', '2019-06-01T00:00:00Z'),
      'summary',
    ),
  ],
  'statuspage/saucelabs-history-2020-11.atom': [
    feed(base('statuspage/saucelabs-history-2020-11.atom', '2020-11-15T09:00:00Z'), ATOM_TYPE),
    // A page without incidents.json: its history comes from this feed.
    statuspage(base('statuspage/saucelabs-history-2020-11.atom', '2020-11-15T09:00:00Z'), 'history'),
  ],
  'statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json': [
    statuspage(
      base('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json', '2020-06-20T00:00:00Z'),
      'summary',
    ),
    statuspage(
      base('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json', '2020-06-20T00:00:00Z'),
      'summary',
      { components: ['PROGRAMMABLE MESSAGING', 'Studio', 'no such component'] },
    ),
  ],
  'unusual/meraki-test-message-nonstandard.rss': [
    feed(base('unusual/meraki-test-message-nonstandard.rss', '2026-03-24T00:00:00Z'), RSS_TYPE),
    aws(base('unusual/meraki-test-message-nonstandard.rss', '2026-03-24T00:00:00Z')),
  ],
  'upptime/history-summary.json': [
    upptime(base('upptime/history-summary.json', '2024-01-01T00:00:00Z')),
    upptime(base('upptime/history-summary.json', '2024-01-01T00:00:00Z'), ['Api']),
  ],
  'uptime-kuma/heartbeat-dashboard-unraid.json': [
    uptimeKuma(base('uptime-kuma/heartbeat-dashboard-unraid.json', '2026-09-30T20:20:00Z'), 'heartbeats'),
  ],
  'uptime-kuma/status-page-dashboard-unraid.json': [
    uptimeKuma(base('uptime-kuma/status-page-dashboard-unraid.json', '2026-09-30T20:20:00Z'), 'page'),
  ],
};
