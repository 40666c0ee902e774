/**
 * Third-party text is data (DESIGN.md, "Habits"): incident bodies arrive as HTML fragments
 * ("<br />", links, entities) and leave here as plain, bounded text. Nothing downstream ever
 * renders them as HTML.
 */

import { isAsciiLetter, isDigit, isHexDigit } from './char-codes.js';

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
  const accepts = hex ? isHexDigit : numeric ? isDigit : isAsciiLetter;
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

/**
 * HTML fragment to plain text: block ends become line breaks, tags go, entities are decoded.
 *
 * Every pattern here runs in time linear in the text, because the text is a stranger's: a tag
 * is `<` up to the next `<` or `>` (not to the next `>` wherever it is), and script and style
 * elements are found by scanning (lazy matches from every opening tag were
 * quadratic: 40,000 characters of "<li" took seconds, a 5 MB body would have taken hours).
 */
export function htmlToText(html: string): string {
  const text = withoutScriptsAndStyles(html)
    .replace(/<br[ \t\r\n]*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li|h[1-6]|tr)[ \t\r\n]*>/gi, '\n')
    .replace(/<li\b[^<>]*>/gi, '• ')
    .replace(/<[^<>]*>/g, '');
  // Runs of blanks become one space and blanks around a line break go; a lone space, by far
  // the commonest match, is left alone rather than replaced by itself. Blanks come in runs of
  // one after the first replace, so the second cannot backtrack over a long run.
  return decodeEntities(text)
    .replace(/[ \t\f\v\u00a0]{2,}|[\t\f\v\u00a0]/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const SCRIPT_OR_STYLE = /<(script|style)\b[^<>]*>/gi;

/**
 * Drops `<script>` and `<style>` elements with their content. An element never closed is left
 * to the tag stripper (its content stays as text, as before), and once one name has no closing
 * tag ahead, no later opening of it is searched again: each character is scanned a bounded
 * number of times.
 */
function withoutScriptsAndStyles(html: string): string {
  const opening = new RegExp(SCRIPT_OR_STYLE.source, 'gi');
  const unclosed = new Set<string>();
  let kept = '';
  let copied = 0;
  for (let open = opening.exec(html); open; open = opening.exec(html)) {
    const name = (open[1] ?? '').toLowerCase();
    if (unclosed.has(name)) continue;
    const closing = new RegExp(`</${name}[ \\t\\r\\n]*>`, 'gi');
    closing.lastIndex = opening.lastIndex;
    const close = closing.exec(html);
    if (!close) {
      unclosed.add(name);
      continue;
    }
    kept += html.slice(copied, open.index);
    copied = closing.lastIndex;
    opening.lastIndex = copied;
  }
  return copied === 0 ? html : kept + html.slice(copied);
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
 * left alone: real text says "DatasetService.*, TableService.*". As in htmlToText, every
 * pattern is linear in the text: a link's label stops at the next bracket, its address at
 * white space or a parenthesis, bold at the next `*`, and blanks are matched within a line.
 */
export function markdownToText(text: string): string {
  const linked = text
    .replace(/\r\n?/g, '\n')
    .replace(
      /!?\[([^[\]]*)\]\([ \t]*<?([^()<>\s]+)>?(?:[ \t]+[^()\n]*)?\)/g,
      (_, label: string, href: string) =>
        label.trim() !== '' && label.trim() !== href ? `${label.trim()} (${href})` : href,
    )
    .replace(/^ {0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^([ \t]*)[-*+][ \t]+/gm, '$1• ')
    .replace(/\*\*(?=[^\s*])([^*]*[^\s*])\*\*/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1');
  return withoutTrailingBlanks(linked)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Blanks at the end of each line go, by a scan rather than `/[ \t]+\n/`, which is quadratic on a long run of blanks. */
function withoutTrailingBlanks(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end -= 1;
      return end === line.length ? line : line.slice(0, end);
    })
    .join('\n');
}
