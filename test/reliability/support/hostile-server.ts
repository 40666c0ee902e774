import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { realFixture } from '../../support/fixtures.js';
import { startServer, type TestServer } from '../../support/http-server.js';

/**
 * Loopback servers with every kind of misbehaviour an outage monitor meets in the wild. Each
 * answers every path the same way, so a status page source pointed at `/drip` finds
 * `/drip/api/v2/summary.json` dripping too.
 *
 * Behaviours that hold a response open count it in `openResponses` until the connection
 * closes: the client, not the server, must be the one to let go.
 */

export type Behaviour =
  | 'stalls'
  | 'endless'
  | 'drip'
  | 'gzip-bomb'
  | 'loop'
  | 'reset'
  | 'rate-limited'
  | 'away-for-a-day'
  | 'invalid-utf8-page'
  | 'invalid-utf8-json'
  | 'binary-json'
  | 'malformed-json'
  | 'utf16le-bom'
  | 'utf16be-bom'
  | 'utf16-page'
  | 'html'
  | 'healthy';

export interface HostileServers {
  /** The URL of a behaviour, e.g. `http://127.0.0.1:4321/drip`. */
  at(behaviour: Behaviour): string;
  /** Requests one behaviour's server has seen, in order. */
  requests(behaviour: Behaviour): readonly IncomingMessage[];
  /** Responses still held open by `stalls`, `endless` and `drip`. */
  openResponses(): number;
  close(): Promise<void>;
}

/** What the gzip bomb says it is, and what it becomes: 1 MB of zeros per ~1 KB gzip member. */
export const BOMB_MEMBERS = 512;
export const BOMB_DECOMPRESSED_BYTES = BOMB_MEMBERS * 1024 * 1024;

/**
 * Made at test time with zlib: one gzip member of 1 MB of zeros, repeated. RFC 1952 section 2.2
 * lets a gzip file hold many members and decoders must concatenate them, so about 512 KB on
 * the wire becomes 512 MB, and the test never holds more than one member's zeros itself.
 */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: BOMB_MEMBERS }, () => member));
}

/** GitHub's real summary, with the name "Git Operations" spelled with bytes that are not UTF-8. */
export const SUMMARY = realFixture('statuspage/github-summary-all-operational-2019.json');
export const INVALID_UTF8_COMPONENT = 'Git \uFFFD\uFFFD Operations';

function summaryWithInvalidUtf8(): Buffer {
  const at = SUMMARY.indexOf('"Git Operations"');
  return Buffer.concat([
    SUMMARY.subarray(0, at),
    Buffer.from('"Git '),
    // 0xC0 and 0xFF never occur in UTF-8: each becomes one U+FFFD.
    Buffer.from([0xc0, 0xff]),
    Buffer.from(' Operations"'),
    SUMMARY.subarray(at + '"Git Operations"'.length),
  ]);
}

function utf16le(text: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.toString(), 'utf16le')]);
}

function utf16be(text: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text.toString(), 'utf16le').swap16()]);
}

/** The words a page must show: after the bad bytes, so decoding has to carry on past them. */
export const PAGE_TEXT = 'Welcome home';

type Respond = (req: IncomingMessage, res: ServerResponse, hold: (res: ServerResponse) => void) => void;

/** Only `…/summary.json` answers for a JSON payload: a page's other feeds are simply absent. */
function summaryOnly(body: Buffer, contentType: string): Respond {
  return (req, res) => {
    if (!(req.url ?? '').endsWith('/summary.json')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': contentType }).end(body);
  };
}

function behaviours(): Record<Behaviour, Respond> {
  let bomb: Buffer | undefined;
  return {
    // Headers and the start of a JSON body, then silence with the connection open.
    stalls: (_req, res, hold) => {
      hold(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"page":{"id":');
    },
    // A body that never ends, as fast as the client takes it.
    endless: (_req, res, hold) => {
      hold(res);
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    },
    // One byte a second, forever: every read makes progress, so only a total deadline ends it.
    drip: (_req, res, hold) => {
      hold(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => clearInterval(timer));
    },
    'gzip-bomb': (_req, res) => {
      bomb ??= gzipBomb();
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
    },
    // a → b → a → …, whatever the path.
    loop: (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const next = url.searchParams.has('b') ? url.pathname : `${url.pathname}?b`;
      res.writeHead(302, { location: next }).end();
    },
    // Promises 100,000 bytes, sends 1,000, then tears the connection down with a TCP RST.
    reset: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write('x'.repeat(1000), () => res.socket?.resetAndDestroy());
    },
    'rate-limited': (_req, res) => {
      res.writeHead(429, { 'retry-after': '120', 'content-type': 'text/plain' }).end('Too Many Requests');
    },
    // Maintenance that asks every client to stay away for a day.
    'away-for-a-day': (_req, res) => {
      res.writeHead(503, { 'retry-after': '86400', 'content-type': 'text/plain' }).end('Maintenance');
    },
    'invalid-utf8-page': (_req, res) => {
      const body = Buffer.concat([
        Buffer.from('<html><body>'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
        Buffer.from(`<p>${PAGE_TEXT}</p></body></html>`),
      ]);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    },
    'invalid-utf8-json': summaryOnly(summaryWithInvalidUtf8(), 'application/json; charset=utf-8'),
    // A pre-compressed file served without its Content-Encoding: gzip bytes, labelled JSON.
    'binary-json': summaryOnly(gzipSync(SUMMARY), 'application/json'),
    // Broken across lines: the parser's complaint quotes the text, line break included.
    'malformed-json': summaryOnly(Buffer.from('{"page":\n  oops}'), 'application/json'),
    // The byte-order mark contradicts the label; the BOM wins (WHATWG Encoding, "decode").
    'utf16le-bom': summaryOnly(utf16le(SUMMARY), 'application/json; charset=utf-8'),
    'utf16be-bom': summaryOnly(utf16be(SUMMARY), 'application/json'),
    'utf16-page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(utf16le(`<html><p>${PAGE_TEXT}</p></html>`));
    },
    // A CDN's challenge page, with a 200, where the status API should be.
    html: (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=UTF-8' })
        .end('<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>');
    },
    healthy: (req, res) => {
      if ((req.url ?? '').endsWith('/summary.json')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(SUMMARY);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${PAGE_TEXT}</p>`);
    },
  };
}

/**
 * One server per behaviour: the client allows six connections per host (host and port), and
 * in the wild each of these would be a different site, so one must not queue behind another.
 */
export async function startHostileServers(): Promise<HostileServers> {
  const respond = behaviours();
  const open = new Set<ServerResponse>();
  const hold = (res: ServerResponse): void => {
    open.add(res);
    res.on('close', () => open.delete(res));
  };
  const servers = new Map<Behaviour, TestServer>(
    await Promise.all(
      (Object.entries(respond) as [Behaviour, Respond][]).map(
        async ([name, answer]) => [name, await startServer((req, res) => answer(req, res, hold))] as const,
      ),
    ),
  );
  const server = (behaviour: Behaviour): TestServer => {
    const found = servers.get(behaviour);
    if (!found) throw new Error(`no server for ${behaviour}`);
    return found;
  };
  return {
    at: (behaviour) => `${server(behaviour).url}/${behaviour}`,
    requests: (behaviour) => server(behaviour).requests,
    openResponses: () => open.size,
    close: async () => {
      await Promise.all([...servers.values()].map((each) => each.close()));
    },
  };
}
