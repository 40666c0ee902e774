import { createSocket, type RemoteInfo } from 'node:dgram';

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1, speaking the RFC 1035 wire format, so
 * the dns source is tested against the real resolver (c-ares) rather than a mock.
 */

export interface ZoneRecords {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  readonly CNAME?: string;
  readonly MX?: readonly { readonly priority: number; readonly exchange: string }[];
  readonly TXT?: readonly string[];
}

/** Names are matched case-insensitively, without the root dot. */
export type Zone = Readonly<Record<string, ZoneRecords>>;

export interface DnsServerOptions {
  readonly zone?: Zone;
  /** Names answered with an error code instead of their records. */
  readonly rcodes?: Readonly<Record<string, 'SERVFAIL' | 'REFUSED'>>;
  /** Receive queries but never answer: the resolver times out. */
  readonly silent?: boolean;
}

export interface DnsServer {
  readonly port: number;
  /** Every question received, as "name TYPE", in order. */
  readonly queries: readonly string[];
  close(): Promise<void>;
}

const TYPES: Readonly<Record<number, keyof ZoneRecords>> = {
  1: 'A',
  5: 'CNAME',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
};
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export async function startDnsServer(options: DnsServerOptions = {}): Promise<DnsServer> {
  const zone = new Map(
    Object.entries(options.zone ?? {}).map(([name, records]) => [normalise(name), records]),
  );
  const queries: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (message: Buffer, peer: RemoteInfo) => {
    const question = parseQuestion(message);
    if (question === undefined) return;
    const typeName = TYPES[question.type] ?? `TYPE${question.type}`;
    queries.push(`${question.name} ${typeName}`);
    if (options.silent === true) return;
    const reply = answer(message, question, zone, options.rcodes ?? {});
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    queries,
    close: () =>
      new Promise((resolve) => {
        socket.close(resolve);
      }),
  };
}

interface Question {
  readonly name: string;
  readonly type: number;
  /** Offset just past the question, which the reply copies byte for byte. */
  readonly end: number;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function parseQuestion(message: Buffer): Question | undefined {
  if (message.length < 12 || message.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    const length = message[offset];
    if (length === undefined || length > 63) return undefined;
    offset += 1;
    if (length === 0) break;
    labels.push(message.toString('latin1', offset, offset + length));
    offset += length;
  }
  if (offset + 4 > message.length) return undefined;
  return { name: normalise(labels.join('.')), type: message.readUInt16BE(offset), end: offset + 4 };
}

function answer(
  query: Buffer,
  question: Question,
  zone: Map<string, ZoneRecords>,
  rcodes: DnsServerOptions['rcodes'],
) {
  const records = zone.get(question.name);
  const forced = rcodes?.[question.name];
  const typeName = TYPES[question.type];
  const rdatas =
    forced === undefined && records !== undefined && typeName !== undefined ? rdata(records, typeName) : [];
  const rcode =
    forced !== undefined ? RCODES[forced] : records === undefined ? RCODES.NXDOMAIN : RCODES.NOERROR;

  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR, the query's opcode and RD echoed, AA and RA set, then the rcode.
  header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const answers = rdatas.map((data) => {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // a pointer to the name in the question
    fixed.writeUInt16BE(question.type, 2);
    fixed.writeUInt16BE(1, 4); // class IN
    fixed.writeUInt32BE(300, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

function rdata(records: ZoneRecords, type: keyof ZoneRecords): Buffer[] {
  switch (type) {
    case 'A':
      return (records.A ?? []).map((address) => Buffer.from(address.split('.').map(Number)));
    case 'AAAA':
      return (records.AAAA ?? []).map(ipv6Bytes);
    case 'CNAME':
      return records.CNAME === undefined ? [] : [encodeName(records.CNAME)];
    case 'MX':
      return (records.MX ?? []).map((mx) => {
        const preference = Buffer.alloc(2);
        preference.writeUInt16BE(mx.priority, 0);
        return Buffer.concat([preference, encodeName(mx.exchange)]);
      });
    case 'TXT':
      return (records.TXT ?? []).map(encodeText);
  }
}

function encodeName(name: string): Buffer {
  const labels = normalise(name)
    .split('.')
    .filter((label) => label !== '');
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

/** A TXT string longer than 255 bytes travels as several character-strings. */
function encodeText(text: string): Buffer {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length || offset === 0; offset += 255) {
    const chunk = bytes.subarray(offset, offset + 255);
    chunks.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(chunks);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2));
  return bytes;
}
