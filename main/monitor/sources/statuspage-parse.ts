import type { OfficialComponent, OfficialIncident, OfficialMaintenance } from '../reading.js';
import type { Status } from '../status.js';
import { asRecord, asString, asText, lookup, optional, records, type JsonRecord } from './guards.js';
import type { OfficialPage } from './official-summary.js';
import { bounded, htmlToText, oneLine } from './plain-text.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Atlassian Statuspage's v2 JSON (summary.json, status.json, incidents.json) as data.
 * Reference: https://metastatuspage.com/api (v2). Pure functions: tested on the real payloads
 * and measured by the benchmark.
 */

export const COMPONENT_STATUS: Readonly<Record<string, Status>> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
  under_maintenance: 'maintenance',
};

export const INDICATOR: Readonly<Record<string, Status>> = {
  none: 'operational',
  minor: 'degraded',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'maintenance',
};

/** Incident impact: "none" is an informational notice and does not lower the status. */
export const IMPACT: Readonly<Record<string, Status>> = { ...INDICATOR, none: 'operational' };

const ACTIVE_MAINTENANCE = new Set(['in_progress', 'verifying']);

/** A summary (or status.json) as an OfficialPage, or a sentence saying why it is not one. */
export function parseSummary(json: unknown, origin: string): OfficialPage | string {
  const root = asRecord(json);
  const indicator = asString(asRecord(root?.status)?.indicator);
  if (!root || indicator === undefined) return 'not a Statuspage summary: status.indicator is missing';
  const page = asRecord(root.page);
  const pageUrl = asString(page?.url) ?? origin;
  return {
    provider: 'statuspage',
    pageUrl,
    rawStatus: indicator,
    overall: lookup(INDICATOR, indicator) ?? 'unknown',
    ...optional('description', asString(asRecord(root.status)?.description)),
    ...optional('updatedAt', parseTimestamp(page?.updated_at)),
    components: parseComponents(root.components),
    incidents: records(root.incidents).flatMap((incident) => parseIncident(incident) ?? []),
    maintenances: records(root.scheduled_maintenances).flatMap(
      (maintenance) => parseMaintenance(maintenance) ?? [],
    ),
  };
}

/** Groups are containers, not components: their names become the members' `group`. */
function parseComponents(value: unknown): OfficialComponent[] {
  const all = records(value);
  const groupNames = new Map<string, string>();
  for (const component of all) {
    const id = asText(component.id);
    const name = asString(component.name);
    if (component.group === true && id !== undefined && name !== undefined) groupNames.set(id, name);
  }
  return all.flatMap((component): OfficialComponent[] => {
    const name = asString(component.name);
    if (component.group === true || name === undefined) return [];
    const rawStatus = asString(component.status) ?? '';
    const group = groupNames.get(asText(component.group_id) ?? '');
    return [
      {
        name,
        ...optional('group', group),
        status: lookup(COMPONENT_STATUS, rawStatus) ?? 'unknown',
        rawStatus,
      },
    ];
  });
}

export function parseIncident(incident: JsonRecord): OfficialIncident | undefined {
  const title = asString(incident.name);
  if (title === undefined) return undefined;
  const rawImpact = asString(incident.impact);
  const startedAt = parseTimestamp(incident.started_at) ?? parseTimestamp(incident.created_at);
  const updatedAt = parseTimestamp(incident.updated_at);
  const link = asString(incident.shortlink);
  return {
    ...optional('id', asText(incident.id)),
    title: oneLine(title, 200),
    status: asString(incident.status) ?? '',
    impact: lookup(IMPACT, rawImpact) ?? 'unknown',
    ...optional('rawImpact', rawImpact),
    ...optional('startedAt', startedAt),
    ...optional('updatedAt', updatedAt),
    ...optional('link', link),
    components: componentNames(incident.components),
    updates: records(incident.incident_updates).map((update) => ({
      ...optional('at', parseTimestamp(update.display_at) ?? parseTimestamp(update.created_at)),
      ...optional('status', asString(update.status)),
      body: bounded(htmlToText(asString(update.body) ?? '')),
    })),
  };
}

function parseMaintenance(maintenance: JsonRecord): OfficialMaintenance | undefined {
  const title = asString(maintenance.name);
  const rawStatus = asString(maintenance.status) ?? '';
  if (title === undefined || rawStatus === 'completed') return undefined;
  return {
    ...optional('id', asText(maintenance.id)),
    title: oneLine(title, 200),
    phase: ACTIVE_MAINTENANCE.has(rawStatus) ? 'active' : 'upcoming',
    rawStatus,
    ...optional('scheduledFor', parseTimestamp(maintenance.scheduled_for)),
    ...optional('scheduledUntil', parseTimestamp(maintenance.scheduled_until)),
    ...optional('link', asString(maintenance.shortlink)),
    components: componentNames(maintenance.components),
  };
}

function componentNames(value: unknown): string[] {
  return records(value).flatMap((component) => asString(component.name) ?? []);
}

/** How many resolved incidents a reading keeps for history. */
export const RECENT_INCIDENTS = 20;

const RESOLVED = new Set(['resolved', 'postmortem', 'completed']);

/** incidents.json: the page's recent incidents; the resolved ones, newest first, are history. */
export function parseRecentIncidents(json: unknown): OfficialIncident[] {
  const incidents = records(asRecord(json)?.incidents).flatMap((incident) => {
    const resolved =
      RESOLVED.has(asString(incident.status) ?? '') || parseTimestamp(incident.resolved_at) !== undefined;
    return resolved ? (parseIncident(incident) ?? []) : [];
  });
  return incidents.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0)).slice(0, RECENT_INCIDENTS);
}
