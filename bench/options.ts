import { parseArgs } from 'node:util';

/**
 * What one `npm run bench` measures. The full run is the default and the one whose numbers are
 * quoted; `--quick` shrinks every size so a change can be checked in a few minutes on a busy
 * machine, and the report says which mode produced it.
 */
export type Mode = 'full' | 'quick';

export const SECTIONS = ['engine', 'steady', 'parsing', 'ui'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  readonly mode: Mode;
  readonly sections: readonly Section[];
  /** Where the report is written (besides stdout); undefined: nowhere. */
  readonly output: string | undefined;
  readonly engine: {
    readonly sizes: readonly number[];
    /** Fresh processes per variant and size; each does a warm-up round first. */
    readonly runs: number;
    readonly concurrency: number;
  };
  readonly steady: {
    readonly sources: number;
    readonly intervalSeconds: number;
    /** Whole intervals measured after the first round has ended. */
    readonly intervals: number;
  };
  readonly parsing: {
    /** Samples per payload below 100 KB, and for the large ones. */
    readonly smallRuns: number;
    readonly largeRuns: number;
  };
  readonly ui: { readonly sizes: readonly number[]; readonly runs: number };
}

const FULL: Omit<BenchOptions, 'sections' | 'output'> = {
  mode: 'full',
  engine: { sizes: [100, 1000, 5000], runs: 5, concurrency: 8 },
  steady: { sources: 1000, intervalSeconds: 60, intervals: 3 },
  parsing: { smallRuns: 200, largeRuns: 30 },
  ui: { sizes: [50, 500], runs: 7 },
};

const QUICK: Omit<BenchOptions, 'sections' | 'output'> = {
  mode: 'quick',
  engine: { sizes: [100, 1000], runs: 3, concurrency: 8 },
  // Still 1,000 sources at 60 s (the target is stated for that), but one interval, not three.
  steady: { sources: 1000, intervalSeconds: 60, intervals: 1 },
  parsing: { smallRuns: 50, largeRuns: 10 },
  ui: { sizes: [50, 500], runs: 3 },
};

const USAGE = `usage: node dist/bench/run.js [--quick] [--only engine,steady,parsing,ui] [--no-write]

  --quick      smaller sizes, one steady-state interval, fewer runs (for development)
  --only       run only these sections (the report says which ran)
  --no-write   print the report without writing BENCHMARKS.md`;

export function parseOptions(argv: readonly string[], defaultOutput: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sections = values.only === undefined ? [...SECTIONS] : values.only.split(',').map(toSection);
  return {
    ...(values.quick ? QUICK : FULL),
    sections,
    output: values['no-write'] ? undefined : defaultOutput,
  };
}

function toSection(name: string): Section {
  const found = SECTIONS.find((section) => section === name.trim());
  if (!found) throw new Error(`unknown section "${name}"; expected one of ${SECTIONS.join(', ')}\n${USAGE}`);
  return found;
}
