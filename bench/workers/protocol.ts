/**
 * What the bench workers print (one JSON line at the end) and how the parent reads it back:
 * the child's output is an edge like any other, so it is checked, not cast.
 */

/** One measured round in a fresh process (workers/round.ts). */
export interface RoundResult {
  readonly wallMs: number;
  /** User + system CPU of the whole process (every thread) during the measured round. */
  readonly cpuMs: number;
  /** The kernel's part of cpuMs: on loopback, mostly sending requests and waking the server. */
  readonly systemMs: number;
  /** The part of cpuMs on V8's helper threads (concurrent GC, optimising compilers). */
  readonly v8ThreadsMs: number;
  /** The process's high-water mark, warm-up round included (getrusage ru_maxrss). */
  readonly maxRssBytes: number;
  /** RSS once modules are loaded and the config parsed, before any round. */
  readonly startRssBytes: number;
  /** Requests that did not end in a 200 / an operational reading; anything but 0 voids the run. */
  readonly failures: number;
}

/** Continuous mode over whole intervals (workers/steady.ts). */
export interface SteadyResult {
  /** From start() to the end of the first round (every source read once). */
  readonly firstRoundMs: number;
  readonly firstRoundCpuMs: number;
  readonly windowMs: number;
  readonly windowUserMs: number;
  /** Kernel time: on loopback, mostly sending requests and waking the server process. */
  readonly windowSystemMs: number;
  /** CPU per interval, as a fraction of one core. */
  readonly intervalCpu: readonly number[];
  /** Window CPU by thread group ("main thread", "V8 workers", "other"); empty off Linux. */
  readonly threadMs: Readonly<Record<string, number>>;
  /** RSS sampled every second in the window. */
  readonly rssAverageBytes: number;
  readonly rssPeakBytes: number;
  /** The process's high-water mark, first round included. */
  readonly maxRssBytes: number;
  /** RSS with modules loaded and the config parsed, before the first poll. */
  readonly startRssBytes: number;
  /** Heap used plus external memory (typed arrays, buffers) after a full GC at the end of the window. */
  readonly liveHeapBytes: number;
  readonly requestsInWindow: number;
  /** Sources failing at the end; anything but 0 means the loopback server failed them. */
  readonly failures: number;
}

export function printResult(result: RoundResult | SteadyResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function parseRoundResult(value: unknown): RoundResult {
  return numbers(value, [
    'wallMs',
    'cpuMs',
    'systemMs',
    'v8ThreadsMs',
    'maxRssBytes',
    'startRssBytes',
    'failures',
  ]);
}

export function parseSteadyResult(value: unknown): SteadyResult {
  const record = numbers(value, [
    'firstRoundMs',
    'firstRoundCpuMs',
    'windowMs',
    'windowUserMs',
    'windowSystemMs',
    'rssAverageBytes',
    'rssPeakBytes',
    'maxRssBytes',
    'startRssBytes',
    'liveHeapBytes',
    'requestsInWindow',
    'failures',
  ]);
  const intervalCpu = (value as { intervalCpu?: unknown }).intervalCpu;
  if (!Array.isArray(intervalCpu) || !intervalCpu.every((item) => typeof item === 'number'))
    throw new Error('steady worker: intervalCpu is not a list of numbers');
  const threadMs = (value as { threadMs?: unknown }).threadMs;
  if (
    typeof threadMs !== 'object' ||
    threadMs === null ||
    !Object.values(threadMs).every((item) => typeof item === 'number')
  )
    throw new Error('steady worker: threadMs is not a record of numbers');
  return { ...record, intervalCpu, threadMs: threadMs as Record<string, number> };
}

function numbers<K extends string>(value: unknown, keys: readonly K[]): Record<K, number> {
  if (typeof value !== 'object' || value === null) throw new Error('bench worker result is not an object');
  const record = value as Record<string, unknown>;
  const result = {} as Record<K, number>;
  for (const key of keys) {
    const field = record[key];
    if (typeof field !== 'number' || !Number.isFinite(field))
      throw new Error(`bench worker result: ${key} is not a number`);
    result[key] = field;
  }
  return result;
}
