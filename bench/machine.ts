import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { sampleMs, summarize, type Stats } from './measure.js';

/** The machine the numbers came from, and how busy it was: a number without these means little. */
export interface Machine {
  readonly cpuModel: string;
  readonly logicalCpus: number;
  /** What this process may use (cgroup or affinity limits), which can be fewer than the CPUs listed. */
  readonly usableCpus: number;
  readonly ramBytes: number;
  readonly os: string;
  readonly node: string;
  /** RSS of a Node process that loads nothing: the floor under every RSS figure here. */
  readonly emptyNodeRssBytes: number;
  readonly date: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown CPU',
    logicalCpus: list.length,
    usableCpus: availableParallelism(),
    ramBytes: totalmem(),
    os: `${distribution() ?? type()} (${type()} ${release()}, ${arch()})`,
    node: process.version,
    emptyNodeRssBytes: Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.memoryUsage.rss()))'], {
        encoding: 'utf8',
      }),
    ),
    date: new Date().toISOString(),
  };
}

function distribution(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Load averages (1, 5, 15 min): other work on the machine competes with the benchmarks. */
export type Load = readonly [number, number, number];

export function currentLoad(): Load {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [one, five, fifteen];
}

/**
 * A fixed CPU-bound task timed repeatedly: on a quiet machine its times agree within a few
 * percent, so its coefficient of variation is a direct reading of how noisy the machine was.
 * Taken before and after the run, since other jobs come and go.
 */
export async function noiseProbe(runs: number): Promise<Stats> {
  const block = Buffer.alloc(64 * 1024, 7);
  const work = (): void => {
    const hash = createHash('sha256');
    for (let index = 0; index < 300; index++) hash.update(block);
    hash.digest();
  };
  work(); // warm-up
  return summarize(await sampleMs(runs, work));
}
