/**
 * Third-party text is data (DESIGN.md, "Habits"): incident bodies arrive as HTML fragments
 * ("<br />", links, entities) and leave here as plain, bounded text. Nothing downstream ever
 * renders them as HTML.
 */

// A Map: a payload's "&constructor;" must not find Object.prototype's function.
const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
    ndash: '–',
    mdash: '—',
    hellip: '…',
    rsquo: '’',
    lsquo: '‘',
    rdquo: '”',
    ldquo: '“',
  }),
);

/**
 * `&name;` (the names above, any case), `&#65;` and `&#x41;` decoded once (never recursively:
 * "&amp;lt;" is "&lt;"); anything else, including a code point out of range, stays as written.
 * A scan from one `&` to the next rather than a replace with a callback: feed bodies arrive
 * entity-escaped, so this runs over every one of them, twice (see xml-feed.ts), and a callback
 * per reference cost about five times as much.
 */
export function decodeEntities(text: string): string {
  let decoded = '';
  let copied = 0;
  for (let amp = text.indexOf('&'); amp !== -1;) {
    const common = commonReference(text, amp);
    const end = common === undefined ? referenceEnd(text, amp) : amp + (common === '&' ? 5 : 4);
    if (end === -1) {
      amp = text.indexOf('&', amp + 1);
      continue;
    }
    const value = common ?? referenceValue(text.slice(amp + 1, end - 1));
    if (value !== undefined) {
      decoded += text.slice(copied, amp) + value;
      copied = end;
    }
    amp = text.indexOf('&', end);
  }
  return copied === 0 ? text : decoded + text.slice(copied);
}

/** `&lt;`, `&gt;` or `&amp;` at `amp`, told by character code: most references in an escaped body. */
function commonReference(text: string, amp: number): string | undefined {
  if (text.charCodeAt(amp + 2) === 0x74 && text.charCodeAt(amp + 3) === 0x3b) {
    // "?t;": "lt;" or "gt;"
    const first = text.charCodeAt(amp + 1);
    if (first === 0x6c) return '<';
    if (first === 0x67) return '>';
  }
  return text.startsWith('amp;', amp + 1) ? '&' : undefined;
}

/** Just past the `;` of the reference at `amp` (`&#x[hex]+;`, `&#[digits]+;`, `&[letters]+;`), else -1. */
function referenceEnd(text: string, amp: number): number {
  const numeric = text.charCodeAt(amp + 1) === 0x23; // '#'
  const hex = numeric && (text.charCodeAt(amp + 2) | 0x20) === 0x78; // 'x' or 'X'
  const start = amp + (hex ? 3 : numeric ? 2 : 1);
  const accepts = hex ? isHexDigit : numeric ? isDigit : isLetter;
  let end = start;
  while (end < text.length && accepts(text.charCodeAt(end))) end += 1;
  return end > start && text.charCodeAt(end) === 0x3b ? end + 1 : -1; // ';'
}

/** What a reference's body ("amp", "#39", "#x27") stands for, if it is one we know. */
function referenceValue(body: string): string | undefined {
  if (!body.startsWith('#')) return NAMED_ENTITIES.get(body.toLowerCase());
  const hex = body[1] === 'x' || body[1] === 'X';
  const code = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
  const lower = code | 0x20;
  return isDigit(code) || (lower >= 0x61 && lower <= 0x66);
}

function isLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** HTML fragment to plain text: block ends become line breaks, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '');
  // Runs of blanks become one space and blanks around a line break go; a lone space, by far
  // the commonest match, is left alone rather than replaced by itself.
  return decodeEntities(text)
    .replace(/[ \t\f\v\u00a0]{2,}|[\t\f\v\u00a0]/g, ' ')
    .replace(/ +\n *|\n +/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line, at most `max` characters, for detail lines and notifications. */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Caps long third-party text (an incident body) without cutting inside a surrogate pair. */
export function bounded(text: string, max = 4000): string {
  if (text.length <= max) return text;
  return `${Array.from(text.slice(0, max)).slice(0, -1).join('')}…`;
}

/**
 * Markdown-ish provider text (Google's updates, Cachet's messages) as plain text: links keep
 * their address, emphasis marks and heading marks go, list items get a bullet. Single `*` is
 * left alone: real text says "DatasetService.*, TableService.*".
 */
export function markdownToText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)/g, (_, label: string, href: string) =>
      label.trim() !== '' && label.trim() !== href ? `${label.trim()} (${href})` : href,
    )
    .replace(/^ {0,3}#{1,6}\s+/gm, '')
    .replace(/^(\s*)[-*+]\s+/gm, '$1• ')
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
