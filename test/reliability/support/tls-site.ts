import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Certificate } from '../../support/certificates.js';

/** A loopback HTTPS site presenting `certificate`, answering every request with a healthy page. */
export interface TlsSite {
  readonly url: string;
  close(): Promise<void>;
}

export async function startTlsSite(certificate: Certificate): Promise<TlsSite> {
  const sockets = new Set<Socket>();
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Welcome home</p>');
  });
  // A client that refuses the certificate aborts the handshake: expected, not a server fault.
  server.on('tlsClientError', () => undefined);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
