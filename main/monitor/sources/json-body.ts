import { formatBytes } from '../http/size.js';
import type { HttpResponse } from '../http/types.js';
import { oneLine } from './plain-text.js';

/**
 * Reading a status feed's JSON body, with the detail a person needs when it is not JSON:
 * empty, cut off at the size cap, an HTML page where JSON was expected, binary data, or
 * malformed.
 */
export type JsonBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

/**
 * C0 control characters JSON never allows unescaped, not even inside strings (RFC 8259
 * section 7); tab, line feed and carriage return are whitespace between tokens.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export function parseJsonBody(response: HttpResponse): JsonBody {
  const type = response.contentType ? `, ${response.contentType.split(';')[0] ?? ''}` : '';
  if (response.truncated) {
    // A small transfer that inflates past the cap (a gzip bomb) reads better named as such.
    const encoding = response.headers['content-encoding'];
    const inflated = encoding && encoding !== 'identity' ? ` once decompressed (${encoding})` : '';
    return {
      ok: false,
      detail: `the response is larger than the ${formatBytes(response.maxBodyBytes)} limit${inflated}`,
    };
  }
  const text = response.text.trim();
  if (text === '') return { ok: false, detail: `empty response body (HTTP ${response.status})` };
  if (text.startsWith('<')) {
    const kind = /^<!doctype html|^<html/i.test(text) ? 'an HTML page' : 'markup';
    return { ok: false, detail: `expected JSON but got ${kind} (HTTP ${response.status}${type})` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    if (CONTROL.test(text))
      return { ok: false, detail: `expected JSON but got binary data (HTTP ${response.status}${type})` };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, detail: `the response is not valid JSON, perhaps truncated (${printable(reason)})` };
  }
}

/**
 * V8's message quotes the text around the fault, line breaks and all: escaped and on one line,
 * it stays one detail line that shows where the text went wrong.
 */
function printable(reason: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const escaped = reason.replace(/[\u0000-\u001f\u007f]/g, (char) =>
    char === '\u007f' ? '\\u007f' : JSON.stringify(char).slice(1, -1),
  );
  return oneLine(escaped, 160);
}
