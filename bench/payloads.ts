import { readFileSync } from 'node:fs';

/**
 * The parsing bench's payloads: real captures (../shared/fixtures/real), payloads built from a
 * provider's documentation where no capture exists (test/fixtures/documented), and large ones
 * grown from real ones for the sizes no captured page reaches: the real structure repeated with
 * fresh ids, so parsers meet real field shapes, only more of them.
 */

// From dist/bench/ at run time.
const REAL_FIXTURES = new URL('../../../shared/fixtures/real/', import.meta.url);
const DOCUMENTED_FIXTURES = new URL('../../test/fixtures/documented/', import.meta.url);

export function realText(path: string): string {
  return readFileSync(new URL(path, REAL_FIXTURES), 'utf8');
}

export function documentedText(name: string): string {
  return readFileSync(new URL(name, DOCUMENTED_FIXTURES), 'utf8');
}

/** A Statuspage summary of at least `bytes`, grown from Twilio's (73 components, groups, incidents). */
export function statuspageSummary(bytes: number): string {
  const base = JSON.parse(realText('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json')) as {
    components: Record<string, unknown>[];
    incidents: Record<string, unknown>[];
  };
  const components: Record<string, unknown>[] = [];
  const incidents: Record<string, unknown>[] = [];
  for (let copy = 0; JSON.stringify({ ...base, components, incidents }).length < bytes; copy++) {
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
  }
  return JSON.stringify({ ...base, components, incidents });
}

/** An Atom feed of `entries` entries, grown from Sauce Labs' Statuspage history.atom (HTML bodies). */
export function atomFeed(entries: number): string {
  const real = realText('statuspage/saucelabs-history-2020-11.atom');
  const first = real.indexOf('<entry>');
  const last = real.lastIndexOf('</entry>') + '</entry>'.length;
  const originals = real.slice(first, last).match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
  if (originals.length === 0) throw new Error('the Atom fixture has no entries');
  const grown = Array.from({ length: entries }, (_, index) => {
    const entry = originals[index % originals.length] ?? '';
    return entry.replace(/<id>([^<]*)<\/id>/, `<id>$1-${index}</id>`);
  });
  return `${real.slice(0, first)}${grown.join('\n  ')}${real.slice(last)}`;
}
