/**
 * ASCII character classes by code unit, for the scanners that read strangers' text a character at
 * a time (plain-text.ts's entity decoding, xml-tree.ts's reader) instead of with regular
 * expressions, whose per-match cost those hot loops cannot afford.
 */

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isHexDigit(code: number): boolean {
  const lower = code | 0x20;
  return isDigit(code) || (lower >= 0x61 && lower <= 0x66);
}

/** a–z or A–Z. */
export function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}
