import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The status server the measured clients poll, in a process of its own so its CPU is not
 * counted against them. Every path answers 200 with a short body, as a healthy site would.
 * Prints `{"port":N}` once listening; exits when its parent closes stdin (or dies).
 */
const BODY = 'ok\n';

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
  response.end(BODY);
});
// Longer than any client's keep-alive, so the server never closes a socket a client is about to
// reuse: that race would show up as a rare reset and a failed run, not as engine cost.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
