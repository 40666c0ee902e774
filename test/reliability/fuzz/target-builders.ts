import type { Answer, FuzzTarget, Route } from './fuzz-target.js';

/**
 * Builders for fuzz targets, one per source type and place in its conversation, so the mapping
 * tables (real-targets.ts, documented-targets.ts) read as "this file goes there". Each source's
 * other requests get the real fixture that belongs there when one exists, else the 404 of a
 * route that is not listed.
 */

export const JSON_TYPE = 'application/json; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml';
export const RSS_TYPE = 'application/rss+xml';

const GITHUB_SUMMARY = 'statuspage/github-summary-all-operational-2019.json';
const GITHUB_INCIDENTS = 'statuspage/github-incidents-multi-update-2024-09.json';
const KUMA_PAGE = 'uptime-kuma/status-page-dashboard-unraid.json';
const KUMA_BEATS = 'uptime-kuma/heartbeat-dashboard-unraid.json';
const DD_REPORTS = 'downdetector/slugs_instagram_reports.cookbook.json';
const GP_CREATED = 'globalping/createMeasurementResponse.json';
const GP_HTTP = 'globalping/getHttpMeasurementResponse.json';
const MASTODON_TIMELINE = 'mastodon/tootkit_public_timeline.excerpt.json';
const MASTODON_TAG = 'mastodon/tags_show.docs.json';
const INSTATUS_COMPONENTS = 'instatus-components-v3.json';

export const payload = (contentType = JSON_TYPE, status?: number): Answer => ({
  kind: 'payload',
  contentType,
  ...(status !== undefined ? { status } : {}),
});
const fixture = (path: string, contentType = JSON_TYPE, status?: number): Answer => ({
  kind: 'fixture',
  fixture: path,
  contentType,
  ...(status !== undefined ? { status } : {}),
});
const get = (path: string | RegExp, answer: Answer): Route => ({ path, answer });
const post = (path: string, answer: Answer): Route => ({ method: 'POST', path, answer });

type Where<K extends string> = Readonly<Record<K, Answer | undefined>>;
/** Routes for a source's requests: each place gets the payload if it is `at`, else its companion. */
function routes<K extends string>(
  paths: Readonly<Record<K, string | RegExp>>,
  companions: Where<K>,
  at: K,
  answer: Answer,
): Route[] {
  return (Object.keys(paths) as K[]).flatMap((key) => {
    const chosen = key === at ? answer : companions[key];
    return chosen ? [get(paths[key], chosen)] : [];
  });
}

interface Base {
  readonly fixture: string;
  readonly now: number;
  readonly documented?: boolean;
}

function target(base: Base, rest: Omit<FuzzTarget, 'fixture' | 'now' | 'documented'>): FuzzTarget {
  return { ...base, ...rest, ...(base.documented ? { documented: true } : {}) };
}

export function statuspage(
  base: Base,
  at: 'summary' | 'incidents' | 'history',
  options: { readonly path?: string; readonly components?: readonly string[] } = {},
): FuzzTarget {
  const summaryPath = options.path ?? '/api/v2/summary.json';
  const paths = { summary: summaryPath, incidents: '/api/v2/incidents.json', history: '/history.atom' };
  const companions: Where<keyof typeof paths> = {
    summary: fixture(GITHUB_SUMMARY),
    // Without incidents.json the source falls back to history.atom: that is the history target.
    incidents: at === 'history' ? undefined : fixture(GITHUB_INCIDENTS),
    history: undefined,
  };
  const filter = options.components ? ` filtered to ${options.components.join(', ')}` : '';
  return target(base, {
    name: `${base.fixture} → statuspage ${at === 'summary' ? summaryPath : paths[at]}${filter}`,
    source: 'statuspage',
    config: (origin) => ({
      type: 'statuspage',
      url: options.path ? `${origin}${options.path}` : origin,
      ...(options.components ? { components: options.components } : {}),
    }),
    routes: routes(paths, companions, at, payload(at === 'history' ? ATOM_TYPE : JSON_TYPE)),
  });
}

export function feed(base: Base, contentType: string): FuzzTarget {
  const path = contentType === RSS_TYPE ? '/history.rss' : '/history.atom';
  return target(base, {
    name: `${base.fixture} → feed`,
    source: 'feed',
    config: (origin) => ({ type: 'feed', url: `${origin}${path}` }),
    routes: [get(path, payload(contentType))],
  });
}

export function aws(base: Base, contentType = RSS_TYPE): FuzzTarget {
  const path = '/rss/ec2-ap-northeast-1.rss';
  return target(base, {
    name: `${base.fixture} → aws`,
    source: 'aws',
    config: (origin) => ({ type: 'aws', url: `${origin}${path}` }),
    routes: [get(path, payload(contentType))],
  });
}

export function cachet(base: Base, components?: readonly string[]): FuzzTarget {
  return target(base, {
    name: `${base.fixture} → cachet${components ? ` filtered to ${components.join(', ')}` : ''}`,
    source: 'cachet',
    config: (origin) => ({ type: 'cachet', url: origin, ...(components ? { components } : {}) }),
    // Groups, incidents and schedules have no real capture: their 404s are read as such.
    routes: [get('/api/v1/components', payload())],
  });
}

export function gatus(base: Base, endpoints?: readonly string[]): FuzzTarget {
  return target(base, {
    name: `${base.fixture} → gatus${endpoints ? ` filtered to ${endpoints.join(', ')}` : ''}`,
    source: 'gatus',
    config: (origin) => ({ type: 'gatus', url: origin, ...(endpoints ? { endpoints } : {}) }),
    routes: [get('/api/v1/endpoints/statuses', payload())],
  });
}

/** A part of a fixture that is the payload itself, and what to call it. */
export interface Unwrap {
  readonly label: string;
  readonly payloadOf: (fixture: Buffer) => Buffer;
}

/** The GCP sample is Checkmk agent output; its `health_info` is the incidents.json array. */
export const GCP_HEALTH_INFO: Unwrap = {
  label: 'its health_info',
  payloadOf: (wrapped) => {
    const json = JSON.parse(wrapped.toString('utf8')) as { health_info?: unknown };
    return Buffer.from(JSON.stringify(json.health_info));
  },
};

export function gcp(
  base: Base,
  filter: { readonly products?: readonly string[]; readonly locations?: readonly string[] } = {},
  unwrap?: Unwrap,
): FuzzTarget {
  const scope = [filter.products?.join(', '), filter.locations?.join(', ')].filter(Boolean).join(' in ');
  const part = unwrap ? ` (${unwrap.label})` : '';
  return target(base, {
    name: `${base.fixture}${part} → gcp incidents.json${scope ? ` for ${scope}` : ''}`,
    source: 'gcp',
    config: (origin) => ({ type: 'gcp', url: origin, ...filter }),
    routes: [get('/incidents.json', payload())],
    ...(unwrap ? { payloadOf: unwrap.payloadOf } : {}),
  });
}

export function slack(base: Base, components?: readonly string[]): FuzzTarget {
  return target(base, {
    name: `${base.fixture} → slack${components ? ` filtered to ${components.join(', ')}` : ''}`,
    source: 'slack',
    config: (origin) => ({ type: 'slack', url: origin, ...(components ? { components } : {}) }),
    routes: [get('/api/v2.0.0/current', payload())],
  });
}

export function statusio(base: Base, components?: readonly string[]): FuzzTarget {
  // The exact API URL names the page; the public-page form asks api.status.io itself.
  const path = '/1.0/status/533c6539221ae15e3f000031';
  return target(base, {
    name: `${base.fixture} → statusio${components ? ` filtered to ${components.join(', ')}` : ''}`,
    source: 'statusio',
    config: (origin) => ({
      type: 'statusio',
      url: `${origin}${path}`,
      ...(components ? { components } : {}),
    }),
    routes: [get(path, payload())],
  });
}

export function upptime(base: Base, sites?: readonly string[]): FuzzTarget {
  const path = '/history/summary.json';
  return target(base, {
    name: `${base.fixture} → upptime${sites ? ` filtered to ${sites.join(', ')}` : ''}`,
    source: 'upptime',
    config: (origin) => ({ type: 'upptime', url: `${origin}${path}`, ...(sites ? { sites } : {}) }),
    routes: [get(path, payload())],
  });
}

export function uptimeKuma(base: Base, at: 'page' | 'heartbeats'): FuzzTarget {
  const paths = { page: '/api/status-page/dashboard', heartbeats: '/api/status-page/heartbeat/dashboard' };
  return target(base, {
    name: `${base.fixture} → uptimekuma ${at}`,
    source: 'uptimekuma',
    config: (origin) => ({ type: 'uptimekuma', url: `${origin}/status/dashboard` }),
    routes: routes(paths, { page: fixture(KUMA_PAGE), heartbeats: fixture(KUMA_BEATS) }, at, payload()),
  });
}

const DD_ENV = { DOWNWATCH_FUZZ_DD_SECRET: 'fuzz-dd-secret' };

/** Without a clientId the secret is the bearer: no token request, which has no real capture. */
export function downdetector(base: Base, at: 'reports' | 'search'): FuzzTarget {
  const paths = {
    reports: '/v2/slugs/instagram/reports',
    search: '/v2/companies/search',
  };
  // The search sample's first company is Belgium's; its details and indicators have no capture.
  const countries = at === 'search' ? { countries: ['BE'] } : {};
  return target(base, {
    name: `${base.fixture} → downdetector ${at === 'search' ? 'companies/search' : 'reports'}`,
    source: 'downdetector',
    config: (origin) => ({
      type: 'downdetector',
      slug: 'instagram',
      url: `${origin}/v2`,
      clientSecret: { env: 'DOWNWATCH_FUZZ_DD_SECRET' },
      ...countries,
    }),
    routes: routes(paths, { reports: fixture(DD_REPORTS), search: undefined }, at, payload()),
    env: DD_ENV,
  });
}

export function reports(base: Base): FuzzTarget {
  return target(base, {
    name: `${base.fixture} → reports (time point_in_time, count total)`,
    source: 'reports',
    config: (origin) => ({
      type: 'reports',
      url: `${origin}/reports`,
      time: 'point_in_time',
      count: 'total',
    }),
    routes: [get('/reports', payload())],
  });
}

export function globalping(
  base: Base,
  at: 'created' | 'measurement',
  options: { readonly target?: string; readonly status?: number; readonly contentType?: string } = {},
): FuzzTarget {
  const answer = payload(options.contentType ?? JSON_TYPE, options.status ?? (at === 'created' ? 202 : 200));
  const measurement = /^\/v1\/measurements\/[^/]+$/;
  const probe = options.target ?? 'https://example.com/health';
  const status = options.status !== undefined ? ` answering HTTP ${options.status}` : '';
  return target(base, {
    name: `${base.fixture} → globalping ${at === 'created' ? 'POST /measurements' : 'GET /measurements/{id}'}${status} (${probe})`,
    source: 'globalping',
    config: (origin) => ({ type: 'globalping', target: probe, url: `${origin}/v1` }),
    routes: [
      post('/v1/measurements', at === 'created' ? answer : fixture(GP_CREATED, JSON_TYPE, 202)),
      get(measurement, at === 'measurement' ? answer : fixture(GP_HTTP)),
    ],
  });
}

export function hackernews(base: Base): FuzzTarget {
  return target(base, {
    name: `${base.fixture} → hackernews`,
    source: 'hackernews',
    config: (origin) => ({ type: 'hackernews', query: 'github', url: `${origin}/api/v1` }),
    routes: [get('/api/v1/search_by_date', payload())],
  });
}

export function mastodon(base: Base, at: 'timeline' | 'tag'): FuzzTarget {
  const paths = { timeline: '/api/v1/timelines/tag/twitterdown', tag: '/api/v1/tags/twitterdown' };
  return target(base, {
    name: `${base.fixture} → mastodon ${at === 'tag' ? 'tags/{tag}' : 'timelines/tag/{tag}'}`,
    source: 'mastodon',
    config: (origin) => ({ type: 'mastodon', server: origin, tag: 'twitterdown' }),
    routes: routes(
      paths,
      { timeline: fixture(MASTODON_TIMELINE), tag: fixture(MASTODON_TAG) },
      at,
      payload(),
    ),
  });
}

export function incidentio(base: Base, at: 'widget' | 'page data'): FuzzTarget {
  return target(base, {
    name: `${base.fixture} → incidentio ${at}`,
    source: 'incidentio',
    config: (origin) => ({ type: 'incidentio', url: origin }),
    // The widget first; its 404 sends the source to the page data at /proxy/<host>.
    routes: [get(at === 'widget' ? '/api/v1/summary' : /^\/proxy\/[^/]+$/, payload())],
  });
}

export function instatus(base: Base, at: 'summary' | 'components v3' | 'components v2'): FuzzTarget {
  const paths = {
    summary: '/summary.json',
    'components v3': '/v3/components.json',
    'components v2': '/v2/components.json',
  };
  const companions = {
    summary: { ...fixture('instatus-summary-up.json'), documented: true },
    'components v3':
      at === 'components v2' ? undefined : { ...fixture(INSTATUS_COMPONENTS), documented: true },
    'components v2': undefined,
  };
  return target(base, {
    name: `${base.fixture} → instatus ${at}`,
    source: 'instatus',
    config: (origin) => ({ type: 'instatus', url: origin }),
    routes: routes(paths, companions, at, payload()),
  });
}

/**
 * One target per source type that reads a payload, each with the payload at its main request:
 * for a body that any of them could be sent (the empty body of a 200).
 */
export function everySource(base: Base): FuzzTarget[] {
  return [
    statuspage(base, 'summary'),
    feed(base, ATOM_TYPE),
    aws(base),
    cachet(base),
    gatus(base),
    gcp(base),
    slack(base),
    statusio(base),
    upptime(base),
    uptimeKuma(base, 'page'),
    downdetector(base, 'reports'),
    reports(base),
    globalping(base, 'measurement'),
    hackernews(base),
    mastodon(base, 'timeline'),
    incidentio(base, 'widget'),
    instatus(base, 'summary'),
  ];
}
