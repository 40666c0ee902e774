/** Statistics and formatting for the report: medians with their spread, so noise shows. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Coefficient of variation (standard deviation / mean): how noisy the runs were. */
  readonly cv: number;
}

export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) return { median: 0, min: 0, max: 0, mean: 0, cv: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const variance = sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / sorted.length;
  return {
    median,
    min: sorted[0] ?? 0,
    max: sorted.at(-1) ?? 0,
    mean,
    cv: mean === 0 ? 0 : Math.sqrt(variance) / mean,
  };
}

/** Times `task` once per run; every run is one sample (no batching, so min–max is real). */
export async function sampleMs(runs: number, task: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return samples;
}

export function formatMs(ms: number): string {
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatRange(stats: Stats, format: (value: number) => string = formatMs): string {
  return `${format(stats.min)} – ${format(stats.max)}`;
}

export function formatMb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

export function formatKb(bytes: number): string {
  return bytes < 10 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${Math.round(bytes / 1024)} KB`;
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** A target's verdict as the tables show it; never rounded in the target's favour. */
export function met(ok: boolean): string {
  return ok ? '✓' : '✗';
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
