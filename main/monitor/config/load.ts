import { readFile } from 'node:fs/promises';
import type { ConfigIssue } from './issues.js';
import { locateJsonError } from './json-syntax.js';
import { parseConfig, type ConfigResult } from './parse.js';

/**
 * A config file from disk: read, parsed as JSON with a line and column for syntax errors, then
 * validated. Every failure is an issue a person can act on; nothing throws.
 */
export async function loadConfigFile(path: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, issues: [{ path, message: readErrorText(error) }] };
  }
  const json = parseJsonText(text, path);
  if (!json.ok) return { ok: false, issues: [json.issue] };
  return parseConfig(json.value);
}

/** Why a file could not be read, in a person's words. */
export function readErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'file not found'
    : code === 'EACCES'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'is a directory'
        : String(error);
}

export function parseJsonText(
  text: string,
  where: string,
): { ok: true; value: unknown } | { ok: false; issue: ConfigIssue } {
  // Editors on Windows like to save a BOM; JSON.parse does not.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, issue: { path: where, message: 'the file is empty' } };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return {
      ok: false,
      issue: { path: where, message: `not valid JSON: ${describeSyntaxError(error, body)}` },
    };
  }
}

function describeSyntaxError(error: unknown, text: string): string {
  const problem = locateJsonError(text);
  if (problem) return `${problem.message} at line ${problem.line} column ${problem.column}`;
  return error instanceof Error ? error.message : String(error);
}
