import { describe, expect, it } from 'vitest';
import { locateJsonError, MAX_JSON_DEPTH } from '../../../main/monitor/config/json-syntax.js';

describe('locating a JSON syntax error', () => {
  it.each<[string, string, string | undefined]>([
    ['valid', '{"a": [1, 2.5e3, "x\\n", true, null]}', undefined],
    ['a stray comma', '{\n  "version": 1,\n  "services": [,]\n}', '3:16 expected a value but found ","'],
    ['a trailing comma', '{"a": 1,}', '1:9 a comma before "}" (JSON allows no trailing comma)'],
    ['an unquoted field', '{ version: 1 }', '1:3 expected a "quoted" field name but found "v"'],
    ['single quotes', "{'a': 1}", `1:2 expected a "quoted" field name but found "'"`],
    ['a missing comma', '[1 2]', '1:4 expected "," or "]" but found "2"'],
    ['an unterminated string', '{"a": "b', '1:9 a string that never ends'],
    ['truncated', '{"a": [1,', '1:10 expected a value but found the end of the text'],
    ['a comment', '{"a": 1 // no\n}', '1:9 expected "," or "}" but found "/"'],
    ['trailing garbage', '{} x', '1:4 unexpected "x" after the end of the document'],
  ])('%s', (_name, text, expected) => {
    const problem = locateJsonError(text);
    expect(problem ? `${problem.line}:${problem.column} ${problem.message}` : undefined).toBe(expected);
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of [
      '{}',
      '[]',
      '"x"',
      '0',
      '-0.5',
      '{"a":{"b":[{}]}}',
      '01',
      '1.',
      '.5',
      '"\\x"',
      'nul',
      '[1,]',
    ]) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(locateJsonError(text) === undefined, text).toBe(valid);
    }
  });

  it('stops at a nesting deeper than any config instead of overflowing the stack', () => {
    // 10,000 unclosed "[" used to throw a RangeError out of the walk (and out of loading).
    expect(locateJsonError('['.repeat(10_000))).toEqual({
      line: 1,
      column: MAX_JSON_DEPTH + 1,
      message: `nested more than ${MAX_JSON_DEPTH} levels deep`,
    });
    expect(locateJsonError(`${'['.repeat(MAX_JSON_DEPTH)}1${']'.repeat(MAX_JSON_DEPTH)}`)).toBeUndefined();
  });
});
