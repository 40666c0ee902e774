import { describe, expect, it } from 'vitest';
import { CheckGate } from '../../main/desktop/check-gate.js';

type Step = 'pause' | 'resume' | 'sleep' | 'wake';

/** Runs the steps on a gate over a recording engine; returns what the engine was told. */
function run(steps: readonly Step[]): { calls: string[]; paused: boolean } {
  const calls: string[] = [];
  const gate = new CheckGate({
    pause: () => calls.push('engine.pause'),
    resume: (graceMs) => calls.push(`engine.resume(${graceMs})`),
  });
  for (const step of steps) gate[step]();
  return { calls, paused: gate.pausedByPerson };
}

describe('CheckGate: the person and the machine both stop checks', () => {
  it.each<[string, Step[], string[], boolean]>([
    [
      'pause, then resume: checks everything at once',
      ['pause', 'resume'],
      ['engine.pause', 'engine.resume(0)'],
      false,
    ],
    ['a second pause changes nothing', ['pause', 'pause'], ['engine.pause'], true],
    ['resume without a pause changes nothing', ['resume'], [], false],
    ['sleep and wake', ['sleep', 'wake'], ['engine.pause', 'engine.resume(0)'], false],
    ['a wake keeps the person’s pause', ['pause', 'sleep', 'wake'], ['engine.pause'], true],
    [
      'resuming while asleep waits for the wake',
      ['sleep', 'pause', 'resume', 'wake'],
      ['engine.pause', 'engine.resume(0)'],
      false,
    ],
    [
      'pausing while asleep keeps checks off after the wake',
      ['sleep', 'pause', 'wake'],
      ['engine.pause'],
      true,
    ],
    ['a wake without a suspend still checks everything', ['wake'], ['engine.resume(0)'], false],
    ['a second sleep changes nothing', ['sleep', 'sleep'], ['engine.pause'], false],
  ])('%s', (_name, steps, calls, paused) => {
    expect(run(steps)).toEqual({ calls, paused });
  });
});
