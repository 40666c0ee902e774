import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatBytes } from '../http/size.js';
import type { HttpResponse } from '../http/types.js';
import { asArray, asRecord, optional, records, type JsonRecord } from './guards.js';
import { bounded, decodeEntities, htmlToText, oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';

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

// Safety: entities are not expanded by the parser at all (processEntities: false), so a DTD's
// entity declarations (billion laughs) stay inert text, and the parser refuses a document that
// declares an external entity (reported as malformed, never fetched). Text is decoded
// afterwards by decodeEntities, which knows only the XML five, numeric references and a few
// HTML names, and never recurses. CDATA is merged into the text (no cdataPropName); attributes
// are kept because Atom links live in them; tags that may repeat are always arrays.
const REPEATED = new Set(['item', 'entry', 'category', 'link']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  isArray: (name) => REPEATED.has(name),
});

/** What parseXmlFeed says when a page URL answered instead of a feed (the feed source then looks for one). */
export const HTML_INSTEAD_OF_XML = 'expected XML but got an HTML page';

/** A feed body as a FeedDocument, or a sentence saying why it is not a feed. */
export function parseXmlFeed(body: string, baseUrl?: string): FeedDocument | string {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return 'empty body';
  if (text.startsWith('{') || text.startsWith('[')) return 'expected XML but got JSON';
  if (/^<!doctype html|^<html[\s>]/i.test(text)) return HTML_INSTEAD_OF_XML;
  if (!text.startsWith('<')) return `expected XML but got text ("${oneLine(text, 40)}")`;
  // The parser alone reads a cut-off feed without complaint, so validate first. Its successor,
  // fast-xml-validator, is not a dependency of this project.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, msg } = validation.err;
    return `malformed XML at line ${line} (${oneLine(msg, 80)}), perhaps truncated`;
  }
  let tree: JsonRecord | undefined;
  try {
    tree = asRecord(parser.parse(text));
  } catch (error) {
    return `malformed XML (${oneLine(error instanceof Error ? error.message : String(error), 80)})`;
  }
  const root = Object.keys(tree ?? {}).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  const top = asRecord(tree?.[root ?? '']);
  if (root === 'html') return HTML_INSTEAD_OF_XML;
  if (root === 'feed' && top) return atomDocument(top, baseUrl);
  if (root === 'rss' && top)
    return rssDocument(records(top.channel)[0] ?? asRecord(top.channel) ?? {}, baseUrl);
  // RSS 1.0: items are siblings of the channel under rdf:RDF.
  if (root === 'RDF' && top) return rssDocument({ ...asRecord(top.channel), item: top.item }, baseUrl);
  return `not an RSS or Atom feed: root element <${root ?? 'none'}>`;
}

function atomDocument(feed: JsonRecord, baseUrl: string | undefined): FeedDocument {
  const entries = newest(records(feed.entry), (entry) => [entry.updated, entry.published]);
  const items = {
    totalItems: entries.total,
    items: entries.kept.map((entry): FeedItem => {
      const content = entry.content ?? entry.summary;
      return {
        id: textOf(entry.id) || linkOf(entry.link, baseUrl) || textOf(entry.title),
        title: titleOf(entry.title),
        ...optional('link', linkOf(entry.link, baseUrl)),
        ...optional('published', parseTimestamp(textOf(entry.published))),
        ...optional('updated', parseTimestamp(textOf(entry.updated))),
        categories: categoriesOf(entry.category),
        // Atom says whether text is HTML; type="text" is shown as is.
        text: attribute(content, 'type') === 'text' ? plain(textOf(content)) : html(textOf(content)),
      };
    }),
  };
  return {
    format: 'atom',
    title: titleOf(feed.title),
    ...optional('link', linkOf(feed.link, baseUrl)),
    ...optional('updated', parseTimestamp(textOf(feed.updated))),
    ...optional('generator', textOf(feed.generator) || undefined),
    ...items,
  };
}

function rssDocument(channel: JsonRecord, baseUrl: string | undefined): FeedDocument {
  const entries = newest(records(channel.item), (item) => [
    item.pubDate ?? item.date,
    item.updated ?? item.modified,
  ]);
  const items = {
    totalItems: entries.total,
    items: entries.kept.map((item): FeedItem => {
      const link = linkOf(item.link, baseUrl);
      return {
        id: textOf(item.guid) || link || textOf(item.title),
        title: titleOf(item.title),
        ...optional('link', link),
        ...optional('published', parseTimestamp(textOf(item.pubDate ?? item.date))),
        ...optional('updated', parseTimestamp(textOf(item.updated ?? item.modified))),
        categories: categoriesOf(item.category),
        // content:encoded is the full body where a feed has one; description is often a teaser.
        text: html(textOf(item.encoded ?? item.description)),
      };
    }),
  };
  return {
    format: 'rss',
    title: titleOf(channel.title),
    ...optional('link', linkOf(channel.link, baseUrl)),
    ...optional(
      'updated',
      parseTimestamp(textOf(channel.lastBuildDate)) ??
        parseTimestamp(textOf(channel.pubDate ?? channel.date)),
    ),
    ...optional('generator', textOf(channel.generator) || undefined),
    ...items,
  };
}

/**
 * Newest first (most feeds are, not all), undated items after dated ones in document order, at
 * most MAX_FEED_ITEMS. Only the kept items are converted, so a long archive stays cheap.
 */
function newest(
  raw: JsonRecord[],
  dates: (item: JsonRecord) => unknown[],
): { kept: JsonRecord[]; total: number } {
  const timed = raw.map((item, index) => ({
    item,
    index,
    time: Math.max(...dates(item).map((date) => parseTimestamp(textOf(date)) ?? -Infinity)),
  }));
  timed.sort((a, b) => (a.time === b.time ? a.index - b.index : b.time - a.time));
  return { kept: timed.slice(0, MAX_FEED_ITEMS).map(({ item }) => item), total: raw.length };
}

/** Text content of an element: a string, its #text, or (xhtml content) all nested text. */
function textOf(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((part) => textOf(part, depth + 1)).join(' ');
  const record = asRecord(value);
  if (!record || depth > 20) return '';
  // Mixed xhtml content ("We are <b>on it</b>.") loses its order in this parser's object
  // form; the words are kept, which is what a status judgement needs.
  return Object.entries(record)
    .filter(([key]) => !key.startsWith('@_'))
    .map(([, part]) => textOf(part, depth + 1))
    .join(' ');
}

function attribute(value: unknown, name: string): string | undefined {
  const found = asRecord(value)?.[`@_${name}`];
  return typeof found === 'string' ? found : undefined;
}

// With entities left alone by the parser, text still carries its XML escapes ("&amp;") and a
// CDATA section its literal ones (AWS escapes HTML inside CDATA): one decode serves both.
function plain(raw: string): string {
  return bounded(decodeEntities(raw).trim());
}

function html(raw: string): string {
  return bounded(htmlToText(decodeEntities(raw)));
}

function titleOf(value: unknown): string {
  const raw = textOf(value);
  return oneLine(
    attribute(value, 'type') === 'html' ? htmlToText(decodeEntities(raw)) : decodeEntities(raw),
    300,
  );
}

function categoriesOf(value: unknown): string[] {
  return asArray(value).flatMap((category) => {
    const name = attribute(category, 'label') ?? attribute(category, 'term') ?? textOf(category);
    const text = oneLine(decodeEntities(name), 80);
    return text === '' ? [] : [text];
  });
}

/**
 * The link a person opens: RSS <link>text</link>, or Atom's <link href> with rel alternate (or
 * no rel), else the first with an href; relative ones resolved against the feed's URL.
 */
function linkOf(value: unknown, baseUrl: string | undefined): string | undefined {
  const links = asArray(value);
  const texts = links.flatMap((link) =>
    typeof link === 'string' && link.trim() !== '' ? [link.trim()] : [],
  );
  const hrefs = links.flatMap((link) => {
    const href = attribute(link, 'href');
    const rel = attribute(link, 'rel') ?? 'alternate';
    return href ? [{ href, rel }] : [];
  });
  const raw =
    texts[0] ??
    hrefs.find((link) => link.rel === 'alternate')?.href ??
    hrefs[0]?.href ??
    links.map((link) => textOf(link).trim()).find((text) => text !== '');
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
