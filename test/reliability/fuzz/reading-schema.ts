import { z } from 'zod';
import type { Reading } from '../../../main/monitor/reading.js';
import { isHttpUrl } from '../../../main/monitor/sources/fields.js';
import { STATUSES, type Status } from '../../../main/monitor/status.js';

/**
 * What a valid Reading is, checked at run time. reading.ts has only the TypeScript type, which a
 * parser can escape through a lookup table (`TABLE[key]` with key "constructor" is a function)
 * or arithmetic on odd input (NaN, Infinity); this schema is what every consumer (verdict,
 * history, the window, the CLI's JSON) silently assumes.
 *
 * Beyond the type: numbers are finite; times are epoch milliseconds a Date can hold (the
 * window and the CLI format them, and `new Date(1e300).toISOString()` throws); the detail is one
 * non-empty line (DESIGN.md: "one line a person can read") of bounded length; crowd sample links
 * are http(s) URLs (samples.ts promises "safe links", by the same test).
 */

const status = z.enum(STATUSES as readonly [Status, ...Status[]]);
const finite = z.number().refine(Number.isFinite, { error: 'not a finite number' });
const count = finite.refine((value) => value >= 0, { error: 'a negative count' });
const share = finite.refine((value) => value >= 0 && value <= 1, { error: 'a share outside 0..1' });
/** What `new Date(ms)` can represent (ECMA-262, "Time Values and Time Range"). */
const MAX_TIME = 8.64e15;
const epochMs = finite.refine((value) => Math.abs(value) <= MAX_TIME, { error: 'a time no Date can hold' });
const MAX_DETAIL = 2000;
const detail = z
  .string()
  .refine((text) => text.trim() !== '', { error: 'an empty detail' })
  .refine((text) => !/[\r\n\u2028\u2029]/.test(text), { error: 'a detail of more than one line' })
  .refine((text) => text.length <= MAX_DETAIL, { error: `a detail longer than ${MAX_DETAIL} characters` });
const httpLink = z.string().refine(isHttpUrl, { error: 'not an http(s) link' });

const component = z.strictObject({
  name: z.string(),
  group: z.string().optional(),
  status,
  rawStatus: z.string(),
});

const update = z.strictObject({
  at: epochMs.optional(),
  status: z.string().optional(),
  body: z.string(),
});

const incident = z.strictObject({
  id: z.string().optional(),
  title: z.string(),
  status: z.string(),
  impact: status,
  rawImpact: z.string().optional(),
  startedAt: epochMs.optional(),
  updatedAt: epochMs.optional(),
  link: z.string().optional(),
  components: z.array(z.string()).optional(),
  updates: z.array(update),
});

const maintenance = z.strictObject({
  id: z.string().optional(),
  title: z.string(),
  phase: z.enum(['active', 'upcoming']),
  rawStatus: z.string(),
  scheduledFor: epochMs.optional(),
  scheduledUntil: epochMs.optional(),
  link: z.string().optional(),
  components: z.array(z.string()).optional(),
});

const official = z.strictObject({
  provider: z.string(),
  pageUrl: z.string().optional(),
  rawStatus: z.string().optional(),
  updatedAt: epochMs.optional(),
  components: z.array(component),
  incidents: z.array(incident),
  maintenances: z.array(maintenance),
  recentIncidents: z.array(incident).optional(),
});

const bucket = z.strictObject({
  at: epochMs,
  count,
  usual: count.optional(),
  regions: z.record(z.string(), count).optional(),
});

const crowd = z.strictObject({
  provider: z.string(),
  level: z.enum(['none', 'possible', 'likely']),
  current: count,
  // Required, but undefined while the usual level is still being learnt.
  usual: count.or(z.undefined()),
  bucketMs: finite.refine((value) => value > 0, { error: 'a bucket of no length' }),
  since: epochMs.optional(),
  series: z.array(bucket),
  regions: z.array(z.strictObject({ region: z.string(), count, share })),
  indicators: z.array(z.strictObject({ name: z.string(), share })).optional(),
  samples: z
    .array(z.strictObject({ title: z.string(), link: httpLink.optional(), at: epochMs.optional() }))
    .optional(),
});

const vantage = z
  .strictObject({
    provider: z.string(),
    probes: z.int().nonnegative(),
    failing: z.int().nonnegative(),
    finding: z.enum(['everyone', 'just-here', 'mixed']),
    locations: z.array(
      z.strictObject({
        country: z.string(),
        city: z.string().optional(),
        network: z.string().optional(),
        ok: z.boolean(),
        detail: z.string(),
      }),
    ),
  })
  .refine((value) => value.failing <= value.probes, { error: 'more failing probes than probes' });

const reading = z
  .strictObject({
    status,
    detail,
    checkedAt: epochMs,
    reached: z.boolean(),
    latencyMs: count.optional(),
    httpStatus: z.int().min(100).max(599).optional(),
    retryAfterMs: count.optional(),
    notModified: z.boolean().optional(),
    official: official.optional(),
    crowd: crowd.optional(),
    vantage: vantage.optional(),
  })
  // README, "How a verdict is made": an unrecognised value anywhere is unknown, never green.
  .refine(
    (value) =>
      value.status !== 'operational' ||
      !value.official ||
      (value.official.components.every((c) => c.status !== 'unknown') &&
        value.official.incidents.every((i) => i.impact !== 'unknown')),
    { error: 'operational although the page states something unrecognised' },
  );

/** Why `value` is not a valid Reading, one issue a line with its path; undefined when it is. */
export function readingProblems(value: unknown): string | undefined {
  const result = reading.safeParse(value);
  if (result.success) return undefined;
  return result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(reading)'}: ${issue.message}`)
    .join('\n');
}

// Fails to compile when reading.ts changes a field or gains a required one; a new optional field
// shows at run time instead, since the schema's strict objects refuse keys they do not know.
const _describesReading: [z.output<typeof reading>] extends [Reading] ? true : never = true;
