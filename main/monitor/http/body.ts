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

/**
 * `onRawBytes` hears the size of each chunk as it arrives off the wire (before decompression),
 * for messages such as "timed out after 12 KB received".
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  onRawBytes: (bytes: number) => void = () => undefined,
): Promise<BodyBytes> {
  const decoders = decodersFor(contentEncoding);
  // Most answers are not compressed: reading the body directly skips the pipeline's machinery
  // (and an async iterator's promise per chunk), which cost more than the request itself on a
  // loopback round of 1,000.
  if (decoders.length === 0) return collect(body, maxBytes, onRawBytes);
  const decoderErrors = new WeakSet<object>();
  for (const decoder of decoders) decoder.on('error', (error: Error) => decoderErrors.add(error));
  body.on('data', (chunk: Buffer) => onRawBytes(chunk.length));

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
    if (inner === undefined) await pipeline(body, outer as Transform, sink);
    else await pipeline(body, outer as Transform, inner, sink);
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

/** An uncompressed body, up to `maxBytes`; past it the transfer is cut off (the socket closed). */
function collect(body: Readable, maxBytes: number, onRawBytes: (bytes: number) => void): Promise<BodyBytes> {
  return new Promise<BodyBytes>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // The listeners stay to the end of the stream: a late 'error' needs one, or it would crash.
    const settle = (outcome: BodyBytes | Error): void => {
      if (settled) return;
      settled = true;
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      onRawBytes(chunk.length);
      const room = maxBytes - size;
      if (chunk.length <= room) {
        chunks.push(chunk);
        size += chunk.length;
        return;
      }
      chunks.push(chunk.subarray(0, room));
      size += room;
      settle({ bytes: Buffer.concat(chunks, size), truncated: true });
      body.destroy();
    };
    const onEnd = (): void => {
      settle({ bytes: Buffer.concat(chunks, size), truncated: false });
      body.destroy();
    };
    // Closed without an end or an error (destroyed under us): the body was cut short.
    body
      .on('data', onData)
      .on('end', onEnd)
      .on('error', (error: Error) => settle(error))
      .on('close', () => {
        if (!settled) settle(prematureClose());
      });
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('the body ended early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
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
