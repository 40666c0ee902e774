import type { WebPreferences } from 'electron';

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), as
 * plain decisions the adapters apply and the tests prove: isolation and sandboxing, a strict
 * Content-Security-Policy, no navigation or new windows, external links only over http(s), no
 * permissions, and IPC accepted only from the app's own window.
 */

/**
 * The renderer loads only its own bundled files; no inline script, no eval, no remote content.
 * Styles allow inline attributes because charting libraries set element sizes through `style`.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The preferences of every window: the renderer gets no Node and no direct access to main. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Only http(s) links leave the app, and only to the browser (no file:, javascript:, smb:...). */
export function isSafeExternalUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * A sender is trusted when its frame is the app's own page (the top frame, at the renderer's
 * URL): an injected iframe or a page the window navigated to must not reach main.
 */
export function isTrustedSender(
  sender: { readonly url: string; readonly isTopFrame: boolean },
  appUrl: string,
): boolean {
  if (!sender.isTopFrame) return false;
  try {
    const from = new URL(sender.url);
    const app = new URL(appUrl);
    // file: URLs have no origin to compare, so compare the path; dev servers compare origins.
    return app.protocol === 'file:'
      ? from.protocol === 'file:' && from.pathname === app.pathname
      : from.origin === app.origin;
  } catch {
    return false;
  }
}

/** The window never navigates: the UI is one page, and a link opens in the browser instead. */
export function allowNavigation(_targetUrl: string): false {
  return false;
}

/** Notifications are ours (main's); the renderer needs no camera, location or anything else. */
export function allowPermission(_permission: string): false {
  return false;
}
