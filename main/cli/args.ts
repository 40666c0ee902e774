import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

export type Command = 'check' | 'watch' | 'validate' | 'detect' | 'catalog' | 'add' | 'help' | 'version';

export type CatalogAction = 'search' | 'list';

export interface CliOptions {
  readonly command: Command;
  readonly config: string | undefined;
  readonly json: boolean;
  readonly services: readonly string[];
  readonly notify: boolean;
  readonly stateDir: string | undefined;
  readonly verbose: boolean;
  /** detect: the page to examine. */
  readonly url: string | undefined;
  /** catalog: `search` or `list`. */
  readonly catalogAction: CatalogAction | undefined;
  /** catalog search: the words to look for. */
  readonly query: string | undefined;
  /** add: the catalog id of the service to add. */
  readonly serviceId: string | undefined;
}

type RunCommand = Exclude<Command, 'help' | 'version'>;

const COMMANDS: readonly RunCommand[] = ['check', 'watch', 'validate', 'detect', 'catalog', 'add'];

/** Which options each command takes; anything else is a usage error, not silently ignored. */
const ALLOWED: Readonly<Record<RunCommand, readonly string[]>> = {
  detect: ['json'],
  check: ['config', 'json', 'service', 'verbose'],
  watch: ['config', 'json', 'no-notify', 'state-dir', 'verbose'],
  validate: ['config'],
  catalog: ['json'],
  add: ['config'],
};

const CATALOG_ACTIONS: readonly CatalogAction[] = ['search', 'list'];

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
        service: { type: 'string', multiple: true },
        'no-notify': { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error),
    );
  }
  const { values, positionals } = parsed;
  const base = {
    config: values.config,
    json: values.json,
    services: (values.service ?? [])
      .flatMap((value) => value.split(','))
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    notify: !values['no-notify'],
    stateDir: values['state-dir'],
    verbose: values.verbose,
    url: undefined,
    catalogAction: undefined,
    query: undefined,
    serviceId: undefined,
  };
  if (values.help) return { ...base, command: 'help' };
  if (values.version) return { ...base, command: 'version' };
  const [name, ...extra] = positionals;
  if (name === undefined) return { ...base, command: 'help' };
  if (!COMMANDS.includes(name as RunCommand))
    throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.join(', ')})`);
  const command = name as RunCommand;
  const words = positionalWords(command, extra);
  const given = parsed.tokens.filter((token) => token.kind === 'option').map((token) => token.name);
  const stray = given.find((option) => !ALLOWED[command].includes(option));
  if (stray !== undefined) throw new UsageError(`--${stray} does not apply to "${command}"`);
  if (command === 'validate' && base.config === undefined)
    throw new UsageError('validate needs --config FILE');
  if (command === 'add' && base.config === undefined)
    throw new UsageError(
      `add needs --config FILE, e.g. downwatch add ${words.serviceId ?? 'github'} --config my-services.json`,
    );
  return { ...base, ...words, command };
}

type Words = Pick<CliOptions, 'url' | 'catalogAction' | 'query' | 'serviceId'>;

/** What follows the command word: a URL for detect, an action and query for catalog, an id for add. */
function positionalWords(command: RunCommand, extra: readonly string[]): Words {
  const none: Words = { url: undefined, catalogAction: undefined, query: undefined, serviceId: undefined };
  const [first, ...more] = extra;
  switch (command) {
    case 'detect':
      if (first === undefined) throw new UsageError('detect needs a URL, e.g. downwatch detect github.com');
      noMore(more);
      return { ...none, url: first };
    case 'catalog': {
      if (first === undefined)
        throw new UsageError('catalog needs "search QUERY" or "list", e.g. downwatch catalog search github');
      if (!CATALOG_ACTIONS.includes(first as CatalogAction))
        throw new UsageError(`unknown catalog action "${first}" (actions: ${CATALOG_ACTIONS.join(', ')})`);
      if (first === 'list') {
        noMore(more);
        return { ...none, catalogAction: 'list' };
      }
      // Several words are one query: `downwatch catalog search google cloud`.
      const query = more.join(' ').trim();
      if (query === '')
        throw new UsageError('catalog search needs a query, e.g. downwatch catalog search github');
      return { ...none, catalogAction: 'search', query };
    }
    case 'add':
      if (first === undefined)
        throw new UsageError('add needs a catalog id, e.g. downwatch add github --config my-services.json');
      noMore(more);
      return { ...none, serviceId: first };
    case 'check':
    case 'watch':
    case 'validate':
      noMore(extra);
      return none;
  }
}

function noMore(extra: readonly string[]): void {
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
}
