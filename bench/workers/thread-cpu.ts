import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time per thread of this process, from /proc (Linux): process.cpuUsage() counts every
 * thread, and part of it may be V8's background threads (concurrent GC marking and sweeping,
 * optimising compilers) rather than the JavaScript itself; this says how much.
 * Grouped as "main thread", "V8 workers" (V8Worker: GC, compilers) and "other" (libuv's pool,
 * the inspector's signal thread); empty where /proc is missing.
 */
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux platform Node supports.

export type ThreadCpu = Record<string, number>;

export function threadCpuMs(): ThreadCpu {
  const totals: ThreadCpu = {};
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return totals;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const group =
        tid === String(process.pid) ? 'main thread' : name.startsWith('V8') ? 'V8 workers' : 'other';
      totals[group] = (totals[group] ?? 0) + (ticks * 1000) / TICKS_PER_SECOND;
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return totals;
}

export function threadCpuSince(before: ThreadCpu): ThreadCpu {
  const now = threadCpuMs();
  return Object.fromEntries(Object.entries(now).map(([group, ms]) => [group, ms - (before[group] ?? 0)]));
}
