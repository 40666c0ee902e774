import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * Loopback servers that take a connection and never finish the exchange: a site that never
 * answers, a plain TCP port posing as HTTPS (the TLS handshake never completes), a proxy that
 * never answers CONNECT or opens a tunnel to nowhere. Everything they see goes into a shared
 * log, in order, so a test asserts the order of events, never a duration.
 *
 * Each holds a connection for `holdMs`, then lets go ("server let go"). A request that ends on
 * its own timeout or signal has settled, and closed its socket ("closed by the client"), before that.
 * undici's connect timeout is 10 s, so a hold much shorter than that (yet far longer than the
 * request's timeout) is what tells "ended by our timeout" from "ended by undici's".
 */

export const HOLD_MS = 5000;

export type Holding =
  /** Accepts and reads, never writes: a hung site, or a TLS handshake that never completes. */
  | 'silent'
  /** A proxy that opens the tunnel ("200 Connection established") and then forwards nothing. */
  | 'tunnel to nowhere';

export interface HoldingServer {
  readonly port: number;
  /** Resolves once `event` ("accepted", "CONNECT 127.0.0.1:443") has been logged. */
  reached(event: string): Promise<void>;
  /** Resolves once every connection it took has closed, whoever closed it. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startHoldingServer(
  log: string[],
  holding: Holding = 'silent',
  holdMs = HOLD_MS,
): Promise<HoldingServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters: { event: string; resolve: () => void }[] = [];
  let closing = false;
  const note = (event: string): void => {
    log.push(event);
    for (const waiter of waiters.filter((w) => w.event === event)) waiter.resolve();
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    note('accepted');
    let lettingGo = false;
    const timer = setTimeout(() => {
      lettingGo = true;
      note('server let go');
      socket.destroy();
    }, holdMs);
    timers.add(timer);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
      sockets.delete(socket);
      if (!lettingGo && !closing) note('closed by the client');
    });
    // Each stage logs what the client opens it with: its first words, then (once a tunnel is
    // open) the first words through the tunnel.
    let expecting: 'first words' | 'tunnel' | 'nothing' = 'first words';
    socket.on('data', (chunk: Buffer) => {
      if (expecting === 'nothing') return;
      const inTunnel = expecting === 'tunnel';
      note(describe(chunk, inTunnel));
      expecting = 'nothing';
      if (!inTunnel && holding === 'tunnel to nowhere' && chunk.toString('latin1').startsWith('CONNECT ')) {
        expecting = 'tunnel';
        socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    port,
    reached: (event) =>
      log.includes(event) ? Promise.resolve() : new Promise((resolve) => waiters.push({ event, resolve })),
    allClosed: async () => {
      await Promise.all([...sockets].map((socket) => once(socket, 'close')));
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The first thing a client says: an HTTP request line, a CONNECT, or a TLS ClientHello. */
function describe(chunk: Buffer, inTunnel: boolean): string {
  const where = inTunnel ? ' (through the tunnel)' : '';
  // A TLS record of type handshake (22) opens with a ClientHello.
  if (chunk[0] === 0x16) return `TLS hello${where}`;
  const line = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
  const [method = '', target = ''] = line.split(' ');
  return `${method} ${target}${where}`;
}
