import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Reading } from '../../../main/monitor/reading.js';
import { SPLICE_SOURCES } from './all-targets.js';
import { fixtureBytes, targetPayload, type AnswerChange } from './answers.js';
import type { FuzzTarget } from './fuzz-target.js';
import { applyMutation, payloadMutation, type PayloadMutation } from './mutations.js';
import { readingProblems } from './reading-schema.js';
import type { FuzzSettings } from './settings.js';

/**
 * The property every parser must keep: whatever bytes arrive, `read` resolves (no throw, no
 * hang) to a valid Reading. `read` feeds one body to the target's source; the in-memory and
 * loopback tests pass their own.
 */
export type ReadBody = (target: FuzzTarget, body: Buffer, answer?: AnswerChange) => Promise<Reading>;

/**
 * A read taking this long is a hang, not a slow parse: the payloads are a few hundred KB at
 * most and a read takes milliseconds, so this is far above any machine's noise.
 */
export const HANG_MS = 10_000;

/**
 * A read that never returns (a synchronous loop) cannot be caught from the same thread, and a
 * runaway allocation kills the process before fast-check can report. With DOWNWATCH_FUZZ_TRACE
 * set to a folder, each run first writes its target and mutation to `<pid>.json` there, and the
 * file is removed when the property ends: a file that stops changing names the input a stuck
 * process is on, and its process. The long run (scripts/fuzz-long.ts) watches these files.
 */
function traceFile(): string | undefined {
  const folder = process.env.DOWNWATCH_FUZZ_TRACE;
  return folder ? join(folder, `${process.pid}.json`) : undefined;
}

function trace(target: FuzzTarget, mutation: PayloadMutation): void {
  const file = traceFile();
  if (file) writeFileSync(file, `${JSON.stringify({ target: target.name, mutation })}\n`);
}

async function check(
  target: FuzzTarget,
  read: ReadBody,
  payload: Buffer,
  mutation: PayloadMutation,
  hangMs: number,
): Promise<void> {
  trace(target, mutation);
  const body = applyMutation(payload, mutation, (fixture) => fixtureBytes(fixture));
  const started = performance.now();
  let reading: Reading;
  try {
    reading = await read(target, body, mutation.answer);
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`${target.source}.read threw instead of returning a reading:\n${stack}`, {
      cause: error,
    });
  }
  const elapsedMs = performance.now() - started;
  if (elapsedMs > hangMs) throw new Error(`${target.source}.read took ${Math.round(elapsedMs)} ms: a hang`);
  const problems = readingProblems(reading);
  if (problems !== undefined) {
    const shown = JSON.stringify(reading, (_key, value: unknown) =>
      typeof value === 'function' ? `[function ${(value as { name?: string }).name ?? ''}]` : value,
    );
    throw new Error(
      `${target.source}.read returned an invalid reading:\n${problems}\n${shown.slice(0, 1500)}`,
    );
  }
}

/**
 * Runs the property for one target; on failure throws fast-check's report (seed, path, the
 * shrunk mutation, the error) with the environment that replays it.
 */
export async function fuzzTarget(
  target: FuzzTarget,
  read: ReadBody,
  settings: FuzzSettings & { readonly numRuns: number; readonly hangMs?: number },
): Promise<void> {
  const payload = targetPayload(target);
  const hangMs = settings.hangMs ?? HANG_MS;
  const property = fc.asyncProperty(payloadMutation(payload, SPLICE_SOURCES), (mutation) =>
    check(target, read, payload, mutation, hangMs),
  );
  const details = await fc.check(property, {
    numRuns: settings.numRuns,
    // The payload exactly as captured comes first: a parser must read the real thing.
    examples: [[{}]],
    timeout: hangMs,
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    ...(settings.path !== undefined ? { path: settings.path } : {}),
    ...(settings.seconds !== undefined
      ? { interruptAfterTimeLimit: settings.seconds * 1000, markInterruptAsFailure: false }
      : {}),
  });
  const file = traceFile();
  if (file) rmSync(file, { force: true });
  if (!details.failed) return;
  const replay = `replay: DOWNWATCH_FUZZ_SEED=${details.seed} DOWNWATCH_FUZZ_PATH=${details.counterexamplePath ?? ''} npx vitest run test/reliability/fuzz -t '${target.name}'`;
  const error =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${target.name}\n${fc.defaultReportMessage(details) ?? 'property failed'}\n${error}\n${replay}`,
  );
}
