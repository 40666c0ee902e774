import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback site for a fleet of services: service i is probed at `/s/<i>`, connectivity at
 * `/generate_204`. The test says what each service answers and whether "the internet" is
 * there, and reads back how many requests each path received: the numbers the reliability
 * tests assert on (no storms of checks, no stalls).
 */

/** What a probe of one service gets: a 200, a 503, or a connection cut without an answer. */
export type Answer = 'up' | 'down' | 'silent';

export interface FleetSite {
  readonly url: string;
  /** The probe URL of service `index`. */
  serviceUrl(index: number): string;
  readonly connectivityUrl: string;
  /** What service `index` answers from now on; all start 'up'. */
  answer: (index: number) => Answer;
  /**
   * False: this machine is "offline": every connection, the connectivity target's too, is cut
   * before an answer, as when the network is gone.
   */
  online: boolean;
  /** Requests received for service `index` so far. */
  hits(index: number): number;
  /** Stamps each request for `checkTimes`; set it to the test's clock (monotonic time suits best). */
  stamp: () => number;
  /** When service `index` was requested, by `stamp`, oldest first. */
  checkTimes(index: number): readonly number[];
  /** Requests received for all services so far (connectivity checks not counted). */
  serviceHits(): number;
  connectivityHits(): number;
  close(): Promise<void>;
}

export interface FleetSiteOptions {
  /** Keep every check's time for `checkTimes` (a soak of many checks only needs counts). */
  readonly keepCheckTimes?: boolean;
}

export async function startFleetSite(options: FleetSiteOptions = {}): Promise<FleetSite> {
  const keepTimes = options.keepCheckTimes ?? true;
  const counts = new Map<number, number>();
  const perService = new Map<number, number[]>();
  let connectivity = 0;
  // Not test/support/http-server.ts: it keeps every request, which a soak of 100,000 checks
  // would count as the engine's memory.
  let url = '';
  const sockets = new Set<Socket>();
  const site: FleetSite = {
    get url() {
      return url;
    },
    serviceUrl: (index) => `${site.url}/s/${index}`,
    get connectivityUrl() {
      return `${site.url}/generate_204`;
    },
    answer: () => 'up',
    online: true,
    hits: (index) => counts.get(index) ?? 0,
    stamp: () => 0,
    checkTimes: (index) => perService.get(index) ?? [],
    serviceHits: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    connectivityHits: () => connectivity,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    if (path === '/generate_204') {
      connectivity += 1;
      if (site.online) res.writeHead(204).end();
      else res.socket?.destroy();
      return;
    }
    const match = /^\/s\/(\d+)$/.exec(path);
    if (!match) {
      res.writeHead(404).end('not found');
      return;
    }
    const index = Number(match[1]);
    counts.set(index, (counts.get(index) ?? 0) + 1);
    if (keepTimes) {
      const times = perService.get(index) ?? [];
      times.push(site.stamp());
      perService.set(index, times);
    }
    const answer = site.online ? site.answer(index) : 'silent';
    if (answer === 'silent') res.socket?.destroy();
    else if (answer === 'down') res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return site;
}
