import { DEFAULT_MAX_BODY_BYTES } from '../../../main/monitor/http/client.js';
import { decodeText } from '../../../main/monitor/http/charset.js';
import type { HttpClient, HttpOutcome } from '../../../main/monitor/http/types.js';
import type { Serve } from './answers.js';

/**
 * An HttpClient that answers from memory, for the many fuzz runs: the body goes through the
 * real client's decoding (decodeText: BOM, charset, UTF-16 sniffing) and size cap, so a parser
 * sees exactly the text the real client would hand it. The transport itself is fuzzed
 * separately, over loopback, with fewer runs (loopback.fuzz.test.ts).
 */
export function payloadClient(serve: Serve): HttpClient {
  return {
    request(request): Promise<HttpOutcome> {
      if (request.signal?.aborted)
        return Promise.resolve({
          kind: 'failure',
          reason: 'aborted',
          message: 'the request was aborted',
          url: request.url,
          latencyMs: 0,
          reached: false,
        });
      const url = new URL(request.url);
      const served = serve(request.method ?? 'GET', url);
      const maxBodyBytes = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const truncated = served.body.length > maxBodyBytes;
      const bytes = truncated ? served.body.subarray(0, maxBodyBytes) : served.body;
      const decoded = decodeText(bytes, served.contentType);
      const headers: Record<string, string> =
        served.contentType === undefined ? {} : { 'content-type': served.contentType };
      return Promise.resolve({
        kind: 'response',
        url: url.href,
        status: served.status,
        headers,
        text: decoded.text,
        bodyBytes: bytes.length,
        truncated,
        maxBodyBytes,
        contentType: served.contentType,
        charset: decoded.charset,
        redirects: [],
        latencyMs: 1,
        notModified: false,
        retryAfterMs: undefined,
      });
    },
    close: () => Promise.resolve(),
  };
}
