import { describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../../main/monitor/alerts/coalesce.js';
import {
  BODY_MAX,
  forLinuxMarkup,
  forNotifySendBody,
  notificationBody,
  notificationTitle,
  plainText,
  TITLE_MAX,
  toNotifierOptions,
  truncate,
} from '../../../main/monitor/alerts/notification-text.js';

describe('plain, one-line text from untrusted feeds', () => {
  it.each<[string, string, string]>([
    ['plain text stays', 'Elevated error rates', 'Elevated error rates'],
    ['newlines and tabs collapse to one space', 'Line one\r\n\n\tLine two', 'Line one Line two'],
    ['leading and trailing space goes', '  \n padded \t ', 'padded'],
    ['control characters become a space', 'a\u0000b\u0007c\u0085d\u007fe', 'a b c d e'],
    ['Unicode line and paragraph separators too', 'a\u2028b\u2029c', 'a b c'],
    ['bidi overrides are removed (Trojan Source)', 'GitHub \u202edevocer\u202c ok', 'GitHub devocer ok'],
    ['isolates and marks are removed', '\u2066x\u2069\u200ey\u200f\ufeff', 'xy'],
    ['a lone surrogate becomes the replacement character', 'bad \ud800 half', 'bad \ufffd half'],
    ['markup is text here; escaping is a later, per-platform step', '<b>&amp;</b>', '<b>&amp;</b>'],
    ['emoji and accents stay', 'Café ☕ 👩🏽‍💻', 'Café ☕ 👩🏽‍💻'],
  ])('%s', (_name, input, expected) => {
    expect(plainText(input, 200)).toBe(expected);
  });

  it.each<[string, string, number, string]>([
    ['fits: unchanged', 'abcdef', 6, 'abcdef'],
    ['too long: cut with an ellipsis within the limit', 'abcdefgh', 6, 'abcde…'],
    ['a space before the cut is dropped', 'abcd efgh', 6, 'abcd…'],
    ['an emoji is never split', 'ab👩🏽‍💻cd', 4, 'ab…'],
    ['a surrogate pair is never split', 'a😀😀', 4, 'a😀…'],
    ['a combining accent stays with its letter', 'abe\u0301cd', 4, 'ab…'],
    ['a limit of 0 gives nothing', 'abc', 0, ''],
  ])('truncate: %s', (_name, input, max, expected) => {
    const cut = truncate(input, max);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(max);
  });

  it('titles and bodies have their limits', () => {
    const long = 'word '.repeat(100);
    expect(notificationTitle(long).length).toBeLessThanOrEqual(TITLE_MAX);
    expect(notificationBody(long).length).toBeLessThanOrEqual(BODY_MAX);
    expect(notificationBody(long).endsWith('…')).toBe(true);
    expect(TITLE_MAX).toBe(64);
    expect(BODY_MAX).toBe(200);
  });
});

describe('escaping for Linux notification markup', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['A & B', 'A &amp; B'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
    ['<a href="https://evil">x</a>', '&lt;a href="https://evil"&gt;x&lt;/a&gt;'],
    ['quotes " \' stay', 'quotes " \' stay'],
  ])('%s', (input, expected) => {
    expect(forLinuxMarkup(input)).toBe(expected);
  });
});

describe("notify-send's body escapes", () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['C:\\new', 'C:\\\\new'],
    ['\\\\', '\\\\\\\\'],
  ])('%s', (input, expected) => {
    expect(forNotifySendBody(input)).toBe(expected);
  });
});

describe('options for node-notifier', () => {
  const notification: AlertNotification = {
    title: 'GitHub: <major> & down \\o/',
    body: 'Incident <i>title</i> & more \\o/',
    serviceIds: ['github'],
    urgency: 'critical',
  };

  it.each<[NodeJS.Platform, object]>([
    [
      'linux',
      {
        title: 'GitHub: &lt;major&gt; &amp; down \\o/',
        message: 'Incident &lt;i&gt;title&lt;/i&gt; &amp; more \\\\o/',
        wait: false,
        urgency: 'critical',
        'app-name': 'Downwatch',
      },
    ],
    [
      'freebsd',
      {
        title: 'GitHub: &lt;major&gt; &amp; down \\o/',
        message: 'Incident &lt;i&gt;title&lt;/i&gt; &amp; more \\\\o/',
        wait: false,
        urgency: 'critical',
        'app-name': 'Downwatch',
      },
    ],
    [
      'darwin',
      { title: 'GitHub: <major> & down \\o/', message: 'Incident <i>title</i> & more \\o/', wait: false },
    ],
    [
      'win32',
      { title: 'GitHub: <major> & down \\o/', message: 'Incident <i>title</i> & more \\o/', wait: false },
    ],
  ])('on %s', (platform, expected) => {
    expect(toNotifierOptions(notification, platform)).toEqual(expected);
  });

  it('never passes an empty message, which node-notifier refuses', () => {
    expect(toNotifierOptions({ ...notification, body: '' }, 'darwin').message).toBe(notification.title);
  });
});
