import type { HttpResponse } from './types.js';

/**
 * Remembers the last answer of each status feed with its validators (ETag, Last-Modified), so
 * the next poll can ask "changed?" and a 304 costs no transfer. Bounded by entries and bytes:
 * least recently used answers go first.
 */

export interface CachedAnswer {
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly response: HttpResponse;
}

export class ValidatorCache {
  readonly #entries = new Map<string, CachedAnswer>();
  #bytes = 0;

  constructor(
    readonly maxEntries = 2_000,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(url: string): CachedAnswer | undefined {
    const entry = this.#entries.get(url);
    if (entry) {
      // Map keeps insertion order; re-inserting marks the entry as recently used.
      this.#entries.delete(url);
      this.#entries.set(url, entry);
    }
    return entry;
  }

  /** Remembers a complete 200 answer that carries a validator; forgets the URL otherwise. */
  remember(url: string, response: HttpResponse): void {
    this.forget(url);
    const etag = response.headers.etag;
    const lastModified = response.headers['last-modified'];
    if (response.status !== 200 || response.truncated || (etag === undefined && lastModified === undefined))
      return;
    const size = response.text.length * 2;
    if (size > this.maxBytes) return;
    this.#entries.set(url, { etag, lastModified, response });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.response.text.length * 2;
    }
  }

  forget(url: string): void {
    const entry = this.#entries.get(url);
    if (!entry) return;
    this.#entries.delete(url);
    this.#bytes -= entry.response.text.length * 2;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** The request headers that ask "changed since this answer?". */
export function conditionalHeaders(entry: CachedAnswer | undefined): Record<string, string> {
  if (!entry) return {};
  const headers: Record<string, string> = {};
  if (entry.etag !== undefined) headers['if-none-match'] = entry.etag;
  if (entry.lastModified !== undefined) headers['if-modified-since'] = entry.lastModified;
  return headers;
}
