import { realPayload } from '../repository.js';
import { json, MINUTE, type Scene } from './scene.js';

/**
 * Hostile third-party text (DESIGN.md: it is data, rendered with text APIs, never as HTML).
 * Twilio's real summary with markup put into an incident's title, an update's body and a
 * component's name. The body carries the markup twice: raw, which the engine's HTML-to-text
 * step removes, and entity-escaped, which that step decodes into literal text, so the payload
 * reaches the renderer as characters it must not interpret.
 */

export const XSS_IMG = '<img src=x onerror="window.__xss=1">';
export const XSS_SCRIPT = '<script>window.__xss=2</script>';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Summary {
  components: { name: string; group?: boolean }[];
  incidents: { name: string; incident_updates: { body: string }[] }[];
}

function hostileSummary(): string {
  const summary = JSON.parse(
    realPayload('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json').toString('utf8'),
  ) as Summary;
  const incident = summary.incidents[0]!;
  incident.name = `${XSS_IMG} SMS delays ${XSS_SCRIPT}`;
  incident.incident_updates[0]!.body = `${XSS_SCRIPT}${XSS_IMG}Escaped: ${escapeHtml(XSS_IMG)} and ${escapeHtml(XSS_SCRIPT)}`;
  // The component the incident affects (a group's name would only show as its children's group).
  const affected = summary.components.find((component) => component.name === 'SMS, Middle East & Africa')!;
  affected.name = `${XSS_IMG}SMS, Middle East & Africa`;
  return JSON.stringify(summary);
}

export const xss: Scene = {
  name: 'xss',
  runMs: MINUTE,
  connectivity: 'online',
  expected: { acme: 'degraded' },
  site: () => ({
    routes: {
      '/generate_204': { status: 204 },
      '/acme/status/api/v2/summary.json': json(hostileSummary()),
    },
    config: (site) => ({
      version: 1,
      connectivity: { targets: [`${site}/generate_204`], timeoutMs: 2000 },
      services: [{ id: 'acme', name: 'Acme', sources: [{ type: 'statuspage', url: `${site}/acme/status` }] }],
    }),
  }),
};
