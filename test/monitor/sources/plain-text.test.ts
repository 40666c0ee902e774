import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '../../../main/monitor/sources/plain-text.js';

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
