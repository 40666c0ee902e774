import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

export type Command = 'check' | 'watch' | 'validate' | 'detect' | 'help' | 'version';

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
}

const COMMANDS: readonly Command[] = ['check', 'watch', 'validate', 'detect'];

/** Which options each command takes; anything else is a usage error, not silently ignored. */
const ALLOWED: Readonly<Record<'check' | 'watch' | 'validate' | 'detect', readonly string[]>> = {
  detect: ['json'],
  check: ['config', 'json', 'service', 'verbose'],
  watch: ['config', 'json', 'no-notify', 'state-dir', 'verbose'],
  validate: ['config'],
};

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
  };
  if (values.help) return { ...base, command: 'help' };
  if (values.version) return { ...base, command: 'version' };
  const [name, ...extra] = positionals;
  if (name === undefined) return { ...base, command: 'help' };
  if (!COMMANDS.includes(name as Command))
    throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.join(', ')})`);
  const command = name as keyof typeof ALLOWED;
  const [url, ...more] = command === 'detect' ? extra : [undefined, ...extra];
  if (command === 'detect' && url === undefined)
    throw new UsageError('detect needs a URL, e.g. downwatch detect github.com');
  if (more.length > 0) throw new UsageError(`unexpected argument "${more[0] ?? ''}"`);
  const given = parsed.tokens.filter((token) => token.kind === 'option').map((token) => token.name);
  const stray = given.find((option) => !ALLOWED[command].includes(option));
  if (stray !== undefined) throw new UsageError(`--${stray} does not apply to "${command}"`);
  if (command === 'validate' && base.config === undefined)
    throw new UsageError('validate needs --config FILE');
  return { ...base, command, url };
}
