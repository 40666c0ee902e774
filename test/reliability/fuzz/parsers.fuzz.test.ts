import { describe, it } from 'vitest';
import { ALL_TARGETS } from './all-targets.js';
import { serveTarget } from './answers.js';
import { payloadClient } from './payload-client.js';
import { fuzzTarget, type ReadBody } from './property.js';
import { readTarget } from './read-target.js';
import { fuzzSettings, testTimeoutMs } from './settings.js';

/**
 * Every fixture, mutated, through every source that reads it: `read` never throws, never hangs
 * and always returns a valid reading. The answers come from memory through the real decoding,
 * so thousands of runs take seconds; loopback.fuzz.test.ts sends fewer over real HTTP.
 */

const settings = fuzzSettings();
const ORIGIN = 'http://status.fuzz.test';

const inMemory: ReadBody = (target, body, answer) =>
  readTarget(target, payloadClient(serveTarget(target, body, answer)), ORIGIN);

describe(`fuzz: mutated payloads, in memory (${settings.runs} runs each)`, () => {
  for (const target of ALL_TARGETS) {
    it(
      target.name,
      () => fuzzTarget(target, inMemory, { ...settings, numRuns: settings.runs }),
      testTimeoutMs(settings),
    );
  }
});
