import type { HttpFailure } from '../http/types.js';
import type { Reading } from '../reading.js';
import type { Status } from '../status.js';

/**
 * A failed request as a reading. For a probe, no answer is evidence of an outage
 * (`major_outage`); for a status feed it only means we cannot tell (`unknown`): the page being
 * unreachable says nothing about the service it describes. Cancellation is always unknown.
 */
export function failureReading(failure: HttpFailure, checkedAt: number, whenFailed: Status): Reading {
  return {
    status: failure.reason === 'aborted' ? 'unknown' : whenFailed,
    detail: failure.message,
    checkedAt,
    reached: failure.reached,
    latencyMs: failure.latencyMs,
  };
}
