import { formatBytes } from '../http/size.js';
import type { HttpResponse } from '../http/types.js';

/**
 * Reading a status feed's JSON body, with the detail a person needs when it is not JSON:
 * empty, cut off at the size cap, an HTML page where JSON was expected, or malformed.
 */
export type JsonBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

export function parseJsonBody(response: HttpResponse): JsonBody {
  if (response.truncated) {
    return {
      ok: false,
      detail: `the response is larger than the ${formatBytes(response.maxBodyBytes)} limit`,
    };
  }
  const text = response.text.trim();
  if (text === '') return { ok: false, detail: `empty response body (HTTP ${response.status})` };
  if (text.startsWith('<')) {
    const kind = /^<!doctype html|^<html/i.test(text) ? 'an HTML page' : 'markup';
    const type = response.contentType ? `, ${response.contentType.split(';')[0] ?? ''}` : '';
    return { ok: false, detail: `expected JSON but got ${kind} (HTTP ${response.status}${type})` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, detail: `the response is not valid JSON, perhaps truncated (${reason})` };
  }
}
