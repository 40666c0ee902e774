import type { DownwatchApi } from '../../main/shared/ipc.js';

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
