/** One image of an Apple icon family: its OSType (e.g. "ic09") and PNG bytes. */
export interface IcnsEntry {
  readonly type: string;
  readonly png: Buffer;
}

/**
 * The PNG-based ICNS types macOS 10.7+ reads, by pixel size. The @2x types hold the same pixels
 * as the next size up but tell the system they are for Retina at half that size.
 */
export const ICNS_TYPES: readonly { readonly type: string; readonly size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'icp5', size: 32 },
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic07', size: 128 },
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic08', size: 256 },
  { type: 'ic14', size: 512 }, // 256@2x
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 }, // 512@2x
];

const HEADER_BYTES = 8;

/** An .icns file: "icns" and the total length, then each entry as OSType, length, bytes (big-endian). */
export function encodeIcns(entries: readonly IcnsEntry[]): Buffer {
  const chunks = entries.map((entry) => {
    if (!/^[\x20-\x7e]{4}$/.test(entry.type))
      throw new Error(`an ICNS type is 4 ASCII characters: ${entry.type}`);
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(entry.type, 0, 'ascii');
    header.writeUInt32BE(HEADER_BYTES + entry.png.length, 4);
    return Buffer.concat([header, entry.png]);
  });
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(HEADER_BYTES + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}
