import { issueText } from '../monitor/config/issues.js';
import { parseJsonText } from '../monitor/config/load.js';
import { parseConfig } from '../monitor/config/parse.js';
import type { CatalogServiceConfig } from '../catalog/service.js';

export type Appended =
  { ok: true; text: string; created: boolean; services: number } | { ok: false; message: string };

/**
 * A config file's text with one more service at the end of `services`, or why not. The file must
 * be a valid config already (a broken one is not made worse), the id must be new, and the rest of
 * the document is kept as it was, re-indented to 2 spaces. `text` undefined means the file does
 * not exist yet: the result is a new config holding only this service.
 */
export function appendService(
  text: string | undefined,
  service: CatalogServiceConfig,
  where: string,
): Appended {
  if (text === undefined) {
    const document = { version: 1, services: [service] };
    return checked(document, where, { created: true, services: 1 });
  }
  const json = parseJsonText(text, where);
  if (!json.ok) return refused(where, [issueText(json.issue)]);
  const current = parseConfig(json.value);
  if (!current.ok) return refused(where, current.issues.map(issueText));
  const taken = current.config.services.findIndex((existing) => existing.id === service.id);
  if (taken >= 0)
    return {
      ok: false,
      message: `${where} already has a service with the id "${service.id}" (services[${taken}]); nothing was added`,
    };
  // parseConfig accepted it, so it is an object whose `services` is a list.
  const document = json.value as { services: unknown[] };
  const next = { ...document, services: [...document.services, service] };
  return checked(next, where, { created: false, services: next.services.length });
}

/** The engine validates the result too: a catalog entry that fails here is a bug, never written. */
function checked(document: unknown, where: string, facts: { created: boolean; services: number }): Appended {
  const result = parseConfig(document);
  if (!result.ok)
    return {
      ok: false,
      message: `the result would not be a valid config, so ${where} was left alone:\n${result.issues
        .map((issue) => `  ${issueText(issue)}`)
        .join('\n')}`,
    };
  return { ok: true, text: `${JSON.stringify(document, null, 2)}\n`, ...facts };
}

function refused(where: string, problems: readonly string[]): Appended {
  return {
    ok: false,
    message: `${where} is not a valid Downwatch config, so nothing was added:\n${problems
      .map((problem) => `  ${problem}`)
      .join('\n')}`,
  };
}
