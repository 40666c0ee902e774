import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import { serveTarget, targetPayload } from './answers.js';
import { payloadClient } from './payload-client.js';
import { fuzzTarget, type ReadBody } from './property.js';
import { readTarget } from './read-target.js';
import { REAL_TARGETS } from './real-targets.js';

/**
 * The property can fail: a source that throws, hangs or returns a broken reading on some inputs
 * is caught, with the seed and path that replay it. Each case wraps the real statuspage read
 * and misbehaves only when the body was cut short, as a parser bug would on truncated input.
 */

const target = REAL_TARGETS['statuspage/github-summary-all-operational-2019.json']![0]!;
const whole = targetPayload(target).length;
const realRead: ReadBody = (fuzzed, body, answer) =>
  readTarget(fuzzed, payloadClient(serveTarget(fuzzed, body, answer)), 'http://status.fuzz.test');

function misbehavingOnShortBodies(misbehave: (reading: Reading) => Promise<Reading>): ReadBody {
  return async (fuzzed, body, answer) => {
    const reading = await realRead(fuzzed, body, answer);
    return body.length < whole ? misbehave(reading) : reading;
  };
}

const cases: [string, ReadBody, RegExp][] = [
  [
    'throws',
    misbehavingOnShortBodies(() => Promise.reject(new TypeError('cannot read properties of undefined'))),
    /statuspage\.read threw instead of returning a reading:\nTypeError: cannot read properties of undefined/,
  ],
  [
    'returns a status off the ladder',
    misbehavingOnShortBodies((reading) =>
      Promise.resolve({ ...reading, status: 'fine' as Reading['status'] }),
    ),
    /returned an invalid reading:\nstatus:/,
  ],
  [
    'returns an empty detail',
    misbehavingOnShortBodies((reading) => Promise.resolve({ ...reading, detail: '' })),
    /detail: an empty detail/,
  ],
  [
    'never settles',
    misbehavingOnShortBodies(() => new Promise<Reading>(() => undefined)),
    /timeout|Timeout|hang/,
  ],
];

describe('the fuzz property', () => {
  it.each(cases)('fails, with a replayable seed, for a source that %s', async (_name, read, problem) => {
    const run = fuzzTarget(target, read, { runs: 200, loopbackRuns: 0, numRuns: 200, hangMs: 300 });
    await expect(run).rejects.toThrow(problem);
    await expect(run).rejects.toThrow(/seed: -?\d+, path: "[\d:]+"[\s\S]*replay: DOWNWATCH_FUZZ_SEED=/);
  });

  it('passes for the real source', async () => {
    await expect(
      fuzzTarget(target, realRead, { runs: 50, loopbackRuns: 0, numRuns: 50 }),
    ).resolves.toBeUndefined();
  });
});
