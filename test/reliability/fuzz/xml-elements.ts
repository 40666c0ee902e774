/**
 * Where the elements of an XML text are, found by a small tag scanner (no parser: the point is
 * to break documents a parser would reject, and to keep every byte outside the element touched
 * as it was). Comments, CDATA, processing instructions and declarations are stepped over.
 */
export interface ElementSpan {
  readonly name: string;
  /** Offset of "<name". */
  readonly start: number;
  /** Offset just after the start tag's ">". */
  readonly contentStart: number;
  /** Offset of "</name>". */
  readonly contentEnd: number;
  /** Offset just after the end tag. */
  readonly end: number;
  /** True when the content has no child elements. */
  readonly leaf: boolean;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

interface Open {
  readonly name: string;
  readonly start: number;
  readonly contentStart: number;
  children: number;
}

/** Elements with both tags, in document order of their end tags. Self-closing ones are skipped. */
export function elementSpans(text: string): ElementSpan[] {
  const spans: ElementSpan[] = [];
  const stack: Open[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [whole, closing, name, , selfClosing] = match;
    if (name === undefined) continue;
    const at = match.index;
    if (selfClosing === '/') {
      const parent = stack.at(-1);
      if (parent) parent.children += 1;
      continue;
    }
    if (closing !== '/') {
      const parent = stack.at(-1);
      if (parent) parent.children += 1;
      stack.push({ name, start: at, contentStart: at + whole.length, children: 0 });
      continue;
    }
    // An end tag closes the nearest open element of its name; anything open inside it is unclosed.
    const index = stack.findLastIndex((open) => open.name === name);
    if (index === -1) continue;
    const open = stack[index];
    stack.length = index;
    if (open)
      spans.push({
        name,
        start: open.start,
        contentStart: open.contentStart,
        contentEnd: at,
        end: at + whole.length,
        leaf: open.children === 0,
      });
  }
  return spans;
}

/** Whether a payload looks like markup this layer can work on. */
export function isMarkup(text: string): boolean {
  return /^\s*</.test(text.replace(/^\uFEFF/, ''));
}
