import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpSource, type TcpSourceConfig } from '../../../main/monitor/sources/tcp.js';
import { createReadContext, steppingClock } from '../../support/read-context.js';

const servers: Server[] = [];

async function listen(onConnection: (socket: Socket) => void = () => undefined): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port nothing listens on: listen, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const config = (port: number, extra: Partial<TcpSourceConfig> = {}): TcpSourceConfig => ({
  type: 'tcp',
  host: '127.0.0.1',
  port,
  ...extra,
});

describe('tcp source: reading', () => {
  it('reads operational with the connect latency when something listens', async () => {
    const port = await listen();
    const reading = await tcpSource.read(config(port), createReadContext());
    expect(reading).toMatchObject({ status: 'operational', reached: true });
    expect(reading.detail).toMatch(/^connected in \d+ ms$/);
    expect(reading.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('closes its connection once connected', async () => {
    let onServerClose: () => void = () => undefined;
    const serverSawClose = new Promise<void>((resolve) => (onServerClose = resolve));
    const port = await listen((socket) => socket.on('close', onServerClose));
    await tcpSource.read(config(port), createReadContext());
    // Hangs until the test times out if the probe leaks its socket.
    await serverSawClose;
  });

  it.each([
    {
      degradedAboveMs: 100,
      stepMs: 250,
      status: 'degraded',
      detail: 'connected in 250 ms (slower than 100 ms)',
    },
    { degradedAboveMs: 300, stepMs: 250, status: 'operational', detail: 'connected in 250 ms' },
    { degradedAboveMs: 250, stepMs: 250, status: 'operational', detail: 'connected in 250 ms' },
  ])(
    'latency $stepMs ms against degradedAboveMs $degradedAboveMs reads $status',
    async ({ degradedAboveMs, stepMs, status, detail }) => {
      const port = await listen();
      const clock = steppingClock(1_700_000_000_000, stepMs);
      const reading = await tcpSource.read(config(port, { degradedAboveMs }), createReadContext({ clock }));
      expect(reading).toEqual({
        status,
        detail,
        checkedAt: 1_700_000_000_000,
        reached: true,
        latencyMs: stepMs,
      });
    },
  );

  it('reads major_outage, not reached, when the port refuses', async () => {
    const port = await closedPort();
    const reading = await tcpSource.read(config(port), createReadContext());
    expect(reading).toMatchObject({ status: 'major_outage', detail: 'connection refused', reached: false });
    expect(reading.latencyMs).toBeUndefined();
  });

  // Uses the machine's resolver: .invalid is reserved (RFC 6761) and never resolves.
  it('reads major_outage when the host does not resolve', async () => {
    const reading = await tcpSource.read(
      config(80, { host: 'downwatch-test.invalid' }),
      createReadContext({ timeoutMs: 15_000 }),
    );
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: 'could not resolve host downwatch-test.invalid',
      reached: false,
    });
  });

  it('reads unknown "check cancelled" when the signal is already aborted, without connecting', async () => {
    let connections = 0;
    const port = await listen(() => (connections += 1));
    const signal = AbortSignal.abort();
    const reading = await tcpSource.read(config(port), createReadContext({ signal }));
    expect(reading).toMatchObject({ status: 'unknown', detail: 'check cancelled', reached: false });
    expect(reading.latencyMs).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections).toBe(0);
  });

  it('reads a timeout, not a cancellation, when the engine aborts with a TimeoutError', async () => {
    const port = await listen();
    const signal = AbortSignal.abort(new DOMException('budget spent', 'TimeoutError'));
    const reading = await tcpSource.read(config(port), createReadContext({ signal, timeoutMs: 750 }));
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: 'no connection within 750 ms',
      reached: false,
    });
  });
});

describe('tcp source: config', () => {
  it('accepts a minimal config and fills nothing in', () => {
    expect(tcpSource.schema.parse({ type: 'tcp', host: 'db.internal', port: 5432 })).toEqual({
      type: 'tcp',
      host: 'db.internal',
      port: 5432,
    });
  });

  it.each([
    [{ type: 'tcp', host: 'a.test', port: 70000 }, 'port', 'a port is between 1 and 65535'],
    [{ type: 'tcp', port: 22 }, 'host', 'expected a host name or IP address'],
    [{ type: 'tcp', host: 'a.test:22', port: 22 }, 'host', 'without scheme, path or port'],
    [{ type: 'tcp', host: 'a.test', port: 22, degradedAboveMs: 0 }, 'degradedAboveMs', 'must be above 0'],
    [{ type: 'tcp', host: 'a.test', port: 22, timeoutMs: 5 }, 'timeoutMs', 'at least 100 ms'],
    [{ type: 'tcp', host: 'a.test', port: 22, hots: 'x' }, '', 'hots'],
  ])('rejects %j at "%s"', (input, path, message) => {
    const result = tcpSource.schema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('labels by host and port', () => {
    expect(tcpSource.defaultLabel(config(5432, { host: 'db.internal' }))).toBe('db.internal:5432');
    expect(tcpSource).toMatchObject({
      family: 'probe',
      defaults: { intervalSeconds: 60, timeoutMs: 10_000 },
    });
  });
});
