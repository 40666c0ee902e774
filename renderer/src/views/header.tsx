import type { ComponentChildren } from 'preact';
import { navigate } from '../store.js';

/** A view's top bar: a way back (except on the overview), the title, and the view's actions. */
export function Header({
  title,
  back,
  children,
}: {
  title: string;
  back?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <header class="bar">
      {back ? (
        <button
          type="button"
          class="icon-button"
          aria-label="Back to all services"
          onClick={() => navigate({ view: 'overview' })}
        >
          <span aria-hidden="true">‹</span>
        </button>
      ) : null}
      <h1 class="bar-title">{title}</h1>
      <div class="bar-actions">{children}</div>
    </header>
  );
}
