import { getEventListeners } from 'node:events';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../main/monitor/clock.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import type { Logger } from '../../main/monitor/logger.js';
import type { Reading } from '../../main/monitor/reading.js';
import { readWith } from '../../main/monitor/read-source.js';
import { defineSource } from '../../main/monitor/sources/source.js';

const http = createHttpClient({ env: {} });

/** A source type with a bug in it, built for this test: the engine must survive it. */
function brokenSource(read: (config: unknown, ctx: { readonly signal: AbortSignal }) => Promise<Reading>) {
  return defineSource<{ type: 'broken'; timeoutMs?: number }>({
    type: 'broken',
    family: 'probe',
    title: 'Broken test source',
    schema: z.object({ type: z.literal('broken'), timeoutMs: z.number().optional() }),
    defaults: { intervalSeconds: 60, timeoutMs: 10_000 },
    defaultLabel: () => 'broken',
    read,
  });
}

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message) => errors.push(message),
  };
}

describe('reading a source whatever it does', () => {
  it('turns a thrown error (a bug) into unknown, logs it, and carries on', async () => {
    const source = brokenSource(() => Promise.reject(new TypeError('cannot read properties of undefined')));
    const logger = recordingLogger();
    const reading = await readWith(source, { type: 'broken' }, { http, clock: systemClock, logger });
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'internal error in the broken check: cannot read properties of undefined',
    });
    expect(logger.errors).toEqual(['the broken source threw; this is a bug']);
  });

  it('cuts off a source that ignores its timeout', async () => {
    const source = brokenSource(() => new Promise(() => undefined));
    const reading = await readWith(
      source,
      { type: 'broken', timeoutMs: 100 },
      { http, clock: systemClock, logger: recordingLogger() },
    );
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: 'no answer from the broken check within 100 ms',
      reached: false,
    });
  });

  it('stops when the engine stops', async () => {
    const source = brokenSource(() => new Promise(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const reading = await readWith(
      source,
      { type: 'broken' },
      { http, clock: systemClock, logger: recordingLogger(), signal: controller.signal },
    );
    expect(reading).toMatchObject({ status: 'unknown', detail: 'the check was cancelled' });
  });

  it('leaves no abort listener behind once a read ends, on a signal that outlives it', async () => {
    // Node keeps a combined signal with an abort listener alive as long as its sources are:
    // with the app's signal as one of them, every reading used to leak (about 1 KB each).
    const app = new AbortController();
    const signals: AbortSignal[] = [];
    const source = brokenSource((_config, ctx) => {
      signals.push(ctx.signal);
      return Promise.resolve({ status: 'operational', detail: 'fine', checkedAt: 0, reached: true });
    });
    for (let read = 0; read < 3; read++) {
      await readWith(
        source,
        { type: 'broken' },
        { http, clock: systemClock, logger: recordingLogger(), signal: app.signal },
      );
    }
    expect(signals).toHaveLength(3);
    for (const signal of signals) expect(getEventListeners(signal, 'abort')).toEqual([]);
    expect(getEventListeners(app.signal, 'abort')).toEqual([]);
  });
});
