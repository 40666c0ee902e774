import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

/**
 * Reads a response body through its Content-Encoding with a size cap counted after
 * decompression, so a 10 KB gzip bomb cannot become 10 GB in memory. Past the cap the transfer
 * is cut off and the body is marked truncated.
 */

export interface BodyBytes {
  readonly bytes: Buffer;
  readonly truncated: boolean;
}

/** The body could not be decompressed: bad data, or an encoding we do not speak. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Thrown by the sink to stop the transfer at the cap; never escapes readBody. */
class CapReached extends Error {}
const CAP_REACHED = new CapReached('size cap reached');

type DecoderFactory = () => Transform;

const DECODERS: Readonly<Record<string, DecoderFactory>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // createUnzip auto-detects the zlib wrapper that "deflate" is meant to carry.
  deflate: () => zlib.createUnzip(),
  br: () => zlib.createBrotliDecompress(),
  ...(typeof zlib.createZstdDecompress === 'function' ? { zstd: () => zlib.createZstdDecompress() } : {}),
};

/** What we tell servers we can decode. */
export const ACCEPT_ENCODING = Object.keys(DECODERS)
  .filter((name) => name !== 'x-gzip')
  .join(', ');

export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<BodyBytes> {
  const decoders = decodersFor(contentEncoding);
  const decoderErrors = new WeakSet<object>();
  for (const decoder of decoders) decoder.on('error', (error: Error) => decoderErrors.add(error));

  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = true;
        // Throwing destroys every stream in the pipeline, which closes the connection.
        throw CAP_REACHED;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  };

  try {
    const [outer, inner] = decoders;
    // Most answers are not compressed: reading the body directly skips the pipeline's
    // machinery, which costs more than the request itself on a loopback round of 1,000.
    if (outer === undefined) await sink(body).finally(() => body.destroy());
    else if (inner === undefined) await pipeline(body, outer, sink);
    else await pipeline(body, outer, inner, sink);
  } catch (error) {
    if (error !== CAP_REACHED) {
      if (error instanceof Error && decoderErrors.has(error)) {
        throw new DecodeError(`could not decompress the ${contentEncoding ?? ''} body: ${error.message}`);
      }
      throw error;
    }
  }
  return { bytes: Buffer.concat(chunks, size), truncated };
}

function decodersFor(contentEncoding: string | undefined): Transform[] {
  if (!contentEncoding) return [];
  // Encodings are listed in the order they were applied, so they are undone in reverse.
  const names = contentEncoding
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity')
    .reverse();
  // Real servers apply one encoding; two is already generous, more is a decompression trap.
  if (names.length > 2)
    throw new DecodeError(`the body is encoded ${names.length} times (${contentEncoding})`);
  return names.map((name) => {
    const factory = DECODERS[name];
    if (!factory)
      throw new DecodeError(`the server used content encoding "${name}", which Downwatch cannot decode`);
    return factory();
  });
}
