import { readFileSync } from 'node:fs';
import type { HttpResponse } from '../main/monitor/http/types.js';
import { readSummary } from '../main/monitor/sources/statuspage.js';
import { formatMs, spread, table, time } from './measure.js';

const FIXTURES = new URL('../../../shared/fixtures/real/statuspage/', import.meta.url);

function response(text: string): HttpResponse {
  return {
    kind: 'response',
    url: 'https://status.example.com/api/v2/summary.json',
    status: 200,
    headers: {},
    text,
    bodyBytes: text.length,
    truncated: false,
    maxBodyBytes: 5 * 1024 * 1024,
    contentType: 'application/json',
    charset: 'utf-8',
    redirects: [],
    latencyMs: 0,
    notModified: false,
    retryAfterMs: undefined,
  };
}

/** A summary of about `bytes`, grown from the real Twilio page by repeating its components and incidents. */
function syntheticSummary(bytes: number): string {
  const base = JSON.parse(
    readFileSync(new URL('twilio-summary-minor-groups-and-scheduled-2020-06.json', FIXTURES), 'utf8'),
  ) as {
    components: Record<string, unknown>[];
    incidents: Record<string, unknown>[];
  };
  const components: Record<string, unknown>[] = [];
  const incidents: Record<string, unknown>[] = [];
  let copy = 0;
  while (JSON.stringify({ ...base, components, incidents }).length < bytes) {
    components.push(
      ...base.components.map((component) => ({
        ...component,
        id: `${String(component.id)}-${copy}`,
        name: `${String(component.name)} ${copy}`,
      })),
    );
    incidents.push(
      ...base.incidents.map((incident) => ({ ...incident, id: `${String(incident.id)}-${copy}` })),
    );
    copy++;
  }
  return JSON.stringify({ ...base, components, incidents });
}

export async function parsingBench(): Promise<string> {
  const payloads: [string, string][] = [
    [
      'Statuspage, real: Twilio 2020 (73 components)',
      readFileSync(new URL('twilio-summary-minor-groups-and-scheduled-2020-06.json', FIXTURES), 'utf8'),
    ],
    [
      'Statuspage, real: GitHub 2019',
      readFileSync(new URL('github-summary-all-operational-2019.json', FIXTURES), 'utf8'),
    ],
    ['Statuspage, synthetic 1 MB', syntheticSummary(1024 * 1024)],
  ];
  const rows: string[][] = [];
  for (const [name, text] of payloads) {
    const runs = text.length > 100_000 ? 30 : 300;
    const timing = await time(runs, () =>
      readSummary(response(text), { type: 'statuspage', url: 'https://x.y' }, 0),
    );
    rows.push([
      name,
      `${Math.round(text.length / 1024)} KB`,
      formatMs(timing.medianMs),
      spread(timing),
      String(runs),
    ]);
  }
  return table(['payload', 'size', 'median (parse + judge)', 'min – max', 'runs'], rows);
}
