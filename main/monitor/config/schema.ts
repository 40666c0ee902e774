import { z } from 'zod';
import { httpUrl, timeoutMs } from '../sources/fields.js';

/**
 * The config contract, version 1 (issue 2). Fields may be added, never renamed. Sources are
 * parsed by their own type's schema (see parse.ts), so here they are left `unknown`.
 */

/**
 * Three independent providers, so one provider's outage is not mistaken for ours
 * (Google's, Cloudflare's and Mozilla's captive-portal checks, all made for exactly this).
 */
export const DEFAULT_CONNECTIVITY_TARGETS = [
  'https://www.gstatic.com/generate_204',
  'https://cloudflare.com/cdn-cgi/trace',
  'https://detectportal.firefox.com/success.txt',
] as const;

const wholeNumber = (what: string) =>
  z.number({ error: `expected ${what}` }).int({ error: `expected a whole number (${what})` });

export const confirmSchema = z.strictObject({
  retries: wholeNumber('a number of retries').min(0).max(10, { error: 'at most 10 retries' }).default(2),
  retryDelayMs: wholeNumber('milliseconds').min(0).max(60_000, { error: 'at most 60000 ms' }).default(2000),
  failureThreshold: wholeNumber('a number of readings')
    .min(1, { error: 'at least 1' })
    .max(20, { error: 'at most 20' })
    .default(3),
  successThreshold: wholeNumber('a number of readings')
    .min(1, { error: 'at least 1' })
    .max(20, { error: 'at most 20' })
    .default(2),
});

export const connectivitySchema = z.strictObject({
  targets: z
    .array(httpUrl, { error: 'expected a list of http(s) URLs' })
    .min(1, { error: 'list at least one target, or leave the field out for the defaults' })
    .default([...DEFAULT_CONNECTIVITY_TARGETS]),
  timeoutMs: timeoutMs.default(5000),
});

export const serviceSchema = z.strictObject({
  id: z.string({ error: 'expected an id such as "github"' }).regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, {
    error: 'use lowercase letters, digits and dashes (for example "github" or "our-api")',
  }),
  name: z.string({ error: 'expected a name' }).trim().min(1, { error: 'a name cannot be empty' }).max(80),
  sources: z
    .array(z.unknown(), { error: 'expected a list of sources' })
    .min(1, { error: 'a service needs at least one source' }),
});

export const configSchema = z.strictObject({
  version: z.literal(1),
  maxConcurrent: wholeNumber('a number of checks')
    .min(1, { error: 'at least 1' })
    .max(64, { error: 'at most 64' })
    .default(8),
  confirm: confirmSchema.default(confirmSchema.parse({})),
  connectivity: connectivitySchema.default(connectivitySchema.parse({})),
  services: z.array(z.unknown(), { error: 'expected a list of services' }),
  /**
   * The desktop app's own settings in a file it exported (theme, notification levels): the CLI
   * reads the same file and ignores this part, so one file serves both.
   */
  app: z.unknown().optional(),
});

export type ConfirmSettings = z.output<typeof confirmSchema>;
export type ConnectivitySettings = z.output<typeof connectivitySchema>;
