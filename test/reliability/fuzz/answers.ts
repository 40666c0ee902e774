import { documentedFixture, realFixture } from '../../support/fixtures.js';
import { findRoute, type FuzzTarget } from './fuzz-target.js';

/** What a server answers to one request. */
export interface Served {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Buffer;
}

export type Serve = (method: string, url: URL) => Served;

/**
 * How the payload's answer itself may be changed: another status (an error page's body is read
 * too, for its message) or another Content-Type, whose charset decides how the bytes decode.
 * `null` sends no Content-Type at all.
 */
export interface AnswerChange {
  readonly status?: number;
  readonly contentType?: string | null;
}

const NOT_FOUND: Served = { status: 404, contentType: 'text/plain', body: Buffer.from('not found') };
const cache = new Map<string, Buffer>();

/** A fixture's bytes, read once per process: thousands of runs must not re-read the disk. */
export function fixtureBytes(path: string, documented = false): Buffer {
  const key = `${documented ? 'documented' : 'real'}:${path}`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    bytes = documented ? documentedFixture(path) : realFixture(path);
    cache.set(key, bytes);
  }
  return bytes;
}

/** The unmutated payload of a target: the fixture, or the part of it the source reads. */
export function targetPayload(target: FuzzTarget): Buffer {
  const bytes = fixtureBytes(target.fixture, target.documented);
  return target.payloadOf ? target.payloadOf(bytes) : bytes;
}

/** The server side of a target: the payload where the target says, companions elsewhere, else 404. */
export function serveTarget(target: FuzzTarget, payload: Buffer, change: AnswerChange = {}): Serve {
  return (method, url) => {
    const route = findRoute(target.routes, method, url);
    if (!route) return NOT_FOUND;
    const { answer } = route;
    if (answer.kind === 'payload') {
      const contentType = change.contentType === undefined ? answer.contentType : change.contentType;
      return {
        status: change.status ?? answer.status ?? 200,
        ...(contentType === null ? {} : { contentType }),
        body: payload,
      };
    }
    const bytes = fixtureBytes(answer.fixture, answer.documented);
    return {
      status: answer.status ?? 200,
      contentType: answer.contentType,
      body: answer.payloadOf ? answer.payloadOf(bytes) : bytes,
    };
  };
}
