import { describe, expect, it } from 'vitest';
import { INITIAL_CONFIRM_STATE, type ConfirmState } from '../../main/monitor/confirm.js';
import { nextDelayMs, type DelayInput } from '../../main/monitor/next-delay.js';
import type { Reading } from '../../main/monitor/reading.js';

const ok: Reading = { status: 'operational', detail: 'ok', checkedAt: 0, reached: true };
const unreadable: Reading = { status: 'unknown', detail: 'HTTP 503', checkedAt: 0, reached: true };
const confirming: ConfirmState = {
  ...INITIAL_CONFIRM_STATE,
  pending: { status: 'major_outage', detail: 'x', count: 1, needed: 3 },
};

function input(overrides: Partial<DelayInput>): DelayInput {
  return {
    intervalMs: 60_000,
    family: 'probe',
    reading: ok,
    confirm: INITIAL_CONFIRM_STATE,
    failuresInARow: 0,
    retryDelayMs: 2000,
    ...overrides,
  };
}

describe('when a source runs next', () => {
  it.each<[string, Partial<DelayInput>, number | undefined]>([
    ['a good reading waits for its grid point', {}, undefined],
    ['a failure being confirmed is re-tested after 10 s', { confirm: confirming }, 10_000],
    ['a longer retry delay is honoured', { confirm: confirming, retryDelayMs: 20_000 }, 20_000],
    [
      'never later than the interval',
      { confirm: confirming, intervalMs: 15_000, retryDelayMs: 30_000 },
      15_000,
    ],
    ['Retry-After wins', { reading: { ...ok, retryAfterMs: 300_000 } }, 300_000],
    [
      'Retry-After shorter than the interval is not a reason to hurry',
      { reading: { ...ok, retryAfterMs: 1000 } },
      60_000,
    ],
    [
      'a feed failing once waits as usual',
      { family: 'official', reading: unreadable, failuresInARow: 1, intervalMs: 120_000 },
      undefined,
    ],
    [
      'then backs off 2×',
      { family: 'official', reading: unreadable, failuresInARow: 2, intervalMs: 120_000 },
      240_000,
    ],
    ['4×', { family: 'official', reading: unreadable, failuresInARow: 3, intervalMs: 120_000 }, 480_000],
    [
      '8× at most',
      { family: 'official', reading: unreadable, failuresInARow: 9, intervalMs: 120_000 },
      960_000,
    ],
    [
      'never past 30 minutes',
      { family: 'official', reading: unreadable, failuresInARow: 9, intervalMs: 600_000 },
      1_800_000,
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(nextDelayMs(input(overrides))).toBe(expected);
  });
});
