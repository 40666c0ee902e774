import { afterAll, beforeAll, describe, it } from 'vitest';
import { createHttpClient } from '../../../main/monitor/http/client.js';
import { startServer, type TestServer } from '../../support/http-server.js';
import { ALL_TARGETS } from './all-targets.js';
import { serveTarget, type Serve } from './answers.js';
import { fuzzTarget, type ReadBody } from './property.js';
import { readTarget } from './read-target.js';
import { fuzzSettings, testTimeoutMs } from './settings.js';

/**
 * The same property over real HTTP: one loopback server for the whole file answers each run's
 * mutated payload, and one real client (connection reuse, decompression, charset, size cap)
 * reads it. Fewer runs than in memory: this is the transport's share of the fuzzing.
 */

const settings = fuzzSettings();
const http = createHttpClient();
let server: TestServer;
/** What the server answers now: each run sets it before its read. */
let serve: Serve | undefined;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const answer = serve?.(req.method ?? 'GET', new URL(req.url ?? '/', server.url));
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(
        answer.status,
        answer.contentType === undefined ? {} : { 'content-type': answer.contentType },
      )
      .end(answer.body);
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

const overLoopback: ReadBody = (target, body, answer) => {
  serve = serveTarget(target, body, answer);
  return readTarget(target, http, server.url);
};

describe(`fuzz: mutated payloads over loopback HTTP (${settings.loopbackRuns} runs each)`, () => {
  for (const target of ALL_TARGETS) {
    it(
      target.name,
      () => fuzzTarget(target, overLoopback, { ...settings, numRuns: settings.loopbackRuns }),
      testTimeoutMs(settings),
    );
  }
});
