import { describe, expect, it } from 'vitest';
import { advanceService, buildRuntimes } from '../../main/monitor/runtime.js';
import { validConfig } from '../support/twitter-case.js';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const MINUTE = 60_000;

function service() {
  const config = validConfig({
    version: 1,
    services: [{ id: 'api', name: 'API', sources: [{ type: 'http', url: 'http://127.0.0.1:9/' }] }],
  });
  const runtime = buildRuntimes(config, undefined, 'online').get('api');
  if (!runtime) throw new Error('no runtime');
  return runtime;
}

describe('advanceService: history samples of a service', () => {
  it.each([
    ['a minute later', T0 + MINUTE, true],
    ['half a minute later, unchanged', T0 + MINUTE / 2, false],
    // Without this the service would get no sample until the clock caught up, hours later.
    ['after the wall clock was set back 3 h', T0 - 3 * 60 * MINUTE, true],
  ])('samples %s: %s', (_name, next, sampled) => {
    const runtime = service();
    expect(advanceService(runtime, 'online', T0, MINUTE).sample).toBe(true);
    expect(advanceService(runtime, 'online', next, MINUTE).sample).toBe(sampled);
  });
});
