import { once } from 'node:events';
import { connect, createServer as createNetServer, type AddressInfo, type LookupFunction } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClientOptions } from '../../../main/monitor/http/client.js';
import type { HttpClient, HttpOutcome } from '../../../main/monitor/http/types.js';
import { createCertificate } from '../../support/certificates.js';
import { HOLD_MS, startHoldingServer, type Holding, type HoldingServer } from './holding-server.js';

/**
 * A request's own timeout and its caller's signal end it in every phase, at once, and take its
 * sockets with them. Undici alone would wait for its connect timeout (10 s) while connecting,
 * and for its headers timeout (300 s) on a proxy that never answers CONNECT. Each test reads
 * the order of events: the request settles, and its socket is closed from our side, while the
 * server would still hold it for seconds.
 */

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function client(options: HttpClientOptions = {}): HttpClient {
  const created = createHttpClient({ env: {}, ...options });
  cleanups.push(() => created.close());
  return created;
}

async function hold(log: string[], holding?: Holding): Promise<HoldingServer> {
  const server = await startHoldingServer(log, holding);
  cleanups.push(() => server.close());
  return server;
}

interface Phase {
  readonly holding: Holding;
  /** The URL to ask for and the proxy variables, given the holding server's port. */
  readonly setup: (port: number) => { url: string; env?: Record<string, string> };
  /** What the server hears, in order, before everything goes quiet. */
  readonly heard: readonly string[];
  /** How the timeout message names the phase. */
  readonly phase: string;
}

const phases: Record<string, Phase> = {
  'a site that accepts the request and never answers': {
    holding: 'silent',
    setup: (port) => ({ url: `http://127.0.0.1:${port}/` }),
    heard: ['GET /'],
    phase: 'waiting for the answer',
  },
  'a TLS handshake that never completes': {
    holding: 'silent',
    setup: (port) => ({ url: `https://127.0.0.1:${port}/` }),
    heard: ['TLS hello'],
    phase: 'connecting',
  },
  'a proxy that never answers CONNECT': {
    holding: 'silent',
    setup: (port) => ({
      url: 'https://status.example.com/',
      env: { https_proxy: `http://127.0.0.1:${port}` },
    }),
    heard: ['CONNECT status.example.com:443'],
    phase: 'connecting',
  },
  'a proxy tunnel to nowhere (the TLS handshake through it never completes)': {
    holding: 'tunnel to nowhere',
    setup: (port) => ({
      url: 'https://status.example.com/',
      env: { https_proxy: `http://127.0.0.1:${port}` },
    }),
    heard: ['CONNECT status.example.com:443', 'TLS hello (through the tunnel)'],
    phase: 'connecting',
  },
  'a plain-HTTP proxy that never answers': {
    holding: 'silent',
    setup: (port) => ({
      url: 'http://status.example.com/',
      env: { http_proxy: `http://127.0.0.1:${port}` },
    }),
    heard: ['GET http://status.example.com/'],
    phase: 'waiting for the answer',
  },
};

describe.each(Object.entries(phases))('HTTP client, %s', (_name, { holding, setup, heard, phase }) => {
  it(`times out "while ${phase}", closing its socket while the server still holds it`, async () => {
    const log: string[] = [];
    const server = await hold(log, holding);
    const { url, env = {} } = setup(server.port);
    const outcome = await client({ env }).request({ url, timeoutMs: 200 });
    log.push('settled');
    await server.allClosed();
    expect(outcome).toMatchObject({
      kind: 'failure',
      reason: 'timeout',
      message: `timed out after 200 ms while ${phase}`,
      reached: false,
    });
    expect(log).toEqual(['accepted', ...heard, 'settled', 'closed by the client']);
  });

  it('ends when its signal aborts, closing its socket while the server still holds it', async () => {
    const log: string[] = [];
    const server = await hold(log, holding);
    const { url, env = {} } = setup(server.port);
    const controller = new AbortController();
    void server.reached(heard.at(-1) ?? 'accepted').then(() => controller.abort());
    const outcome = await client({ env }).request({ url, timeoutMs: 60_000, signal: controller.signal });
    log.push('settled');
    await server.allClosed();
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'aborted', reached: false });
    expect(log).toEqual(['accepted', ...heard, 'settled', 'closed by the client']);
  });
});

describe('HTTP client, a DNS lookup that never answers', () => {
  /** A resolver that sits on the question until HOLD_MS, then says the name does not exist. */
  function stalledLookup(log: string[]): LookupFunction {
    return (hostname, _options, callback) => {
      log.push(`lookup ${hostname}`);
      const timer = setTimeout(() => {
        log.push('resolver let go');
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      }, HOLD_MS);
      cleanups.push(() => {
        clearTimeout(timer);
        return Promise.resolve();
      });
    };
  }

  it('times out "while connecting" before the resolver answers', async () => {
    const log: string[] = [];
    const http = client({ lookup: stalledLookup(log) });
    const outcome = await http.request({ url: 'https://status.example.com/', timeoutMs: 200 });
    log.push('settled');
    expect(outcome).toMatchObject({
      reason: 'timeout',
      message: 'timed out after 200 ms while connecting',
    });
    expect(log).toEqual(['lookup status.example.com', 'settled']);
  });

  it('ends when its signal aborts before the resolver answers', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const http = client({
      lookup: (hostname, options, callback) => {
        stalledLookup(log)(hostname, options, callback);
        setImmediate(() => controller.abort());
      },
    });
    const outcome = await http.request({
      url: 'http://status.example.com/',
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    log.push('settled');
    expect(outcome).toMatchObject({ reason: 'aborted', message: 'the check was cancelled' });
    expect(log).toEqual(['lookup status.example.com', 'settled']);
  });
});

describe('HTTP client, close()', () => {
  it('cancels a request still connecting and closes its socket', async () => {
    const log: string[] = [];
    const server = await hold(log);
    const http = createHttpClient({ env: {} });
    const pending = http.request({ url: `https://127.0.0.1:${server.port}/`, timeoutMs: 60_000 });
    await server.reached('TLS hello');
    await http.close();
    log.push('HTTP client closed');
    const outcome: HttpOutcome = await pending;
    await server.allClosed();
    expect(outcome).toMatchObject({ reason: 'aborted' });
    expect(log).toEqual(['accepted', 'TLS hello', 'HTTP client closed', 'closed by the client']);
  });
});

describe('HTTP client, HTTPS through a CONNECT proxy', () => {
  it('tunnels, trusting the extra CA certificates inside the tunnel too', async () => {
    const certificate = createCertificate({
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const site = createTlsServer({ cert: certificate.certPem, key: certificate.keyPem }, (socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 7\r\n\r\ntunnels'),
      );
    });
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    const sitePort = (site.address() as AddressInfo).port;
    const connects: string[] = [];
    const proxy = createNetServer((client) => {
      client.once('data', (head: Buffer) => {
        const target = head.toString('latin1').split(' ')[1] ?? '';
        connects.push(target);
        const [host = '', port = ''] = target.split(':');
        const upstream = connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    cleanups.push(
      () => new Promise((resolve) => site.close(() => resolve())),
      () => new Promise((resolve) => proxy.close(() => resolve())),
    );

    const http = client({
      env: { https_proxy: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` },
      extraCaCertificates: [certificate.certPem],
    });
    const outcome = await http.request({ url: `https://localhost:${sitePort}/`, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: 'response', status: 200, text: 'tunnels' });
    expect(connects).toEqual([`localhost:${sitePort}`]);
  });
});
