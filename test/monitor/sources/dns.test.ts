import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsSource, type DnsSourceConfig } from '../../../main/monitor/sources/dns.js';
import { startDnsServer, type DnsServer } from '../../support/dns-server.js';
import { createReadContext } from '../../support/read-context.js';

const ZONE = {
  'example.test': {
    A: ['192.0.2.1', '192.0.2.2', '192.0.2.3'],
    AAAA: ['2001:db8::1'],
    MX: [
      { priority: 10, exchange: 'mx1.example.test' },
      { priority: 20, exchange: 'mx2.example.test' },
    ],
    TXT: ['v=spf1 include:_spf.example.test -all', 'x'.repeat(300)],
  },
  'www.example.test': { CNAME: 'example.test' },
  'many.example.test': {
    A: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7'],
  },
  'broken.example.test': { A: ['192.0.2.9'] },
};

let server: DnsServer;
let resolver: string;

beforeAll(async () => {
  server = await startDnsServer({
    zone: ZONE,
    rcodes: { 'broken.example.test': 'SERVFAIL', 'private.example.test': 'REFUSED' },
  });
  resolver = `127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

function config(hostname: string, extra: Partial<DnsSourceConfig> = {}): DnsSourceConfig {
  return { type: 'dns', hostname, recordType: 'A', resolver, ...extra };
}

describe('dns source: answers', () => {
  it.each<[string, Partial<DnsSourceConfig>, string]>([
    ['example.test', {}, '3 A records: 192.0.2.1, 192.0.2.2, 192.0.2.3'],
    ['EXAMPLE.test.', {}, '3 A records: 192.0.2.1, 192.0.2.2, 192.0.2.3'],
    ['example.test', { recordType: 'AAAA' }, '1 AAAA record: 2001:db8::1'],
    ['www.example.test', { recordType: 'CNAME' }, '1 CNAME record: example.test'],
    ['example.test', { recordType: 'MX' }, '2 MX records: 10 mx1.example.test, 20 mx2.example.test'],
    [
      'example.test',
      { recordType: 'TXT' },
      `2 TXT records: "v=spf1 include:_spf.example.test -all", "${'x'.repeat(58)}…`,
    ],
    ['many.example.test', {}, '7 A records: 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5 and 2 more'],
    ['example.test', { mustInclude: ['192.0.2.2'] }, '3 A records: 192.0.2.1, 192.0.2.2, 192.0.2.3'],
    ['example.test', { recordType: 'AAAA', mustInclude: ['2001:DB8:0:0::1'] }, '1 AAAA record: 2001:db8::1'],
    [
      'example.test',
      { recordType: 'MX', mustInclude: ['MX2.example.test.'] },
      '2 MX records: 10 mx1.example.test, 20 mx2.example.test',
    ],
    [
      'example.test',
      { recordType: 'TXT', mustInclude: ['INCLUDE:_spf.example.test'] },
      expect.stringMatching(/^2 TXT records: /),
    ],
  ])('%s %j reads operational: %s', async (hostname, extra, detail) => {
    const reading = await dnsSource.read(config(hostname, extra), createReadContext());
    expect(reading).toMatchObject({ status: 'operational', detail, reached: true });
    expect(reading.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps a joined TXT record whole for matching, across its 255-byte chunks', async () => {
    const reading = await dnsSource.read(
      config('example.test', { recordType: 'TXT', mustInclude: ['x'.repeat(300)] }),
      createReadContext(),
    );
    expect(reading.status).toBe('operational');
  });
});

describe('dns source: failures', () => {
  it.each<[string, Partial<DnsSourceConfig>, string, boolean]>([
    ['missing.example.test', {}, 'missing.example.test does not exist (NXDOMAIN)', true],
    ['www.example.test', { recordType: 'MX' }, 'www.example.test has no MX records', true],
    [
      'broken.example.test',
      {},
      'resolver 127.0.0.1:PORT could not resolve broken.example.test (SERVFAIL)',
      true,
    ],
    ['private.example.test', {}, 'resolver 127.0.0.1:PORT refused to answer (REFUSED)', true],
    [
      'example.test',
      { mustInclude: ['192.0.2.9', '192.0.2.1'] },
      'expected 192.0.2.9 among the A records, got 192.0.2.1, 192.0.2.2, 192.0.2.3',
      true,
    ],
    [
      'example.test',
      { recordType: 'MX', mustInclude: ['mx3.example.test'] },
      'expected mx3.example.test among the MX records, got 10 mx1.example.test, 20 mx2.example.test',
      true,
    ],
  ])('%s %j reads major_outage: %s', async (hostname, extra, detail, reached) => {
    const reading = await dnsSource.read(config(hostname, extra), createReadContext());
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: detail.replace('PORT', String(server.port)),
      reached,
    });
  });

  it('reads major_outage, not reached, when the resolver never answers, and asks only once', async () => {
    const silent = await startDnsServer({ zone: ZONE, silent: true });
    try {
      const reading = await dnsSource.read(
        config('example.test', { resolver: `127.0.0.1:${silent.port}` }),
        createReadContext({ timeoutMs: 400 }),
      );
      expect(reading).toMatchObject({
        status: 'major_outage',
        detail: `resolver 127.0.0.1:${silent.port} did not answer within 400 ms`,
        reached: false,
      });
      expect(silent.queries).toEqual(['example.test A']);
    } finally {
      await silent.close();
    }
  });

  it('reads major_outage, not reached, when nothing listens at the resolver address', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    await new Promise<void>((resolve) => {
      socket.close(resolve);
    });
    const reading = await dnsSource.read(
      config('example.test', { resolver: `127.0.0.1:${port}` }),
      createReadContext(),
    );
    expect(reading).toMatchObject({
      status: 'major_outage',
      detail: `resolver 127.0.0.1:${port} refused the connection`,
      reached: false,
    });
  });

  it('reads unknown "check cancelled" when aborted mid-query', async () => {
    const silent = await startDnsServer({ silent: true });
    try {
      const controller = new AbortController();
      const pending = dnsSource.read(
        config('example.test', { resolver: `127.0.0.1:${silent.port}` }),
        createReadContext({ signal: controller.signal, timeoutMs: 10_000 }),
      );
      setTimeout(() => {
        controller.abort();
      }, 50);
      expect(await pending).toMatchObject({ status: 'unknown', detail: 'check cancelled', reached: false });
    } finally {
      await silent.close();
    }
  });

  it('does not query at all when the signal is already aborted', async () => {
    const before = server.queries.length;
    const reading = await dnsSource.read(
      config('example.test'),
      createReadContext({ signal: AbortSignal.abort() }),
    );
    expect(reading).toMatchObject({ status: 'unknown', detail: 'check cancelled' });
    expect(server.queries.length).toBe(before);
  });
});

describe('dns source: config', () => {
  it('defaults the record type to A', () => {
    expect(dnsSource.schema.parse({ type: 'dns', hostname: 'example.com' })).toEqual({
      type: 'dns',
      hostname: 'example.com',
      recordType: 'A',
    });
  });

  it.each(['1.1.1.1', '1.1.1.1:53', '2606:4700::1111', '[2606:4700::1111]:5353'])(
    'accepts resolver %s',
    (value) => {
      expect(
        dnsSource.schema.safeParse({ type: 'dns', hostname: 'example.com', resolver: value }).success,
      ).toBe(true);
    },
  );

  it.each([
    [{ type: 'dns', hostname: 'a.test', resolver: 'dns.google' }, 'resolver', 'expected an IP address'],
    [{ type: 'dns', hostname: 'a.test', resolver: '1.1.1.1:70000' }, 'resolver', 'expected an IP address'],
    [
      { type: 'dns', hostname: 'a.test', recordType: 'SRV' },
      'recordType',
      'expected one of A, AAAA, CNAME, MX, TXT',
    ],
    [{ type: 'dns' }, 'hostname', 'expected a host name or IP address'],
    [{ type: 'dns', hostname: '192.0.2.1' }, 'hostname', 'not an IP address'],
    [
      { type: 'dns', hostname: 'a.test', mustInclude: ['2001:db8::1'] },
      'mustInclude.0',
      'IPv4 address for A records',
    ],
    [{ type: 'dns', hostname: 'a.test', mustInclude: [''] }, 'mustInclude.0', 'an empty string'],
    [{ type: 'dns', hostname: 'a.test', record: 'A' }, '', 'record'],
  ])('rejects %j at "%s"', (input, path, message) => {
    const result = dnsSource.schema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('labels by host name and record type', () => {
    expect(dnsSource.defaultLabel(config('example.com', { recordType: 'MX' }))).toBe('example.com MX');
    expect(dnsSource).toMatchObject({ family: 'probe', defaults: { intervalSeconds: 60, timeoutMs: 5000 } });
  });
});
