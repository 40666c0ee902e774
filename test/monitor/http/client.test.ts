import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { getEventListeners } from 'node:events';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../main/monitor/http/client.js';
import type { HttpClient, HttpOutcome, HttpResponse } from '../../../main/monitor/http/types.js';
import { closedPort, startRoutes, startServer, type TestServer } from '../../support/http-server.js';

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function client(options: Parameters<typeof createHttpClient>[0] = {}): HttpClient {
  const created = createHttpClient({ env: {}, ...options });
  clients.push(created);
  return created;
}

async function serve(...args: Parameters<typeof startRoutes>): Promise<TestServer> {
  const server = await startRoutes(...args);
  servers.push(server);
  return server;
}

function asResponse(outcome: HttpOutcome): HttpResponse {
  if (outcome.kind !== 'response')
    throw new Error(`expected a response, got ${outcome.reason}: ${outcome.message}`);
  return outcome;
}

describe('HTTP client: ordinary answers', () => {
  it('returns status, headers, text and latency, and names itself', async () => {
    const server = await serve({ '/': { body: 'hello', headers: { 'content-type': 'text/plain' } } });
    const response = asResponse(await client().request({ url: `${server.url}/`, timeoutMs: 2000 }));
    expect(response).toMatchObject({ status: 200, text: 'hello', truncated: false, notModified: false });
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^Downwatch\/\d+\.\d+\.\d+/);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decompresses %s', async (encoding, compress) => {
    const body = compress(Buffer.from('{"status":"ok"}'));
    const server = await serve({ '/': { body, headers: { 'content-encoding': encoding } } });
    const response = asResponse(await client().request({ url: `${server.url}/`, timeoutMs: 2000 }));
    expect(response.text).toBe('{"status":"ok"}');
  });

  it.each([
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"é":1}', 'utf16le')]),
      undefined,
      'utf-16le',
    ],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"é":1}')]),
      undefined,
      'utf-8',
    ],
    [
      'latin1 from Content-Type',
      Buffer.from('{"é":1}', 'latin1'),
      'application/json; charset=ISO-8859-1',
      'iso-8859-1',
    ],
  ])('decodes %s', async (_name, body, contentType, charset) => {
    const headers = contentType ? { 'content-type': contentType } : undefined;
    const server = await serve({ '/': { body, ...(headers ? { headers } : {}) } });
    const response = asResponse(await client().request({ url: `${server.url}/`, timeoutMs: 2000 }));
    expect(response.text).toBe('{"é":1}');
    expect(response.charset).toBe(charset);
  });

  it('replaces invalid UTF-8 instead of failing', async () => {
    const server = await serve({ '/': { body: Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d]) } });
    const response = asResponse(await client().request({ url: `${server.url}/`, timeoutMs: 2000 }));
    expect(response.text).toBe('{\uFFFD\uFFFD\uFFFD}');
  });

  it('follows redirects and records the chain', async () => {
    const server = await serve({
      '/a': { status: 301, headers: { location: '/b' } },
      '/b': { status: 302, headers: { location: '/c' } },
      '/c': { body: 'end' },
    });
    const response = asResponse(await client().request({ url: `${server.url}/a`, timeoutMs: 2000 }));
    expect(response.text).toBe('end');
    expect(response.url).toBe(`${server.url}/c`);
    expect(response.redirects).toEqual([`${server.url}/a`, `${server.url}/b`]);
  });

  it('does not carry Authorization to another origin on a redirect', async () => {
    const other = await serve({ '/': { body: 'other' } });
    const otherOrigin = other.url.replace('127.0.0.1', 'localhost');
    const server = await serve({ '/': { status: 302, headers: { location: `${otherOrigin}/` } } });
    await client().request({
      url: `${server.url}/`,
      timeoutMs: 2000,
      headers: { authorization: 'Bearer secret' },
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer secret');
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('sends a POST body and does not follow its redirect', async () => {
    let received = '';
    const server = await serve({
      '/create': async (req, res) => {
        for await (const chunk of req) received += String(chunk);
        res.writeHead(303, { location: '/elsewhere' }).end('created');
      },
    });
    const response = asResponse(
      await client().request({
        url: `${server.url}/create`,
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
        timeoutMs: 2000,
      }),
    );
    expect(received).toBe('{"a":1}');
    expect(response).toMatchObject({ status: 303, text: 'created' });
    expect(server.requests).toHaveLength(1);
  });

  it('parses Retry-After on 429', async () => {
    const server = await serve({ '/': { status: 429, headers: { 'retry-after': '120' } } });
    const response = asResponse(await client().request({ url: `${server.url}/`, timeoutMs: 2000 }));
    expect(response).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  });
});

describe('HTTP client: a caller signal that outlives its requests', () => {
  it('carries no listener once each request has settled, whatever the outcome', async () => {
    // The scheduler's signal lives as long as the app: a listener left per request would leak.
    const server = await serve({ '/': { body: 'ok' }, '/slow': () => undefined });
    const app = new AbortController();
    const http = client();
    const outcomes = [
      await http.request({ url: `${server.url}/`, timeoutMs: 2000, signal: app.signal }),
      await http.request({ url: `${server.url}/slow`, timeoutMs: 50, signal: app.signal }),
      await http.request({
        url: `http://127.0.0.1:${await closedPort()}/`,
        timeoutMs: 2000,
        signal: app.signal,
      }),
    ];
    expect(
      outcomes.map((outcome) => (outcome.kind === 'response' ? outcome.status : outcome.reason)),
    ).toEqual([200, 'timeout', 'refused']);
    expect(getEventListeners(app.signal, 'abort')).toEqual([]);
  });

  it('ends the request the moment the caller aborts', async () => {
    // Answers nothing: only the abort can end the request before its 5 s timeout.
    const server = await serve({ '/slow': () => undefined });
    const app = new AbortController();
    const pending = client().request({ url: `${server.url}/slow`, timeoutMs: 5000, signal: app.signal });
    setTimeout(() => app.abort(), 50);
    expect(await pending).toMatchObject({ kind: 'failure', reason: 'aborted' });
    expect(getEventListeners(app.signal, 'abort')).toEqual([]);
  });
});

describe('HTTP client: conditional requests', () => {
  it('revalidates with ETag and reuses the remembered answer on 304', async () => {
    let bodiesSent = 0;
    const server = await serve({
      '/feed': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304).end();
          return;
        }
        bodiesSent += 1;
        res.writeHead(200, { etag: '"v1"', 'content-type': 'application/json' }).end('{"v":1}');
      },
    });
    const http = client();
    const first = asResponse(
      await http.request({ url: `${server.url}/feed`, timeoutMs: 2000, conditional: true }),
    );
    const second = asResponse(
      await http.request({ url: `${server.url}/feed`, timeoutMs: 2000, conditional: true }),
    );
    expect(first).toMatchObject({ notModified: false, text: '{"v":1}' });
    expect(second).toMatchObject({ notModified: true, status: 200, text: '{"v":1}' });
    expect(bodiesSent).toBe(1);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('uses Last-Modified when there is no ETag, and never for plain requests', async () => {
    const server = await serve({
      '/feed': { body: 'x', headers: { 'last-modified': 'Wed, 21 Oct 2026 07:28:00 GMT' } },
    });
    const http = client();
    await http.request({ url: `${server.url}/feed`, timeoutMs: 2000, conditional: true });
    await http.request({ url: `${server.url}/feed`, timeoutMs: 2000, conditional: true });
    await http.request({ url: `${server.url}/feed`, timeoutMs: 2000 });
    expect(server.requests.map((req) => req.headers['if-modified-since'])).toEqual([
      undefined,
      'Wed, 21 Oct 2026 07:28:00 GMT',
      undefined,
    ]);
  });
});

describe('HTTP client: hostile servers give a failure or a marked response, never a throw', () => {
  it('cuts off a never-ending body at the size cap', async () => {
    const server = await serve({
      '/': (_req, res) => {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      },
    });
    const response = asResponse(
      await client().request({ url: `${server.url}/`, timeoutMs: 5000, maxBodyBytes: 1024 * 1024 }),
    );
    expect(response.truncated).toBe(true);
    expect(response.bodyBytes).toBe(1024 * 1024);
  });

  it('stops a gzip bomb at the cap counted after decompression', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const server = await serve({ '/': { body: bomb, headers: { 'content-encoding': 'gzip' } } });
    const response = asResponse(
      await client().request({ url: `${server.url}/`, timeoutMs: 5000, maxBodyBytes: 1024 * 1024 }),
    );
    expect(response).toMatchObject({ truncated: true, bodyBytes: 1024 * 1024 });
  });

  it('times out on a body that drips, saying where it was', async () => {
    const server = await serve({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        const drip = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(drip));
      },
    });
    const outcome = await client().request({ url: `${server.url}/`, timeoutMs: 500 });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'timeout', reached: true });
    expect(outcome.kind === 'failure' && outcome.message).toMatch(
      /timed out after 500 ms while reading the body/,
    );
  });

  it('names a redirect loop', async () => {
    const server = await serve({
      '/a': { status: 302, headers: { location: '/b' } },
      '/b': { status: 302, headers: { location: '/a' } },
    });
    const outcome = await client().request({ url: `${server.url}/a`, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'redirect-loop' });
    expect(outcome.kind === 'failure' && outcome.message).toContain(
      `${server.url}/a → ${server.url}/b → ${server.url}/a`,
    );
  });

  it('gives up after more than 5 redirects', async () => {
    const server = await serve({
      '/r': (req, res) => {
        const n = Number(new URL(req.url ?? '', 'http://x').searchParams.get('n') ?? '0');
        res.writeHead(302, { location: `/r?n=${n + 1}` }).end();
      },
    });
    const outcome = await client().request({ url: `${server.url}/r`, timeoutMs: 2000 });
    expect(outcome).toMatchObject({
      kind: 'failure',
      reason: 'too-many-redirects',
      message: 'more than 5 redirects',
    });
    expect(server.requests).toHaveLength(6);
  });

  it('reports a connection reset mid-body as reached', async () => {
    const server = await serve({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-length': '100000' });
        res.write('x'.repeat(1000));
        setTimeout(() => res.socket?.destroy(), 20);
      },
    });
    const outcome = await client().request({ url: `${server.url}/`, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'reset', reached: true });
    expect(outcome.kind === 'failure' && outcome.message).toMatch(
      /closed unexpectedly after 1000 B of the body/,
    );
  });

  it('reports a refused connection as not reached', async () => {
    const port = await closedPort();
    const outcome = await client().request({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'refused', reached: false });
  });

  it('reports a server that accepts and never answers as a timeout waiting for the answer', async () => {
    const silent = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const outcome = await client().request({ url: `http://127.0.0.1:${port}/`, timeoutMs: 300 });
      expect(outcome).toMatchObject({
        kind: 'failure',
        reason: 'timeout',
        message: 'timed out after 300 ms while waiting for the answer',
        reached: false,
      });
    } finally {
      silent.close();
    }
  });

  it('names corrupt compressed data', async () => {
    const server = await serve({ '/': { body: 'not gzip at all', headers: { 'content-encoding': 'gzip' } } });
    const outcome = await client().request({ url: `${server.url}/`, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'decode' });
  });

  it.each(['ftp://example.com/', 'not a url'])('rejects %s without a request', async (url) => {
    const outcome = await client().request({ url, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'invalid-url', reached: false });
  });

  it('reports cancellation by the caller as aborted', async () => {
    const server = await serve({ '/': () => undefined });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await client().request({
      url: `${server.url}/`,
      timeoutMs: 5000,
      signal: controller.signal,
    });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'aborted' });
  });
});

describe('HTTP client: politeness', () => {
  it('caps concurrent requests per host', async () => {
    let active = 0;
    let peak = 0;
    const server = await serve({
      '/': (_req, res) => {
        active += 1;
        peak = Math.max(peak, active);
        setTimeout(() => {
          active -= 1;
          res.end('ok');
        }, 30);
      },
    });
    const http = client({ perHostConcurrency: 2 });
    await Promise.all(
      Array.from({ length: 8 }, () => http.request({ url: `${server.url}/`, timeoutMs: 5000 })),
    );
    expect(peak).toBe(2);
    expect(server.requests).toHaveLength(8);
  });
});

describe('HTTP client: proxies from the environment', () => {
  let target: TestServer;
  let proxy: TestServer;
  const proxied: string[] = [];

  beforeAll(async () => {
    target = await startRoutes({ '/': { body: 'from target' } });
    // A real forward proxy for plain HTTP: it receives the absolute URL and relays it.
    proxy = await startServer(
      (req, res) =>
        new Promise<void>((resolve) => {
          proxied.push(req.url ?? '');
          const upstream = httpRequest(
            req.url ?? '',
            { method: req.method, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res).on('finish', resolve);
            },
          );
          upstream.end();
        }),
    );
  });
  afterAll(async () => {
    await target.close();
    await proxy.close();
  });

  it('goes through HTTP_PROXY', async () => {
    const response = asResponse(
      await client({ env: { HTTP_PROXY: proxy.url } }).request({ url: `${target.url}/`, timeoutMs: 2000 }),
    );
    expect(response.text).toBe('from target');
    expect(proxied).toContain(`${target.url}/`);
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    proxied.length = 0;
    const response = asResponse(
      await client({ env: { http_proxy: proxy.url, no_proxy: '127.0.0.1' } }).request({
        url: `${target.url}/`,
        timeoutMs: 2000,
      }),
    );
    expect(response.text).toBe('from target');
    expect(proxied).toEqual([]);
  });
});
