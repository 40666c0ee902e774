import { readFile } from 'node:fs/promises';
import { CATALOG, catalogEntry } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/schema.js';
import { catalogService } from '../catalog/service.js';
import { suggestEntries } from '../catalog/suggest.js';
import { readErrorText } from '../monitor/config/load.js';
import { writeFileAtomic } from '../monitor/files/safe-file.js';
import { errorCode } from '../monitor/http/errors.js';
import { appendService } from './add-to-config.js';
import type { CliOptions } from './args.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

/**
 * `downwatch add ID --config FILE`: a catalog service appended to a config file, created when
 * missing. Written atomically, so a crash leaves the old file or the new one; every refusal
 * (unknown id, id already there, invalid file) leaves the file untouched and exits 2.
 */
export async function runAdd(options: CliOptions, io: CliIo): Promise<number> {
  const id = options.serviceId ?? '';
  const path = options.config ?? '';
  const entry = catalogEntry(id);
  if (!entry) {
    io.stderr(`downwatch: ${unknownIdText(id, suggestEntries(CATALOG, id))}\n`);
    return EXIT_USAGE;
  }
  const text = await readExisting(path);
  if (typeof text === 'object') {
    io.stderr(`downwatch: ${path}: ${text.problem}\n`);
    return EXIT_USAGE;
  }
  const service = catalogService(entry);
  const appended = appendService(text, service, path);
  if (!appended.ok) {
    io.stderr(`downwatch: ${appended.message}\n`);
    return EXIT_USAGE;
  }
  try {
    await writeFileAtomic(path, appended.text);
  } catch (error) {
    io.stderr(`downwatch: could not write ${path}: ${readErrorText(error)}\n`);
    return EXIT_USAGE;
  }
  const where = appended.created ? `a new config, ${path}` : `${path} (now ${appended.services} services)`;
  io.stdout(`Added ${entry.name} (${entry.id}) to ${where}:\n${sourceLines(entry)}\n`);
  io.stdout(`Check it with: downwatch check --config ${path} --service ${entry.id}\n`);
  return EXIT_OK;
}

/** The file's text, undefined when it does not exist yet, or why it could not be read. */
async function readExisting(path: string): Promise<string | undefined | { problem: string }> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    return { problem: readErrorText(error) };
  }
}

function unknownIdText(id: string, suggestions: readonly CatalogEntry[]): string {
  const base = `"${id}" is not in the catalog`;
  if (suggestions.length === 0) return `${base}. Search it with: downwatch catalog search ${id}`;
  const names = suggestions.map((entry) => `${entry.id} (${entry.name})`).join(', ');
  return `${base}. Did you mean: ${names}?`;
}

function sourceLines(entry: CatalogEntry): string {
  const source = entry.statusSource;
  const official =
    source.type === 'none'
      ? '  official: none (the vendor publishes no status page Downwatch can read)'
      : `  official: ${source.type} ${source.url}${'components' in source && source.components ? ` (${source.components.join(', ')})` : ''}`;
  return `${official}\n  probe: ${entry.probe.url}`;
}
