import { detectSources, parseDetectInput } from '../monitor/detect.js';
import { createHttpClient } from '../monitor/http/client.js';
import type { CliOptions } from './args.js';
import { EXIT_DISRUPTED, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

/**
 * `downwatch detect URL`: which status formats a page speaks, as configs ready to paste into a
 * service's `sources`. Exit 0 when something was found, 1 when nothing was, 2 for a bad URL.
 */
export async function runDetect(options: CliOptions, io: CliIo): Promise<number> {
  const input = parseDetectInput(options.url ?? '');
  if (!input.ok) {
    io.stderr(`downwatch: ${input.message}\n`);
    return EXIT_USAGE;
  }
  const http = createHttpClient({ env: io.env });
  try {
    const result = await detectSources(input.url, { http });
    if (options.json) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else if (result.matches.length === 0) {
      io.stdout(`No status page format found at ${result.candidates.join(', ')}.\n`);
    } else {
      const [best, ...others] = result.matches;
      if (best) io.stdout(`${best.foundAt} speaks ${best.title}:\n${JSON.stringify(best.config, null, 2)}\n`);
      for (const other of others)
        io.stdout(`\nAlso ${other.title} at ${other.foundAt}:\n${JSON.stringify(other.config, null, 2)}\n`);
    }
    if (!options.json && result.probe)
      io.stdout(`\nA probe of the page itself:\n${JSON.stringify(result.probe, null, 2)}\n`);
    return result.matches.length > 0 ? EXIT_OK : EXIT_DISRUPTED;
  } finally {
    await http.close();
  }
}
