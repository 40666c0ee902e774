import type { z } from 'zod';
import { awsSource } from './aws.js';
import { cachetSource } from './cachet.js';
import { dnsSource } from './dns.js';
import { downdetectorSource } from './downdetector.js';
import { feedSource } from './feed.js';
import { gcpSource } from './gcp.js';
import { globalpingSource } from './globalping.js';
import { gatusSource } from './gatus.js';
import { hackernewsSource } from './hackernews.js';
import { httpSource } from './http.js';
import { incidentioSource } from './incidentio.js';
import { instatusSource } from './instatus.js';
import { mastodonSource } from './mastodon.js';
import { reportsSource } from './reports.js';
import type { BaseSourceConfig, SourceDefinition } from './source.js';
import { slackSource } from './slack.js';
import { statuspageSource } from './statuspage.js';
import { statusioSource } from './statusio.js';
import { tcpSource } from './tcp.js';
import { tlsSource } from './tls.js';
import { upptimeSource } from './upptime.js';
import { uptimeKumaSource } from './uptimekuma.js';

/**
 * Every source type, by its `type`. Adding one is its file, one line here, a fixture and a test
 * (DESIGN.md, "A source is a plug-in").
 *
 * The order is auto-detect's preference when a page speaks several formats: a vendor's own
 * structured API before a team's monitor, before a generic feed.
 */
export const SOURCE_TYPES = {
  http: httpSource,
  tcp: tcpSource,
  dns: dnsSource,
  tls: tlsSource,
  statuspage: statuspageSource,
  incidentio: incidentioSource,
  instatus: instatusSource,
  statusio: statusioSource,
  cachet: cachetSource,
  slack: slackSource,
  gcp: gcpSource,
  aws: awsSource,
  gatus: gatusSource,
  uptimekuma: uptimeKumaSource,
  upptime: upptimeSource,
  // Last: any RSS or Atom feed, the catch-all when a page speaks nothing richer.
  feed: feedSource,
  downdetector: downdetectorSource,
  mastodon: mastodonSource,
  hackernews: hackernewsSource,
  reports: reportsSource,
  globalping: globalpingSource,
} satisfies Record<string, SourceDefinition<BaseSourceConfig>>;

export type SourceType = keyof typeof SOURCE_TYPES;

/** The config of any registered source: a union discriminated by `type`. */
export type SourceConfig = { [K in SourceType]: z.output<(typeof SOURCE_TYPES)[K]['schema']> }[SourceType];

export function isSourceType(value: unknown): value is SourceType {
  return typeof value === 'string' && Object.hasOwn(SOURCE_TYPES, value);
}

/** The definition for a parsed config; the registry's common type is what the engine needs. */
export function sourceDefinition(config: SourceConfig): SourceDefinition<BaseSourceConfig> {
  return SOURCE_TYPES[config.type];
}
