import type { z } from 'zod';

/** One thing wrong with a config, at a field path a person can find: `services[2].sources[0].url`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(top level)' : text;
}

export function issueText(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}`;
}

/**
 * Zod's issues in our words. Our schemas carry their own messages; what remains are zod's
 * generic ones, rewritten here: a missing field says "required", an unknown field is named.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PathSegment[],
  input: unknown,
): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = [
      ...prefix,
      ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    ];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: 'unknown field (check the spelling; see the README for the fields this type accepts)',
      }));
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      return [{ path: formatPath(path), message: `required (${readableExpectation(issue)})` }];
    }
    return [{ path: formatPath(path), message: issue.message }];
  });
}

function readableExpectation(issue: z.core.$ZodIssueInvalidType): string {
  // Our own messages already read well ("expected an http(s) URL"); zod's read "Invalid input: ...".
  return issue.message.startsWith('Invalid input') ? `expected ${issue.expected}` : issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
