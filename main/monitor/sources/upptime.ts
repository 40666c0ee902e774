import { z } from 'zod';
import type { OfficialComponent, Reading } from '../reading.js';
import type { Status } from '../status.js';
import { fetchJsonForDetect, withPath } from './detect-helpers.js';
import { jsonFeed, notThisFormat, requestFeed } from './feed-response.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { asString, lookup, records, withoutTrailingSlashes } from './guards.js';
import { officialDetails, officialReading, type OfficialPage } from './official-summary.js';
import { oneLine } from './plain-text.js';
import { defineSource } from './source.js';

/**
 * Upptime (upptime/upptime): a team's own uptime checks, run by GitHub Actions, which commit
 * `history/summary.json` (one entry per site: status up/down/degraded, uptime, response time) to
 * the repository. The status website does not serve that file: its pages fetch it from
 * raw.githubusercontent.com/<owner>/<repo>/master/history/summary.json (upptime/status-page,
 * LiveStatus.svelte). So a github.com repository URL or a <owner>.github.io/<repo> site URL
 * becomes that raw URL; any other base gets /history/summary.json appended (a raw branch base,
 * a mirror); an exact .json URL is used as given. Each site becomes a component; there is no
 * page aggregate. Incidents live in GitHub issues, which this source does not read.
 */

const schema = z.strictObject({
  type: z.literal('upptime'),
  ...commonSourceFields,
  url: httpUrl,
  sites: nonEmptyStrings.min(1, { error: 'list at least one site, or leave the filter out' }).optional(),
});

export type UpptimeSourceConfig = z.output<typeof schema>;

/** Site status as the uptime monitor writes it; "degraded" is a response slower than its limit. */
export const SITE_STATUS: Readonly<Record<string, Status>> = {
  up: 'operational',
  degraded: 'degraded',
  down: 'major_outage',
};

const SUMMARY_PATH = '/history/summary.json';

export const upptimeSource = defineSource<UpptimeSourceConfig>({
  type: 'upptime',
  family: 'official',
  title: 'Upptime',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Upptime',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await requestFeed(ctx, summaryUrl(config.url));
    const answer = jsonFeed(outcome, checkedAt);
    if (!answer.ok) return withWebsiteHint(answer.reading, config.url);
    const sites = parseSites(answer.value);
    if (typeof sites === 'string') return notThisFormat(answer.basis, sites);
    if (sites.length === 0) return notThisFormat(answer.basis, 'the summary lists no sites');
    const pageUrl = upptimePageUrl(config.url);
    if (!config.sites) return officialReading(toPage(sites, pageUrl), answer.basis);

    const same = (site: Site, wanted: string): boolean =>
      [site.component.name, site.slug].some((name) => name.toLowerCase() === wanted.trim().toLowerCase());
    const chosen = sites.filter((site) => config.sites?.some((wanted) => same(site, wanted)));
    const missing = config.sites.filter((wanted) => !sites.some((site) => same(site, wanted)));
    if (chosen.length === 0) {
      const available = sites.map((site) => site.component.name).slice(0, 8);
      const detail = `no site named ${missing.map((name) => `"${name}"`).join(', ')} (it has: ${available.join(', ')})`;
      return {
        ...notThisFormat(answer.basis, oneLine(detail)),
        official: officialDetails(toPage(chosen, pageUrl)),
      };
    }
    const note = missing.length > 0 ? `not found: ${missing.join(', ')}` : undefined;
    return officialReading(toPage(chosen, pageUrl), answer.basis, note);
  },
  async detect(url, ctx) {
    for (const candidate of new Set([url.href, url.origin])) {
      const sites = parseSites(await fetchJsonForDetect(summaryUrl(candidate), ctx));
      if (typeof sites !== 'string' && sites.length > 0)
        return { type: 'upptime', url: upptimeBase(candidate) };
    }
    return undefined;
  },
});

/** The repository behind a github.com or <owner>.github.io URL, when the URL names one. */
function githubRepository(url: URL): { owner: string; repo: string } | undefined {
  const [first, second] = url.pathname.split('/').filter((segment) => segment !== '');
  const host = url.hostname.toLowerCase();
  if ((host === 'github.com' || host === 'raw.githubusercontent.com') && first && second) {
    return { owner: first, repo: second };
  }
  const pages = /^([a-z0-9-]+)\.github\.io$/.exec(host);
  // A project site lives at /<repo>; a user site is the <owner>.github.io repository itself.
  if (pages?.[1]) return { owner: pages[1], repo: first ?? host };
  return undefined;
}

/** The summary.json to read for what a person gave (see the file comment). */
export function summaryUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname.endsWith('.json')) return parsed.href;
  const repository = parsed.hostname === 'raw.githubusercontent.com' ? undefined : githubRepository(parsed);
  if (repository) {
    // HEAD is the default branch, whatever it is called (templates have used master and main).
    return `https://raw.githubusercontent.com/${repository.owner}/${repository.repo}/HEAD${SUMMARY_PATH}`;
  }
  return withPath(parsed, SUMMARY_PATH).href;
}

/** What a person gave, without the summary path. */
export function upptimeBase(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = withoutTrailingSlashes(parsed.pathname);
  if (parsed.pathname.endsWith(SUMMARY_PATH))
    parsed.pathname = parsed.pathname.slice(0, -SUMMARY_PATH.length);
  return parsed.href.replace(/\/$/, '');
}

/** A page a person can open: the repository on GitHub when we know it, else what they gave. */
function upptimePageUrl(url: string): string {
  const parsed = new URL(url);
  const repository = githubRepository(parsed);
  if (repository && !parsed.hostname.endsWith('.github.io')) {
    return `https://github.com/${repository.owner}/${repository.repo}`;
  }
  return upptimeBase(url);
}

/** A status website's own address answers HTML or 404 for summary.json: say where the file is. */
function withWebsiteHint(reading: Reading, url: string): Reading {
  const guessed = !new URL(url).pathname.endsWith('.json') && !githubRepository(new URL(url));
  const websiteLike = reading.httpStatus === 404 || reading.detail.startsWith('expected JSON but got');
  if (!guessed || !websiteLike) return reading;
  const hint = 'an Upptime status website does not serve summary.json: give the GitHub repository URL';
  return { ...reading, detail: oneLine(`${reading.detail} (${hint})`, 240) };
}

interface Site {
  readonly slug: string;
  readonly component: OfficialComponent;
}

/** A summary.json as an OfficialPage, or a sentence saying why it is not one. */
export function parseUpptimeSummary(json: unknown, pageUrl: string): OfficialPage | string {
  const sites = parseSites(json);
  return typeof sites === 'string' ? sites : toPage(sites, pageUrl);
}

function parseSites(json: unknown): Site[] | string {
  const notUpptime = 'not an Upptime summary: expected an array of sites with name, slug and status';
  if (!Array.isArray(json)) return notUpptime;
  const sites = records(json).flatMap((site): Site[] => {
    const [name, slug, rawStatus] = [asString(site.name), asString(site.slug), asString(site.status)];
    if (name === undefined || slug === undefined || rawStatus === undefined) return [];
    return [{ slug, component: { name, status: lookup(SITE_STATUS, rawStatus) ?? 'unknown', rawStatus } }];
  });
  // Odd entries are skipped, but an array with none of Upptime's shape is another format.
  return json.length > 0 && sites.length === 0 ? notUpptime : sites;
}

function toPage(sites: readonly Site[], pageUrl: string): OfficialPage {
  return {
    provider: 'upptime',
    pageUrl,
    description: `all ${sites.length} site${sites.length === 1 ? '' : 's'} up`,
    components: sites.map((site) => site.component),
    incidents: [],
    maintenances: [],
  };
}
