import { useEffect, useState } from 'preact/hooks';
import type { AlertLevel } from '../../../main/monitor/alerts/alert-settings.js';
import { withoutStatusLabel } from '../../../main/monitor/event-text.js';
import { isDisrupted, statusLabel } from '../../../main/monitor/status.js';
import type { ServiceHistory } from '../../../main/shared/ipc.js';
import type { SettingsEdit } from '../../../main/shared/settings-view.js';
import type { ServiceSnapshot, SourceSnapshot } from '../../../main/shared/snapshot.js';
import { api, editSettings, errorText } from '../api.js';
import { CrowdCard } from '../cards/crowd-card.js';
import { OfficialCard } from '../cards/official-card.js';
import { ProbeCard } from '../cards/probe-card.js';
import { VantageCard } from '../cards/vantage-card.js';
import { clockTime, duration, uptimeText } from '../format.js';
import { StatusBadge, StatusGlyph } from '../status-glyph.js';
import { histories, navigate, now, refreshHistory, serviceById, settings } from '../store.js';
import { Header } from './header.js';
import { LEVEL_WORDS } from './settings/level-words.js';

/** One service: the verdict and its reasons, then one card per signal, then its history. */
export function ServiceDetail({ id }: { id: string }) {
  const service = serviceById(id);
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    refreshHistory(id).catch((error: unknown) => setProblem(errorText(error)));
    // Refreshed when the service's status changes, so the timeline and events follow.
  }, [id, service?.status]);

  if (!service) {
    return (
      <main class="view">
        <Header title="Service" back />
        <p class="empty">This service is no longer watched.</p>
      </main>
    );
  }
  const history = histories.value.get(id);
  const act = (work: Promise<unknown>): void => {
    setProblem(undefined);
    work.catch((error: unknown) => setProblem(errorText(error)));
  };
  return (
    <main class="view" aria-labelledby="detail-title">
      <Header title={service.name} back>
        <button type="button" class="button" onClick={() => act(api.servicesCheckNow([service.id]))}>
          Check now
        </button>
        <button type="button" class="button" onClick={() => navigate({ view: 'edit', id: service.id })}>
          Edit
        </button>
      </Header>
      <div class="scroll">
        {problem ? (
          <p class="banner banner-warning" role="alert">
            {problem}
          </p>
        ) : null}
        <Verdict service={service} />
        <Uptime history={history} />
        <Signals service={service} history={history} />
        <Notifications service={service} onProblem={setProblem} />
        <Events history={history} />
      </div>
    </main>
  );
}

function Verdict({ service }: { service: ServiceSnapshot }) {
  const at = now.value;
  return (
    <section class="verdict" aria-labelledby="detail-title">
      <h2 id="detail-title" class="verdict-status">
        <StatusBadge status={service.status} />
        {service.since !== undefined ? (
          <span class="muted small">
            {' '}
            since {clockTime(service.since, at)} ({duration(at - service.since)})
          </span>
        ) : null}
      </h2>
      <p class="verdict-summary">{withoutStatusLabel(service.summary, service.status)}</p>
      {service.reasons.length > 0 ? (
        <>
          <h3 class="visually-hidden">Why</h3>
          <ul class="reasons">
            {service.reasons.map((reason, index) => (
              <li key={index}>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Uptime({ history }: { history: ServiceHistory | undefined }) {
  if (!history) return null;
  const disruptedSlots = history.timeline.filter((slot) => isDisrupted(slot.status)).length;
  return (
    <section class="uptime" aria-label="Uptime">
      <p>
        Uptime <strong>{uptimeText(history.uptime24h)}</strong> over 24 h ·{' '}
        <strong>{uptimeText(history.uptime7d)}</strong> over 7 days
      </p>
      {history.timeline.length > 0 ? (
        <div
          class="strip"
          role="img"
          aria-label={`Last 24 hours: ${disruptedSlots === 0 ? 'no disruption' : `disrupted for about ${duration(disruptedSlots * 5 * 60_000)}`}`}
        >
          {history.timeline.map((slot) => (
            <span
              key={slot.at}
              class={`strip-slot status-${slot.status}`}
              title={`${clockTime(slot.at, now.value)} ${statusLabel(slot.status)}`}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}

function Signals({ service, history }: { service: ServiceSnapshot; history: ServiceHistory | undefined }) {
  const byFamily = (family: SourceSnapshot['family']): SourceSnapshot[] =>
    service.sources.filter((source) => source.family === family);
  const probes = byFamily('probe');
  const official = byFamily('official');
  const crowd = byFamily('crowd');
  return (
    <>
      {probes.length > 0 ? (
        <section class="family" aria-labelledby="family-probe">
          <h3 id="family-probe">From this machine</h3>
          {probes.map((source) =>
            source.vantage || source.type === 'globalping' ? (
              <VantageCard key={source.key} source={source} />
            ) : (
              <ProbeCard key={source.key} source={source} history={history} />
            ),
          )}
        </section>
      ) : null}
      {official.length > 0 ? (
        <section class="family" aria-labelledby="family-official">
          <h3 id="family-official">Official status</h3>
          {official.map((source) => (
            <OfficialCard key={source.key} source={source} />
          ))}
        </section>
      ) : null}
      {crowd.length > 0 ? (
        <section class="family" aria-labelledby="family-crowd">
          <h3 id="family-crowd">Crowd reports</h3>
          {crowd.map((source) =>
            source.vantage ? (
              <VantageCard key={source.key} source={source} />
            ) : (
              <CrowdCard key={source.key} source={source} />
            ),
          )}
        </section>
      ) : null}
    </>
  );
}

function Notifications({
  service,
  onProblem,
}: {
  service: ServiceSnapshot;
  onProblem: (text: string) => void;
}) {
  const alerts = settings.value?.alerts;
  if (!alerts) return null;
  const level = Object.hasOwn(alerts.levels, service.id) ? (alerts.levels[service.id] ?? 'all') : 'all';
  const snoozed = alerts.serviceSnoozes[service.id];
  const at = now.value;
  const edit = (next: SettingsEdit): void => {
    void editSettings(next).then((problem) => problem !== undefined && onProblem(problem));
  };
  return (
    <section class="notifications" aria-labelledby="notify-title">
      <h3 id="notify-title">Notifications</h3>
      <label class="field-inline">
        <span>Notify me of</span>
        <select
          value={level}
          onChange={(event) =>
            edit({
              kind: 'service-level',
              serviceId: service.id,
              level: event.currentTarget.value as AlertLevel,
            })
          }
        >
          {(Object.keys(LEVEL_WORDS) as AlertLevel[]).map((option) => (
            <option key={option} value={option}>
              {LEVEL_WORDS[option]}
            </option>
          ))}
        </select>
      </label>
      {snoozed !== undefined && snoozed > at ? (
        <p class="small">
          Snoozed until {clockTime(snoozed, at)}.{' '}
          <button
            type="button"
            class="link-button"
            onClick={() => {
              const { [service.id]: _ended, ...rest } = alerts.serviceSnoozes;
              edit({ kind: 'alerts', alerts: { ...alerts, serviceSnoozes: rest } });
            }}
          >
            Resume
          </button>
        </p>
      ) : (
        <button
          type="button"
          class="button"
          onClick={() =>
            edit({
              kind: 'alerts',
              alerts: {
                ...alerts,
                serviceSnoozes: { ...alerts.serviceSnoozes, [service.id]: Date.now() + 3_600_000 },
              },
            })
          }
        >
          Snooze this service for 1 h
        </button>
      )}
    </section>
  );
}

function Events({ history }: { history: ServiceHistory | undefined }) {
  if (!history)
    return (
      <p class="muted small" aria-busy="true">
        Loading history…
      </p>
    );
  if (history.events.length === 0) return <p class="muted small">No changes recorded yet.</p>;
  const at = now.value;
  return (
    <section aria-labelledby="events-title">
      <h3 id="events-title">History</h3>
      <ol class="events">
        {history.events.slice(0, 20).map((event) => (
          <li key={`${event.at}-${event.to}`}>
            <span class="muted small">{clockTime(event.at, at)}</span> <StatusGlyph status={event.to} />{' '}
            {event.from ? `${statusLabel(event.from)} → ` : ''}
            {statusLabel(event.to)}
            <span class="muted small"> · {event.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
