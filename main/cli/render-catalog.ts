import type { CatalogEntry } from '../catalog/schema.js';
import type { Painter } from './style.js';

/**
 * Catalog entries as a table a person can scan and copy an id from: id first, since
 * `downwatch add ID` takes it.
 */
export function renderCatalogTable(entries: readonly CatalogEntry[], paint: Painter): string {
  const rows = entries.map((entry) => [entry.id, entry.name, entry.category, sourceColumn(entry)]);
  const header = ['ID', 'NAME', 'CATEGORY', 'STATUS SOURCE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return `${[paint.bold(line(header)), ...rows.map(line)].join('\n')}\n`;
}

function sourceColumn(entry: CatalogEntry): string {
  return entry.statusSource.type === 'none' ? 'none (probe only)' : entry.statusSource.type;
}
