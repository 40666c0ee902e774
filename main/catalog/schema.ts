import { z } from 'zod';

/**
 * The shape of catalog.json (issue 7): well-known services, each with its vendor's own status
 * source and a default probe. It is data read by the renderer too, so nothing here may import
 * Node: the engine's source schemas (which do) check the converted configs in the tests instead.
 */

/** A closed set, so the app can group by it and a typo in the data is an error, not a new group. */
export const CATEGORY_LABELS = {
  developer: 'Developer tools',
  cloud: 'Cloud & hosting',
  cdn: 'CDN, DNS & edge',
  database: 'Databases & data',
  observability: 'Monitoring & analytics',
  security: 'Identity & security',
  communication: 'Communication & email',
  productivity: 'Productivity & collaboration',
  payments: 'Payments & finance',
  commerce: 'Websites & commerce',
  social: 'Social networks',
  media: 'Streaming & media',
  ai: 'AI APIs & assistants',
  registry: 'Package registries',
  games: 'Games',
} as const;

export type Category = keyof typeof CATEGORY_LABELS;

export const CATEGORIES = Object.keys(CATEGORY_LABELS) as [Category, ...Category[]];

/** The same rule as a config's service id (main/monitor/config/schema.ts). */
export const CATALOG_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const STATUSIO_API = /^https:\/\/api\.status\.io\/1\.0\/status\/[a-z0-9]{8,64}$/i;

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

const httpsUrl = z
  .string({ error: 'expected an https:// URL' })
  .refine(isHttpsUrl, { error: 'expected an https:// URL' });

const names = z
  .array(z.string().trim().min(1, { error: 'an empty name would match everything' }), {
    error: 'expected a list of names',
  })
  .min(1, { error: 'list at least one, or leave the field out' });

/** Why we believe this is the vendor's source: the honesty the issue asks for, per entry. */
const determined = z
  .string({ error: 'say how this status source was determined' })
  .trim()
  .min(20, { error: 'say how this status source was determined, in a sentence' });

const pageWithComponents = { url: httpsUrl, components: names.optional(), determined };

/** The official source types whose config the catalog uses, in the fields those types read. */
export const officialSourceSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('statuspage'), ...pageWithComponents }),
    z.strictObject({ type: z.literal('incidentio'), ...pageWithComponents }),
    z.strictObject({ type: z.literal('instatus'), ...pageWithComponents }),
    z.strictObject({ type: z.literal('cachet'), ...pageWithComponents }),
    z.strictObject({ type: z.literal('slack'), ...pageWithComponents }),
    z.strictObject({
      type: z.literal('statusio'),
      // The API URL names the page, so no separate pageId is needed.
      url: httpsUrl.refine((value) => STATUSIO_API.test(value), {
        error: 'expected the API URL https://api.status.io/1.0/status/<page id>',
      }),
      components: names.optional(),
      determined,
    }),
    z.strictObject({ type: z.literal('feed'), url: httpsUrl, determined }),
    z.strictObject({ type: z.literal('aws'), url: httpsUrl, determined }),
    z.strictObject({
      type: z.literal('gcp'),
      url: httpsUrl,
      products: names.optional(),
      locations: names.optional(),
      determined,
    }),
    // A service without a machine-readable official page: said so, with the reason, rather than
    // a guessed URL. Its config is the probe alone.
    z.strictObject({ type: z.literal('none'), determined }),
  ],
  { error: 'expected a status source type the catalog uses' },
);

const statusRule = z.union(
  [
    z.number().int().min(100).max(599),
    z.string().regex(/^[1-5]xx$/, { error: 'expected a status code (200) or class ("2xx")' }),
  ],
  { error: 'expected a status code (200) or class ("2xx")' },
);

/** The default probe: the http source's fields, always GET (body rules need a body). */
export const probeSchema = z.strictObject({
  url: httpsUrl,
  label: z.string().trim().min(1).max(80).optional(),
  expectStatus: z.array(statusRule).min(1).optional(),
  bodyMustContain: names.optional(),
  bodyMustNotContain: names.optional(),
});

export const catalogEntrySchema = z.strictObject({
  id: z.string({ error: 'expected an id' }).regex(CATALOG_ID_PATTERN, {
    error: 'use lowercase letters, digits and dashes (for example "github")',
  }),
  name: z.string({ error: 'expected a name' }).trim().min(1).max(80),
  aliases: z.array(z.string().trim().min(1, { error: 'an alias cannot be empty' }), {
    error: 'expected a list of aliases (it may be empty)',
  }),
  category: z.enum(CATEGORIES, { error: `expected one of ${CATEGORIES.join(', ')}` }),
  homepage: httpsUrl,
  statusSource: officialSourceSchema,
  probe: probeSchema,
});

export const catalogFileSchema = z
  .strictObject({
    $comment: z.string().min(1, { error: 'say what the file is and how far it can be trusted' }),
    services: z.array(catalogEntrySchema).min(1),
  })
  .superRefine((file, ctx) => {
    for (const problem of nameCollisions(file.services)) ctx.addIssue({ code: 'custom', ...problem });
  });

export type CatalogEntry = z.output<typeof catalogEntrySchema>;
export type OfficialSource = z.output<typeof officialSourceSchema>;
export type CatalogProbe = z.output<typeof probeSchema>;

/**
 * Ids and names are unique, and an alias names only its own service: an exact search hit or a
 * "did you mean" must never be ambiguous between two services.
 */
function nameCollisions(
  services: readonly Pick<CatalogEntry, 'id' | 'name' | 'aliases'>[],
): { path: (string | number)[]; message: string }[] {
  const claims = new Map<string, { index: number; what: string }>();
  const problems: { path: (string | number)[]; message: string }[] = [];
  const claim = (text: string, index: number, path: (string | number)[], what: string): void => {
    const key = text.toLowerCase();
    const owner = claims.get(key);
    if (owner === undefined) claims.set(key, { index, what });
    else if (owner.index !== index)
      problems.push({ path, message: `"${text}" is already the ${owner.what} of services[${owner.index}]` });
    else if (what === 'alias')
      problems.push({ path, message: `"${text}" repeats this service's own ${owner.what}` });
  };
  services.forEach((service, index) => claim(service.id, index, ['services', index, 'id'], 'id'));
  services.forEach((service, index) => claim(service.name, index, ['services', index, 'name'], 'name'));
  services.forEach((service, index) =>
    service.aliases.forEach((alias, aliasIndex) =>
      claim(alias, index, ['services', index, 'aliases', aliasIndex], 'alias'),
    ),
  );
  return problems;
}
