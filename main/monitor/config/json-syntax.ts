/**
 * Where a JSON text goes wrong, as a line and column. V8's JSON.parse messages sometimes carry a
 * position and sometimes only a snippet of the text, so a config error could not always point
 * at the line to fix. This walks the text once, by the grammar of RFC 8259, and stops at the
 * first thing that does not fit.
 */
export interface JsonSyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Thrown inside the walk to unwind to the top with where it stopped. */
class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Deeper than any config or settings file nests; past it the walk stops rather than recurse
 * until the stack overflows (10,000 unclosed "[" did, and the RangeError escaped).
 */
export const MAX_JSON_DEPTH = 512;

export function locateJsonError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  let depth = 0;
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const describe = (): string => (i >= text.length ? 'the end of the text' : JSON.stringify(text[i]));
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const char = text.charCodeAt(i);
      if (char < 0x20) fail('a line break or control character inside a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('a \\u escape needs four hex digits');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail(`an unknown escape \\${text[i] ?? ''}`);
      }
      i++;
    }
    if (i >= text.length) fail('a string that never ends');
    i++;
  };
  const number = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${describe()}`);
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if ((char === '{' || char === '[') && depth >= MAX_JSON_DEPTH)
      fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    if (char === '{') nested(object);
    else if (char === '[') nested(array);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number();
    else fail(`expected a value but found ${describe()}`);
  };
  const nested = (walk: () => void): void => {
    depth++;
    walk();
    depth--;
  };
  const object = (): void => {
    i++;
    space();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail(`expected a "quoted" field name but found ${describe()}`);
      string();
      space();
      if (text[i] !== ':') fail(`expected ":" but found ${describe()}`);
      i++;
      value();
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === '}') fail('a comma before "}" (JSON allows no trailing comma)');
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`expected "," or "}" but found ${describe()}`);
    }
  };
  const array = (): void => {
    i++;
    space();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === ']') fail('a comma before "]" (JSON allows no trailing comma)');
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`expected "," or "]" but found ${describe()}`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - before.lastIndexOf('\n');
    return { line, column, message: error.message };
  }
}
