import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import {
  checkServerIdentity,
  connect,
  getCACertificates,
  type ConnectionOptions,
  type TLSSocket,
} from 'node:tls';
import { z } from 'zod';
import type { Reading } from '../reading.js';
import { commonSourceFields, hostname, port } from './fields.js';
import { defineSource } from './source.js';
import { connectFailureReading, elapsedSince, waitForSocket } from './tcp.js';
import { errorCode } from '../http/errors.js';

const DAY_MS = 86_400_000;

const tlsConfig = z.strictObject({
  type: z.literal('tls'),
  ...commonSourceFields,
  host: hostname,
  port: port.default(443),
  warnDays: z
    .number({ error: 'expected a number of days' })
    .int({ error: 'expected a whole number of days' })
    .min(1, { error: 'warnDays is between 1 and 365' })
    .max(365, { error: 'warnDays is between 1 and 365' })
    .default(14),
  // RFC 6066 section 3: a server name for SNI is a DNS host name, never an IP literal.
  servername: hostname
    .refine((value) => isIP(value) === 0, { error: 'SNI takes a host name, not an IP address' })
    .optional(),
  caFile: z
    .string({ error: 'expected a path to a PEM file' })
    .min(1, { error: 'expected a path to a PEM file' })
    .optional(),
});

export type TlsSourceConfig = z.infer<typeof tlsConfig>;

/** OpenSSL's verify codes, as people say them. */
const TRUST_ERRORS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'incomplete chain (missing intermediate certificate)',
  CERT_HAS_EXPIRED: 'a certificate in the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate in the chain is not valid yet',
  CERT_REVOKED: 'certificate revoked',
};

/** Node documents authorizationError as an Error but sets the verify code string; accept both. */
function trustError(value: unknown): string {
  const code =
    typeof value === 'string' ? value : (errorCode(value) ?? (value instanceof Error ? value.message : ''));
  return TRUST_ERRORS[code] ?? code.toLowerCase().replaceAll('_', ' ');
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const days = (count: number): string => (count === 1 ? '1 day' : `${count} days`);

type CaOutcome = { readonly pem: string } | { readonly problem: string };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/**
 * Read at check time, so replacing the bundle needs no restart. Each block is parsed here
 * because tls.connect silently skips a PEM block it cannot parse, which would surface as
 * "not trusted" instead of as the broken file it is.
 */
async function readCaFile(path: string): Promise<CaOutcome> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    return { problem: `could not read caFile ${path} (${errorCode(error) ?? String(error)})` };
  }
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { problem: `caFile ${path} has no PEM certificates` };
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { problem: `caFile ${path}: certificate ${index + 1} of ${blocks.length} is not readable` };
    }
  }
  return { pem };
}

/** OpenSSL names the failure in `reason` ("wrong version number"); Node's message is a dump. */
function handshakeFailure(error: Error): string {
  if ('reason' in error && typeof error.reason === 'string') return error.reason;
  return errorCode(error) === 'ECONNRESET' ? 'connection reset' : error.message;
}

/** Node's own name check (see judge); not a trust problem, and reported as a mismatch instead. */
const NAME_MISMATCH = 'ERR_TLS_CERT_ALTNAME_INVALID';

/** Judges a finished handshake: validity dates on our clock, then trust, then the name. */
function judge(
  socket: TLSSocket,
  name: string,
  warnDays: number,
  now: number,
): Pick<Reading, 'status' | 'detail'> {
  // Only the legacy object: on Node 24, calling getPeerX509Certificate() first leaves this
  // object without `subjectaltname`, and checkServerIdentity then rejects every SAN.
  const cert = socket.getPeerCertificate();
  const validTo = Date.parse(cert.valid_to);
  const validFrom = Date.parse(cert.valid_from);
  if (Number.isNaN(validTo) || Number.isNaN(validFrom)) {
    return { status: 'unknown', detail: 'the server sent no readable certificate' };
  }
  if (now >= validTo) return { status: 'major_outage', detail: `certificate expired on ${isoDate(validTo)}` };
  if (now < validFrom)
    return { status: 'major_outage', detail: `certificate not valid before ${isoDate(validFrom)}` };
  // With rejectUnauthorized: false Node still runs checkServerIdentity(servername || host) when
  // OpenSSL found nothing, and stores its code as authorizationError (a string, though typed Error).
  const trust: unknown = socket.authorized ? undefined : socket.authorizationError;
  if (trust !== undefined && trust !== NAME_MISMATCH) {
    return { status: 'major_outage', detail: `certificate not trusted: ${trustError(trust)}` };
  }
  const mismatch = checkServerIdentity(name, cert);
  if (mismatch !== undefined) {
    const names =
      (cert.subjectaltname ?? '').replace(/(DNS|IP Address):/g, '') ||
      [cert.subject.CN].flat().join(', ') ||
      'nothing';
    return { status: 'major_outage', detail: `certificate does not match ${name} (it names ${names})` };
  }
  const left = Math.floor((validTo - now) / DAY_MS);
  if (left < warnDays) {
    const when = left < 1 ? 'in less than a day' : `in ${days(left)}`;
    return { status: 'degraded', detail: `certificate expires ${when} (${isoDate(validTo)})` };
  }
  return { status: 'operational', detail: `certificate valid until ${isoDate(validTo)} (${days(left)})` };
}

export const tlsSource = defineSource<TlsSourceConfig>({
  type: 'tls',
  family: 'probe',
  title: 'TLS certificate probe',
  schema: tlsConfig,
  defaults: { intervalSeconds: 3600, timeoutMs: 10_000 },
  defaultLabel: (config) =>
    config.port === 443 ? `TLS ${config.host}` : `TLS ${config.host}:${config.port}`,
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const ca = config.caFile === undefined ? undefined : await readCaFile(config.caFile);
    if (ca !== undefined && 'problem' in ca) {
      return { status: 'unknown', detail: ca.problem, checkedAt, reached: false };
    }
    // RFC 6066 forbids an IP literal in SNI, so an IP host sends none unless told to.
    const servername = config.servername ?? (isIP(config.host) === 0 ? config.host : undefined);
    const options: ConnectionOptions = {
      host: config.host,
      port: config.port,
      // We judge trust ourselves below, to say why a certificate fails instead of only failing.
      rejectUnauthorized: false,
      ...(servername !== undefined && { servername }),
      // 'default' is what Node trusts without `ca` (bundled roots plus NODE_EXTRA_CA_CERTS and
      // --use-system-ca); `ca` replaces it, so start from it rather than from rootCertificates.
      ...(ca !== undefined && { ca: [...getCACertificates('default'), ca.pem] }),
    };
    const socket = connect(options);
    try {
      const wait = await waitForSocket(socket, 'secureConnect', ctx);
      if (wait.kind === 'ready') {
        const latencyMs = elapsedSince(checkedAt, ctx);
        const verdict = judge(socket, servername ?? config.host, config.warnDays, checkedAt);
        return { ...verdict, checkedAt, reached: true, latencyMs };
      }
      // Past the TCP handshake the host answered; what failed is TLS itself.
      if (wait.kind === 'timeout' && wait.connected) {
        return {
          status: 'major_outage',
          detail: `no TLS handshake within ${ctx.timeoutMs} ms`,
          checkedAt,
          reached: true,
        };
      }
      if (wait.kind === 'error' && wait.connected) {
        const detail = `TLS handshake failed: ${handshakeFailure(wait.error)}`;
        return { status: 'major_outage', detail, checkedAt, reached: true };
      }
      return connectFailureReading(wait, config.host, ctx, checkedAt);
    } finally {
      socket.destroy();
    }
  },
});
