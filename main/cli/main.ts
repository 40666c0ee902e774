import { VERSION } from '../monitor/version.js';
import { runAdd } from './add-command.js';
import { parseCliArgs } from './args.js';
import { runCatalog } from './catalog-command.js';
import { runCheck } from './check-command.js';
import { runDetect } from './detect-command.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.js';
import { USAGE } from './usage.js';
import { runValidate } from './validate-command.js';
import { runWatch, type WatchDeps } from './watch-command.js';

/** The `downwatch` command: parse, dispatch, and turn usage mistakes into exit code 2. */
export async function main(
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal,
  watchDeps: Omit<WatchDeps, 'signal'> = {},
): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`downwatch: ${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  switch (options.command) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    case 'version':
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    case 'check':
      return runCheck(options, io);
    case 'validate':
      return runValidate(options, io);
    case 'detect':
      return runDetect(options, io);
    case 'watch':
      return runWatch(options, io, { ...watchDeps, signal });
    case 'catalog':
      return runCatalog(options, io);
    case 'add':
      return runAdd(options, io);
  }
}
