import type { EventKind, ServiceEvent } from './events.js';
import { statusLabel, type Status } from './status.js';

/** Words for an event, shared by the CLI's lines and every notification. */
export function eventHeadline(event: ServiceEvent): string {
  return changeHeadline(event.serviceName, event.kind, event.to);
}

/** "GitHub: major outage", "GitHub got worse: major outage", "GitHub improved: degraded", "GitHub recovered". */
export function changeHeadline(name: string, kind: EventKind, to: Status): string {
  const label = statusLabel(to).toLowerCase();
  switch (kind) {
    case 'down':
      return `${name}: ${label}`;
    case 'worsened':
      return `${name} got worse: ${label}`;
    case 'improved':
      return `${name} improved: ${label}`;
    case 'recovered':
      return `${name} recovered`;
  }
}

/** The summary without its leading status label, which the headline already says. */
export function eventBody(event: ServiceEvent): string {
  return withoutStatusLabel(event.summary, event.to);
}

/** "Major outage: probe … failed" → "probe … failed", where the status is already shown beside it. */
export function withoutStatusLabel(summary: string, status: Status): string {
  const label = statusLabel(status);
  return summary.startsWith(`${label}: `) ? summary.slice(label.length + 2) : summary;
}
