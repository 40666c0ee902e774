import type { ServiceSnapshot, Snapshot } from '../shared/snapshot.js';
import { byAttentionDescending, statusLabel } from '../monitor/status.js';
import { withoutStatusLabel } from '../monitor/event-text.js';
import { glyph, type Painter } from './style.js';

/**
 * The readable `check` output: worst first, one line per service, the reasons under anything
 * that is not operational (the "why" is the point), every source with --verbose.
 */
export function renderTable(
  snapshot: Snapshot,
  paint: Painter,
  options: { columns: number; verbose: boolean },
): string {
  const services = [...snapshot.services].sort(
    (a, b) => byAttentionDescending(a.status, b.status) || a.name.localeCompare(b.name),
  );
  const lines: string[] = [];
  const connectivity = snapshot.connectivity;
  const connectivityLine = `Connectivity: ${connectivity.status} (${connectivity.detail})`;
  lines.push(
    connectivity.status === 'offline'
      ? paint.status('major_outage', connectivityLine)
      : paint.dim(connectivityLine),
  );
  if (services.length === 0) {
    lines.push('No services configured.');
    return `${lines.join('\n')}\n`;
  }
  const statusWidth = Math.max(...services.map((service) => statusLabel(service.status).length)) + 2;
  const nameWidth = Math.max(...services.map((service) => service.name.length));
  for (const service of services) {
    const status = `${glyph(service.status)} ${statusLabel(service.status)}`.padEnd(statusWidth);
    const name = service.name.padEnd(nameWidth);
    const room = Math.max(20, options.columns - statusWidth - nameWidth - 4);
    lines.push(
      `${paint.status(service.status, status)}  ${paint.bold(name)}  ${fit(summaryText(service), room)}`,
    );
    const details = options.verbose || (service.status !== 'operational' && service.status !== 'maintenance');
    if (details) {
      const indent = ' '.repeat(statusWidth + 2);
      const items = options.verbose ? sourceLines(service, snapshot.checkedAt) : service.reasons;
      for (const item of items)
        lines.push(paint.dim(`${indent}- ${fit(item, options.columns - indent.length - 2)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The summary without its leading status word, which the status column already shows. */
function summaryText(service: ServiceSnapshot): string {
  return withoutStatusLabel(service.summary, service.status);
}

function sourceLines(service: ServiceSnapshot, now: number): string[] {
  return service.sources.map((source) => {
    const latency = source.latencyMs !== undefined ? `, ${source.latencyMs} ms` : '';
    const lastGood = source.lastGood
      ? ` (last good ${formatAge(now - source.lastGood.checkedAt)} ago: ${statusLabel(source.lastGood.status).toLowerCase()})`
      : '';
    return `${source.family} "${source.label}" (${source.type}): ${statusLabel(source.status).toLowerCase()}: ${source.detail}${latency}${lastGood}`;
  });
}

function fit(text: string, width: number): string {
  if (width <= 1 || text.length <= width) return text;
  return `${text.slice(0, width - 1)}…`;
}

/** "45 s", "12 min", "3 h", "2 d". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 36 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}
