import { asRecord, asString, optional, records } from './guards.js';
import { oneLine } from './plain-text.js';

/**
 * The Globalping API (https://api.globalping.io/v1, OpenAPI in
 * shared/fixtures/real/globalping/examples.yaml.verbatim): what we send, and what its answers say.
 */

export type MeasurementKind = 'http' | 'ping';

export interface MeasurementPlan {
  readonly kind: MeasurementKind;
  /** The POST /measurements body. */
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * An http(s) URL becomes an `http` measurement of that very request; a bare host name a `ping`,
 * because a host may serve no web page at all (a mail or game server), and ping is the one test
 * every probe can run against any host. Its blind spot: hosts that drop ICMP look unreachable.
 */
export function measurementPlan(
  target: string,
  options: { locations: readonly string[]; limit: number; method: 'HEAD' | 'GET' },
): MeasurementPlan {
  const locations = options.locations.map((magic) => ({ magic }));
  if (!/^https?:\/\//i.test(target)) {
    return { kind: 'ping', body: { type: 'ping', target, locations, limit: options.limit } };
  }
  const url = new URL(target);
  // Path and query are separate fields in Globalping's schema (request.path, request.query).
  const query = url.search.replace(/^\?/, '');
  const request = { method: options.method, path: url.pathname || '/', ...(query ? { query } : {}) };
  const measurementOptions = {
    request,
    protocol: url.protocol === 'https:' ? 'HTTPS' : 'HTTP',
    // Globalping takes the default port from the protocol; only an explicit one is sent.
    ...(url.port ? { port: Number(url.port) } : {}),
  };
  // URL keeps the brackets around an IPv6 literal; the API wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    kind: 'http',
    body: { type: 'http', target: host, locations, limit: options.limit, measurementOptions },
  };
}

/** One probe's answer, reduced to what "do other networks reach it?" needs. */
export interface ProbeAnswer {
  readonly country: string;
  readonly city?: string;
  readonly network?: string;
  /** finished | failed | offline | in-progress (the API's own words). */
  readonly status: string;
  readonly statusCode?: number;
  readonly totalMs?: number;
  /** Ping: packet loss in percent, and the average round trip. */
  readonly loss?: number;
  readonly avgMs?: number;
  readonly rawOutput?: string;
}

export interface Measurement {
  /** `in-progress` until every probe answered or the API's own timeout passed. */
  readonly status: string;
  readonly results: readonly ProbeAnswer[];
}

/** The 202 answer to POST /measurements: `{ id, probesCount }`. */
export function parseCreated(value: unknown): { id: string; probesCount?: number } | string {
  const record = asRecord(value);
  const id = asString(record?.id);
  if (id === undefined || id === '') return 'Globalping accepted the measurement but sent no id';
  // It goes into the next URL, and encodeURIComponent throws on a lone surrogate.
  if (!id.isWellFormed()) return 'Globalping sent a measurement id that is not valid text';
  return { id, ...optional('probesCount', finite(record?.probesCount)) };
}

/** GET /measurements/{id}. */
export function parseMeasurement(value: unknown): Measurement | string {
  const record = asRecord(value);
  const status = asString(record?.status);
  if (record === undefined || status === undefined) return 'the answer is not a Globalping measurement';
  const results = records(record.results).map((entry): ProbeAnswer => {
    const probe = asRecord(entry.probe);
    const result = asRecord(entry.result);
    const stats = asRecord(result?.stats);
    return {
      // Third-party text that goes into the detail line: one line, bounded.
      country: oneLine(asString(probe?.country) ?? '??', 40),
      ...optional('city', text(probe?.city)),
      ...optional('network', text(probe?.network)),
      status: asString(result?.status) ?? 'unknown',
      ...optional('statusCode', finite(result?.statusCode)),
      ...optional('totalMs', finite(asRecord(result?.timings)?.total)),
      ...optional('loss', finite(stats?.loss)),
      ...optional('avgMs', finite(stats?.avg)),
      ...optional('rawOutput', asString(result?.rawOutput)),
    };
  });
  return { status, results };
}

/** An error body: `{ error: { type, message, params? } }`; params name the invalid fields. */
export function parseApiError(text: string): { type?: string; message?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  const error = asRecord(asRecord(value)?.error);
  const params = asRecord(error?.params);
  const fields = params
    ? Object.entries(params).flatMap(([field, why]) => (typeof why === 'string' ? [`${field}: ${why}`] : []))
    : [];
  const message = [asString(error?.message), ...fields].filter((part) => part !== undefined).join('; ');
  return { ...optional('type', asString(error?.type)), ...optional('message', message || undefined) };
}

/** Seconds until the hourly window resets (X-RateLimit-Reset), for a 429 without Retry-After. */
export function rateLimitResetMs(headers: Readonly<Record<string, string>>): number | undefined {
  const seconds = Number(headers['x-ratelimit-reset']);
  return headers['x-ratelimit-reset'] !== undefined && Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds, 86_400) * 1000
    : undefined;
}

/**
 * Whether one probe reaches the target, and how it went in a few words. HTTP: finished with a
 * 2xx or 3xx answer (a 4xx or 5xx is the server failing that request). Ping: any reply at all.
 */
export function judgeProbe(answer: ProbeAnswer, kind: MeasurementKind): { ok: boolean; detail: string } {
  const failed = answer.status !== 'finished';
  if (kind === 'ping') {
    const loss = answer.loss;
    if (!failed && loss !== undefined && loss < 100) {
      const rtt = answer.avgMs === undefined ? '' : `${Math.round(answer.avgMs)} ms, `;
      return { ok: true, detail: `${rtt}${loss}% packet loss` };
    }
    if (!failed) return { ok: false, detail: 'no reply (100% packet loss)' };
    return { ok: false, detail: failureWords(answer.rawOutput) ?? 'ping failed' };
  }
  const code = answer.statusCode;
  if (!failed && code !== undefined) {
    const time = answer.totalMs === undefined ? '' : ` in ${Math.round(answer.totalMs)} ms`;
    return { ok: code >= 200 && code < 400, detail: `HTTP ${code}${time}` };
  }
  return { ok: false, detail: failureWords(answer.rawOutput) ?? 'no HTTP answer' };
}

/** A probe's raw error output (Node or ping wording) as a person would say it. */
export function failureWords(rawOutput: string | undefined): string | undefined {
  const raw = rawOutput?.trim() ?? '';
  if (raw === '') return undefined;
  if (/timed? ?out|timeout|ETIMEDOUT/i.test(raw)) return 'timeout';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|not known|could not resolve|NXDOMAIN/i.test(raw)) {
    return 'could not resolve the host';
  }
  if (/ECONNREFUSED|connection refused/i.test(raw)) return 'connection refused';
  if (/ECONNRESET|socket hang up|EPIPE/i.test(raw)) return 'connection reset';
  if (/EHOSTUNREACH|ENETUNREACH|unreachable/i.test(raw)) return 'no route to the host';
  if (/certificate|\bTLS\b|\bSSL\b|EPROTO/i.test(raw)) return 'TLS error';
  return oneLine(raw, 80);
}

function text(value: unknown): string | undefined {
  const found = asString(value);
  return found === undefined ? undefined : oneLine(found, 80);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
