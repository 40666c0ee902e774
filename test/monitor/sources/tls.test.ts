import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tlsSource, type TlsSourceConfig } from '../../../main/monitor/sources/tls.js';
import { createCertificate, writeCaFile, type Certificate } from '../../support/certificates.js';
import { clockAt, createReadContext } from '../../support/read-context.js';

const DAY = 86_400_000;
/**
 * The injected "now". It stays the real time, to the second (certificates carry whole seconds),
 * because OpenSSL judges the chain against the real clock in the same handshake.
 */
const NOW = Math.floor(Date.now() / 1000) * 1000;
/** A certificate ending `days` from now ends an hour later, so whole days left is exactly `days`. */
const expiry = (days: number): number => NOW + days * DAY + 3_600_000;
const date = (days: number): string => new Date(expiry(days)).toISOString().slice(0, 10);

const certificate = (fromDays: number, toDays: number, commonName?: string): Certificate =>
  createCertificate({
    notBefore: new Date(NOW + fromDays * DAY),
    notAfter: new Date(expiry(toDays)),
    ...(commonName !== undefined && { commonName }),
  });

let dir: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'downwatch-tls-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listening(server: TcpServer): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function serveTls(cert: Certificate): Promise<number> {
  const server: Server = createServer({ key: cert.keyPem, cert: cert.certPem });
  // A client that rejects our certificate aborts the handshake; that is expected here.
  server.on('tlsClientError', () => undefined);
  return listening(server);
}

const context = () => createReadContext({ clock: clockAt(NOW), timeoutMs: 5000 });

function config(port: number, extra: Partial<TlsSourceConfig> = {}): TlsSourceConfig {
  return { type: 'tls', host: '127.0.0.1', port, warnDays: 14, ...extra };
}

describe('tls source: certificates', () => {
  it.each([
    {
      name: 'valid and trusted, by IP',
      days: 99,
      extra: {},
      status: 'operational',
      detail: `certificate valid until ${date(99)} (99 days)`,
    },
    {
      name: 'valid and trusted, by name',
      days: 99,
      extra: { host: 'localhost' },
      status: 'operational',
      detail: `certificate valid until ${date(99)} (99 days)`,
    },
    {
      name: 'expiring within warnDays',
      days: 5,
      extra: {},
      status: 'degraded',
      detail: `certificate expires in 5 days (${date(5)})`,
    },
    {
      name: 'expiring, with warnDays 3',
      days: 5,
      extra: { warnDays: 3 },
      status: 'operational',
      detail: `certificate valid until ${date(5)} (5 days)`,
    },
    {
      name: 'expiring today',
      days: 0,
      extra: {},
      status: 'degraded',
      detail: `certificate expires in less than a day (${date(0)})`,
    },
    {
      name: 'for another host name',
      days: 99,
      extra: { servername: 'example.test' },
      status: 'major_outage',
      detail: 'certificate does not match example.test (it names localhost, 127.0.0.1)',
    },
  ])('$name: $status', async ({ days, extra, status, detail }) => {
    const cert = certificate(-30, days);
    const port = await serveTls(cert);
    const caFile = await writeCaFile(dir, `ca-${port}.pem`, [cert]);
    const reading = await tlsSource.read(config(port, { caFile, ...extra }), context());
    expect(reading).toMatchObject({ status, detail, checkedAt: NOW, reached: true });
    expect(reading.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reads major_outage for an expired certificate, with the date it expired', async () => {
    const cert = certificate(-400, -10);
    const port = await serveTls(cert);
    const caFile = await writeCaFile(dir, 'expired.pem', [cert]);
    const reading = await tlsSource.read(config(port, { caFile }), context());
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: `certificate expired on ${date(-10)}`,
      reached: true,
    });
  });

  it.each([
    { name: 'no caFile', bundle: undefined },
    { name: 'a caFile of an unrelated certificate', bundle: 'other' },
  ])('reads major_outage for a self-signed certificate not trusted ($name)', async ({ bundle }) => {
    const port = await serveTls(certificate(-30, 99));
    const caFile =
      bundle === undefined ? undefined : await writeCaFile(dir, 'other.pem', [certificate(-30, 99, 'other')]);
    const reading = await tlsSource.read(config(port, caFile === undefined ? {} : { caFile }), context());
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: 'certificate not trusted: self-signed certificate',
      reached: true,
    });
  });
});

describe('tls source: failures', () => {
  it('reads unknown naming the caFile when it cannot be read', async () => {
    const caFile = join(dir, 'missing.pem');
    const reading = await tlsSource.read(config(443, { caFile }), context());
    expect(reading).toEqual({
      status: 'unknown',
      detail: `could not read caFile ${caFile} (ENOENT)`,
      checkedAt: NOW,
      reached: false,
    });
  });

  it('reads unknown naming the caFile when it holds no certificates', async () => {
    const caFile = join(dir, 'empty.pem');
    await writeFile(caFile, 'not a certificate\n');
    const reading = await tlsSource.read(config(443, { caFile }), context());
    expect(reading).toMatchObject({ status: 'unknown', detail: `caFile ${caFile} has no PEM certificates` });
  });

  it('reads unknown naming the caFile when a certificate in it is corrupt', async () => {
    const cert = certificate(-30, 99);
    const port = await serveTls(cert);
    const caFile = join(dir, 'corrupt.pem');
    // A good certificate, then one cut short: its base64 body ends mid-way.
    const truncated = `${cert.certPem.slice(0, 300)}\n-----END CERTIFICATE-----\n`;
    await writeFile(caFile, cert.certPem + truncated);
    const reading = await tlsSource.read(config(port, { caFile }), context());
    expect(reading).toMatchObject({
      status: 'unknown',
      detail: `caFile ${caFile}: certificate 2 of 2 is not readable`,
    });
  });

  it('reads major_outage, not reached, when nothing listens', async () => {
    const port = await listening(createTcpServer());
    await closers.pop()?.();
    const reading = await tlsSource.read(config(port), context());
    expect(reading).toMatchObject({ status: 'major_outage', detail: 'connection refused', reached: false });
  });

  it('reads major_outage, reached, when the server accepts but never speaks TLS', async () => {
    const port = await listening(createTcpServer());
    const reading = await tlsSource.read(
      config(port),
      createReadContext({ clock: clockAt(NOW), timeoutMs: 300 }),
    );
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: 'no TLS handshake within 300 ms',
      reached: true,
    });
  });

  it('reads major_outage, reached, when the server answers in plain text', async () => {
    const port = await listening(createTcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const reading = await tlsSource.read(config(port), context());
    expect(reading).toMatchObject({ status: 'major_outage', reached: true });
    expect(reading.detail).toMatch(/^TLS handshake failed: \S/);
  });

  it('reads unknown "check cancelled" when aborted during the handshake', async () => {
    const port = await listening(createTcpServer());
    const controller = new AbortController();
    const pending = tlsSource.read(
      config(port),
      createReadContext({ signal: controller.signal, timeoutMs: 10_000 }),
    );
    setTimeout(() => {
      controller.abort();
    }, 50);
    expect(await pending).toMatchObject({ status: 'unknown', detail: 'check cancelled', reached: false });
  });
});

describe('tls source: config', () => {
  it('defaults port 443 and warnDays 14', () => {
    expect(tlsSource.schema.parse({ type: 'tls', host: 'example.com' })).toEqual({
      type: 'tls',
      host: 'example.com',
      port: 443,
      warnDays: 14,
    });
  });

  it.each([
    [{ type: 'tls', host: 'a.test', warnDays: 0 }, 'warnDays', 'between 1 and 365'],
    [{ type: 'tls', host: 'a.test', warnDays: 7.5 }, 'warnDays', 'whole number of days'],
    [{ type: 'tls', host: 'a.test', port: 0 }, 'port', 'a port is between 1 and 65535'],
    [{ type: 'tls', host: 'https://a.test' }, 'host', 'without scheme'],
    [{ type: 'tls', host: 'a.test', servername: '10.0.0.1' }, 'servername', 'not an IP address'],
    [{ type: 'tls', host: 'a.test', caFile: '' }, 'caFile', 'expected a path to a PEM file'],
    [{ type: 'tls', host: 'a.test', sni: 'b.test' }, '', 'sni'],
  ])('rejects %j at "%s"', (input, path, message) => {
    const result = tlsSource.schema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('labels by host, adding the port when it is not 443', () => {
    expect(tlsSource.defaultLabel(config(443, { host: 'example.com' }))).toBe('TLS example.com');
    expect(tlsSource.defaultLabel(config(8443, { host: 'example.com' }))).toBe('TLS example.com:8443');
    expect(tlsSource).toMatchObject({
      family: 'probe',
      defaults: { intervalSeconds: 3600, timeoutMs: 10_000 },
    });
  });
});
