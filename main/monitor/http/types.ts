/**
 * The one HTTP client every source uses (issue 2, "One HTTP client"). Network outcomes are
 * values, never exceptions: a source turns either kind into a reading.
 */

/** POST is for APIs that create something to read (a Globalping measurement, a token). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST';

export interface HttpRequest {
  readonly url: string;
  readonly method?: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  /** A request body (POST). A POST is never redirected: its answer is what it is. */
  readonly body?: string;
  /**
   * Covers everything: DNS, connect, TLS, a proxy's CONNECT, redirects, headers and the whole
   * body. When it fires, or `signal` aborts, the request settles at once and its sockets close.
   */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Defaults to the client's cap (5 MB). Counted after decompression. */
  readonly maxBodyBytes?: number;
  /** Send If-None-Match / If-Modified-Since from the last answer (status feeds, not probes). */
  readonly conditional?: boolean;
  /** Defaults to 5. */
  readonly maxRedirects?: number;
}

export interface HttpResponse {
  readonly kind: 'response';
  /** Final URL after redirects. */
  readonly url: string;
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body (charset from BOM, then Content-Type, then UTF-8). */
  readonly text: string;
  /** Body bytes after decompression, as far as they were read. */
  readonly bodyBytes: number;
  /** True when the body passed the size cap and the rest was not read. */
  readonly truncated: boolean;
  readonly maxBodyBytes: number;
  readonly contentType: string | undefined;
  readonly charset: string;
  /** URLs that redirected us here, in order. */
  readonly redirects: readonly string[];
  /** From the start of the request to the end of the body. */
  readonly latencyMs: number;
  /** The server answered 304: `status` and `text` are those of the remembered answer. */
  readonly notModified: boolean;
  /** Parsed Retry-After (seconds or HTTP date), when the server sent one. */
  readonly retryAfterMs: number | undefined;
}

export type HttpFailureReason =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'aborted'
  | 'invalid-url'
  | 'decode'
  | 'network';

export interface HttpFailure {
  readonly kind: 'failure';
  readonly reason: HttpFailureReason;
  /** One line: "timed out after 10000 ms while reading the body (12 KB received)". */
  readonly message: string;
  readonly url: string;
  readonly latencyMs: number;
  /** Whether a server answered before it went wrong (a reset mid-body did answer). */
  readonly reached: boolean;
}

export type HttpOutcome = HttpResponse | HttpFailure;

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpOutcome>;
  /** Cancels requests still under way (they settle as aborted) and closes every connection. */
  close(): Promise<void>;
}
