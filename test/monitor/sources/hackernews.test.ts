import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import { createMemory, type SourceMemory } from '../../../main/monitor/secrets.js';
import { hackernewsSource, type HackernewsSourceConfig } from '../../../main/monitor/sources/hackernews.js';
import { parseHitsPage } from '../../../main/monitor/sources/hackernews-api.js';
import { realFixture } from '../../support/fixtures.js';
import { startServer, type TestServer } from '../../support/http-server.js';
import { clockAt, createReadContext } from '../../support/read-context.js';

/**
 * A loopback Hacker News search (Algolia). Answers have the envelope and hit shape of the real
 * hn.algolia.com answer in hackernews/communal_search_sampleNewsOutput.json, plus the fields
 * current answers add (`exhaustive`, `processingTimingsMS`, `serverTimeMS`; `updated_at`,
 * `children`, `story_id` on hits), as SOURCES.md describes. The search itself (query words
 * required, a quoted word matched exactly, `tags=(story,comment)`, `numericFilters=created_at_i>t`,
 * `hitsPerPage` and `page`, newest first) follows crowd-apis.md and Algolia's documentation.
 */

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const SAMPLE = JSON.parse(realFixture('hackernews/communal_search_sampleNewsOutput.json').toString()) as {
  hits: Record<string, unknown>[];
} & Record<string, unknown>;
const STORY = SAMPLE.hits[0]!;

interface Item {
  readonly id: number;
  readonly at: number;
  readonly text: string;
  readonly kind: 'story' | 'comment';
}

const fake = {
  items: [] as Item[],
  now: 0,
  answer: undefined as ((res: ServerResponse) => void) | undefined,
};
let server: TestServer;
let nextId = 38_000_000;

function add(at: number, text: string, kind: Item['kind'] = 'comment'): void {
  fake.items.push({ id: nextId++, at, text, kind });
}

function toHit(item: Item): Record<string, unknown> {
  const seconds = Math.floor(item.at / 1000);
  const common = {
    created_at: new Date(seconds * 1000).toISOString(),
    created_at_i: seconds,
    updated_at: new Date(seconds * 1000 + 5000).toISOString(),
    objectID: String(item.id),
    author: 'someone',
    children: [],
  };
  if (item.kind === 'story')
    return { ...STORY, ...common, title: item.text, _tags: ['story', `story_${item.id}`], story_id: item.id };
  return {
    ...common,
    comment_text: `<p>${item.text}</p>`,
    story_title: 'GitHub is down',
    story_id: 37_999_999,
    parent_id: 37_999_999,
    title: null,
    _tags: ['comment', `story_37999999`],
  };
}

function search(url: URL, res: ServerResponse): void {
  if (fake.answer) {
    fake.answer(res);
    return;
  }
  const query = url.searchParams.get('query') ?? '';
  const exact = [...query.matchAll(/"([^"]+)"/g)].map((match) => match[1]!.toLowerCase());
  const words = query
    .replace(/"[^"]*"/g, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  const filters = url.searchParams.get('numericFilters') ?? '';
  const after = Number(/created_at_i>(\d+)/.exec(filters)?.[1] ?? 0);
  const before = Number(/created_at_i<(\d+)/.exec(filters)?.[1] ?? Infinity);
  const perPage = Number(url.searchParams.get('hitsPerPage') ?? 20);
  const page = Number(url.searchParams.get('page') ?? 0);
  const matching = fake.items
    .filter((item) => item.at <= fake.now && Math.floor(item.at / 1000) > after)
    .filter((item) => Math.floor(item.at / 1000) < before)
    .filter((item) => {
      const text = item.text.toLowerCase();
      const tokens = text.split(/[^a-z0-9]+/);
      return words.every((word) => text.includes(word)) && exact.every((word) => tokens.includes(word));
    })
    .sort((a, b) => b.at - a.at);
  const hits = matching.slice(page * perPage, (page + 1) * perPage).map(toHit);
  const body = {
    ...SAMPLE,
    hits,
    nbHits: matching.length,
    page,
    nbPages: Math.ceil(matching.length / perPage),
    hitsPerPage: perPage,
    query,
    exhaustive: { nbHits: true, typo: true },
    processingTimingsMS: { request: { roundTrip: 1 } },
    serverTimeMS: 2,
  };
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/search_by_date') search(url, res);
    else
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found","status":404}');
  });
});
afterAll(() => server.close());
beforeEach(() => {
  fake.items = [];
  fake.answer = undefined;
  server.requests.length = 0;
});

const NOW = Date.UTC(2024, 2, 11, 15, 0);

function read(
  at: number,
  extra: Partial<HackernewsSourceConfig> = {},
  memory?: SourceMemory,
): Promise<Reading> {
  fake.now = at;
  return hackernewsSource.read(
    { type: 'hackernews', query: 'github', url: `${server.url}/api/v1`, ...extra },
    createReadContext({ clock: clockAt(at), ...(memory ? { memory } : {}) }),
  );
}

function requests(): URL[] {
  return server.requests.map((req) => new URL(req.url ?? '/', 'http://x'));
}

/** An ordinary day: a mention of GitHub being down now and then, and unrelated chatter. */
function ordinaryDay(end: number): void {
  for (let at = end - 24 * HOUR; at < end; at += 2 * HOUR)
    add(at + 7 * MINUTE, 'Is GitHub down or is it just my proxy?');
  for (let at = end - 24 * HOUR; at < end; at += HOUR) add(at + 3 * MINUTE, 'GitHub download stats look odd');
}

function burst(
  from: number,
  to: number,
  perBucket: number,
  text = 'GitHub is down again, pushes fail',
): void {
  for (let at = from; at < to; at += BUCKET / perBucket) add(at, text);
}

describe('hackernews: parsing answers', () => {
  it('reads the real (older) answer', () => {
    const page = parseHitsPage(SAMPLE);
    expect(typeof page).toBe('object');
    if (typeof page === 'string') return;
    expect(page.nbPages).toBe(1);
    expect(page.hits).toHaveLength(4);
    expect(page.hits[0]).toEqual({
      id: '8828543',
      at: 1420232746_000,
      title: 'Why aren’t we using SSH for everything?',
      link: 'https://news.ycombinator.com/item?id=8828543',
    });
  });

  it('reads a current comment hit, with created_at only, as its story and text', () => {
    const page = parseHitsPage({
      hits: [
        {
          created_at: '2024-03-11T14:55:00Z',
          objectID: '39670000',
          comment_text: '<p>Yes, <i>down</i> here &amp; in the EU</p>',
          story_title: 'GitHub is down',
          children: [],
          updated_at: '2024-03-11T14:56:00Z',
        },
        { objectID: 'x', title: 'no time' },
      ],
      exhaustive: { nbHits: true },
    });
    expect(page).toEqual({
      hits: [
        {
          id: '39670000',
          at: Date.parse('2024-03-11T14:55:00Z'),
          title: 'on "GitHub is down": Yes, down here & in the EU',
          link: 'https://news.ycombinator.com/item?id=39670000',
        },
      ],
      listed: 2,
      nbPages: undefined,
    });
  });
});

describe('hackernews: a one-shot check reads the last day', () => {
  it('asks once per word, quoted, for stories and comments of the last 24 hours', async () => {
    ordinaryDay(NOW);
    const reading = await read(NOW);
    const asked = requests();
    expect(asked.map((url) => url.searchParams.get('query'))).toEqual(['github "down"', 'github "outage"']);
    expect(asked[0]?.searchParams.get('tags')).toBe('(story,comment)');
    expect(asked[0]?.searchParams.get('numericFilters')).toBe(`created_at_i>${(NOW - 24 * HOUR) / 1000}`);
    expect(asked[0]?.searchParams.get('hitsPerPage')).toBe('100');
    expect(reading).toMatchObject({
      status: 'operational',
      reached: true,
      crowd: { provider: 'hackernews', level: 'none' },
    });
    expect(reading.detail).toBe(
      'Hacker News mentions of "github" down/outage at the usual level (0 against about 0 per 15 min)',
    );
    // "download" is not "down": only the 12 real mentions count.
    expect(reading.crowd?.series.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(12);
    expect(reading.crowd?.series).toHaveLength(96);
  });

  it('counts an item that matches both words once', async () => {
    add(NOW - 5 * MINUTE, 'GitHub outage: everything is down');
    const reading = await read(NOW);
    expect(reading.crowd?.series.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1);
  });

  it('a sustained rise is a possible problem, with the newest stories and comments as samples', async () => {
    ordinaryDay(NOW);
    burst(NOW - 45 * MINUTE, NOW, 15);
    add(NOW - 30 * 1000, 'GitHub outage status thread', 'story');
    const reading = await read(NOW);
    expect(reading).toMatchObject({ status: 'degraded', crowd: { level: 'possible' } });
    expect(reading.detail).toMatch(
      /^possible problem: Hacker News mentions of "github" down\/outage 16× the usual level \(16 against about 0 per 15 min\)$/,
    );
    expect(reading.crowd?.samples?.[0]).toEqual({
      title: 'GitHub outage status thread',
      at: NOW - 30_000,
      link: expect.stringMatching(/^https:\/\/news\.ycombinator\.com\/item\?id=\d+$/) as unknown,
    });
    expect(reading.crowd?.samples?.[1]?.title).toBe('on "GitHub is down": GitHub is down again, pushes fail');
  });

  it('a big one is a likely outage', async () => {
    ordinaryDay(NOW);
    burst(NOW - 30 * MINUTE, NOW, 150);
    const reading = await read(NOW);
    expect(reading).toMatchObject({ status: 'partial_outage', crowd: { level: 'likely', current: 150 } });
    expect(reading.detail).toMatch(
      /^likely outage: Hacker News mentions of "github" down\/outage 150× the usual level/,
    );
    expect(requests().filter((url) => url.searchParams.get('query') === 'github "down"')).toHaveLength(4);
  });

  it('reads at most the index limit of 1,000 hits per word, and judges them by the rest of the day', async () => {
    // Four mentions an hour all day, then a storm for two hours: more than one read can take.
    for (let at = NOW - 24 * HOUR; at < NOW - 2 * HOUR; at += BUCKET) add(at, 'GitHub down again?');
    burst(NOW - 2 * HOUR, NOW, 200);
    const reading = await read(NOW);
    const asked = requests().filter((url) => url.searchParams.get('query') === 'github "down"');
    expect(asked).toHaveLength(11);
    // The last one only counts what came before the oldest item read.
    expect(asked[10]?.searchParams.get('hitsPerPage')).toBe('1');
    expect(asked[10]?.searchParams.get('numericFilters')).toMatch(/^created_at_i>\d+,created_at_i<\d+$/);
    expect(reading).toMatchObject({ status: 'partial_outage', crowd: { level: 'likely', current: 200 } });
    // 88 ordinary mentions and the storm's first 600 spread over the 22¾ hours before: about
    // 7.5 per 15 minutes. High (the storm's start is in it), but not the storm's own level.
    expect(reading.crowd?.usual).toBeGreaterThan(7);
    expect(reading.crowd?.usual).toBeLessThan(8);
    expect(reading.detail).toMatch(/^likely outage: .*; only the newest 1000 items were read$/);
  });
});

describe('hackernews: polls build up a series in memory', () => {
  it('asks only for what is new (with an overlap) and counts nothing twice', async () => {
    const memory = createMemory();
    ordinaryDay(NOW);
    add(NOW - 10 * MINUTE, 'GitHub down for me');
    await read(NOW, {}, memory);
    add(NOW + 2 * MINUTE, 'GitHub down: actions stuck');
    server.requests.length = 0;
    const second = await read(NOW + 5 * MINUTE, {}, memory);
    expect(requests()[0]?.searchParams.get('numericFilters')).toBe(
      `created_at_i>${(NOW - 30 * MINUTE) / 1000}`,
    );
    // The 14:50 mention came back in the overlap and still counts once.
    expect(second.crowd?.current).toBe(2);
    expect(second.crowd?.series.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(14);
  });

  it('rises poll by poll into a likely outage and calms down again', async () => {
    const memory = createMemory();
    ordinaryDay(NOW);
    burst(NOW + HOUR, NOW + 2 * HOUR, 150);
    const at = (minutes: number): Promise<Reading> => read(NOW + minutes * MINUTE, {}, memory);
    expect((await at(0)).status).toBe('operational');
    for (let minutes = 5; minutes < 90; minutes += 5) await at(minutes);
    expect(await at(90)).toMatchObject({ status: 'partial_outage', crowd: { level: 'likely' } });
    for (let minutes = 95; minutes < 180; minutes += 5) await at(minutes);
    expect((await at(180)).status).toBe('operational');
  });
});

describe('hackernews: what the API may answer instead', () => {
  it.each<[string, (res: ServerResponse) => void, RegExp, Partial<Reading>]>([
    [
      '429 with Retry-After',
      (res) =>
        res
          .writeHead(429, { 'retry-after': '120', 'content-type': 'application/json' })
          .end('{"message":"Too many requests","status":429}'),
      /^127\.0\.0\.1:\d+ is limiting our requests \(HTTP 429\); asked to wait 120 s$/,
      { retryAfterMs: 120_000 },
    ],
    [
      '403 (blocked)',
      (res) =>
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end('{"message":"Forbidden","status":403}'),
      /^127\.0\.0\.1:\d+ answered HTTP 403: Forbidden$/,
      { httpStatus: 403 },
    ],
    [
      '400 with the Algolia error',
      (res) =>
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"message":"Invalid syntax for numeric filters","status":400}'),
      /answered HTTP 400: Invalid syntax for numeric filters$/,
      {},
    ],
    [
      'an error body with 200',
      (res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"index unavailable"}'),
      /^the search answered an error: index unavailable$/,
      {},
    ],
    [
      'an HTML page',
      (res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Cloudflare</body></html>'),
      /^expected JSON but got an HTML page/,
      {},
    ],
    [
      'a truncated body',
      (res) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(realFixture('hackernews/communal_search_sampleNewsOutput.json').subarray(0, 900)),
      /^the response is not valid JSON, perhaps truncated/,
      {},
    ],
    [
      'not a search answer',
      (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'),
      /^not a Hacker News search answer: hits is missing$/,
      {},
    ],
  ])('%s: unknown, clearly', async (_name, answer, detail, extra) => {
    fake.answer = answer;
    const memory = createMemory();
    const reading = await read(NOW, {}, memory);
    expect(reading).toMatchObject({ status: 'unknown', ...extra });
    expect(reading.detail).toMatch(detail);
    expect(memory.get()).toBeUndefined();
  });
});

describe('hackernews: config', () => {
  it.each<[Record<string, unknown>, string, RegExp]>([
    [{ query: '  ' }, 'query', /service name/],
    [{ words: [] }, 'words', /at least one word/],
    [{ words: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'words', /at most 5 words/],
    [{ words: [''] }, 'words.0', /empty string/],
    [{ url: 'hn.algolia.com' }, 'url', /http\(s\) URL/],
  ])('%j is refused at %s', (change, path, message) => {
    const result = hackernewsSource.schema.safeParse({ type: 'hackernews', query: 'github', ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('labels and defaults', () => {
    const parsed = hackernewsSource.schema.parse({ type: 'hackernews', query: 'github' });
    expect(hackernewsSource.defaultLabel(parsed)).toBe('Hacker News: github');
    expect(hackernewsSource.defaults.intervalSeconds).toBe(300);
  });
});
