import type { CrowdDetails } from '../reading.js';
import { isHttpUrl } from '../sources/fields.js';
import { asString, records } from '../sources/guards.js';
import { isCount } from './post-tally.js';

/** A few posts or stories behind a crowd count, kept in memory between polls (plain text, safe links). */

export const SAMPLE_COUNT = 3;

export type Sample = NonNullable<CrowdDetails['samples']>[number];

export function parseSamples(value: unknown): Sample[] {
  return records(value).flatMap((record) => {
    const title = asString(record.title);
    if (title === undefined) return [];
    const link = safeLink(record.link);
    const at = record.at;
    return [{ title, ...(link ? { link } : {}), ...(isCount(at) ? { at } : {}) }];
  });
}

/** Newest first, no repeats, at most SAMPLE_COUNT. */
export function mergeSamples(newer: readonly Sample[], older: readonly Sample[]): Sample[] {
  const seen = new Set<string>();
  return [...newer, ...older]
    .filter((sample) => {
      const key = sample.link ?? sample.title;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0))
    .slice(0, SAMPLE_COUNT);
}

/** A link from third-party data is kept only when it is a plain http(s) URL. */
export function safeLink(value: unknown): string | undefined {
  const link = asString(value);
  return link !== undefined && isHttpUrl(link) ? link : undefined;
}
