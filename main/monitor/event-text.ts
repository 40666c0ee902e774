import type { ServiceEvent } from './events.js';
import { statusLabel } from './status.js';

/** Words for an event, shared by the CLI's lines and every notification. */
export function eventHeadline(event: ServiceEvent): string {
  switch (event.kind) {
    case 'down':
      return `${event.serviceName}: ${statusLabel(event.to).toLowerCase()}`;
    case 'worsened':
      return `${event.serviceName} got worse: ${statusLabel(event.to).toLowerCase()}`;
    case 'improved':
      return `${event.serviceName} improved: ${statusLabel(event.to).toLowerCase()}`;
    case 'recovered':
      return `${event.serviceName} recovered`;
  }
}

/** The summary without its leading status label, which the headline already says. */
export function eventBody(event: ServiceEvent): string {
  const label = statusLabel(event.to);
  return event.summary.startsWith(`${label}: `) ? event.summary.slice(label.length + 2) : event.summary;
}
