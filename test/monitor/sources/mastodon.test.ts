import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import { createMemory, type SourceMemory } from '../../../main/monitor/secrets.js';
import { mastodonSource, type MastodonSourceConfig } from '../../../main/monitor/sources/mastodon.js';
import {
  compareIds,
  parseHashtagAccess,
  parseStatuses,
  parseTagHistory,
} from '../../../main/monitor/sources/mastodon-api.js';
import { realFixture } from '../../support/fixtures.js';
import { startServer, type TestServer } from '../../support/http-server.js';
import { clockAt, createReadContext } from '../../support/read-context.js';

/**
 * A loopback Mastodon server. Its posts are the real Status from mastodon.social
 * (mastodon/tootkit_public_timeline.excerpt.json) with id, time, text and link changed; the tag
 * history has the shape of the documented `GET /api/v1/tags/:id` example (tags_show.docs.json).
 * The rest (paging with since_id / max_id / limit and the Link header, `local`, 401 with
 * `/api/v2/instance` timelines_access, 404 "Record not found", 429 with X-RateLimit-Reset) is
 * built from the API documentation as summarised in shared/reference/crowd-apis.md.
 */

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE;
const DAY = 24 * 60 * MINUTE;
const STATUS = (
  JSON.parse(realFixture('mastodon/tootkit_public_timeline.excerpt.json').toString()) as [
    Record<string, unknown>,
  ]
)[0];
const ACCOUNT = STATUS.account as Record<string, unknown>;

interface FakePost {
  readonly id: string;
  readonly at: number;
  readonly content: string;
  readonly remote?: boolean;
  readonly url?: string;
}

/** What the fake server does; tests change it. */
const fake = {
  posts: [] as FakePost[],
  /** Posts received after this time are not visible yet. */
  now: 0,
  /** Uses per day, newest (today) first, as the server's history says. */
  history: [] as number[] | undefined,
  timeline: undefined as ((res: ServerResponse) => void) | undefined,
  instance: undefined as unknown,
};

let server: TestServer;
let nextId = 110_000_000_000_000_000n;

function addPost(at: number, content = `<p>Is Twitter down for anyone else? ${at}</p>`, extra = {}): void {
  nextId += 1000n;
  fake.posts.push({ id: String(nextId), at, content, ...extra });
}

function toStatus(post: FakePost): Record<string, unknown> {
  return {
    ...STATUS,
    id: post.id,
    created_at: new Date(post.at).toISOString(),
    content: post.content,
    url: post.url ?? `https://mastodon.example/@interneteh/${post.id}`,
    uri: `https://mastodon.example/users/interneteh/statuses/${post.id}`,
    account: post.remote ? { ...ACCOUNT, acct: 'someone@elsewhere.example' } : ACCOUNT,
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body));
}

function timeline(url: URL, res: ServerResponse): void {
  if (fake.timeline) {
    fake.timeline(res);
    return;
  }
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), 40);
  const since = url.searchParams.get('since_id');
  const max = url.searchParams.get('max_id');
  const local = url.searchParams.get('local') === 'true';
  const visible = fake.posts
    .filter((post) => post.at <= fake.now)
    .filter((post) => !local || !post.remote)
    .filter((post) => since === null || compareIds(post.id, since) > 0)
    .filter((post) => max === null || compareIds(post.id, max) < 0)
    .sort((a, b) => compareIds(b.id, a.id))
    .slice(0, limit);
  const base = `http://${url.host}${url.pathname}`;
  const link =
    visible.length > 0
      ? `<${base}?max_id=${visible.at(-1)?.id}>; rel="next", <${base}?min_id=${visible[0]?.id}>; rel="prev"`
      : '';
  sendJson(res, 200, visible.map(toStatus), link ? { link } : {});
}

function tag(name: string, res: ServerResponse): void {
  if (fake.history === undefined) {
    sendJson(res, 404, { error: 'Record not found' });
    return;
  }
  const today = Math.floor(fake.now / DAY) * DAY;
  sendJson(res, 200, {
    name,
    url: `https://mastodon.example/tags/${name}`,
    history: fake.history.map((uses, index) => ({
      day: String((today - index * DAY) / 1000),
      accounts: String(Math.ceil(uses / 2)),
      uses: String(uses),
    })),
    following: false,
  });
}

beforeAll(async () => {
  server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'x'}`);
    const tagMatch = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (tagMatch) timeline(url, res);
    else if (url.pathname.startsWith('/api/v1/tags/')) tag(url.pathname.slice('/api/v1/tags/'.length), res);
    else if (url.pathname === '/api/v2/instance' && fake.instance !== undefined)
      sendJson(res, 200, fake.instance);
    else sendJson(res, 404, { error: 'Record not found' });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  fake.posts = [];
  fake.history = Array.from({ length: 7 }, () => 96);
  fake.timeline = undefined;
  fake.instance = undefined;
  server.requests.length = 0;
});

const NOW = Date.UTC(2022, 11, 28, 12, 0);

function config(extra: Partial<MastodonSourceConfig> = {}): MastodonSourceConfig {
  return { type: 'mastodon', server: server.url, tag: 'TwitterDown', ...extra };
}

function read(
  at: number,
  extra: Partial<MastodonSourceConfig> = {},
  memory?: SourceMemory,
): Promise<Reading> {
  fake.now = at;
  return mastodonSource.read(
    config(extra),
    createReadContext({ clock: clockAt(at), ...(memory ? { memory } : {}) }),
  );
}

function paths(): string[] {
  return server.requests.map((req) => req.url ?? '');
}

describe('mastodon: parsing the real payloads', () => {
  it('reads the real Status: id, time, plain text and link', () => {
    const posts = parseStatuses(
      JSON.parse(realFixture('mastodon/tootkit_public_timeline.excerpt.json').toString()),
    );
    expect(posts).toEqual([
      {
        id: '104009345963987537',
        at: Date.parse('2020-04-16T17:04:30.664Z'),
        text: expect.stringMatching(
          /^Kiddo heard this announcement .* like "yeah, thanks truck drivers" all sarc/,
        ) as unknown,
        link: 'https://mastodon.social/@interneteh/104009345963987537',
      },
    ]);
  });

  it('reads the documented tag history (strings; day is UTC midnight in seconds)', () => {
    const days = parseTagHistory(JSON.parse(realFixture('mastodon/tags_show.docs.json').toString()));
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual([1668556800_000, 0]);
    expect(days[3]).toEqual([1668297600_000, 1]);
  });

  it('reads the trending tags example once its // elisions are stripped', () => {
    const text = realFixture('mastodon/trends_tags.docs.jsonc')
      .toString()
      .split('\n')
      .filter((line) => !line.trim().startsWith('//'))
      .join('\n')
      .replace(/,(\s*[\]}])/g, '$1');
    const tags = JSON.parse(text) as unknown[];
    expect(tags.map((entry) => parseTagHistory(entry))).toEqual([
      [[1574726400_000, 13]],
      [[1574726400_000, 9]],
      [[1574726400_000, 15]],
    ]);
  });

  it('reads who may see hashtag feeds from the instance document', () => {
    const instance = {
      configuration: { timelines_access: { hashtag_feeds: { local: 'public', remote: 'authenticated' } } },
    };
    expect(parseHashtagAccess(instance)).toEqual({ local: 'public', remote: 'authenticated' });
    expect(parseHashtagAccess({ configuration: {} })).toBeUndefined();
  });

  it('orders ids as numbers, not as text', () => {
    expect(compareIds('99', '100')).toBeLessThan(0);
    expect(compareIds('110000000000000001', '110000000000000000')).toBeGreaterThan(0);
  });
});

describe('mastodon: a first poll (and every one-shot check)', () => {
  it('counts the last hours against the tag history: quiet is operational', async () => {
    // One post every 15 minutes for 6 hours, against 96 uses a day (one per 15 minutes).
    for (let at = NOW - 6 * 60 * MINUTE + 7 * MINUTE; at <= NOW; at += BUCKET) addPost(at);
    addPost(NOW - MINUTE, '<p>Timeline <b>won&#39;t</b> load &amp; <script>alert(1)</script>login fails</p>');
    const reading = await read(NOW);
    expect(reading).toMatchObject({ status: 'operational', reached: true, httpStatus: 200 });
    expect(reading.detail).toBe(
      'posts tagged #twitterdown at the usual level (2 against about 1 per 15 min)',
    );
    expect(reading.crowd).toMatchObject({ provider: 'mastodon', level: 'none', usual: 1, bucketMs: BUCKET });
    expect(reading.crowd?.series).toHaveLength(24);
    expect(reading.crowd?.series.at(-1)?.at).toBe(NOW - BUCKET);
    expect(reading.crowd?.samples?.[0]).toMatchObject({
      title: "Timeline won't load & login fails",
      at: NOW - MINUTE,
      link: expect.stringMatching(/^https:\/\/mastodon\.example\/@interneteh\/\d+$/) as unknown,
    });
    expect(reading.crowd?.samples).toHaveLength(3);
    expect(paths()).toEqual(
      expect.arrayContaining(['/api/v1/tags/twitterdown', '/api/v1/timelines/tag/twitterdown?limit=40']),
    );
  });

  it('stops after 5 pages in a storm and says how much it read', async () => {
    for (let index = 0; index < 500; index++) addPost(NOW - 60 * MINUTE + index * 7000);
    const reading = await read(NOW);
    expect(paths().filter((path) => path.includes('/timelines/'))).toHaveLength(5);
    expect(reading.detail).toMatch(/; only the newest 200 posts were read$/);
    expect(reading.crowd?.series.reduce((sum, bucket) => sum + bucket.count, 0)).toBeLessThanOrEqual(200);
  });

  it('asks for local posts only when told to', async () => {
    addPost(NOW - 5 * MINUTE);
    addPost(NOW - 4 * MINUTE, '<p>from elsewhere</p>', { remote: true });
    const reading = await read(NOW, { local: true });
    expect(paths()).toContain('/api/v1/timelines/tag/twitterdown?limit=40&local=true');
    expect(reading.crowd?.current).toBe(1);
  });

  it('keeps only http(s) links from posts', async () => {
    addPost(NOW - MINUTE, '<p>down?</p>', { url: 'javascript:alert(1)' });
    const reading = await read(NOW);
    expect(reading.crowd?.samples?.[0]?.link).toMatch(/^https:\/\/mastodon\.example\/users\//);
  });
});

describe('mastodon: the December 2022 Twitter outage, poll by poll', () => {
  it('stays quiet, then warns as posts rise, then calls a likely outage at the peak', async () => {
    const start = Date.UTC(2022, 11, 28, 0, 0);
    fake.history = [0, 48, 48, 48, 48, 48, 48];
    // Posts per 15 minutes: 0.5 until 03:00, then 5 rising to 40 by 07:00, then 300.
    const rate = (at: number): number => {
      const hours = (at - start) / (60 * MINUTE);
      if (hours < 3) return 0.5;
      if (hours < 7) return 5 + ((hours - 3) / 4) * 35;
      return 300;
    };
    for (let at = start - 6 * 60 * MINUTE; at < start + 8 * 60 * MINUTE;) {
      addPost(at);
      at += BUCKET / rate(at);
    }
    const memory = createMemory();
    const levels = new Map<string, Reading>();
    for (let at = start; at <= start + 8 * 60 * MINUTE; at += 5 * MINUTE) {
      const reading = await read(at, {}, memory);
      levels.set(new Date(at).toISOString().slice(11, 16), reading);
    }
    expect(levels.get('02:45')).toMatchObject({ status: 'operational' });
    expect(levels.get('02:45')?.detail).toMatch(/^posts tagged #twitterdown at the usual level/);
    const early = levels.get('05:00');
    expect(early).toMatchObject({ status: 'degraded', crowd: { level: 'possible' } });
    expect(early?.detail).toMatch(
      /^possible problem: posts tagged #twitterdown \d+× the usual level \(\d+ against about 1 per 15 min\)$/,
    );
    expect(early?.crowd?.since).toBeGreaterThanOrEqual(start + 3 * 60 * MINUTE);
    expect(early?.crowd?.since).toBeLessThan(start + 4.5 * 60 * MINUTE);
    const peak = levels.get('07:45');
    expect(peak).toMatchObject({ status: 'partial_outage', crowd: { level: 'likely', current: 300 } });
    expect(peak?.detail).toMatch(
      /^likely outage: posts tagged #twitterdown 300× the usual level \(300 against about 1 per 15 min\)$/,
    );
    // Later polls ask only for what is new, and nothing is counted twice.
    expect(paths().filter((path) => path.includes('since_id=')).length).toBeGreaterThan(90);
    const counted = peak?.crowd?.series.filter((bucket) => bucket.at >= start + 6 * 60 * MINUTE);
    const expected = fake.posts.filter(
      (post) => post.at >= (counted?.[0]?.at ?? 0) && post.at < start + 7.75 * 60 * MINUTE,
    ).length;
    expect(counted?.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(expected);
    // The history is asked for once an hour, not on every poll.
    expect(paths().filter((path) => path.startsWith('/api/v1/tags/')).length).toBe(9);
  });

  it('uses the tag history until its own counts span a day, then its own time-of-day level', async () => {
    // The server's history says 10 per 15 minutes; the timeline really carries 2.
    fake.history = Array.from({ length: 7 }, () => 960);
    for (let at = NOW - 6 * 60 * MINUTE; at < NOW + 27 * 60 * MINUTE; at += BUCKET / 2) addPost(at + 1000);
    const memory = createMemory();
    const first = await read(NOW, {}, memory);
    expect(first.crowd?.usual).toBe(10);
    let later = first;
    for (let at = NOW + 60 * MINUTE; at <= NOW + 26 * 60 * MINUTE; at += 60 * MINUTE)
      later = await read(at, {}, memory);
    expect(later.crowd?.usual).toBe(2);
    expect(later.status).toBe('operational');
  });

  it('says when more posts came in since the last poll than it reads', async () => {
    const memory = createMemory();
    addPost(NOW - 10 * MINUTE);
    await read(NOW, {}, memory);
    for (let index = 0; index < 300; index++) addPost(NOW + index * 1000);
    const reading = await read(NOW + 5 * MINUTE, {}, memory);
    expect(reading.detail).toMatch(
      /; more than 200 new posts since the last check, the oldest of them not read$/,
    );
    expect(reading.crowd?.current).toBe(201);
  });

  it('starts afresh when its memory holds something else', async () => {
    addPost(NOW - MINUTE);
    const memory = createMemory();
    memory.set({ key: 'other', minutes: 'nonsense' });
    const reading = await read(NOW, {}, memory);
    expect(reading.status).toBe('operational');
    expect(paths()).toContain('/api/v1/timelines/tag/twitterdown?limit=40');
  });
});

describe('mastodon: what the server may answer instead', () => {
  it.each<[string, unknown, boolean | undefined, RegExp]>([
    [
      'own posts public',
      {
        configuration: { timelines_access: { hashtag_feeds: { local: 'public', remote: 'authenticated' } } },
      },
      undefined,
      /^127\.0\.0\.1:\d+ requires login to read hashtag timelines; its own users' posts are public: set "local": true, or watch #twitterdown on another server$/,
    ],
    [
      'all for logged-in users',
      {
        configuration: {
          timelines_access: { hashtag_feeds: { local: 'authenticated', remote: 'authenticated' } },
        },
      },
      true,
      /requires login to read hashtag timelines; watch #twitterdown on another server$/,
    ],
    [
      'turned off',
      { configuration: { timelines_access: { hashtag_feeds: { local: 'disabled', remote: 'disabled' } } } },
      undefined,
      /; it has turned these timelines off: watch #twitterdown on another server$/,
    ],
    [
      'an older server',
      undefined,
      undefined,
      /; try "local": true \(only its own users' posts\), or #twitterdown on another server$/,
    ],
  ])(
    '401 (%s): unknown, saying the server requires login and what to try',
    async (_name, instance, local, detail) => {
      fake.timeline = (res) => sendJson(res, 401, { error: 'This method requires an authenticated user' });
      fake.instance = instance;
      const reading = await read(NOW, local === undefined ? {} : { local });
      expect(reading).toMatchObject({ status: 'unknown', httpStatus: 401, reached: true });
      expect(reading.detail).toMatch(detail);
    },
  );

  it('404 "Record not found" for a tag never seen: quiet and operational', async () => {
    fake.timeline = (res) => sendJson(res, 404, { error: 'Record not found' });
    fake.history = undefined;
    const reading = await read(NOW);
    expect(reading).toMatchObject({ status: 'operational', crowd: { level: 'none', current: 0 } });
    expect(reading.detail).toMatch(/^no posts tagged #twitterdown on 127\.0\.0\.1:\d+ yet$/);
  });

  it("a 404 page that is not Mastodon's answer means a wrong server, not a quiet tag", async () => {
    fake.timeline = (res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    const reading = await read(NOW);
    expect(reading).toMatchObject({ status: 'unknown', httpStatus: 404 });
    expect(reading.detail).toMatch(/^127\.0\.0\.1:\d+ answered HTTP 404$/);
  });

  it('an empty timeline for a tag the server does not know: also quiet', async () => {
    fake.history = undefined;
    const reading = await read(NOW);
    expect(reading.status).toBe('operational');
    expect(reading.detail).toMatch(/^no posts tagged #twitterdown on .* yet$/);
  });

  it('429 with Retry-After keeps the wait', async () => {
    fake.timeline = (res) => sendJson(res, 429, { error: 'Too many requests' }, { 'retry-after': '30' });
    const reading = await read(NOW);
    expect(reading).toMatchObject({ status: 'unknown', retryAfterMs: 30_000 });
    expect(reading.detail).toMatch(
      /^127\.0\.0\.1:\d+ is limiting our requests \(HTTP 429\); asked to wait 30 s$/,
    );
  });

  it('429 with only X-RateLimit-Reset (what Mastodon sends) keeps the wait too', async () => {
    const reset = new Date(NOW + 90_000).toISOString();
    fake.timeline = (res) =>
      sendJson(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-reset': reset });
    expect((await read(NOW)).retryAfterMs).toBe(90_000);
  });

  it.each<[string, (res: ServerResponse) => void, RegExp]>([
    [
      'an HTML page',
      (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html>Log in</html>'),
      /^expected JSON but got an HTML page \(HTTP 200, text\/html\)$/,
    ],
    [
      'an empty body',
      (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(''),
      /^empty response body \(HTTP 200\)$/,
    ],
    [
      'a truncated body',
      (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":"1","created_at":"20'),
      /^the response is not valid JSON, perhaps truncated/,
    ],
    [
      'an error object',
      (res) => sendJson(res, 200, { error: 'Something broke' }),
      /^the server answered an error: Something broke$/,
    ],
    [
      'something else',
      (res) => sendJson(res, 200, { hello: 'world' }),
      /^not a Mastodon timeline: expected a list of posts$/,
    ],
    [
      'a server error',
      (res) => sendJson(res, 503, { error: 'Service Unavailable' }),
      /^127\.0\.0\.1:\d+ answered HTTP 503: Service Unavailable$/,
    ],
  ])('%s: unknown with the reason', async (_name, answer, detail) => {
    fake.timeline = answer;
    const reading = await read(NOW);
    expect(reading.status).toBe('unknown');
    expect(reading.detail).toMatch(detail);
  });

  it('an unreachable server: unknown, not reached', async () => {
    const reading = await mastodonSource.read(
      { type: 'mastodon', server: 'http://127.0.0.1:1', tag: 'twitterdown' },
      createReadContext({ clock: clockAt(NOW) }),
    );
    expect(reading).toMatchObject({ status: 'unknown', reached: false });
  });
});

describe('mastodon: config', () => {
  it.each<[Record<string, unknown>, string, RegExp]>([
    [{ tag: '#twitterdown' }, 'tag', /without "#"/],
    [{ tag: 'twitter down' }, 'tag', /letters, digits and _/],
    [{ server: 'mastodon.social' }, 'server', /expected an http\(s\) URL/],
    [{ local: 'yes' }, 'local', /expected true or false/],
    [{ spike: { likelyRatio: 2 } }, 'spike.likelyRatio', /at least possibleRatio/],
  ])('%j is refused at %s', (change, path, message) => {
    const result = mastodonSource.schema.safeParse({
      type: 'mastodon',
      server: 'https://mastodon.social',
      tag: 'x',
      ...change,
    });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toMatch(message);
  });

  it('labels and defaults', () => {
    const parsed = mastodonSource.schema.parse({
      type: 'mastodon',
      server: 'https://mastodon.social',
      tag: 'TwitterDown',
    });
    expect(mastodonSource.defaultLabel(parsed)).toBe('#twitterdown on mastodon.social');
    expect(mastodonSource.defaults.intervalSeconds).toBe(120);
    expect(mastodonSource.family).toBe('crowd');
  });
});
