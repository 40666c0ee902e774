import type { DetectResult } from '../../main/monitor/detect.js';
import { idFromName } from './service-draft.js';

/**
 * A service proposed from "add by URL": the best status format found, with a probe of the page
 * itself, named after its host ("status.example.com" → "example.com"). The person edits it
 * before it is added. Pure: tested in Node.
 */
export function proposeService(result: DetectResult): { id: string; name: string; sources: unknown[] } {
  const host = hostOf(result.input);
  const name = host.replace(/^(?:www|status|statuspage)\./, '');
  const [best] = result.matches;
  return {
    id: idFromName(name.replace(/\.[a-z]+$/, '')) || idFromName(name),
    name,
    sources: [...(best ? [best.config] : []), ...(result.probe ? [result.probe] : [])],
  };
}

function hostOf(input: string): string {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`).hostname;
  } catch {
    return input;
  }
}
