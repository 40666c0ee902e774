import { z } from 'zod';
import { crowdReading, spikeConfigSchema } from '../crowd/crowd-reading.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { asRecord } from './guards.js';
import { type Hit, DEFAULT_BASE, searchWord } from './hackernews-api.js';
import {
  BUCKET_MS,
  DAY_MS,
  isCount,
  KEEP_MS,
  parseMinuteCounts,
  rollingSeries,
  tally,
} from '../crowd/post-tally.js';
import { mergeSamples, parseSamples, type Sample } from '../crowd/samples.js';
import type { ReadingBasis } from './official-summary.js';
import { defineSource } from './source.js';

/**
 * Hacker News stories and comments mentioning a service with "down" or "outage", per
 * 15 minutes, through the Algolia search API (no key; its limits are not published, so it is
 * asked every 5 minutes at most, one request per word in the usual case).
 *
 * The first poll (and every one-shot check) reads the last 24 hours, which gives the baseline
 * module a day of buckets to judge the newest against. Later polls ask only for items created
 * since the last poll, less OVERLAP_MS: the index takes a little while to show a new item, and
 * the ids seen in that overlap keep an item from counting twice. Counts stay in the source's
 * memory for 8 days, so the usual level becomes time-of-day aware after a day.
 */

const DEFAULT_WORDS = ['down', 'outage'];
/** Pages per word on later polls (300 items): bounded, so a storm cannot run away with requests. */
const MAX_PAGES = 3;
/**
 * The first poll may read up to the index's own limit of 1,000 hits per query: in a storm a
 * smaller bound would leave it less than half an hour of counts, too little to judge by.
 */
const FIRST_MAX_PAGES = 10;
const OVERLAP_MS = 30 * 60 * 1000;
/** Ids kept for deduplication: the overlap plus a margin. */
const KEEP_IDS_MS = 3 * 60 * 60 * 1000;

const schema = z.strictObject({
  type: z.literal('hackernews'),
  ...commonSourceFields,
  query: z
    .string({ error: 'expected the service name to search for' })
    .trim()
    .min(1, { error: 'expected the service name to search for' })
    .max(100, { error: 'a query is at most 100 characters' }),
  words: nonEmptyStrings
    .min(1, { error: 'list at least one word, or leave words out for "down" and "outage"' })
    .max(5, { error: 'at most 5 words: each one is a request per poll' })
    .optional(),
  url: httpUrl.optional(),
  spike: spikeConfigSchema.optional(),
});

export type HackernewsSourceConfig = z.output<typeof schema>;

/**
 * Mentions on Hacker News are few: a day without an outage has a handful of "github down"
 * comments in all, and a big outage brings tens per quarter hour, not the hundreds of
 * Downdetector reports. Floors of 5 (possible) and 15 (likely) mentions keep the odds of noise
 * tiny: at a usual 0.5 per quarter hour, P(X ≥ 5) ≈ 2e-4, and two in a row ≈ 3e-8.
 */
export const HACKERNEWS_SPIKE_DEFAULTS = { possibleMinimum: 5, likelyMinimum: 15 };

export const hackernewsSource = defineSource<HackernewsSourceConfig>({
  type: 'hackernews',
  family: 'crowd',
  title: 'Hacker News search',
  schema,
  defaults: { intervalSeconds: 300, timeoutMs: 20_000 },
  defaultLabel: (config) => `Hacker News: ${config.query}`,
  async read(config, ctx) {
    const now = ctx.clock.now();
    const words = config.words ?? DEFAULT_WORDS;
    const key = JSON.stringify([config.url ?? DEFAULT_BASE, config.query.toLowerCase(), words]);
    const memory = readMemory(ctx.memory.get(), key);
    const since = memory ? Math.max(memory.checkedAt - OVERLAP_MS, now - KEEP_MS) : now - DAY_MS;

    const found = new Map<string, Hit>();
    let coveredFrom = now - DAY_MS;
    let complete = true;
    let earlier = 0;
    let basis: ReadingBasis | undefined;
    const budget = { spentMs: 0 };
    // One word after the other: polite to an API whose limits are unknown.
    for (const word of words) {
      const first = memory === undefined;
      const pages = first ? FIRST_MAX_PAGES : MAX_PAGES;
      const search = await searchWord(config, ctx, { word, since, now, pages, countEarlier: first, budget });
      // A word that cannot be read leaves the memory as it was: the next poll asks again.
      if (search.kind === 'reading') return search.reading;
      basis ??= search.basis;
      for (const hit of search.hits) found.set(hit.id, hit);
      if (!search.complete) {
        complete = false;
        coveredFrom = Math.max(coveredFrom, search.oldest);
        earlier += search.earlier ?? 0;
      }
    }
    const covered = memory?.coveredFrom ?? coveredFrom;
    const prior = memory ? memory.prior : priorLevel(found, earlier, since, covered);
    const seen = new Set(memory?.recentIds.map(([id]) => id));
    const fresh = [...found.values()].filter((hit) => !seen.has(hit.id) && hit.at >= covered);
    const minutes = tally(
      memory?.minutes ?? [],
      fresh.map((hit) => hit.at),
      now,
    );
    const recentIds = [
      ...(memory?.recentIds ?? []),
      ...fresh.map((hit): [string, number] => [hit.id, hit.at]),
    ].filter(([, at]) => at > now - KEEP_IDS_MS);
    const samples = mergeSamples(
      fresh.map((hit) => ({ title: hit.title, at: hit.at, ...(hit.link ? { link: hit.link } : {}) })),
      memory?.samples ?? [],
    );
    ctx.memory.set({
      key,
      checkedAt: now,
      coveredFrom: covered,
      minutes,
      recentIds,
      samples,
      ...(prior !== undefined ? { prior } : {}),
    } satisfies Memory);

    const learning = prior !== undefined && now - covered < DAY_MS;
    const reading = crowdReading(
      {
        provider: 'hackernews',
        series: rollingSeries(minutes, covered, now, learning ? () => prior : undefined),
        bucketMs: BUCKET_MS,
        spike: config.spike,
        spikeDefaults: HACKERNEWS_SPIKE_DEFAULTS,
        noun: `Hacker News mentions of "${config.query}" ${words.join('/')}`,
        samples,
      },
      basis ?? { checkedAt: now },
    );
    if (complete) return reading;
    const note = memory
      ? 'more new items since the last check than one poll reads, the oldest of them not counted'
      : `only the newest ${found.size} items were read`;
    return { ...reading, detail: `${reading.detail}; ${note}` };
  },
});

interface Memory {
  readonly key: string;
  readonly checkedAt: number;
  readonly coveredFrom: number;
  readonly minutes: readonly (readonly [number, number])[];
  readonly recentIds: readonly (readonly [string, number])[];
  readonly samples: readonly Sample[];
  /** The usual level per bucket before the counts began, when the first read was cut short. */
  readonly prior?: number;
}

/**
 * When the first read stops at its page bound, the counts cover only the storm itself, and a
 * baseline taken from them would call the storm usual. The items before it (those read but not
 * counted, and the number the index reports for the rest of the day) spread over that time
 * give the usual level instead, until a day of our own counts exists. The storm's own start is
 * among them when it began earlier, so this errs high: a later warning, never a false one.
 */
function priorLevel(
  found: ReadonlyMap<string, Hit>,
  earlier: number,
  since: number,
  covered: number,
): number | undefined {
  if (covered <= since) return undefined;
  const before = [...found.values()].filter((hit) => hit.at < covered).length + earlier;
  return before / Math.max(1, (covered - since) / BUCKET_MS);
}

function readMemory(value: unknown, key: string): Memory | undefined {
  const record = asRecord(value);
  const minutes = parseMinuteCounts(record?.minutes);
  if (!record || record.key !== key || !minutes) return undefined;
  if (!isCount(record.checkedAt) || !isCount(record.coveredFrom)) return undefined;
  const recentIds = Array.isArray(record.recentIds)
    ? record.recentIds.flatMap((entry: unknown) => {
        const [id, at] = Array.isArray(entry) ? (entry as unknown[]) : [];
        return typeof id === 'string' && isCount(at) ? [[id, at] as const] : [];
      })
    : [];
  return {
    key,
    checkedAt: record.checkedAt,
    coveredFrom: record.coveredFrom,
    minutes,
    recentIds,
    samples: parseSamples(record.samples),
    ...(isCount(record.prior) ? { prior: record.prior } : {}),
  };
}
