/**
 * Turning body bytes into text. Status feeds arrive in UTF-8 mostly, but real servers also send
 * UTF-16 with a byte-order mark, a charset only in the XML declaration, or none at all.
 * Order of trust follows the WHATWG encoding standard: BOM, then Content-Type, then the XML
 * declaration, then UTF-8.
 */

export interface DecodedText {
  readonly text: string;
  /** The encoding used, e.g. "utf-16le"; notes a fallback: `utf-8 (unsupported charset "x")`. */
  readonly charset: string;
}

const BOMS: readonly { bytes: readonly number[]; encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

export function decodeText(body: Uint8Array, contentType: string | undefined): DecodedText {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, index) => body[index] === byte)) {
      return { text: decodeWith(bom.encoding, body.subarray(bom.bytes.length)), charset: bom.encoding };
    }
  }
  const declared = charsetFromContentType(contentType) ?? charsetFromXmlDeclaration(body);
  if (declared !== undefined) {
    const normalised = declared.toLowerCase();
    if (isSupported(normalised)) return { text: decodeWith(normalised, body), charset: normalised };
    return { text: decodeWith('utf-8', body), charset: `utf-8 (unsupported charset "${declared}")` };
  }
  // RFC 8259 section 8.1 era detection: JSON without a BOM in UTF-16 starts with an ASCII
  // character next to a zero byte.
  if (body.length >= 2 && body[0] !== 0 && body[1] === 0) {
    return { text: decodeWith('utf-16le', body), charset: 'utf-16le' };
  }
  if (body.length >= 2 && body[0] === 0 && body[1] !== 0) {
    return { text: decodeWith('utf-16be', body), charset: 'utf-16be' };
  }
  return { text: decodeWith('utf-8', body), charset: 'utf-8' };
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

function charsetFromXmlDeclaration(body: Uint8Array): string | undefined {
  // Only a document that starts "<?" can have one: JSON and HTML skip the copy and the regex.
  if (body[0] !== 0x3c || body[1] !== 0x3f) return undefined;
  const head = Buffer.from(body.subarray(0, 200)).toString('latin1');
  return /^<\?xml[^>]*\sencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
}

function isSupported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** One decoder per encoding: decoding without `stream` keeps no state between calls. */
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decodeWith(encoding: string, bytes: Uint8Array): string {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    // Not fatal: invalid sequences become U+FFFD, so one bad byte cannot hide a whole feed.
    decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    decoders.set(encoding, decoder);
  }
  return decoder.decode(bytes);
}
