import type { SourceSnapshot } from '../../../main/shared/snapshot.js';
import { statusLabel } from '../../../main/monitor/status.js';
import { ago } from '../format.js';
import { StatusBadge } from '../status-glyph.js';
import { now } from '../store.js';

/**
 * What every source card starts with: its label and status, what it last said, when, and a
 * change still being confirmed ("confirming: 1 of 3") or the last good word while unreadable.
 */
export function SourceHead({ source }: { source: SourceSnapshot }) {
  const at = now.value;
  return (
    <div class="source-head">
      <div class="source-title">
        <h4>{source.label}</h4>
        <StatusBadge status={source.status} />
      </div>
      <p class="source-detail">{source.detail}</p>
      <p class="muted small">
        {source.checkedAt === undefined ? 'Not checked yet' : `Checked ${ago(source.checkedAt, at)}`}
        {source.latencyMs !== undefined ? ` · ${Math.round(source.latencyMs)} ms` : ''}
      </p>
      {source.pending ? (
        <p class="pending small">
          Seen {statusLabel(source.pending.status).toLowerCase()}, confirming: {source.pending.count} of{' '}
          {source.pending.needed} ({source.pending.detail})
        </p>
      ) : null}
      {source.lastGood ? (
        <p class="muted small">
          Last read {ago(source.lastGood.checkedAt, at)}: {statusLabel(source.lastGood.status)},{' '}
          {source.lastGood.detail}
        </p>
      ) : null}
    </div>
  );
}
