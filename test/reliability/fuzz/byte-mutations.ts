import fc from 'fast-check';

/**
 * Mutations of the raw bytes, as a broken network, proxy or server would deliver them: cut off
 * anywhere, bytes and bits flipped, runs deleted or repeated, garbage inserted (including
 * byte-order marks and invalid UTF-8, which change how the body is decoded), and slices of
 * another fixture spliced in (a feed where JSON was expected, half of one payload inside another).
 *
 * Positions are plain numbers taken modulo the body's length, so a mutation means something for
 * any body and shrinks towards the start.
 */
export type ByteMutation =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'flip'; readonly at: number; readonly mask: number }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'repeat'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly op: 'garbage'; readonly at: number; readonly kind: GarbageKind }
  | {
      readonly op: 'splice';
      readonly at: number;
      readonly replace: number;
      readonly from: string;
      readonly start: number;
      readonly length: number;
    };

/** Byte sequences that mean something to a decoder or a parser. */
const GARBAGE = {
  'utf-8 bom': [0xef, 0xbb, 0xbf],
  'utf-16le bom': [0xff, 0xfe],
  'utf-16be bom': [0xfe, 0xff],
  'invalid utf-8': [0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc],
  'overlong nul': [0xc0, 0x80],
  nul: [0x00],
  'zero run': [0x00, 0x00, 0x00, 0x00],
  'html page': [...Buffer.from('<!DOCTYPE html><html><body>Error</body></html>')],
  'cdata end': [...Buffer.from(']]>')],
  'comment open': [...Buffer.from('<!--')],
  ampersand: [...Buffer.from('&')],
  'open brace': [...Buffer.from('{')],
  'close bracket': [...Buffer.from(']')],
  quote: [...Buffer.from('"')],
  'xml declaration utf-16': [...Buffer.from('<?xml version="1.0" encoding="utf-16"?>')],
} as const;

export type GarbageKind = keyof typeof GARBAGE;

const position = fc.nat();

export function byteMutation(fixtures: readonly string[]): fc.Arbitrary<ByteMutation> {
  return fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: position }),
    fc.record({ op: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 512 }) }),
    fc.record({
      op: fc.constant('repeat' as const),
      at: position,
      length: fc.integer({ min: 1, max: 256 }),
      times: fc.integer({ min: 2, max: 64 }),
    }),
    fc.record({
      op: fc.constant('insert' as const),
      at: position,
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 32 }),
    }),
    fc.record({
      op: fc.constant('garbage' as const),
      at: position,
      kind: fc.constantFrom(...(Object.keys(GARBAGE) as GarbageKind[])),
    }),
    fc.record({
      op: fc.constant('splice' as const),
      at: position,
      replace: fc.integer({ min: 0, max: 2048 }),
      from: fc.constantFrom(...fixtures),
      start: position,
      length: fc.integer({ min: 1, max: 4096 }),
    }),
  );
}

/** `read` gives the bytes of another fixture, for splices. */
export function applyByteMutation(
  body: Buffer,
  mutation: ByteMutation,
  read: (fixture: string) => Buffer,
): Buffer {
  const at = mutation.at % (body.length + 1);
  switch (mutation.op) {
    case 'truncate':
      return body.subarray(0, at);
    case 'flip': {
      if (body.length === 0) return body;
      const copy = Buffer.from(body);
      const index = mutation.at % body.length;
      copy[index] = (copy[index] ?? 0) ^ mutation.mask;
      return copy;
    }
    case 'delete':
      return Buffer.concat([body.subarray(0, at), body.subarray(at + mutation.length)]);
    case 'repeat': {
      const run = body.subarray(at, at + mutation.length);
      return Buffer.concat([
        body.subarray(0, at),
        ...Array<Buffer>(mutation.times).fill(run),
        body.subarray(at),
      ]);
    }
    case 'insert':
      return Buffer.concat([body.subarray(0, at), Buffer.from(mutation.bytes), body.subarray(at)]);
    case 'garbage':
      return Buffer.concat([body.subarray(0, at), Buffer.from(GARBAGE[mutation.kind]), body.subarray(at)]);
    case 'splice': {
      const other = read(mutation.from);
      const start = other.length === 0 ? 0 : mutation.start % other.length;
      const slice = other.subarray(start, start + mutation.length);
      return Buffer.concat([body.subarray(0, at), slice, body.subarray(at + mutation.replace)]);
    }
  }
}
