import type { HttpClient } from './http/types.js';
import { SOURCE_TYPES, type SourceConfig, type SourceType } from './sources/registry.js';
import type { DetectContext } from './sources/source.js';

/**
 * Auto-detect (`downwatch detect URL`, the app's "add by URL"): given any status page or
 * homepage URL, find which formats it speaks. Each source type knows its own well-known
 * endpoints (its `detect`); this asks all of them, at the URL itself and at the status pages a
 * homepage points to, and ranks what answered by the registry's order (richest format first).
 */

export interface DetectedSource {
  readonly type: SourceType;
  readonly title: string;
  /** The URL whose answer matched. */
  readonly foundAt: string;
  readonly config: SourceConfig;
}

export interface DetectResult {
  readonly input: string;
  /** Every URL that was examined, the input first. */
  readonly candidates: readonly string[];
  readonly matches: readonly DetectedSource[];
  /** A probe of the page itself, when it answered: a homepage is worth watching too. */
  readonly probe: SourceConfig | undefined;
}

export interface DetectDeps {
  readonly http: HttpClient;
  readonly signal?: AbortSignal;
  /** Per request; detection asks many endpoints at once. */
  readonly timeoutMs?: number;
}

/** At most this many status pages linked from a homepage are examined. */
const MAX_LINKED_PAGES = 3;

export type DetectInput = { ok: true; url: URL } | { ok: false; message: string };

/** "github.com" is fine: a missing scheme means https. */
export function parseDetectInput(input: string): DetectInput {
  const text = input.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { ok: false, message: `"${input}" is not a web address` };
    return { ok: true, url };
  } catch {
    return { ok: false, message: `"${input}" is not a web address` };
  }
}

export async function detectSources(url: URL, deps: DetectDeps): Promise<DetectResult> {
  const ctx: DetectContext = {
    http: deps.http,
    signal: deps.signal ?? new AbortController().signal,
    timeoutMs: deps.timeoutMs ?? 8000,
  };
  const page = await ctx.http.request({
    url: url.href,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    maxBodyBytes: 1024 * 1024,
  });
  const linked =
    page.kind === 'response' && page.status < 400 ? statusLinks(page.text, new URL(page.url)) : [];
  const candidates = unique([url.href, ...linked, ...statusSubdomain(url)]);
  const types = Object.keys(SOURCE_TYPES) as SourceType[];
  const found = await Promise.all(
    candidates.flatMap((candidate) =>
      types.map(async (type): Promise<DetectedSource | undefined> => {
        const definition = SOURCE_TYPES[type];
        if (!definition.detect) return undefined;
        try {
          const config = await definition.detect(new URL(candidate), ctx);
          return config ? { type, title: definition.title, foundAt: candidate, config: config } : undefined;
        } catch {
          // A detector that throws is a bug in it, not an answer; the others still count.
          return undefined;
        }
      }),
    ),
  );
  const matches = dedupe(found.filter((match): match is DetectedSource => match !== undefined)).sort(
    (a, b) => types.indexOf(a.type) - types.indexOf(b.type),
  );
  const probe: SourceConfig | undefined =
    page.kind === 'response' && page.status < 400 ? { type: 'http', url: url.href } : undefined;
  return { input: url.href, candidates, matches, probe };
}

// A link's opening tag ends at the next "<" or ">", as in plain-text.ts: with "[^>]*?" the
// pattern went on past every "<a" to the end of the page, and through it again for each href,
// so a megabyte page of '<a href="' repeated took hours (cubic); now each character is read a
// bounded number of times. The href is looked for inside the tag, the text in the 200
// characters after it.
const ANCHOR_TAG = /<a\b([^<>]*)>/gi;
const HREF = /\bhref\s*=\s*["']([^"'#]+)["']/i;
const ANCHOR_END = /<\/a>/i;
/** How much of a link's text is read for the word "status". */
const LINK_TEXT_MAX = 200;

/**
 * Links on a homepage that look like its status page: "Status" in the link text or the address
 * (GitHub's footer links "Status" to www.githubstatus.com).
 */
export function statusLinks(html: string, base: URL): string[] {
  const links: string[] = [];
  const tags = new RegExp(ANCHOR_TAG.source, ANCHOR_TAG.flags);
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    const href = HREF.exec(tag[1] ?? '')?.[1];
    if (href === undefined) continue;
    const after = html.slice(tags.lastIndex, tags.lastIndex + LINK_TEXT_MAX + '</a>'.length);
    const end = after.search(ANCHOR_END);
    if (end === -1) continue;
    tags.lastIndex += end + '</a>'.length;
    const text = after.slice(0, end);
    if (!/status/i.test(href) && !/\bstatus\b/i.test(text.replace(/<[^>]*>/g, ''))) continue;
    try {
      const link = new URL(href, base);
      if ((link.protocol === 'http:' || link.protocol === 'https:') && link.href !== base.href)
        links.push(link.href);
    } catch {
      // An unusable href is just not a candidate.
    }
    if (links.length >= MAX_LINKED_PAGES) break;
  }
  return links;
}

/** `status.example.com` for `www.example.com`: the most common home of a status page. */
function statusSubdomain(url: URL): string[] {
  const host = url.hostname.replace(/^www\./, '');
  if (host.startsWith('status.') || /^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.'))
    return [];
  return [`https://status.${host}/`];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The same config found through two candidates is one match. */
function dedupe(matches: readonly DetectedSource[]): DetectedSource[] {
  const seen = new Set<string>();
  return matches.filter((match) => {
    const key = JSON.stringify(match.config);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
