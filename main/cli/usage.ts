export const USAGE = `Usage: downwatch <command> [options]

Commands:
  check                  Check every service once and print the verdicts.
  watch                  Keep checking; print events as they happen and raise desktop notifications.
  validate               Check a config file and report every problem with its field path.
  detect URL             Find which status formats a page speaks and print ready source configs.
  catalog search QUERY   Find well-known services in the built-in catalog (name, alias, category).
  catalog list           List every service in the catalog.
  add ID --config FILE   Add a catalog service to a config file (created if it does not exist).

Options:
  --config FILE     A config file (JSON). Without it, a built-in set of well-known services.
  --json            check: the snapshot as JSON; watch: events as JSON lines; detect, catalog: JSON.
  --service ID      check: only this service (repeat, or separate ids with commas).
  --no-notify       watch: print events only, no desktop notifications.
  --state-dir DIR   watch: where history is kept (default: the platform's state folder).
  --verbose         Show every source's reading, and log what the engine does.
  -h, --help        Show this help.
  -v, --version     Show the version.

Exit status: 0 when nothing is degraded or worse, 1 when any service is (detect, catalog
search: when nothing was found), 2 for a usage or config error (add: nothing was written).`;
