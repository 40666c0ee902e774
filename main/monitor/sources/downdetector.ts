import { z } from 'zod';
import { crowdReading, spikeConfigSchema } from '../crowd/crowd-reading.js';
import type { CrowdBucket, Reading, SpikeLevel } from '../reading.js';
import { describeSecret, type SecretRef } from '../secrets.js';
import {
  apiFailureReading,
  DEFAULT_API_BASE,
  DowndetectorSession,
  isoSeconds,
  readMemory,
  type ApiAnswer,
  type ApiFailure,
  type Credentials,
  unreadableAnswer,
} from './downdetector-api.js';
import {
  BUCKET_MS,
  buildSeries,
  mergeIndicators,
  parseCompanies,
  parseCompanyDetails,
  parseIndicators,
  parseReports,
  pickCompany,
  type CountrySeries,
} from './downdetector-parse.js';
import { commonSourceFields, httpUrl, intervalSeconds, secret } from './fields.js';
import { lookup } from './guards.js';
import { defineSource, type ReadContext } from './source.js';

/**
 * Downdetector Enterprise API, with the person's own credentials (crowd-apis.md): report counts
 * in 15-minute buckets over the last day, one company per country for the regional split, the
 * provider's baseline and its own status, and what people report (Website, App, Login...).
 *
 * Quota: a poll makes one request without countries (the slug's summed reports, judged against
 * the day they show), two per country with them (reports; baseline and status), one more per
 * country during a spike (the indicator breakdown), plus a token an hour and a one-time company
 * lookup. The default 300 s is 288 polls a day: about 300 requests without countries, about 600
 * per country with them. Buckets are 15 minutes and a spike must hold 30, so polling faster
 * than once a minute buys nothing but quota; five minutes notices a new bucket within a third
 * of it.
 */

const schema = z.strictObject({
  type: z.literal('downdetector'),
  ...commonSourceFields,
  intervalSeconds: intervalSeconds
    .min(60, { error: 'Downdetector counts in 15-minute buckets and has a daily quota: at least 60 seconds' })
    .optional(),
  slug: z.string({ error: 'expected the Downdetector slug, like "twitter"' }).regex(/^[^\s/?#]{1,100}$/, {
    error: 'expected the Downdetector slug, like "twitter" (no spaces or slashes)',
  }),
  countries: z
    .array(
      z.string({ error: 'expected a country code' }).regex(/^[A-Z]{2}$/, {
        error: 'expected a two-letter ISO country code in capitals, like "US"',
      }),
      { error: 'expected a list of country codes, like ["US", "GB"]' },
    )
    .min(1, { error: 'list at least one country, or leave countries out for the summed reports' })
    .max(10, { error: 'at most 10 countries: each one costs requests from the daily quota' })
    .refine((codes) => new Set(codes).size === codes.length, { error: 'a country is listed twice' })
    .optional(),
  url: httpUrl.optional(),
  clientId: secret.optional(),
  clientSecret: secret,
  spike: spikeConfigSchema.optional(),
});

export type DowndetectorSourceConfig = z.output<typeof schema>;

const DAY_MS = 24 * 60 * 60 * 1000;
const DETAIL_FIELDS = 'id,name,slug,status,stats_24,baseline,baseline_current,indicators';
/** Downdetector's own judgement, beside ours: the worse of the two counts. */
const PROVIDER_LEVEL: Readonly<Record<string, SpikeLevel>> = {
  success: 'none',
  warning: 'possible',
  danger: 'likely',
};
/** A country without a company is asked again after a day (one may be added, a typo fixed). */
const ABSENT_RECHECK_MS = DAY_MS;

export const downdetectorSource = defineSource<DowndetectorSourceConfig>({
  type: 'downdetector',
  family: 'crowd',
  title: 'Downdetector',
  schema,
  defaults: { intervalSeconds: 300, timeoutMs: 30_000 },
  defaultLabel: (config) =>
    `Downdetector ${config.slug}${config.countries ? ` (${config.countries.join(', ')})` : ''}`,
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const credentials = resolveCredentials(config, ctx);
    // A setup problem, not a network one: `reached` stays true so no offline check is made.
    if (typeof credentials === 'string')
      return { status: 'unknown', detail: credentials, checkedAt, reached: true };
    const cost = config.countries ? 2 * config.countries.length : 1;
    const memory = readMemory(ctx.memory.get());
    const session = new DowndetectorSession(ctx, config.url ?? DEFAULT_API_BASE, credentials, memory, cost);
    try {
      return await (config.countries
        ? readCountries(config, config.countries, session, checkedAt)
        : readSummed(config, session, checkedAt));
    } finally {
      ctx.memory.set(session.memory);
    }
  },
});

/** The secrets, or a message saying where one was expected (never its value). */
function resolveCredentials(config: DowndetectorSourceConfig, ctx: ReadContext): Credentials | string {
  const missing = (field: string, ref: SecretRef): string =>
    `no Downdetector ${field}: expected in ${describeSecret(ref)}, which is empty or not set`;
  const clientSecret = ctx.secret(config.clientSecret);
  if (clientSecret === undefined) return missing('clientSecret', config.clientSecret);
  const clientId = config.clientId === undefined ? undefined : ctx.secret(config.clientId);
  if (config.clientId !== undefined && clientId === undefined) return missing('clientId', config.clientId);
  return { clientId, clientSecret };
}

function reportsOf(
  config: DowndetectorSourceConfig,
  session: DowndetectorSession,
  checkedAt: number,
  company?: { country: string; id: string },
): Promise<ApiAnswer> {
  const params = {
    startdate: isoSeconds(checkedAt - DAY_MS),
    enddate: isoSeconds(checkedAt),
    interval: '15m',
    ...(company ? { companies: company.id } : {}),
  };
  const what = `the reports of ${config.slug}${company ? ` in ${company.country}` : ''}`;
  return session.getAll(`/slugs/${encodeURIComponent(config.slug)}/reports`, params, what);
}

/** No countries: the slug's reports summed over every country, judged against their own day. */
async function readSummed(
  config: DowndetectorSourceConfig,
  session: DowndetectorSession,
  checkedAt: number,
): Promise<Reading> {
  const answer = await reportsOf(config, session, checkedAt);
  if (!answer.ok) return apiFailureReading(answer, checkedAt);
  const buckets = parseReports(answer.value);
  if (typeof buckets === 'string') return apiFailureReading(unreadableAnswer(buckets), checkedAt);
  return judge(config, [{ buckets }], checkedAt, answer.response.latencyMs);
}

/** One company per country: reports split by country, the provider's baseline and status. */
async function readCountries(
  config: DowndetectorSourceConfig,
  countries: readonly string[],
  session: DowndetectorSession,
  checkedAt: number,
): Promise<Reading> {
  const lookup = await lookupCompanies(session, config.slug, countries, checkedAt);
  if (!lookup.ok) return apiFailureReading(lookup, checkedAt);
  const companies = countries.flatMap((country) => {
    const id = lookup.ids[country];
    return id === undefined ? [] : [{ country, id }];
  });
  const absent = countries.filter((country) => lookup.ids[country] === undefined);
  const noCompany = `no Downdetector company for ${config.slug} in ${absent.join(', ')}`;
  if (companies.length === 0) return { status: 'unknown', detail: noCompany, checkedAt, reached: true };

  const answers = await Promise.all(
    companies.map(async (company) => {
      const path = `/companies/${encodeURIComponent(company.id)}`;
      const [reports, details] = await Promise.all([
        reportsOf(config, session, checkedAt, company),
        session.get(path, { fields: DETAIL_FIELDS }, `${config.slug} in ${company.country}`),
      ]);
      return { company, reports, details };
    }),
  );
  const perCountry: CountrySeries[] = [];
  for (const { company, reports, details } of answers) {
    if (!reports.ok) return apiFailureReading(reports, checkedAt);
    if (!details.ok) return apiFailureReading(details, checkedAt);
    const buckets = parseReports(reports.value);
    if (typeof buckets === 'string')
      return apiFailureReading(unreadableAnswer(`${buckets} (${company.country})`), checkedAt);
    perCountry.push({ country: company.country, buckets, details: parseCompanyDetails(details.value) });
  }
  const latencyMs = Math.max(...answers.map(({ reports }) => (reports.ok ? reports.response.latencyMs : 0)));
  const reading = await withIndicators(
    judge(config, perCountry, checkedAt, latencyMs),
    companies,
    session,
    checkedAt,
  );
  const note = absent.length > 0 ? `; ${noCompany}` : '';
  return { ...reading, detail: `${reading.detail}${describeProvider(perCountry)}${note}` };
}

/**
 * One company id per country, from memory when known (ids do not change): searched by slug,
 * then by name when the slug search finds nothing. A country without a company maps to nothing.
 */
async function lookupCompanies(
  session: DowndetectorSession,
  slug: string,
  countries: readonly string[],
  now: number,
): Promise<{ readonly ok: true; readonly ids: Record<string, string | undefined> } | ApiFailure> {
  const owner = `${session.base} ${slug}`;
  const byCountry = {
    ...(session.memory.companies?.owner === owner ? session.memory.companies.byCountry : {}),
  };
  const fields = 'id,name,slug,country_iso';
  const search = async (country: string): Promise<string | null | ApiFailure> => {
    for (const by of ['slug', 'name']) {
      const answer = await session.get(
        '/companies/search',
        { [by]: slug, country, fields },
        `the company ${slug} in ${country}`,
      );
      if (!answer.ok) return answer;
      const company = pickCompany(parseCompanies(answer.value), slug, country);
      if (company) return company.id;
    }
    return null;
  };
  const failures = await Promise.all(
    countries.map(async (country) => {
      const known = byCountry[country];
      if (known && (known.id !== null || now - known.checkedAt < ABSENT_RECHECK_MS)) return undefined;
      const found = await search(country);
      if (typeof found === 'object' && found !== null) return found;
      byCountry[country] = { id: found, checkedAt: now };
      return undefined;
    }),
  );
  session.memory.companies = { owner, byCountry };
  const failure = failures.find((result) => result !== undefined);
  if (failure) return failure;
  return {
    ok: true,
    ids: Object.fromEntries(countries.map((country) => [country, byCountry[country]?.id ?? undefined])),
  };
}

/** The indicator breakdown explains a spike; on a quiet day it is not worth quota. */
async function withIndicators(
  reading: Reading,
  companies: readonly { readonly id: string }[],
  session: DowndetectorSession,
  checkedAt: number,
): Promise<Reading> {
  if (!reading.crowd || reading.crowd.level === 'none') return reading;
  const since = reading.crowd.since ?? checkedAt - 60 * 60_000;
  const range = { startdate: isoSeconds(since), enddate: isoSeconds(checkedAt) };
  const answers = await Promise.all(
    companies.map(({ id }) =>
      session.get(`/companies/${encodeURIComponent(id)}/indicators`, range, 'indicators'),
    ),
  );
  // A nice-to-have: a failed breakdown leaves the reading as it is.
  const indicators = mergeIndicators(
    answers.map((answer) => (answer.ok ? parseIndicators(answer.value) : [])),
  );
  return indicators.length > 0 ? { ...reading, crowd: { ...reading.crowd, indicators } } : reading;
}

function judge(
  config: DowndetectorSourceConfig,
  countries: readonly CountrySeries[],
  checkedAt: number,
  latencyMs: number,
): Reading {
  const series: CrowdBucket[] = buildSeries(countries, checkedAt);
  if (series.length === 0)
    return {
      status: 'unknown',
      detail: `Downdetector returned no report buckets for ${config.slug}`,
      checkedAt,
      reached: true,
    };
  const levels = countries.flatMap(({ details }) => {
    const level = lookup(PROVIDER_LEVEL, details?.status);
    return level ? [level] : [];
  });
  const providerLevel = (['likely', 'possible', 'none'] as const).find((level) => levels.includes(level));
  return crowdReading(
    {
      provider: 'downdetector',
      series,
      bucketMs: BUCKET_MS,
      spike: config.spike,
      noun: 'reports',
      providerLevel,
    },
    { checkedAt, latencyMs, httpStatus: 200 },
  );
}

/** "; Downdetector's status: danger (US, GB), warning (JP)", when it flags anything. */
function describeProvider(countries: readonly CountrySeries[]): string {
  const parts = (['danger', 'warning'] as const).flatMap((status) => {
    const where = countries.filter(({ details }) => details?.status === status).map(({ country }) => country);
    return where.length > 0 ? [`${status} (${where.join(', ')})`] : [];
  });
  return parts.length > 0 ? `; Downdetector's status: ${parts.join(', ')}` : '';
}
