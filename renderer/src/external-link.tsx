import type { ComponentChildren } from 'preact';
import { api } from './api.js';

/**
 * A link to a page outside the app (an official status page, an incident): opened in the browser
 * through main, which accepts http(s) only. A button, not an <a href>: the window never navigates.
 */
export function ExternalLink({ url, children }: { url: string; children: ComponentChildren }) {
  return (
    <button
      type="button"
      class="link-button"
      title={url}
      onClick={() => {
        void api.shellOpenExternal(url).catch(() => undefined);
      }}
    >
      {children}
      <span class="visually-hidden"> (opens in your browser)</span>
      <span aria-hidden="true"> ↗</span>
    </button>
  );
}
