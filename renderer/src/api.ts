import type { ConfigIssue } from '../../main/monitor/config/issues.js';
import type { DownwatchApi } from '../../main/shared/ipc.js';
import type { SettingsEdit } from '../../main/shared/settings-view.js';

/**
 * The one way out of the page: the preload's `window.downwatch` (main/preload/index.cts), typed
 * by the IPC contract. Nothing else of Electron or Node is reachable from here.
 */
declare global {
  interface Window {
    readonly downwatch: DownwatchApi;
  }
}

export const api: DownwatchApi = window.downwatch;

/** A refused request's message, for the person: main words its errors for them. */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Electron prefixes rejected invokes: "Error invoking remote method 'x': Error: <ours>".
  return message.replace(/^Error invoking remote method '[^']+': (?:Error: )?/, '');
}

/**
 * Makes one settings change; resolves to what went wrong, in words, or undefined once it is made.
 * Each problem names its field, unless it is about the settings as a whole.
 */
export async function editSettings(change: SettingsEdit): Promise<string | undefined> {
  try {
    const result = await api.settingsEdit(change);
    return result.ok ? undefined : issuesText(result.issues);
  } catch (error) {
    return errorText(error);
  }
}

function issuesText(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => (issue.path === '(top level)' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
}
