import type { Clock, TimerHandle } from './clock.js';
import type { Logger } from './logger.js';
import { Semaphore } from './semaphore.js';

/**
 * Runs tasks on their own intervals (DESIGN.md, step 1), the Uptime Kuma way done right:
 * - self-rescheduling timers: the next run is planned when a run ends, so a task never
 *   overlaps itself;
 * - no drift: runs are planned on a fixed grid (start + k × interval), not "end + interval";
 *   after a long stall (sleep, a slow run) the grid is moved to now instead of catching up in a
 *   burst;
 * - wall-clock jumps move the grid with them: timers run on elapsed time but the grid is wall
 *   time, so a clock set back 3 h would otherwise plan the next run 3 h out (a stall), and one
 *   set forward would make every source run twice in a row (the run, then a "missed" point);
 * - jitter around the grid, so a thousand sources do not fire in the same millisecond;
 * - staggered first runs, a global concurrency cap, pause and resume.
 */

export interface RunResult {
  /** Run again after this long instead of at the next grid point (confirmation, Retry-After, backoff). */
  readonly nextDelayMs?: number | undefined;
}

export interface ScheduledTask {
  readonly key: string;
  readonly intervalMs: number;
  run(signal: AbortSignal): Promise<RunResult | undefined>;
}

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxConcurrent: number;
  /** In [0, 1); injected so tests are deterministic. */
  readonly random?: () => number;
  /** Jitter as a fraction of the interval, either way. */
  readonly jitter?: number;
  /** First runs are spread over this long (or the shortest interval, if shorter). */
  readonly staggerMs?: number;
}

/**
 * A timer firing this much later or earlier by the wall clock than planned means the wall clock
 * was moved (or the process was stalled that long): the grid is moved by as much. Smaller
 * differences are event-loop lateness and leave the grid alone.
 */
const WALL_JUMP_TOLERANCE_MS = 1000;

interface TaskState {
  task: ScheduledTask;
  /** The grid point the next run belongs to (before jitter). */
  nominalAt: number;
  timer: TimerHandle | undefined;
  running: Promise<void> | undefined;
  rerunRequested: boolean;
}

export class Scheduler {
  readonly #tasks = new Map<string, TaskState>();
  readonly #slots: Semaphore;
  readonly #abort = new AbortController();
  readonly #random: () => number;
  readonly #jitter: number;
  readonly #staggerMs: number;
  #paused = false;
  #stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.#slots = new Semaphore(options.maxConcurrent);
    this.#random = options.random ?? Math.random;
    this.#jitter = options.jitter ?? 0.1;
    this.#staggerMs = options.staggerMs ?? 10_000;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Adds new tasks (first runs staggered), updates kept ones, drops the rest. */
  setTasks(tasks: readonly ScheduledTask[]): void {
    const wanted = new Map(tasks.map((task) => [task.key, task]));
    for (const [key, state] of this.#tasks) {
      if (!wanted.has(key)) {
        state.timer?.cancel();
        this.#tasks.delete(key);
      }
    }
    const added: TaskState[] = [];
    for (const task of tasks) {
      const existing = this.#tasks.get(task.key);
      if (existing) {
        existing.task = task;
        continue;
      }
      const state: TaskState = {
        task,
        nominalAt: 0,
        timer: undefined,
        running: undefined,
        rerunRequested: false,
      };
      this.#tasks.set(task.key, state);
      added.push(state);
    }
    if (!this.#paused) this.#staggerFirstRuns(added, 0);
  }

  /** Stops planning runs; runs under way finish. */
  pause(): void {
    this.#paused = true;
    for (const state of this.#tasks.values()) {
      state.timer?.cancel();
      state.timer = undefined;
    }
  }

  /** Plans every task again, shortly after `graceMs`, staggered: "check everything after wake". */
  resume(graceMs = 0): void {
    if (this.#stopped || !this.#paused) return;
    this.#paused = false;
    this.#staggerFirstRuns([...this.#tasks.values()], graceMs);
  }

  /** Runs the given tasks (all when omitted) now; one already running runs again when done. */
  runNow(keys?: readonly string[]): void {
    if (this.#stopped) return;
    for (const state of this.#select(keys)) {
      if (state.running) {
        state.rerunRequested = true;
        continue;
      }
      state.timer?.cancel();
      state.nominalAt = this.options.clock.now();
      this.#execute(state);
    }
  }

  /** Cancels everything and resolves when runs under way have ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    const running: Promise<void>[] = [];
    for (const state of this.#tasks.values()) {
      state.timer?.cancel();
      if (state.running) running.push(state.running);
    }
    await Promise.allSettled(running);
  }

  /** When each task runs next (epoch ms), for tests and diagnostics. */
  plannedRuns(): Map<string, number | 'running'> {
    const plan = new Map<string, number | 'running'>();
    for (const [key, state] of this.#tasks) plan.set(key, state.running ? 'running' : state.nominalAt);
    return plan;
  }

  #select(keys: readonly string[] | undefined): TaskState[] {
    if (!keys) return [...this.#tasks.values()];
    return keys.flatMap((key) => this.#tasks.get(key) ?? []);
  }

  #staggerFirstRuns(states: readonly TaskState[], afterMs: number): void {
    if (states.length === 0) return;
    const shortest = Math.min(...states.map((state) => state.task.intervalMs));
    const spread = Math.min(this.#staggerMs, shortest);
    const now = this.options.clock.now();
    states.forEach((state, index) => {
      const offset = afterMs + Math.floor((spread * index) / states.length);
      state.nominalAt = now + offset;
      this.#plan(state, offset);
    });
  }

  #plan(state: TaskState, delayMs: number): void {
    state.timer?.cancel();
    const delay = Math.max(0, delayMs);
    const dueAt = this.options.clock.now() + delay;
    state.timer = this.options.clock.setTimer(delay, () => {
      state.timer = undefined;
      const skew = this.options.clock.now() - dueAt;
      if (Math.abs(skew) > WALL_JUMP_TOLERANCE_MS) state.nominalAt += skew;
      this.#execute(state);
    });
  }

  #execute(state: TaskState): void {
    if (this.#stopped || state.running) return;
    state.running = (async () => {
      let result: RunResult | undefined;
      const release = await this.#slots.acquire();
      try {
        if (!this.#stopped) result = await state.task.run(this.#abort.signal);
      } catch (error) {
        this.options.logger.error(`task ${state.task.key} failed`, {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        release();
      }
      state.running = undefined;
      this.#afterRun(state, result);
    })();
  }

  #afterRun(state: TaskState, result: RunResult | undefined): void {
    if (this.#stopped || this.#tasks.get(state.task.key) !== state) return;
    if (state.rerunRequested) {
      state.rerunRequested = false;
      if (!this.#paused) this.runNow([state.task.key]);
      return;
    }
    if (this.#paused) return;
    const now = this.options.clock.now();
    const { intervalMs } = state.task;
    if (result?.nextDelayMs !== undefined) {
      state.nominalAt = now + result.nextDelayMs;
      this.#plan(state, result.nextDelayMs);
      return;
    }
    state.nominalAt += intervalMs;
    // Missed grid points (sleep, a stall) are skipped, not made up in a burst.
    if (state.nominalAt < now) state.nominalAt = now;
    // Only the wall clock going back during the run can put the next point further than an
    // interval (and its jitter) away; waiting for it would stall the task for as long.
    if (state.nominalAt > now + intervalMs * (1 + this.#jitter)) state.nominalAt = now + intervalMs;
    const jitter = (this.#random() * 2 - 1) * this.#jitter * intervalMs;
    this.#plan(state, state.nominalAt + jitter - now);
  }
}
