import type { CrowdBucket } from '../reading.js';
import { asArray, asRecord, asString, asText, optional, records } from './guards.js';
import { oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';

/**
 * The Downdetector API's answers, read field by field (crowd-apis.md; samples in
 * fixtures/real/downdetector/), and the report series built from them. Pure, for tests. Every
 * list is accepted bare or inside a wrapping object.
 */

export const BUCKET_MS = 15 * 60_000;

/** The array in an answer: the value itself, or the first array inside a wrapping object. */
export function listIn(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return asArray(value);
  const record = asRecord(value);
  return record ? Object.values(record).find((item): item is unknown[] => Array.isArray(item)) : undefined;
}

export interface Company {
  readonly id: string;
  readonly slug?: string;
  readonly country?: string;
}

/** `/companies/search`: `[{id, name, slug, country_iso, ...}]`. */
export function parseCompanies(value: unknown): Company[] {
  return records(listIn(value)).flatMap((record) => {
    const id = asText(record.id);
    // The id goes into request paths, and encodeURIComponent throws on a lone surrogate.
    if (id === undefined || !id.isWellFormed()) return [];
    const slug = asString(record.slug);
    const country = asString(record.country_iso)?.toUpperCase();
    return [{ id, ...optional('slug', slug), ...optional('country', country) }];
  });
}

/** The company for `country`: the same slug first; one without a country is trusted to the filter. */
export function pickCompany(
  companies: readonly Company[],
  slug: string,
  country: string,
): Company | undefined {
  const inCountry = companies.filter((company) => (company.country ?? country) === country);
  return inCountry.find((company) => company.slug?.toLowerCase() === slug.toLowerCase()) ?? inCountry[0];
}

export interface ReportBucket {
  readonly at: number;
  readonly total: number;
}

/** `/slugs/{slug}/reports`: `[{point_in_time, total, indicators, other, tweets}]`, oldest first. */
export function parseReports(value: unknown): ReportBucket[] | string {
  const list = listIn(value);
  if (!list) return 'the Downdetector reports answer is not a list of buckets';
  const buckets = records(list).flatMap((record) => {
    const at = parseTimestamp(record.point_in_time);
    const total = count(record.total) ?? sumOf(record.indicators, record.other);
    return at === undefined || total === undefined ? [] : [{ at, total }];
  });
  if (list.length > 0 && buckets.length === 0)
    return 'the Downdetector report buckets have no readable time and total';
  return buckets.sort((a, b) => a.at - b.at);
}

export interface CompanyDetails {
  readonly status?: string;
  readonly baseline?: readonly number[];
  readonly baselineCurrent?: number;
}

/** `/companies/{id}`: `status` (success / warning / danger), `baseline` (96 numbers), `baseline_current`. */
export function parseCompanyDetails(value: unknown): CompanyDetails {
  // One company, or a list holding it; never unwrap the object's own arrays (baseline, stats_24).
  const record = (Array.isArray(value) ? asRecord(asArray(value)[0]) : asRecord(value)) ?? {};
  const baseline = asArray(record.baseline).map((entry) => count(entry) ?? Number.NaN);
  const status = asString(record.status)?.toLowerCase();
  const current = count(record.baseline_current) ?? count(asRecord(record.baseline_current)?.value);
  return {
    ...optional('status', status),
    ...(baseline.length > 0 && baseline.every(Number.isFinite) ? { baseline } : {}),
    ...optional('baselineCurrent', current),
  };
}

export interface IndicatorCount {
  readonly key: string;
  readonly name: string;
  readonly amount?: number;
  /** 0..1, normalised from whichever scale the API used. */
  readonly share?: number;
}

/** `/companies/{id}/indicators`: `[{slug, indicator, key, amount, percentage}]`. */
export function parseIndicators(value: unknown): IndicatorCount[] {
  const rows = records(listIn(value)).flatMap((record) => {
    const name = asString(record.indicator) ?? asString(record.name) ?? asText(record.key);
    if (name === undefined || name.trim() === '') return [];
    const key = (asText(record.key) ?? asString(record.slug) ?? name).toLowerCase();
    const amount = count(record.amount);
    const percentage = count(record.percentage);
    return [{ key, name: oneLine(name, 60), amount, percentage }];
  });
  // Whether `percentage` is 0-100 or 0-1 is unconfirmed: shares sum to 1, percentages to 100.
  const sum = rows.reduce((total, row) => total + (row.percentage ?? 0), 0);
  const scale = rows.some((row) => (row.percentage ?? 0) > 1) || sum > 1.5 ? 100 : 1;
  return rows.map(({ key, name, amount, percentage }) => ({
    key,
    name,
    ...optional('amount', amount),
    ...optional('share', percentage === undefined ? undefined : Math.min(1, percentage / scale)),
  }));
}

/** One breakdown over several countries: by amounts when all have them, else mean shares. */
export function mergeIndicators(lists: readonly IndicatorCount[][]): { name: string; share: number }[] {
  const rows = lists.flat();
  const byAmount = rows.length > 0 && rows.every((row) => row.amount !== undefined);
  const totals = new Map<string, { name: string; value: number }>();
  for (const row of rows) {
    const value = byAmount
      ? (row.amount ?? 0)
      : (row.share ?? 0) / lists.filter((list) => list.length > 0).length;
    const entry = totals.get(row.key);
    totals.set(row.key, { name: entry?.name ?? row.name, value: (entry?.value ?? 0) + value });
  }
  const all = [...totals.values()].reduce((total, entry) => total + entry.value, 0);
  if (all <= 0) return [];
  return [...totals.values()]
    .map((entry) => ({ name: entry.name, share: byAmount ? entry.value / all : entry.value }))
    .sort((a, b) => b.share - a.share)
    .slice(0, 8);
}

/**
 * A count: finite, not negative, and at most 2^53 (no report count comes near). Two totals of
 * 1e308 are each finite, but their sum in a bucket is Infinity.
 */
function count(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && number >= 0 && number <= Number.MAX_SAFE_INTEGER ? number : undefined;
}

function sumOf(...values: unknown[]): number | undefined {
  const numbers = values.map(count);
  return numbers.every((value) => value !== undefined) ? numbers.reduce((a, b) => a + b, 0) : undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CountrySeries {
  readonly country?: string;
  readonly buckets: readonly ReportBucket[];
  readonly details?: CompanyDetails;
}

/**
 * Even 15-minute buckets, oldest first, over at most the last day. With countries, each bucket
 * carries the counts by country and their sum; its `usual` is the sum of the countries'
 * baselines for that time, when every country has one.
 *
 * Baseline alignment: `baseline` is 96 numbers over the last 24 h, and its last entry is taken
 * to be the 15-minute slot containing now (the list ends where the day it describes ends); the
 * entry k places earlier is the slot k × 15 min earlier. Without a list, `baseline_current`
 * stands for the current slot alone.
 */
export function buildSeries(countries: readonly CountrySeries[], now: number): CrowdBucket[] {
  const slot = (at: number): number => Math.floor(at / BUCKET_MS) * BUCKET_MS;
  const counts = countries.map((entry) => {
    const byTime = new Map<number, number>();
    for (const bucket of entry.buckets)
      byTime.set(slot(bucket.at), (byTime.get(slot(bucket.at)) ?? 0) + bucket.total);
    return byTime;
  });
  const times = counts.flatMap((byTime) => [...byTime.keys()]);
  if (times.length === 0) return [];
  const newest = Math.max(...times);
  const oldest = Math.max(Math.min(...times), newest - DAY_MS + BUCKET_MS);
  const nowSlot = slot(now);
  const series: CrowdBucket[] = [];
  for (let at = oldest; at <= newest; at += BUCKET_MS) {
    const values = counts.map((byTime) => byTime.get(at) ?? 0);
    const usuals = countries.map((entry) => usualAt(entry.details, (nowSlot - at) / BUCKET_MS));
    const usual = usuals.every((value) => value !== undefined)
      ? usuals.reduce((sum, value) => sum + value, 0)
      : undefined;
    const regions: Record<string, number> = {};
    countries.forEach((entry, index) => {
      if (entry.country !== undefined) regions[entry.country] = values[index] ?? 0;
    });
    series.push({
      at,
      count: values.reduce((sum, value) => sum + value, 0),
      ...(usual !== undefined ? { usual } : {}),
      ...(Object.keys(regions).length > 0 ? { regions } : {}),
    });
  }
  return series;
}

function usualAt(details: CompanyDetails | undefined, slotsAgo: number): number | undefined {
  if (!details) return undefined;
  const { baseline, baselineCurrent } = details;
  if (baseline && baseline.length > 0) return baseline[baseline.length - 1 - slotsAgo];
  return slotsAgo === 0 ? baselineCurrent : undefined;
}
