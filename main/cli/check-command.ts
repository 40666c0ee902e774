import { checkOnce } from '../monitor/check.js';
import { systemClock } from '../monitor/clock.js';
import { createHttpClient } from '../monitor/http/client.js';
import { silentLogger, stderrLogger } from '../monitor/logger.js';
import { environmentSecrets } from '../monitor/secrets.js';
import { isDisrupted } from '../monitor/status.js';
import type { CliOptions } from './args.js';
import { EXIT_DISRUPTED, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';
import { renderTable } from './render-table.js';
import { toJsonReport } from './render-json.js';
import { painter, wantsColour } from './style.js';

/** `downwatch check`: one round, printed, with an exit code a script can act on. */
export async function runCheck(options: CliOptions, io: CliIo): Promise<number> {
  const loaded = await loadCliConfig(options.config);
  if (!loaded.ok) {
    io.stderr(`downwatch: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  let config = loaded.config;
  if (options.services.length > 0) {
    const known = new Set(config.services.map((service) => service.id));
    const unknown = options.services.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      io.stderr(
        `downwatch: unknown service ${unknown.map((id) => `"${id}"`).join(', ')} (configured: ${[...known].join(', ')})\n`,
      );
      return EXIT_USAGE;
    }
    config = {
      ...config,
      services: config.services.filter((service) => options.services.includes(service.id)),
    };
  }
  const http = createHttpClient({ env: io.env });
  try {
    const snapshot = await checkOnce(config, {
      http,
      clock: systemClock,
      logger: options.verbose ? stderrLogger(true) : silentLogger,
      secrets: environmentSecrets(io.env),
    });
    if (options.json) io.stdout(`${JSON.stringify(toJsonReport(snapshot), null, 2)}\n`);
    else
      io.stdout(
        renderTable(snapshot, painter(wantsColour(io.isTty, io.env)), {
          columns: io.columns,
          verbose: options.verbose,
        }),
      );
    return snapshot.services.some((service) => isDisrupted(service.status)) ? EXIT_DISRUPTED : EXIT_OK;
  } finally {
    await http.close();
  }
}
