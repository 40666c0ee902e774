import type { OfficialDetails, OfficialIncident } from '../../../main/monitor/reading.js';
import { attentionRank, statusLabel } from '../../../main/monitor/status.js';
import type { SourceSnapshot } from '../../../main/shared/snapshot.js';
import { ExternalLink } from '../external-link.js';
import { ago, clockTime } from '../format.js';
import { StatusBadge, StatusGlyph } from '../status-glyph.js';
import { now } from '../store.js';
import { SourceHead } from './source-head.js';

/**
 * The vendor's own word: components with their status (the troubled ones first), open incidents
 * with their update timeline, and maintenance. All third-party text is rendered as text.
 */
export function OfficialCard({ source }: { source: SourceSnapshot }) {
  const official = source.official ?? source.lastGood?.official;
  return (
    <section class="card" aria-label={`Official status: ${source.label}`}>
      <SourceHead source={source} />
      {official ? <OfficialBody official={official} /> : null}
    </section>
  );
}

function OfficialBody({ official }: { official: OfficialDetails }) {
  const at = now.value;
  const components = [...official.components].sort(
    (a, b) => attentionRank(b.status) - attentionRank(a.status),
  );
  const troubled = components.filter((component) => component.status !== 'operational');
  const fine = components.length - troubled.length;
  return (
    <>
      <p class="small">
        {official.provider}
        {official.updatedAt !== undefined ? ` · updated ${ago(official.updatedAt, at)}` : ''}
        {official.pageUrl ? (
          <>
            {' · '}
            <ExternalLink url={official.pageUrl}>Status page</ExternalLink>
          </>
        ) : null}
      </p>
      {official.incidents.length > 0 ? (
        <div class="incidents">
          <h5>Open incidents</h5>
          {official.incidents.map((incident, index) => (
            <Incident key={incident.id ?? `${index}`} incident={incident} open={index === 0} />
          ))}
        </div>
      ) : null}
      {official.maintenances.length > 0 ? (
        <div>
          <h5>Maintenance</h5>
          <ul class="plain">
            {official.maintenances.map((maintenance, index) => (
              <li key={maintenance.id ?? `${index}`}>
                <StatusGlyph status="maintenance" /> {maintenance.title}{' '}
                <span class="muted small">
                  {maintenance.phase === 'active' ? 'in progress' : 'planned'}
                  {maintenance.scheduledFor !== undefined
                    ? ` · ${clockTime(maintenance.scheduledFor, at)}`
                    : ''}
                  {maintenance.scheduledUntil !== undefined
                    ? ` – ${clockTime(maintenance.scheduledUntil, at)}`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {components.length > 0 ? (
        <div>
          <h5>Components</h5>
          {troubled.length > 0 ? (
            <ul class="plain components">
              {troubled.map((component) => (
                <li key={`${component.group ?? ''}/${component.name}`}>
                  <StatusBadge status={component.status} /> {component.group ? `${component.group}: ` : ''}
                  {component.name}
                </li>
              ))}
            </ul>
          ) : null}
          {fine > 0 ? (
            <details>
              <summary>{troubled.length > 0 ? `and ${fine} operational` : `All ${fine} operational`}</summary>
              <ul class="plain components">
                {components
                  .filter((component) => component.status === 'operational')
                  .map((component) => (
                    <li key={`${component.group ?? ''}/${component.name}`}>
                      <StatusGlyph status="operational" /> {component.group ? `${component.group}: ` : ''}
                      {component.name}
                    </li>
                  ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function Incident({ incident, open }: { incident: OfficialIncident; open: boolean }) {
  const at = now.value;
  return (
    <details class="incident" open={open}>
      <summary>
        <StatusGlyph status={incident.impact} /> <span class="incident-title">{incident.title}</span>{' '}
        <span class="muted small">
          {statusLabel(incident.impact)} · {incident.status}
          {incident.startedAt !== undefined ? ` · since ${clockTime(incident.startedAt, at)}` : ''}
        </span>
      </summary>
      {incident.components && incident.components.length > 0 ? (
        <p class="small">Affects {incident.components.join(', ')}</p>
      ) : null}
      <ol class="timeline">
        {incident.updates.map((update, index) => (
          <li key={index}>
            <span class="muted small">
              {update.at !== undefined ? clockTime(update.at, at) : ''}
              {update.status ? ` · ${update.status}` : ''}
            </span>
            <p>{update.body}</p>
          </li>
        ))}
      </ol>
      {incident.link ? <ExternalLink url={incident.link}>Read on the status page</ExternalLink> : null}
    </details>
  );
}
