import { z } from 'zod';
import type { HttpResponse } from '../http/types.js';
import type { OfficialComponent, OfficialIncident, OfficialMaintenance, Reading } from '../reading.js';
import type { Status } from '../status.js';
import { commonSourceFields, httpUrl, nonEmptyStrings } from './fields.js';
import { asRecord, asString, asText, optional, records, type JsonRecord } from './guards.js';
import { failureReading } from './http-failure.js';
import { parseJsonBody } from './json-body.js';
import { officialReading, selectComponents, type OfficialPage } from './official-summary.js';
import { bounded, htmlToText, oneLine } from './plain-text.js';
import { defineSource } from './source.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Atlassian Statuspage: `/api/v2/summary.json` carries the page indicator, components (with
 * groups), unresolved incidents with their updates, and scheduled maintenance.
 * Reference: https://metastatuspage.com/api (v2).
 */

const schema = z.strictObject({
  type: z.literal('statuspage'),
  ...commonSourceFields,
  url: httpUrl,
  components: nonEmptyStrings
    .min(1, { error: 'list at least one component, or leave the filter out' })
    .optional(),
});

export type StatuspageSourceConfig = z.output<typeof schema>;

const COMPONENT_STATUS: Readonly<Record<string, Status>> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
  under_maintenance: 'maintenance',
};

const INDICATOR: Readonly<Record<string, Status>> = {
  none: 'operational',
  minor: 'degraded',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'maintenance',
};

/** Incident impact: "none" is an informational notice and does not lower the status. */
const IMPACT: Readonly<Record<string, Status>> = { ...INDICATOR, none: 'operational' };

const ACTIVE_MAINTENANCE = new Set(['in_progress', 'verifying']);

export const statuspageSource = defineSource<StatuspageSourceConfig>({
  type: 'statuspage',
  family: 'official',
  schema,
  defaults: { intervalSeconds: 120, timeoutMs: 15_000 },
  defaultLabel: () => 'Official page',
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const outcome = await ctx.http.request({
      url: summaryUrl(config.url),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      conditional: true,
      headers: { accept: 'application/json' },
    });
    if (outcome.kind === 'failure') return failureReading(outcome, checkedAt, 'unknown');
    return readSummary(outcome, config, checkedAt);
  },
});

/** The base URL of a page gets the well-known path; an exact API URL is used as given. */
export function summaryUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname.endsWith('.json')) return parsed.href;
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/api/v2/summary.json`;
  return parsed.href;
}

export function readSummary(
  response: HttpResponse,
  config: StatuspageSourceConfig,
  checkedAt: number,
): Reading {
  const basis = {
    checkedAt,
    latencyMs: response.latencyMs,
    httpStatus: response.status,
    notModified: response.notModified,
  };
  if (response.status < 200 || response.status > 299) {
    return {
      ...basis,
      status: 'unknown',
      detail: `the status page answered HTTP ${response.status}`,
      reached: true,
      ...(response.retryAfterMs !== undefined ? { retryAfterMs: response.retryAfterMs } : {}),
    };
  }
  const body = parseJsonBody(response);
  if (!body.ok) return { ...basis, status: 'unknown', detail: body.detail, reached: true };
  const page = parseSummary(body.value, new URL(response.url).origin);
  if (typeof page === 'string') return { ...basis, status: 'unknown', detail: page, reached: true };
  if (!config.components) return officialReading(page, basis);

  const { page: selected, missing } = selectComponents(page, config.components);
  if (selected.components.length === 0) {
    const available = page.components
      .map((component) => component.name)
      .slice(0, 8)
      .join(', ');
    return {
      ...basis,
      status: 'unknown',
      detail: oneLine(
        `no component named ${missing.map((name) => `"${name}"`).join(', ')} on this page (it has: ${available})`,
      ),
      reached: true,
      official: selected,
    };
  }
  const note = missing.length > 0 ? `not on the page: ${missing.join(', ')}` : undefined;
  return officialReading(selected, basis, note);
}

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
    overall: INDICATOR[indicator] ?? 'unknown',
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
      { name, ...optional('group', group), status: COMPONENT_STATUS[rawStatus] ?? 'unknown', rawStatus },
    ];
  });
}

function parseIncident(incident: JsonRecord): OfficialIncident | undefined {
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
    impact: rawImpact !== undefined ? (IMPACT[rawImpact] ?? 'unknown') : 'unknown',
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
