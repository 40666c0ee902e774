import type { OfficialComponent, OfficialDetails, OfficialIncident, Reading } from '../reading.js';
import { combineStatuses, isDisrupted, statusLabel, type Status } from '../status.js';
import { oneLine } from './plain-text.js';

/**
 * What every official source shares once its provider's format is parsed: choosing the
 * components a person asked for, judging the page honestly, and saying why in one line.
 *
 * The page aggregate alone never decides (issue 3): a real GitHub summary shows five components
 * in major_outage under an aggregate of only "major". Components and open incidents count too,
 * and an unrecognised value anywhere makes the answer unknown rather than green.
 */

export interface OfficialPage extends OfficialDetails {
  /** The provider's aggregate, normalised; undefined when the format has none. */
  readonly overall?: Status;
  /** The provider's own one-line description ("All Systems Operational"). */
  readonly description?: string;
}

export interface ComponentSelection {
  readonly page: OfficialPage;
  /** Names asked for that the page does not have. */
  readonly missing: readonly string[];
}

/**
 * Keeps the components named in `filter` (case-insensitive; a group name selects its members;
 * "Group / Name" selects one member), the incidents and maintenance that touch them, and drops
 * the page aggregate, which speaks for the whole page. Incidents that do not say which
 * components they affect are kept: we cannot rule them out.
 */
export function selectComponents(page: OfficialPage, filter: readonly string[]): ComponentSelection {
  const wanted = filter.map((name) => name.trim().toLowerCase());
  const matchesName = (component: OfficialComponent, name: string): boolean =>
    component.name.toLowerCase() === name ||
    component.group?.toLowerCase() === name ||
    `${component.group ?? ''} / ${component.name}`.toLowerCase() === name;
  const components = page.components.filter((component) =>
    wanted.some((name) => matchesName(component, name)),
  );
  const missing = filter.filter(
    (_, index) => !page.components.some((c) => matchesName(c, wanted[index] ?? '')),
  );
  const kept = new Set(components.map((component) => component.name.toLowerCase()));
  const touches = (names: readonly string[] | undefined): boolean =>
    names === undefined || names.length === 0 || names.some((name) => kept.has(name.toLowerCase()));
  const { overall: _pageWide, description: _pageWideText, ...rest } = page;
  return {
    page: {
      ...rest,
      components,
      incidents: page.incidents.filter((incident) => touches(incident.components)),
      maintenances: page.maintenances.filter((maintenance) => touches(maintenance.components)),
    },
    missing,
  };
}

/** The status a page states, from everything it says. */
export function judgePage(page: OfficialPage): Status {
  const statements: Status[] = [
    ...(page.overall !== undefined ? [page.overall] : []),
    ...page.components.map((component) => component.status),
    ...page.incidents.map((incident) => incident.impact),
    ...page.maintenances.filter((m) => m.phase === 'active').map((): Status => 'maintenance'),
  ];
  return combineStatuses(statements);
}

export interface ReadingBasis {
  readonly checkedAt: number;
  readonly latencyMs?: number;
  readonly httpStatus?: number;
  readonly notModified?: boolean;
}

/**
 * A page narrowed to the components a person chose: the reading of those, noting names the page
 * lacks, or unknown naming what the page does have when none matched (a typo must not read green).
 */
export function filteredReading(
  page: OfficialPage,
  filter: readonly string[],
  basis: ReadingBasis,
  note?: string,
): Reading {
  const { page: selected, missing } = selectComponents(page, filter);
  if (selected.components.length === 0) {
    const asked = missing.map((name) => `"${name}"`).join(', ');
    const has = page.components
      .map((component) => component.name)
      .slice(0, 8)
      .join(', ');
    const detail = oneLine(`no component named ${asked} on this page (it has: ${has})`);
    return { ...basis, status: 'unknown', detail, reached: true, official: selected };
  }
  const notes = [
    ...(note ? [note] : []),
    ...(missing.length > 0 ? [`not on the page: ${missing.join(', ')}`] : []),
  ];
  return officialReading(selected, basis, notes.join('; ') || undefined);
}

export function officialReading(page: OfficialPage, basis: ReadingBasis, note?: string): Reading {
  const status = judgePage(page);
  const detail = describePage(page, status) + (note ? ` (${note})` : '');
  return { ...basis, status, detail: oneLine(detail, 240), reached: true, official: officialDetails(page) };
}

/**
 * What a reading carries of a page: its aggregate and description speak only through the
 * reading's own status and detail, so a reading that is not judged from them (an unknown for a
 * filter that matched nothing) must not carry them along unseen.
 */
export function officialDetails(page: OfficialPage): OfficialDetails {
  const { overall: _overall, description: _description, ...details } = page;
  return details;
}

function describePage(page: OfficialPage, status: Status): string {
  const [first, ...others] = page.incidents;
  if (first) return describeIncident(first) + (others.length > 0 ? ` (+${others.length} more)` : '');
  const affected = page.components.filter((component) => isDisrupted(component.status));
  if (affected.length > 0) {
    const listed = affected
      .slice(0, 3)
      .map((component) => `${component.name}: ${statusLabel(component.status).toLowerCase()}`)
      .join(', ');
    return affected.length > 3 ? `${listed} (+${affected.length - 3} more)` : listed;
  }
  const active = page.maintenances.find((maintenance) => maintenance.phase === 'active');
  if (active) return `maintenance in progress: "${active.title}"`;
  if (status === 'unknown') {
    const odd = page.components.find((component) => component.status === 'unknown');
    if (odd) return `unrecognised status "${odd.rawStatus}" for ${odd.name}`;
    return page.rawStatus !== undefined
      ? `unrecognised page status "${page.rawStatus}"`
      : 'the page states no status';
  }
  // A page may state its description as "": the detail line is never empty.
  return page.description?.trim() || statusLabel(status);
}

function describeIncident(incident: OfficialIncident): string {
  const state = incident.status !== '' ? ` (${incident.status})` : '';
  return `incident "${incident.title}"${state}`;
}
