import { z } from 'zod';
import { formatPath } from '../monitor/config/issues.js';
import type { RequestArgs, RequestChannel } from '../shared/ipc.js';
import { settingsEditSchema } from './settings/settings-edit.js';
import { secretNameSchema } from './settings/schema.js';

/**
 * Every IPC request's arguments, validated before anything else (DESIGN.md, "IPC"): the renderer
 * is treated like any other edge. Strings are bounded, ids match the config's id rule.
 */
const serviceId = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/);
const url = z.string().min(1).max(2048);

const SCHEMAS: { readonly [C in RequestChannel]: z.ZodType<RequestArgs<C>> } = {
  'snapshot:get': z.tuple([]),
  'services:check-now': z.union([z.tuple([]), z.tuple([z.array(serviceId).max(1000).readonly().optional()])]),
  'services:history': z.tuple([serviceId]),
  'services:detect': z.tuple([url]),
  'config:validate': z.tuple([z.unknown()]),
  'notifications:snooze': z.tuple([z.union([z.number().int().nonnegative(), z.null()])]),
  'shell:open-external': z.tuple([url]),
  'settings:get': z.tuple([]),
  'settings:edit': z.tuple([settingsEditSchema]),
  'secrets:store': z.tuple([secretNameSchema.max(128), z.string().min(1).max(8192)]),
  'settings:export': z.tuple([]),
  'settings:import': z.tuple([]),
  'catalog:search': z.tuple([z.string().max(200)]),
  'catalog:add': z.tuple([serviceId]),
  'window:hide': z.tuple([]),
};

export type ParsedArguments<C extends RequestChannel> =
  { ok: true; args: RequestArgs<C> } | { ok: false; message: string };

export function parseArguments<C extends RequestChannel>(
  channel: C,
  args: readonly unknown[],
): ParsedArguments<C> {
  const schema = SCHEMAS[channel] as z.ZodType<RequestArgs<C>>;
  const parsed = schema.safeParse([...args]);
  if (parsed.success) return { ok: true, args: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue
    ? formatPath(issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)))
    : '';
  return {
    ok: false,
    message: `${channel}: invalid arguments at ${where}: ${issue?.message ?? 'unknown problem'}`,
  };
}

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(SCHEMAS, value);
}
