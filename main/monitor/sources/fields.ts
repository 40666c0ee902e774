import { isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * Schema fragments shared by source types, with the messages a person sees when a config is
 * wrong ("expected an http(s) URL").
 */

export const MIN_INTERVAL_SECONDS = 10;

export const httpUrl = z
  .string({ error: 'expected an http(s) URL' })
  .refine((value) => isHttpUrl(value), { error: 'expected an http(s) URL' });

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const hostname = z
  .string({ error: 'expected a host name or IP address' })
  .min(1, { error: 'expected a host name or IP address' })
  .max(253, { error: 'a host name is at most 253 characters' })
  .refine((value) => !/[\s/]/.test(value) && (!value.includes(':') || isIPv6(value)), {
    error: 'expected a host name or IP address, without scheme, path or port',
  });

export const port = z
  .number({ error: 'expected a port number' })
  .int({ error: 'expected a whole port number' })
  .min(1, { error: 'a port is between 1 and 65535' })
  .max(65535, { error: 'a port is between 1 and 65535' });

export const timeoutMs = z
  .number({ error: 'expected a number of milliseconds' })
  .int({ error: 'expected a whole number of milliseconds' })
  .min(100, { error: 'a timeout is at least 100 ms' })
  .max(120_000, { error: 'a timeout is at most 120000 ms' });

export const intervalSeconds = z
  .number({ error: 'expected a number of seconds' })
  .int({ error: 'expected a whole number of seconds' })
  .min(MIN_INTERVAL_SECONDS, { error: `the minimum interval is ${MIN_INTERVAL_SECONDS} seconds` })
  .max(86_400, { error: 'the maximum interval is 86400 seconds (a day)' });

export const label = z
  .string({ error: 'expected a label' })
  .trim()
  .min(1, { error: 'a label cannot be empty' })
  .max(80, { error: 'a label is at most 80 characters' });

/** The fields every source accepts, spread into each type's strict object. */
export const commonSourceFields = {
  label: label.optional(),
  intervalSeconds: intervalSeconds.optional(),
  timeoutMs: timeoutMs.optional(),
};

/** A list of non-empty strings (body rules, component names). */
export const nonEmptyStrings = z.array(
  z.string({ error: 'expected a string' }).min(1, { error: 'an empty string would match everything' }),
  { error: 'expected a list of strings' },
);

/** A secret: inline, or `{ "env": "NAME" }` to read it from the environment (see secrets.ts). */
export const secret = z.union(
  [
    z.string().min(1, { error: 'a secret cannot be empty' }),
    z.strictObject({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }),
    }),
  ],
  { error: 'expected the secret, or { "env": "NAME" } to read it from the environment' },
);
