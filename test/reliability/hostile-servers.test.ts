import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOnce } from '../../main/monitor/check.js';
import { systemClock } from '../../main/monitor/clock.js';
import type { MonitorConfig } from '../../main/monitor/config/parse.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import type { HttpClient } from '../../main/monitor/http/types.js';
import type { Logger } from '../../main/monitor/logger.js';
import { Monitor } from '../../main/monitor/monitor.js';
import type { Reading } from '../../main/monitor/reading.js';
import { readSource } from '../../main/monitor/read-source.js';
import type { SourceConfig } from '../../main/monitor/sources/registry.js';
import type { Status } from '../../main/monitor/status.js';
import type { ServiceSnapshot, Snapshot } from '../../main/shared/snapshot.js';
import { createCertificate } from '../support/certificates.js';
import { validConfig } from '../support/twitter-case.js';
import {
  BOMB_DECOMPRESSED_BYTES,
  INVALID_UTF8_COMPONENT,
  PAGE_TEXT,
  startHostileServers,
  type Behaviour,
  type HostileServers,
} from './support/hostile-server.js';
import { peakBufferGrowth } from './support/memory.js';
import { startTlsSite, type TlsSite } from './support/tls-site.js';

/**
 * Issue 8, "Reliability suite": real loopback servers that misbehave the way servers in the wild
 * do. Whatever they do, a source yields a reading whose detail names the problem, within its
 * timeout (the timeouts here are short, so a hang fails the test by its own time limit), holding
 * at most the body cap in memory; and the engine, with all of them configured, keeps checking a
 * healthy service beside them.
 *
 * The HTTP client's own tests (test/monitor/http/) cover each mechanism; this suite checks what
 * reaches a person: the reading, the snapshot, through readSource, the Monitor and checkOnce.
 */

const DAY = 86_400_000;
/** Short budgets: long enough for loopback, short enough that a hang is obvious. */
const TIMEOUT_MS = 1000;
/** The drip sends a byte a second: give it time for a couple. */
const DRIP_TIMEOUT_MS = 1500;
const BODY_CAP = '5 MB';

let hostile: HostileServers;
let selfSigned: TlsSite;
let expired: TlsSite;
/** Trusts the expired certificate, so its only fault is its date. */
let http: HttpClient;

beforeAll(async () => {
  hostile = await startHostileServers();
  const now = Date.now();
  const selfSignedCertificate = createCertificate({
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 90 * DAY),
  });
  const expiredCertificate = createCertificate({
    notBefore: new Date(now - 90 * DAY),
    notAfter: new Date(now - DAY),
  });
  selfSigned = await startTlsSite(selfSignedCertificate);
  expired = await startTlsSite(expiredCertificate);
  http = createHttpClient({ env: {}, extraCaCertificates: [expiredCertificate.certPem] });
});

afterAll(async () => {
  await http.close();
  await Promise.all([hostile.close(), selfSigned.close(), expired.close()]);
});

interface Recorded extends Logger {
  readonly errors: string[];
}

/** Keeps errors: a source that throws is logged as a bug, and none of these cases is one. */
function recordingLogger(): Recorded {
  const errors: string[] = [];
  const quiet = (): void => undefined;
  return { errors, debug: quiet, info: quiet, warn: quiet, error: (message) => errors.push(message) };
}

function read(config: SourceConfig, logger: Logger = recordingLogger()): Promise<Reading> {
  return readSource(config, { http, clock: systemClock, logger });
}

interface Case {
  readonly name: string;
  /** The source's URL, once the servers are up. */
  readonly url: () => string;
  readonly timeoutMs?: number;
  readonly rules?: { bodyMustContain?: string[] };
  readonly status: Status;
  /** The whole detail line, once the servers are up. */
  readonly detail: () => string | RegExp;
  readonly reading?: Partial<Reading>;
}

const at =
  (behaviour: Behaviour, rest = ''): (() => string) =>
  () =>
    `${hostile.at(behaviour)}${rest}`;

/** What an http probe says about each server. A probe that gets no good answer is an outage. */
const probeCases: readonly Case[] = [
  {
    name: 'a body that stops after its first bytes times out, saying how much arrived',
    url: at('stalls'),
    status: 'major_outage',
    detail: () => `timed out after ${TIMEOUT_MS} ms while reading the body (14 B received)`,
    reading: { reached: true },
  },
  {
    name: 'a body that never ends is read up to the cap, and the detail says only that much was checked',
    url: at('endless'),
    rules: { bodyMustContain: [PAGE_TEXT] },
    status: 'major_outage',
    detail: () =>
      `HTTP 200 without the expected text "${PAGE_TEXT}" (only the first ${BODY_CAP} were checked)`,
  },
  {
    name: 'a body dripping a byte a second ends at the timeout, not after it',
    url: at('drip'),
    timeoutMs: DRIP_TIMEOUT_MS,
    status: 'major_outage',
    detail: () =>
      new RegExp(`^timed out after ${DRIP_TIMEOUT_MS} ms while reading the body \\([1-3] B received\\)$`),
  },
  {
    name: 'a gzip bomb is decompressed only up to the cap',
    url: at('gzip-bomb'),
    rules: { bodyMustContain: ['status'] },
    status: 'major_outage',
    detail: () => `HTTP 200 without the expected text "status" (only the first ${BODY_CAP} were checked)`,
  },
  {
    name: 'a redirect loop is named with its hops',
    url: at('loop'),
    status: 'major_outage',
    detail: () => `redirect loop: ${hostile.at('loop')} → ${hostile.at('loop')}?b → ${hostile.at('loop')}`,
  },
  {
    name: 'a connection reset mid-body says how far the body got',
    url: at('reset'),
    status: 'major_outage',
    detail: () => 'the connection was closed unexpectedly after 1000 B of the body',
    reading: { reached: true },
  },
  {
    name: 'a 429 keeps its Retry-After, so the probe does not come back sooner',
    url: at('rate-limited'),
    status: 'major_outage',
    detail: () => 'HTTP 429 Too Many Requests (expected 2xx, 3xx); asked to wait 120 s',
    reading: { httpStatus: 429, retryAfterMs: 120_000 },
  },
  {
    name: 'a 503 asking for a day away is honoured for at most half an hour',
    url: at('away-for-a-day'),
    status: 'major_outage',
    detail: () => 'HTTP 503 Service Unavailable (expected 2xx, 3xx); asked to wait 86400 s',
    reading: { httpStatus: 503, retryAfterMs: 30 * 60 * 1000 },
  },
  {
    name: 'invalid UTF-8 is replaced, and the text after it is still checked',
    url: at('invalid-utf8-page'),
    rules: { bodyMustContain: [PAGE_TEXT] },
    status: 'operational',
    detail: () => /^HTTP 200 in \d+ ms$/,
  },
  {
    name: 'a UTF-16 page with a byte-order mark is decoded before its text is checked',
    url: at('utf16-page'),
    rules: { bodyMustContain: [PAGE_TEXT] },
    status: 'operational',
    detail: () => /^HTTP 200 in \d+ ms$/,
  },
  {
    name: 'a self-signed certificate is named',
    url: () => selfSigned.url,
    status: 'major_outage',
    detail: () => 'the TLS certificate is self-signed',
  },
  {
    name: 'an expired certificate, from an issuer we trust, is named',
    url: () => expired.url,
    status: 'major_outage',
    detail: () => 'the TLS certificate has expired',
  },
];

/**
 * What a status page source says about each server. An unreadable status page is unknown: it
 * says nothing about the service it describes.
 */
const statusPageCases: readonly Case[] = [
  {
    name: 'a body that stops after its first bytes times out, saying how much arrived',
    url: at('stalls'),
    status: 'unknown',
    detail: () => `timed out after ${TIMEOUT_MS} ms while reading the body (14 B received)`,
  },
  {
    name: 'a body that never ends is too large to read, and the detail gives the cap',
    url: at('endless'),
    status: 'unknown',
    detail: () => `the response is larger than the ${BODY_CAP} limit`,
  },
  {
    name: 'a body dripping a byte a second ends at the timeout',
    url: at('drip'),
    timeoutMs: DRIP_TIMEOUT_MS,
    status: 'unknown',
    detail: () =>
      new RegExp(`^timed out after ${DRIP_TIMEOUT_MS} ms while reading the body \\([1-3] B received\\)$`),
  },
  {
    name: 'a gzip bomb is too large once decompressed, and the detail says so',
    url: at('gzip-bomb'),
    status: 'unknown',
    detail: () => `the response is larger than the ${BODY_CAP} limit once decompressed (gzip)`,
  },
  {
    name: 'a redirect loop is named with its hops',
    url: at('loop'),
    status: 'unknown',
    detail: () => {
      const summary = `${hostile.at('loop')}/api/v2/summary.json`;
      return `redirect loop: ${summary} → ${summary}?b → ${summary}`;
    },
  },
  {
    name: 'a connection reset mid-body says how far the body got',
    url: at('reset'),
    status: 'unknown',
    detail: () => 'the connection was closed unexpectedly after 1000 B of the body',
  },
  {
    name: 'a 429 keeps its Retry-After for the scheduler',
    url: at('rate-limited'),
    status: 'unknown',
    detail: () => 'the status page is limiting our requests (HTTP 429); asked to wait 120 s',
    reading: { httpStatus: 429, retryAfterMs: 120_000 },
  },
  {
    name: 'binary data labelled JSON is called binary data, on one line',
    url: at('binary-json'),
    status: 'unknown',
    detail: () => 'expected JSON but got binary data (HTTP 200, application/json)',
  },
  {
    name: 'malformed JSON is named with the parser’s complaint, kept on one line',
    url: at('malformed-json'),
    status: 'unknown',
    detail: () => /^the response is not valid JSON, perhaps truncated \(.*"\{"page":\\n +oops\}".*\)$/,
  },
  {
    name: 'an HTML page with a 200 where JSON was expected is called an HTML page',
    url: at('html'),
    status: 'unknown',
    detail: () => 'expected JSON but got an HTML page (HTTP 200, text/html)',
  },
  {
    name: 'a self-signed certificate is named',
    url: () => selfSigned.url,
    status: 'unknown',
    detail: () => 'the TLS certificate is self-signed',
  },
  {
    name: 'an expired certificate, from an issuer we trust, is named',
    url: () => expired.url,
    status: 'unknown',
    detail: () => 'the TLS certificate has expired',
  },
];

function probe(item: Case): SourceConfig {
  return { type: 'http', url: item.url(), timeoutMs: item.timeoutMs ?? TIMEOUT_MS, ...item.rules };
}

function statusPage(item: Case): SourceConfig {
  return { type: 'statuspage', url: item.url(), timeoutMs: item.timeoutMs ?? TIMEOUT_MS };
}

function expectReading(reading: Reading | { status: Status; detail: string }, item: Case): void {
  expect(reading.status).toBe(item.status);
  const detail = item.detail();
  if (typeof detail === 'string') expect(reading.detail).toBe(detail);
  else expect(reading.detail).toMatch(detail);
  // One line: a detail goes into a tray tooltip, a notification and a terminal.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  expect(reading.detail).not.toMatch(/[\u0000-\u001f\u007f]/);
  if (item.reading) expect(reading).toMatchObject(item.reading);
}

describe('hostile servers: the http probe', () => {
  it.each(probeCases)('$name', async (item) => {
    const logger = recordingLogger();
    expectReading(await read(probe(item), logger), item);
    expect(logger.errors).toEqual([]);
  });
});

describe('hostile servers: a Statuspage source', () => {
  it.each(statusPageCases)('$name', async (item) => {
    const logger = recordingLogger();
    expectReading(await read(statusPage(item), logger), item);
    expect(logger.errors).toEqual([]);
  });
});

describe('hostile servers: text in odd encodings still reads as the page', () => {
  it.each<[string, Behaviour]>([
    ['UTF-16LE with a BOM, labelled UTF-8', 'utf16le-bom'],
    ['UTF-16BE with a BOM, unlabelled', 'utf16be-bom'],
  ])('a Statuspage summary in %s reads exactly as in UTF-8', async (_name, behaviour) => {
    const plain = await read({ type: 'statuspage', url: hostile.at('healthy'), timeoutMs: TIMEOUT_MS });
    const odd = await read({ type: 'statuspage', url: hostile.at(behaviour), timeoutMs: TIMEOUT_MS });
    expect(plain.status).toBe('operational');
    expect(odd.status).toBe(plain.status);
    expect(odd.detail).toBe(plain.detail);
    expect(odd.official).toEqual(plain.official);
  });

  it('a Statuspage summary with bytes that are not UTF-8 in a name is read, the name keeping U+FFFD', async () => {
    const reading = await read({
      type: 'statuspage',
      url: hostile.at('invalid-utf8-json'),
      timeoutMs: TIMEOUT_MS,
    });
    expect(reading.status).toBe('operational');
    const names = reading.official?.components.map((component) => component.name);
    expect(names).toContain(INVALID_UTF8_COMPONENT);
    expect(names).toContain('API Requests');
  });
});

describe('hostile servers: memory and connections stay bounded', () => {
  /** Far below what an uncapped read would hold (hundreds of MB), far above the 5 MB cap. */
  const GENEROUS_BOUND = 64 * 1024 * 1024;

  it.each<[string, Behaviour, (url: string) => SourceConfig]>([
    [
      'a gzip bomb, by a probe',
      'gzip-bomb',
      (url) => ({ type: 'http', url, timeoutMs: TIMEOUT_MS, bodyMustContain: ['status'] }),
    ],
    [
      'a gzip bomb, by a status page',
      'gzip-bomb',
      (url) => ({ type: 'statuspage', url, timeoutMs: TIMEOUT_MS }),
    ],
    [
      'a body that never ends, by a status page',
      'endless',
      (url) => ({ type: 'statuspage', url, timeoutMs: TIMEOUT_MS }),
    ],
  ])('%s holds at most about the body cap', async (_name, behaviour, config) => {
    expect(BOMB_DECOMPRESSED_BYTES).toBeGreaterThan(GENEROUS_BOUND * 4);
    const { result, growth } = await peakBufferGrowth(() => read(config(hostile.at(behaviour))));
    expect(result.detail).toContain(BODY_CAP);
    expect(growth).toBeLessThan(GENEROUS_BOUND);
  });

  it.each<Behaviour>(['stalls', 'endless', 'drip'])(
    'the client, not the server, closes a response that "%s"',
    async (behaviour) => {
      const reading = await read({ type: 'http', url: hostile.at(behaviour), timeoutMs: DRIP_TIMEOUT_MS });
      expect(reading.detail).toMatch(/timed out|were checked/);
      // These servers never end a response themselves: only the client's close can end it.
      await expect.poll(() => hostile.openResponses()).toBe(0);
    },
  );
});

/** A source's label: its family and its case, within the 80 characters a label may have. */
function label(family: string, item: Case): string {
  return `${family}: ${item.name}`.slice(0, 80);
}

/** One service holding every hostile source (probe and status page), one healthy service. */
function everythingConfig(confirm: Record<string, number>): MonitorConfig {
  return validConfig({
    version: 1,
    maxConcurrent: 64,
    confirm,
    connectivity: { targets: [`${hostile.at('healthy')}/generate_204`], timeoutMs: TIMEOUT_MS },
    services: [
      {
        id: 'hostile',
        name: 'Hostile',
        sources: [
          ...probeCases.map((item) => ({ ...probe(item), label: label('probe', item) })),
          ...statusPageCases.map((item) => ({ ...statusPage(item), label: label('page', item) })),
        ],
      },
      {
        id: 'healthy',
        name: 'Healthy',
        sources: [
          { type: 'http', label: 'Home', url: `${hostile.at('healthy')}/home`, bodyMustContain: [PAGE_TEXT] },
          { type: 'statuspage', label: 'Official page', url: hostile.at('healthy') },
        ],
      },
    ],
  });
}

function service(snapshot: Snapshot, id: string): ServiceSnapshot {
  const found = snapshot.services.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no service ${id} in the snapshot`);
  return found;
}

/**
 * Every hostile source's status and detail in a snapshot, checked against its case; `suffix`
 * is what the engine adds to a probe's detail (checkOnce's "(failed 2 of 2 attempts)").
 */
function expectEveryCase(hostileService: ServiceSnapshot, suffix: (item: Case) => string = () => ''): void {
  const cases = [
    ...probeCases.map((item) => ({ item, family: 'probe' })),
    ...statusPageCases.map((item) => ({ item, family: 'page' })),
  ];
  expect(hostileService.sources.map((source) => source.label)).toEqual(
    cases.map(({ item, family }) => label(family, item)),
  );
  cases.forEach(({ item, family }, index) => {
    const source = hostileService.sources[index];
    const added = family === 'probe' ? suffix(item) : '';
    const detail = source?.detail ?? '';
    expect(detail.endsWith(added), `${detail} ends with "${added}"`).toBe(true);
    expectReading(
      { status: source?.status ?? 'unknown', detail: detail.slice(0, detail.length - added.length) },
      { ...item, reading: undefined },
    );
  });
}

describe('hostile servers: the engine keeps running', () => {
  it('the Monitor reads every hostile source, and the healthy service beside them round after round', async () => {
    const logger = recordingLogger();
    const monitor = new Monitor(everythingConfig({ failureThreshold: 1 }), {
      http,
      clock: systemClock,
      logger,
    });
    const roundDone = new Promise<void>((resolve) => monitor.onRoundComplete(resolve));
    try {
      monitor.start();
      // First runs are spread over ten seconds; everything at once is the harder case anyway.
      monitor.checkNow();
      // The first round ends only once every source has a reading: none of them hung.
      await roundDone;
      const first = monitor.snapshot();
      expect(first.connectivity.status).toBe('online');
      expectEveryCase(service(first, 'hostile'));
      const healthy = service(first, 'healthy');
      expect(healthy.status).toBe('operational');

      const readAt = healthy.sources.map((source) => source.checkedAt ?? 0);
      monitor.checkNow(['healthy']);
      await expect
        .poll(() => service(monitor.snapshot(), 'healthy').sources.map((source) => source.checkedAt ?? 0))
        .toSatisfy((later: number[]) => later.every((at, index) => at > (readAt[index] ?? Infinity)));
      expect(service(monitor.snapshot(), 'healthy').status).toBe('operational');
      expect(logger.errors).toEqual([]);
    } finally {
      await monitor.stop();
    }
  });

  it('checkOnce reads every hostile source once, re-testing failed probes but not one asked to wait', async () => {
    const logger = recordingLogger();
    const waits: Behaviour[] = ['rate-limited', 'away-for-a-day'];
    const before = waits.map((behaviour) => hostile.requests(behaviour).length);
    const snapshot = await checkOnce(everythingConfig({ retries: 1, retryDelayMs: 0 }), {
      http,
      clock: systemClock,
      logger,
    });
    expect(snapshot.connectivity.status).toBe('online');
    // A failed probe was tried twice and says so; a probe told to wait was not asked again.
    expectEveryCase(service(snapshot, 'hostile'), (item) =>
      item.status === 'major_outage' && item.reading?.retryAfterMs === undefined
        ? ' (failed 2 of 2 attempts)'
        : '',
    );
    const probeRequests = waits.map(
      (behaviour, index) =>
        hostile
          .requests(behaviour)
          .slice(before[index])
          .filter((request) => request.url === `/${behaviour}`).length,
    );
    expect(probeRequests).toEqual([1, 1]);
    expect(service(snapshot, 'healthy').status).toBe('operational');
    expect(logger.errors).toEqual([]);
  });
});
