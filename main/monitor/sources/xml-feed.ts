import { formatBytes } from '../http/size.js';
import type { HttpResponse } from '../http/types.js';
import { optional } from './guards.js';
import { bounded, decodeEntities, htmlToText, oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';
import { readXmlTree, type XmlElement } from './xml-tree.js';

/**
 * RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) feeds as one neutral shape, for the sources that read
 * incident feeds. Third-party text leaves here plain: titles on one line, bodies through
 * htmlToText.
 */

export interface FeedItem {
  /** Atom id, RSS guid, else the link or title: always text, not necessarily unique. */
  readonly id: string;
  readonly title: string;
  readonly link?: string;
  readonly published?: number;
  readonly updated?: number;
  readonly categories: readonly string[];
  /** The body (content, else summary or description) as plain text. */
  readonly text: string;
}

export interface FeedDocument {
  readonly format: 'rss' | 'atom';
  readonly title: string;
  readonly link?: string;
  /** The feed's own date (Atom updated, RSS lastBuildDate or pubDate). */
  readonly updated?: number;
  readonly generator?: string;
  /** Newest first, at most MAX_FEED_ITEMS. */
  readonly items: readonly FeedItem[];
  /** How many items the document had before the cap. */
  readonly totalItems: number;
}

/** Enough history for any judgement; a 500-entry archive costs no more than this to convert. */
export const MAX_FEED_ITEMS = 200;

// Safety: xml-tree.ts expands no entities, so a DTD's declarations (billion laughs) stay inert
// text, and it refuses a document that declares an external or a parameter entity (reported as
// malformed, never fetched). Text is decoded here by decodeEntities, which knows only the XML
// five, numeric references and a few HTML names, and never recurses. CDATA is part of the text.

/** What parseXmlFeed says when a page URL answered instead of a feed (the feed source then looks for one). */
export const HTML_INSTEAD_OF_XML = 'expected XML but got an HTML page';

/** A feed body as a FeedDocument, or a sentence saying why it is not a feed. */
export function parseXmlFeed(body: string, baseUrl?: string): FeedDocument | string {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return 'empty body';
  if (text.startsWith('{') || text.startsWith('[')) return 'expected XML but got JSON';
  if (/^<!doctype html|^<html[\s>]/i.test(text)) return HTML_INSTEAD_OF_XML;
  if (!text.startsWith('<')) return `expected XML but got text ("${oneLine(text, 40)}")`;
  const tree = readXmlTree(text);
  if (!tree.ok) {
    const { message, line, truncated } = tree.problem;
    const where = line === undefined ? '' : ` at line ${line}`;
    return `malformed XML${where} (${oneLine(message, 80)})${truncated ? ', perhaps truncated' : ''}`;
  }
  const { root } = tree;
  const channel = child(root, 'channel');
  if (root.name === 'html') return HTML_INSTEAD_OF_XML;
  // An empty <feed/> or <rss/> says nothing, so it is not read as a feed with nothing to report.
  if (!hasFields(root)) return `not an RSS or Atom feed: root element <${root.name}> is empty`;
  if (root.name === 'feed') return atomDocument(root, baseUrl);
  if (root.name === 'rss') return rssDocument(channel, children(channel, 'item'), baseUrl);
  // RSS 1.0: items are siblings of the channel under rdf:RDF.
  if (root.name === 'RDF') return rssDocument(channel, children(root, 'item'), baseUrl);
  return `not an RSS or Atom feed: root element <${root.name}>`;
}

function atomDocument(feed: XmlElement, baseUrl: string | undefined): FeedDocument {
  const entries = newest(children(feed, 'entry'), (entry) => ({
    published: child(entry, 'published'),
    updated: child(entry, 'updated'),
  }));
  const items = {
    totalItems: entries.total,
    items: entries.kept.map(({ entry, published, updated }): FeedItem => {
      const content = child(entry, 'content') ?? child(entry, 'summary');
      const link = linkOf(children(entry, 'link'), baseUrl);
      const title = child(entry, 'title');
      return {
        id: textOf(child(entry, 'id')) || link || textOf(title),
        title: titleOf(title),
        ...optional('link', link),
        ...optional('published', published),
        ...optional('updated', updated),
        categories: categoriesOf(children(entry, 'category')),
        // Atom says whether text is HTML; type="text" is shown as is.
        text: content?.attributes.get('type') === 'text' ? plain(textOf(content)) : html(textOf(content)),
      };
    }),
  };
  return {
    format: 'atom',
    title: titleOf(child(feed, 'title')),
    ...optional('link', linkOf(children(feed, 'link'), baseUrl)),
    ...optional('updated', timeOf(child(feed, 'updated'))),
    ...optional('generator', textOf(child(feed, 'generator')) || undefined),
    ...items,
  };
}

function rssDocument(
  channel: XmlElement | undefined,
  elements: readonly XmlElement[],
  baseUrl: string | undefined,
): FeedDocument {
  const entries = newest(elements, (item) => ({
    published: child(item, 'pubDate') ?? child(item, 'date'),
    updated: child(item, 'updated') ?? child(item, 'modified'),
  }));
  const items = {
    totalItems: entries.total,
    items: entries.kept.map(({ entry: item, published, updated }): FeedItem => {
      const link = linkOf(children(item, 'link'), baseUrl);
      const title = child(item, 'title');
      return {
        id: textOf(child(item, 'guid')) || link || textOf(title),
        title: titleOf(title),
        ...optional('link', link),
        ...optional('published', published),
        ...optional('updated', updated),
        categories: categoriesOf(children(item, 'category')),
        // content:encoded is the full body where a feed has one; description is often a teaser.
        text: html(textOf(child(item, 'encoded') ?? child(item, 'description'))),
      };
    }),
  };
  return {
    format: 'rss',
    title: titleOf(child(channel, 'title')),
    ...optional('link', linkOf(children(channel, 'link'), baseUrl)),
    ...optional(
      'updated',
      timeOf(child(channel, 'lastBuildDate')) ?? timeOf(child(channel, 'pubDate') ?? child(channel, 'date')),
    ),
    ...optional('generator', textOf(child(channel, 'generator')) || undefined),
    ...items,
  };
}

/** An entry with its dates, each read once: they order the entries, then fill in the kept ones. */
interface DatedEntry {
  readonly entry: XmlElement;
  readonly published: number | undefined;
  readonly updated: number | undefined;
}

/**
 * Newest first by the later of the two dates (most feeds are in that order, not all, so every
 * entry is dated before any is dropped), undated items after dated ones in document order, at
 * most MAX_FEED_ITEMS. Only the kept items are converted, so a long archive stays cheap. An
 * entry with neither fields nor attributes (`<item/>`, `<item>text</item>`) is none.
 */
function newest(
  elements: readonly XmlElement[],
  dates: (entry: XmlElement) => { published: XmlElement | undefined; updated: XmlElement | undefined },
): { kept: DatedEntry[]; total: number } {
  const entries = elements.filter(hasFields);
  const dated = entries.map((entry, index) => {
    const { published, updated } = dates(entry);
    const times = { published: timeOf(published), updated: timeOf(updated) };
    return {
      entry,
      index,
      ...times,
      time: Math.max(times.published ?? -Infinity, times.updated ?? -Infinity),
    };
  });
  dated.sort((a, b) => (a.time === b.time ? a.index - b.index : b.time - a.time));
  return { kept: dated.slice(0, MAX_FEED_ITEMS), total: entries.length };
}

/** Whether an element has child elements or attributes: an entry, or a feed, with nothing in it is none. */
function hasFields(element: XmlElement): boolean {
  return element.attributes.size > 0 || element.nodes.some((node) => typeof node !== 'string');
}

/** The first child element called `name` (local name: `dc:date` is `date`). */
function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  for (const node of element?.nodes ?? []) if (typeof node !== 'string' && node.name === name) return node;
  return undefined;
}

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const node of element?.nodes ?? [])
    if (typeof node !== 'string' && node.name === name) found.push(node);
  return found;
}

/**
 * Text content of an element, raw (references not decoded) and trimmed: its text and CDATA,
 * and (xhtml content) the text of nested elements, in document order, a space between elements
 * so that "<p>a</p><p>b</p>" keeps two words. Line ends are "\n", as an XML parser reports them.
 */
function textOf(element: XmlElement | undefined, depth = 0): string {
  if (!element || depth > 20) return '';
  let text = '';
  for (const node of element.nodes) text += typeof node === 'string' ? node : ` ${textOf(node, depth + 1)} `;
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
}

function timeOf(element: XmlElement | undefined): number | undefined {
  return element && parseTimestamp(textOf(element));
}

// With entities left alone by the reader, text still carries its XML escapes ("&amp;") and a
// CDATA section its literal ones (AWS escapes HTML inside CDATA): one decode serves both.
function plain(raw: string): string {
  return bounded(decodeEntities(raw).trim());
}

function html(raw: string): string {
  return bounded(htmlToText(decodeEntities(raw)));
}

function titleOf(element: XmlElement | undefined): string {
  const raw = textOf(element);
  return oneLine(
    element?.attributes.get('type') === 'html' ? htmlToText(decodeEntities(raw)) : decodeEntities(raw),
    300,
  );
}

function categoriesOf(categories: readonly XmlElement[]): string[] {
  return categories.flatMap((category) => {
    const name = category.attributes.get('label') ?? category.attributes.get('term') ?? textOf(category);
    const text = oneLine(decodeEntities(name), 80);
    return text === '' ? [] : [text];
  });
}

/**
 * The link a person opens: RSS <link>text</link>, or Atom's <link href> with rel alternate (or
 * no rel), else the first with an href; relative ones resolved against the feed's URL.
 */
function linkOf(links: readonly XmlElement[], baseUrl: string | undefined): string | undefined {
  // A plain <link> (no attributes, no child elements) is RSS's; an RSS channel's <atom:link
  // rel="self"> beside it is not the page.
  const plainLink = links.find(
    (link) =>
      link.attributes.size === 0 &&
      link.nodes.every((node) => typeof node === 'string') &&
      textOf(link) !== '',
  );
  const hrefs = links.flatMap((link) => {
    const href = link.attributes.get('href');
    const rel = link.attributes.get('rel') ?? 'alternate';
    return href ? [{ href, rel }] : [];
  });
  const raw =
    (plainLink && textOf(plainLink)) ??
    hrefs.find((link) => link.rel === 'alternate')?.href ??
    hrefs[0]?.href ??
    links.map((link) => textOf(link)).find((text) => text !== '');
  if (raw === undefined) return undefined;
  try {
    const url = new URL(decodeEntities(raw), baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export type XmlFeedBody =
  { readonly ok: true; readonly feed: FeedDocument } | { readonly ok: false; readonly detail: string };

/** A response's body as a feed, with the detail a person needs when it is not one. */
export function parseXmlFeedBody(response: HttpResponse): XmlFeedBody {
  if (response.truncated)
    return {
      ok: false,
      detail: `the response is larger than the ${formatBytes(response.maxBodyBytes)} limit`,
    };
  const feed = parseXmlFeed(response.text, response.url);
  if (typeof feed !== 'string') return { ok: true, feed };
  const type = response.contentType ? `, ${response.contentType.split(';')[0] ?? ''}` : '';
  const detail = feed === 'empty body' ? 'empty response body' : feed;
  return { ok: false, detail: `${detail} (HTTP ${response.status}${type})` };
}
