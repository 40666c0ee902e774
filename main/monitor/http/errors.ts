import type { HttpFailureReason } from './types.js';

/**
 * Names what went wrong with a request in words a person understands, from Node's and undici's
 * error codes (which hide in `cause` chains).
 */

export interface ClassifiedError {
  readonly reason: HttpFailureReason;
  readonly message: string;
}

const TLS_MESSAGES: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  CERT_NOT_YET_VALID: 'the TLS certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the TLS certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the TLS certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the TLS certificate was issued by an unknown authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate does not match the host name',
  CERT_REVOKED: 'the TLS certificate was revoked',
};

export function classifyError(error: unknown, host: string): ClassifiedError {
  const codes = errorCodes(error);
  const has = (...wanted: string[]): boolean => wanted.some((code) => codes.includes(code));
  const tlsCode = codes.find((code) => code in TLS_MESSAGES);
  if (tlsCode) return { reason: 'tls', message: TLS_MESSAGES[tlsCode] ?? tlsCode };
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) {
    return { reason: 'dns', message: `could not resolve host ${host}` };
  }
  if (has('ECONNREFUSED')) return { reason: 'refused', message: `connection refused by ${host}` };
  // undici's own timers: backstops set never to fire before the request's timeout (transport.ts).
  if (has('UND_ERR_CONNECT_TIMEOUT'))
    return { reason: 'timeout', message: `could not connect to ${host} in time` };
  if (has('UND_ERR_HEADERS_TIMEOUT')) return { reason: 'timeout', message: `${host} did not answer in time` };
  if (has('UND_ERR_BODY_TIMEOUT')) return { reason: 'timeout', message: 'the body stopped arriving' };
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE')) {
    return { reason: 'reset', message: 'the connection was closed unexpectedly' };
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN')) {
    return { reason: 'network', message: `no route to ${host}` };
  }
  if (codes.some((code) => code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
    return { reason: 'tls', message: `TLS handshake failed (${codes.join(', ')})` };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { reason: 'network', message: codes.length > 0 ? `${text} (${codes.join(', ')})` : text };
}

/** A Node error's own `code` ("ENOENT", "ECONNRESET"), when it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Every `code` along the error's `cause` chain (and inside AggregateErrors), outermost first. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const { code, cause, errors } = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    visit(cause);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner);
  };
  visit(error);
  return codes;
}
