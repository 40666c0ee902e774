import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, markdownToText } from '../../../main/monitor/sources/plain-text.js';

describe('decodeEntities', () => {
  it.each<[string, string]>([
    ['&lt;p&gt;A &amp; B&lt;/p&gt;', '<p>A & B</p>'],
    ['&quot;x&quot; &apos;y&apos; &#39;z&#x27; &#X27;', `"x" 'y' 'z' '`],
    // Names in any case; &nbsp; is read as a plain space.
    ['&LT;&Amp;&NBSP;&hellip;&mdash;&rsquo;', '<& …—’'],
    ['&#65;&#x42;&#x1F4A5;', 'AB💥'],
    // Once only: an escaped reference stays a reference.
    ['&amp;lt;b&amp;gt; &amp;amp;', '&lt;b&gt; &amp;'],
  ])('%s', (text, decoded) => {
    expect(decodeEntities(text)).toBe(decoded);
  });

  it.each([
    'no references at all',
    '& alone, &; and &#; and &#x;',
    '&amp without its semicolon',
    '&bogus; &lol9; &x1;',
    '&#0; &#x110000; &#99999999999999999999;',
    '&#12x; &#xG;',
  ])('leaves what it does not know as written: %s', (text) => {
    expect(decodeEntities(text)).toBe(text.replace('&amp;', '&'));
  });

  it("a payload's own names never find Object.prototype", () => {
    expect(decodeEntities('&constructor; &toString; &__proto__; &hasOwnProperty;')).toBe(
      '&constructor; &toString; &__proto__; &hasOwnProperty;',
    );
  });
});

describe('htmlToText', () => {
  it('block ends become line breaks, tags and scripts go, entities are decoded once', () => {
    expect(
      htmlToText(
        '<p>Investigating &amp;amp; fixing</p><script>alert(1)</script><ul><li class="a">one</li><li>two</li></ul>A<br/>B',
      ),
    ).toBe('Investigating &amp; fixing\n• one\n• two\nA\nB');
  });

  it('collapses runs of blanks, blanks around line breaks and more than one empty line', () => {
    expect(htmlToText('a  b\t\tc\u00a0d \u00a0 e\f\vf')).toBe('a b c d e f');
    expect(htmlToText('a \n  b\n c  \n\n\n\n d')).toBe('a\nb\nc\n\nd');
    expect(htmlToText('  one word  ')).toBe('one word');
  });
});

describe('hostile markup: every conversion is linear in the text', () => {
  // 200,000 characters of each: the patterns these replaced backtracked from every "<" or "["
  // to the end of the text, about 10 minutes for one such body (and a feed holds 200 of them);
  // now each takes milliseconds, and a return in the test's timeout is the proof.
  const size = 200_000;
  const repeat = (unit: string): string => unit.repeat(Math.ceil(size / unit.length));

  it.each([
    ['tags never closed', repeat('<a')],
    ['list items never closed', repeat('<li')],
  ])('HTML: %s are text, not tags', (_name, html) => {
    expect(htmlToText(html)).toBe(html);
  });

  it('HTML: script tags never closed are tags, and go', () => {
    expect(htmlToText(repeat('<script>'))).toBe('');
  });

  it('HTML: a tag ends at the next "<" or ">": only the last "<a>" of a long run is one', () => {
    const run = repeat('<a');
    expect(htmlToText(`${run}>text`)).toBe(`${run.slice(0, -2)}text`);
  });

  it.each([
    ['brackets never closed', repeat('[')],
    ['a link address never closed', `[a](${repeat('a')}`],
    ['bold never closed', repeat('**a ')],
    ['a long run of blanks', `x${repeat(' ')}x`],
    ['a long run of empty lines', `${repeat('\n')}x`],
  ])('Markdown: %s', (_name, text) => {
    expect(markdownToText(text).length).toBeLessThanOrEqual(text.length);
  });

  it('Markdown: still converts what it did', () => {
    expect(
      markdownToText('## Update  \n\n\n\n- see [the docs](https://e.com/x "Docs") and **this**\n* `code`'),
    ).toBe('Update\n\n• see the docs (https://e.com/x) and this\n• code');
  });

  it('HTML: a script that is closed goes, one that is not stays as text', () => {
    expect(htmlToText('a<style>p{}</style>b<script>never closed')).toBe('abnever closed');
  });
});
