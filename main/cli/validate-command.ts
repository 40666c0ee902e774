import type { CliOptions } from './args.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

/** `downwatch validate --config FILE`: every problem at once, each with its field path. */
export async function runValidate(options: CliOptions, io: CliIo): Promise<number> {
  const loaded = await loadCliConfig(options.config);
  if (!loaded.ok) {
    io.stderr(`downwatch: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  const services = loaded.config.services;
  const sources = services.reduce((sum, service) => sum + service.sources.length, 0);
  io.stdout(`${options.config ?? 'config'} is valid: ${services.length} services, ${sources} sources.\n`);
  return EXIT_OK;
}
