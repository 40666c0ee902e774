/**
 * How hard to fuzz, from the environment, so `npm test` runs a bounded number and the long run
 * (scripts/fuzz-long.ts) the same properties for as long as it is given:
 *
 * - DOWNWATCH_FUZZ_RUNS: runs per target and property (default 25);
 * - DOWNWATCH_FUZZ_SECONDS: stop each property after this long, counting what ran as a pass;
 * - DOWNWATCH_FUZZ_SEED and DOWNWATCH_FUZZ_PATH: replay a failure as fast-check printed it.
 */
export interface FuzzSettings {
  readonly runs: number;
  /** Runs through the real HTTP client on loopback: a tenth, at least 5. */
  readonly loopbackRuns: number;
  readonly seconds?: number;
  readonly seed?: number;
  readonly path?: string;
}

export const DEFAULT_RUNS = 25;

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`${name} must be a positive number, not "${value}"`);
  return number;
}

export function fuzzSettings(env: Readonly<Record<string, string | undefined>> = process.env): FuzzSettings {
  const runs = Math.round(positiveNumber(env.DOWNWATCH_FUZZ_RUNS, 'DOWNWATCH_FUZZ_RUNS') ?? DEFAULT_RUNS);
  const seconds = positiveNumber(env.DOWNWATCH_FUZZ_SECONDS, 'DOWNWATCH_FUZZ_SECONDS');
  const seedText = env.DOWNWATCH_FUZZ_SEED?.trim();
  const seed = seedText ? Number(seedText) : undefined;
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`DOWNWATCH_FUZZ_SEED must be an integer, not "${seedText ?? ''}"`);
  const path = env.DOWNWATCH_FUZZ_PATH?.trim() || undefined;
  return {
    runs,
    loopbackRuns: Math.max(5, Math.round(runs / 10)),
    ...(seconds !== undefined ? { seconds } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** A test's time limit: the default for bounded runs, none for a long run that sets its own. */
export function testTimeoutMs(settings: FuzzSettings): number {
  if (settings.seconds !== undefined) return (settings.seconds * 2 + 60) * 1000;
  return settings.runs > DEFAULT_RUNS * 4 ? 0 : 60_000;
}
