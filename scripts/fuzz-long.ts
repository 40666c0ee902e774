import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startVitest } from 'vitest/node';

/**
 * The long fuzz run: the properties of test/reliability/fuzz (every real payload, mutated, fed to
 * every source that reads it) with many runs instead of `npm test`'s few. After a build:
 *
 *   node dist/scripts/fuzz-long.js [--runs 20000] [--seconds 60] [--hang-seconds 120]
 *
 * --runs is per target and property (the loopback property runs a tenth); --seconds stops each
 * property after that long instead, counting what ran. A failure prints fast-check's seed and
 * path, which replay it: DOWNWATCH_FUZZ_SEED=… DOWNWATCH_FUZZ_PATH=… npx vitest run test/reliability/fuzz.
 *
 * A parser stuck in a synchronous loop cannot report itself. Each test process writes the input
 * it is on to a file of its own (DOWNWATCH_FUZZ_TRACE); when one stops changing for
 * --hang-seconds, this script prints that input and kills the stuck process, which fails the run.
 */

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20000' },
    seconds: { type: 'string' },
    'hang-seconds': { type: 'string', default: '120' },
  },
});

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`fuzz-long: --${name} must be a positive number`);
  return value;
}

/** The repository: found from this file, so the script runs from scripts/ and dist/scripts/ alike. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'reliability', 'fuzz'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('fuzz-long: no test/reliability/fuzz above the script');
    dir = parent;
  }
  return dir;
}

const runs = positive('runs', values.runs) ?? 20_000;
const seconds = positive('seconds', values.seconds);
const hangMs = (positive('hang-seconds', values['hang-seconds']) ?? 120) * 1000;
const traces = mkdtempSync(join(tmpdir(), 'downwatch-fuzz-'));

// Read by test/reliability/fuzz/settings.ts and property.ts in the test processes, which inherit them.
process.env.DOWNWATCH_FUZZ_RUNS = String(Math.round(runs));
if (seconds !== undefined) process.env.DOWNWATCH_FUZZ_SECONDS = String(seconds);
process.env.DOWNWATCH_FUZZ_TRACE = traces;

/** Kills a test process whose trace has not moved for hangMs, after saying what it was reading. */
function watchForHangs(): void {
  for (const name of readdirSync(traces)) {
    const file = join(traces, name);
    const pid = Number(name.replace(/\.json$/, ''));
    let age: number;
    let input: string;
    try {
      age = Date.now() - statSync(file).mtimeMs;
      input = readFileSync(file, 'utf8').trim();
    } catch {
      continue; // finished and removed meanwhile
    }
    if (age < hangMs || !Number.isInteger(pid)) continue;
    console.error(`fuzz-long: process ${pid} has been on one input for ${Math.round(age / 1000)} s, a hang:`);
    console.error(input.slice(0, 4000));
    process.exitCode = 1;
    rmSync(file, { force: true });
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

const watchdog = setInterval(watchForHangs, 5000);
console.log(
  `fuzz-long: ${Math.round(runs)} runs per target${seconds !== undefined ? `, at most ${seconds} s per property` : ''}`,
);
try {
  const vitest = await startVitest(['test/reliability/fuzz'], {
    root: repositoryRoot(),
    run: true,
    watch: false,
  });
  if (vitest.state.getCountOfFailedTests() > 0) process.exitCode = 1;
} finally {
  clearInterval(watchdog);
  rmSync(traces, { recursive: true, force: true });
}
