import { CATALOG } from '../catalog/catalog.js';
import { CATEGORY_LABELS } from '../catalog/schema.js';
import { searchCatalog } from '../catalog/search.js';
import type { CliOptions } from './args.js';
import { EXIT_DISRUPTED, EXIT_OK, type CliIo } from './io.js';
import { renderCatalogTable } from './render-catalog.js';
import { painter, wantsColour } from './style.js';

/**
 * `downwatch catalog search QUERY` and `downwatch catalog list`: the built-in catalog of
 * well-known services, as a table or (--json) every field of every entry. A search that finds
 * nothing exits 1, like `detect`, so a script can tell.
 */
export function runCatalog(options: CliOptions, io: CliIo): number {
  const paint = painter(wantsColour(io.isTty, io.env));
  if (options.catalogAction === 'search') {
    const query = options.query ?? '';
    const entries = searchCatalog(CATALOG, query).map((match) => match.entry);
    if (options.json) io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
    else if (entries.length === 0)
      io.stdout(`No catalog service matches "${query}". See them all with: downwatch catalog list\n`);
    else io.stdout(renderCatalogTable(entries, paint));
    return entries.length > 0 ? EXIT_OK : EXIT_DISRUPTED;
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(CATALOG, null, 2)}\n`);
    return EXIT_OK;
  }
  const official = CATALOG.filter((entry) => entry.statusSource.type !== 'none').length;
  const categories = new Set(CATALOG.map((entry) => entry.category)).size;
  io.stdout(renderCatalogTable(CATALOG, paint));
  io.stdout(
    paint.dim(
      `\n${CATALOG.length} services in ${categories} categories (${Object.keys(CATEGORY_LABELS).join(', ')}); ` +
        `${official} with an official status source, the rest watched by their probe alone.\n` +
        'Add one with: downwatch add ID --config FILE\n',
    ),
  );
  return EXIT_OK;
}
