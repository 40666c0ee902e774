import { describe, expect, it } from 'vitest';
import {
  confirmReading,
  INITIAL_CONFIRM_STATE,
  readConfirmedOnce,
  type ConfirmState,
} from '../../main/monitor/confirm.js';
import type { Reading, SignalFamily } from '../../main/monitor/reading.js';
import type { Status } from '../../main/monitor/status.js';

const thresholds = { failureThreshold: 3, successThreshold: 2 };

function reading(status: Status, n = 0): Reading {
  return { status, detail: `${status} #${n}`, checkedAt: n, reached: true };
}

/** Feeds statuses one by one and returns the confirmed status after each. */
function run(statuses: Status[], family: SignalFamily = 'probe'): (Status | undefined)[] {
  let state: ConfirmState = INITIAL_CONFIRM_STATE;
  return statuses.map((status, index) => {
    state = confirmReading(state, reading(status, index), family, thresholds);
    return state.confirmed?.status;
  });
}

const op = 'operational';
const down = 'major_outage';

describe('continuous confirmation (hysteresis per source)', () => {
  it.each<[string, Status[], (Status | undefined)[]]>([
    ['good readings count at once', [op, op], [op, op]],
    ['a single failure does not count', [op, down, op], [op, op, op]],
    ['three failures in a row count', [op, down, down, down], [op, op, op, down]],
    ['an interrupted streak starts over', [op, down, down, op, down, down], [op, op, op, op, op, op]],
    ['recovery needs two good readings', [op, down, down, down, op, op], [op, op, op, down, down, op]],
    [
      'a blip during an outage does not recover it',
      [op, down, down, down, op, down, op],
      [op, op, op, down, down, down, down],
    ],
    [
      'moves within a disruption count at once',
      [op, down, down, down, 'degraded'],
      [op, op, op, down, 'degraded'],
    ],
    [
      'a first reading that fails is confirmed like any other',
      [down, down, down],
      [undefined, undefined, down],
    ],
    [
      'unknown is shown as it is and keeps the streak',
      [op, down, 'unknown', down, down],
      [op, op, 'unknown', 'unknown', down],
    ],
    [
      'down, unknown, up is a recovery to confirm',
      [op, down, down, down, 'unknown', op, op],
      [op, op, op, down, 'unknown', 'unknown', op],
    ],
  ])('%s', (_name, statuses, expected) => {
    expect(run(statuses)).toEqual(expected);
  });

  it('exposes the pending change with its count', () => {
    let state = confirmReading(INITIAL_CONFIRM_STATE, reading(op), 'probe', thresholds);
    state = confirmReading(state, reading(down, 1), 'probe', thresholds);
    expect(state.pending).toEqual({ status: down, detail: 'major_outage #1', count: 1, needed: 3 });
    state = confirmReading(state, reading(down, 2), 'probe', thresholds);
    expect(state.pending?.count).toBe(2);
  });

  it.each<SignalFamily>(['official', 'crowd'])('passes %s readings through unconfirmed', (family) => {
    expect(run([op, down, op], family)).toEqual([op, down, op]);
  });
});

describe('one-shot confirmation (re-test before a failure counts)', () => {
  async function once(
    sequence: Status[],
    retries: number,
  ): Promise<{ result: Reading; reads: number; waits: number }> {
    let reads = 0;
    let waits = 0;
    const result = await readConfirmedOnce(
      () => Promise.resolve(reading(sequence[reads++] ?? op, reads)),
      retries,
      () => {
        waits += 1;
        return Promise.resolve();
      },
    );
    return { result, reads, waits };
  }

  it('reads a good probe once', async () => {
    expect(await once([op], 2)).toMatchObject({ reads: 1, waits: 0, result: { status: op } });
  });

  it('takes a good retry as the answer', async () => {
    expect(await once([down, op], 2)).toMatchObject({ reads: 2, waits: 1, result: { status: op } });
  });

  it('counts a failure only after every retry failed, and says so', async () => {
    const { result, reads } = await once([down, down, down], 2);
    expect(reads).toBe(3);
    expect(result.status).toBe(down);
    expect(result.detail).toMatch(/\(failed 3 of 3 attempts\)$/);
  });

  it('does not retry with retries: 0', async () => {
    expect(await once([down], 0)).toMatchObject({
      reads: 1,
      result: { status: down, detail: 'major_outage #1' },
    });
  });
});
