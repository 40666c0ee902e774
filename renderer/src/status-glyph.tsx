import type { Status } from '../../main/monitor/status.js';
import { statusLabel } from '../../main/monitor/status.js';

/**
 * A status as shape and colour together, drawn like the tray icons (assets/icons/tray-*.svg):
 * a tick, a falling line, a triangle with "!" (hollow for a partial outage, solid for a major
 * one), a wrench, a question mark. The shape alone tells the status, for colour-blind eyes and
 * greyscale; the word is always beside it.
 */
export function StatusGlyph({ status, size = 16 }: { status: Status; size?: number }) {
  return (
    <svg
      class={`glyph status-${status}`}
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      {status === 'partial_outage' || status === 'major_outage' ? (
        <>
          <path d="M16 3.5L29.5 28H2.5Z" class="glyph-fill" stroke-width="3" stroke-linejoin="round" />
          <path d="M16 11.5v7.5" class="glyph-mark" stroke-width="3.5" stroke-linecap="round" />
          <circle cx="16" cy="24" r="2.1" class="glyph-dot" />
        </>
      ) : (
        <>
          <circle cx="16" cy="16" r="14" class="glyph-fill" />
          <GlyphMark status={status} />
        </>
      )}
    </svg>
  );
}

function GlyphMark({ status }: { status: Status }) {
  switch (status) {
    case 'operational':
      return (
        <path
          d="M9 16.5l4.5 4.5 9.5-10"
          class="glyph-mark"
          stroke-width="3.5"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
      );
    case 'degraded':
      return (
        <>
          <path
            d="M7.5 11.5l6.5 6.5 3.5-3.5 5 5"
            class="glyph-mark"
            stroke-width="3.4"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
          <path d="M24 13.5v8h-8z" class="glyph-dot" />
        </>
      );
    case 'maintenance':
      return (
        <>
          <path d="M10 22l8-8" class="glyph-mark" stroke-width="4" stroke-linecap="round" />
          <circle cx="19.5" cy="12.5" r="5.5" class="glyph-dot" />
          <circle cx="22.6" cy="9.4" r="2.9" class="glyph-fill" />
        </>
      );
    case 'unknown':
      return (
        <>
          <path
            d="M11.8 12.5a4.2 4.2 0 1 1 5.9 3.8c-1.1.5-1.7 1.3-1.7 2.5v.7"
            class="glyph-mark"
            stroke-width="3.2"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
          <circle cx="16" cy="24" r="2" class="glyph-dot" />
        </>
      );
    case 'partial_outage':
    case 'major_outage':
      return null;
  }
}

/** Glyph and word: how a status is shown everywhere in the window. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`badge status-${status}`}>
      <StatusGlyph status={status} />
      <span class="badge-word">{statusLabel(status)}</span>
    </span>
  );
}
