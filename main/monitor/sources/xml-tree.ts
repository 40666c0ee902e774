/**
 * A small, strict XML reader for status feeds (xml-feed.ts): one pass over the text builds the
 * element tree and refuses a document that is not well-formed, naming the problem and its line.
 *
 * Why not fast-xml-parser: its parser accepts a cut-off document silently, so it needed its
 * validator as a second pass, and the two cost 30 ms on a 673 KB feed where a poll has 10 ms
 * (bench/parsing-cases.ts); even with every option that skips work its parser alone takes over
 * 20 ms, as it gathers text a character at a time. This reader jumps from `<` to `<` with
 * indexOf and keeps text as slices of the input.
 *
 * What it leaves out, on purpose:
 * - Entities are never expanded. Text keeps its references ("&amp;", "&#39;") and xml-feed.ts
 *   decodes a known few afterwards, so a DTD's declarations (billion laughs) stay inert. The
 *   DTD is skipped; one that declares an external or a parameter entity is refused, never read.
 * - Namespaces: a prefix is dropped (`dc:date` is `date`, `content:encoded` is `encoded`) and
 *   xmlns declarations are not attributes, which is all the feed formats need.
 * - Checks a feed never fails in practice and that cost a pass of their own (characters allowed
 *   in XML, `--` inside comments). What is checked is what fast-xml-parser's validator checked:
 *   names, attribute syntax, tag balance, references in text, one root, nothing after it.
 */

import { isAsciiLetter, isDigit, isHexDigit } from './char-codes.js';

export interface XmlElement {
  /** The local name: `dc:date` is `date`. */
  readonly name: string;
  /** By local name, values trimmed and raw (references not decoded); xmlns declarations left out. */
  readonly attributes: ReadonlyMap<string, string>;
  /** Child elements and character data (text and CDATA, raw) in document order. */
  readonly nodes: readonly (XmlElement | string)[];
}

export interface XmlProblem {
  readonly message: string;
  /** Where, 1-based; absent when the document is refused as a whole (an external entity). */
  readonly line?: number;
  /** The document stops before it is complete: the usual sign of a cut-off transfer. */
  readonly truncated: boolean;
}

export type XmlTree =
  { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly problem: XmlProblem };

/** Deeper than any feed nests; what fast-xml-parser allowed (maxNestedTags). */
export const MAX_XML_DEPTH = 100;

interface Element extends XmlElement {
  nodes: (XmlElement | string)[];
}

interface Open {
  readonly element: Element;
  /** As written, prefix included: the closing tag must repeat it. */
  readonly rawName: string;
  readonly at: number;
}

// XML names (Name in the XML 1.0 spec, without the astral planes), as fast-xml-parser reads them.
const NAME_START =
  ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
// eslint-disable-next-line no-misleading-character-class -- the spec's ranges: combining marks may follow a name's first character
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'y');
// In a DTD: `<!ENTITY % name` (a parameter entity) or `<!ENTITY name SYSTEM|PUBLIC` (an external one).
// The name stops at < and > too, so that a long run of "<!ENTITY<!ENTITY..." is read once, not
// once per declaration.
const UNSAFE_ENTITY = /<!ENTITY[ \t\r\n]+(?:(%)|[^ \t\r\n%"'<>]+[ \t\r\n]+(?:SYSTEM|PUBLIC)\b)/iy;
// The XML declaration's content after `<?xml`: name="value" pairs (version, encoding, standalone).
const DECLARATION = /^(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*'))*[ \t\r\n]*$/;
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
// Shared by every element without content, replaced on the first node (see append).
const NO_NODES: (XmlElement | string)[] = [];
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const GT = 0x3e;

class Refusal extends Error {
  constructor(readonly problem: XmlProblem) {
    super(problem.message);
  }
}

/** The document's root element, or why the text is not well-formed XML. */
export function readXmlTree(text: string): XmlTree {
  try {
    return { ok: true, root: new Reader(text).read() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    throw error;
  }
}

class Reader {
  private readonly stack: Open[] = [];
  private root: Element | undefined;
  private doctype = false;

  constructor(private readonly text: string) {}

  read(): Element {
    const { text, stack } = this;
    let at = 0;
    while (at < text.length) {
      const lt = text.indexOf('<', at);
      const end = lt === -1 ? text.length : lt;
      if (end > at) this.characters(at, end);
      if (lt === -1) break;
      at = this.markup(lt);
    }
    const open = stack[stack.length - 1];
    if (open)
      this.fail(
        `the document ends inside <${open.rawName}>, opened at line ${lineAt(text, open.at)}`,
        text.length,
        true,
      );
    if (!this.root) this.fail('no root element', text.length, true);
    return this.root;
  }

  /**
   * Text from `from` to `to`, kept in the open element. White space alone is dropped: between
   * elements it is layout, and a reader of the tree trims text anyway. Outside the root only
   * white space may stand.
   */
  private characters(from: number, to: number): void {
    const { text } = this;
    if (this.space(from) >= to) return;
    const parent = this.stack[this.stack.length - 1];
    if (!parent)
      this.fail(`text ${this.root ? 'after' : 'before'} the root element`, this.space(from), false);
    const segment = text.slice(from, to);
    // Text that runs to the end of the document is inside an element never closed: that is the
    // problem to report (a cut-off transfer), not a reference the cut split ("&g").
    if (to < text.length)
      for (let amp = segment.indexOf('&'); amp !== -1; amp = segment.indexOf('&', amp + 1))
        if (!isReference(segment, amp))
          this.fail("an '&' that starts no entity reference", from + amp, false);
    append(parent.element, segment);
  }

  /** The markup at `lt` (a '<'); returns where reading goes on. */
  private markup(lt: number): number {
    const { text } = this;
    const next = text.charCodeAt(lt + 1);
    if (next === SLASH) return this.closeTag(lt);
    if (next === QUESTION) return this.instruction(lt);
    if (next === BANG) {
      if (text.startsWith('<!--', lt)) return this.until('-->', lt + 4, 'a comment');
      if (text.startsWith('<![CDATA[', lt)) {
        const close = this.until(']]>', lt + 9, 'a CDATA section');
        const parent = this.stack[this.stack.length - 1];
        if (!parent) this.fail('a CDATA section outside the root element', lt, false);
        append(parent.element, text.slice(lt + 9, close - 3));
        return close;
      }
      if (text.startsWith('<!DOCTYPE', lt)) return this.skipDoctype(lt);
      if (lt + 9 >= text.length) this.fail('the document ends inside a declaration', lt, true);
      this.fail("'<!' that starts no comment, CDATA section or DOCTYPE", lt, false);
    }
    return this.openTag(lt);
  }

  private openTag(lt: number): number {
    const { text, stack } = this;
    const rawName = this.name(lt + 1);
    if (rawName === undefined) {
      if (lt + 1 >= text.length) this.fail('the document ends inside a tag', lt, true);
      this.fail("'<' that starts no tag name", lt, false);
    }
    let attributes: Map<string, string> | undefined;
    let written: Set<string> | undefined;
    let at = lt + 1 + rawName.length;
    let selfClosing: boolean;
    for (;;) {
      const spaced = this.space(at);
      const char = text.charCodeAt(spaced);
      if (char === GT || (char === SLASH && text.charCodeAt(spaced + 1) === GT)) {
        selfClosing = char === SLASH;
        at = selfClosing ? spaced + 1 : spaced;
        break;
      }
      if (spaced + (char === SLASH ? 1 : 0) >= text.length)
        this.fail(`the document ends inside the tag <${rawName}>`, spaced, true);
      // An attribute needs a space before it: `a="1"b="2"` is not XML.
      const attribute = spaced > at ? this.name(spaced) : undefined;
      if (attribute === undefined)
        this.fail(`unexpected '${text.charAt(spaced)}' in the tag <${rawName}>`, spaced, false);
      at = this.space(spaced + attribute.length);
      if (text[at] !== '=') this.valueMissing(rawName, attribute, at);
      at = this.space(at + 1);
      const quote = text[at];
      if (quote !== '"' && quote !== "'") this.valueMissing(rawName, attribute, at);
      const close = text.indexOf(quote, at + 1);
      if (close === -1) this.fail(`the document ends inside an attribute of <${rawName}>`, at, true);
      if (written?.has(attribute))
        this.fail(`the attribute '${attribute}' appears twice in <${rawName}>`, at, false);
      (written ??= new Set()).add(attribute);
      if (attribute !== 'xmlns' && !attribute.startsWith('xmlns:')) {
        attributes ??= new Map();
        attributes.set(localName(attribute), text.slice(at + 1, close).trim());
      }
      at = close + 1;
    }
    if (this.root && stack.length === 0) this.fail('a second root element', lt, false);
    if (stack.length >= MAX_XML_DEPTH)
      this.fail(`elements nested more than ${MAX_XML_DEPTH} deep`, lt, false);
    const element: Element = {
      name: localName(rawName),
      attributes: attributes ?? NO_ATTRIBUTES,
      nodes: NO_NODES,
    };
    const parent = stack[stack.length - 1];
    if (parent) append(parent.element, element);
    else this.root = element;
    if (!selfClosing) stack.push({ element, rawName, at: lt });
    return at + 1;
  }

  private closeTag(lt: number): number {
    const { text, stack } = this;
    const gt = text.indexOf('>', lt + 2);
    if (gt === -1) this.fail('the document ends inside a closing tag', lt, true);
    const open = stack.pop();
    if (open && text.startsWith(open.rawName, lt + 2) && this.space(lt + 2 + open.rawName.length) === gt)
      return gt + 1;
    const written = text.slice(lt + 2, gt).trim();
    if (!open) this.fail(`the closing tag </${written}> closes nothing`, lt, false);
    return this.fail(
      `</${written}> where </${open.rawName}> (opened at line ${lineAt(text, open.at)}) belongs`,
      lt,
      false,
    );
  }

  /** `<?target ...?>`; the XML declaration only at the very start, its pseudo-attributes quoted. */
  private instruction(lt: number): number {
    const target = this.name(lt + 2);
    const end = this.until('?>', lt + 2, 'a processing instruction');
    if (target?.toLowerCase() !== 'xml') return end;
    if (lt !== 0) this.fail('an XML declaration after the start of the document', lt, false);
    if (!DECLARATION.test(this.text.slice(lt + 5, end - 2)))
      this.fail('a malformed XML declaration', lt, false);
    return end;
  }

  /**
   * Steps over `<!DOCTYPE name ... [internal subset]>`, before the root and only once. Quoted
   * literals and comments may hold any character, so they are skipped whole; declarations in the
   * subset are read only far enough to refuse an external or parameter entity.
   */
  private skipDoctype(lt: number): number {
    const { text } = this;
    if (this.root) this.fail('a DOCTYPE after the root element', lt, false);
    if (this.doctype) this.fail('a second DOCTYPE', lt, false);
    this.doctype = true;
    let inSubset = false;
    for (let at = lt + '<!DOCTYPE'.length; at < text.length; at++) {
      const char = text[at];
      if (char === '"' || char === "'") {
        const close = text.indexOf(char, at + 1);
        if (close === -1) break;
        at = close;
      } else if (inSubset && text.startsWith('<!--', at)) {
        at = this.until('-->', at + 4, 'a comment') - 1;
      } else if (inSubset && text.startsWith('<!ENTITY', at)) {
        UNSAFE_ENTITY.lastIndex = at;
        const unsafe = UNSAFE_ENTITY.exec(text);
        if (unsafe)
          this.refuse(
            unsafe[1] ? 'Parameter entities are not supported' : 'External entities are not supported',
          );
      } else if (char === '[') inSubset = true;
      else if (char === ']') inSubset = false;
      else if (char === '>' && !inSubset) return at + 1;
    }
    return this.fail('the document ends inside its DOCTYPE', text.length, true);
  }

  /** Just past the first `close` from `from` on, else the document ends inside `what`. */
  private until(close: string, from: number, what: string): number {
    const at = this.text.indexOf(close, from);
    if (at === -1) this.fail(`the document ends inside ${what}`, this.text.length, true);
    return at + close.length;
  }

  /** The name that starts at `at`, if one does: read by character code while it is ASCII. */
  private name(at: number): string | undefined {
    const { text } = this;
    let end = at;
    if (isAsciiNameStart(text.charCodeAt(at))) {
      end += 1;
      while (isAsciiNameCharacter(text.charCodeAt(end))) end += 1;
    }
    // Past the ASCII part stands a character only the full rule knows.
    if (!(text.charCodeAt(end) >= 0x80)) return end > at ? text.slice(at, end) : undefined;
    NAME.lastIndex = at;
    return NAME.exec(text)?.[0];
  }

  /** Past the white space at `at`. */
  private space(at: number): number {
    let end = at;
    while (isSpace(this.text.charCodeAt(end))) end += 1;
    return end;
  }

  private valueMissing(tag: string, attribute: string, at: number): never {
    if (at >= this.text.length) this.fail(`the document ends inside the tag <${tag}>`, at, true);
    return this.fail(`the attribute '${attribute}' of <${tag}> has no quoted value`, at, false);
  }

  private fail(message: string, at: number, truncated: boolean): never {
    throw new Refusal({ message, line: lineAt(this.text, at), truncated });
  }

  private refuse(message: string): never {
    throw new Refusal({ message, truncated: false });
  }
}

/**
 * Whether the `&` at `amp` starts a reference: a name of 1 to 20 word characters, or a character
 * number, then `;` (as fast-xml-parser's validator read them). Character codes rather than a
 * regular expression: entity-escaped feed bodies hold thousands of these, and a sticky regex
 * tried at each one tripled the time of reading a large feed.
 */
function isReference(text: string, amp: number): boolean {
  let at = amp + 1;
  if (text.charCodeAt(at) === 0x23) {
    // '#', then decimal digits, or 'x' and hex digits; none at all is let through, as before.
    const hex = text.charCodeAt(at + 1) === 0x78;
    at += hex ? 2 : 1;
    while (hex ? isHexDigit(text.charCodeAt(at)) : isDigit(text.charCodeAt(at))) at += 1;
    return text.charCodeAt(at) === 0x3b;
  }
  while (at - amp <= 20 && isWordCharacter(text.charCodeAt(at))) at += 1;
  return at > amp + 1 && text.charCodeAt(at) === 0x3b;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

function isAsciiNameStart(code: number): boolean {
  return isAsciiLetter(code) || code === 0x5f || code === 0x3a; // letters, '_', ':'
}

function isAsciiNameCharacter(code: number): boolean {
  return isAsciiNameStart(code) || isDigit(code) || code === 0x2d || code === 0x2e; // '-', '.'
}

function isWordCharacter(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code) || code === 0x5f;
}

/**
 * Adds a node to an element. Most elements hold one node (a leaf's text), so the first gets an
 * array of one rather than a push onto an empty array, which reserves room for 17: on a large
 * feed that was most of the tree's memory, and garbage collection time with it.
 */
function append(element: Element, node: XmlElement | string): void {
  if (element.nodes === NO_NODES) element.nodes = [node];
  else element.nodes.push(node);
}

function localName(raw: string): string {
  const colon = raw.indexOf(':');
  return colon === -1 ? raw : raw.slice(colon + 1);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}
