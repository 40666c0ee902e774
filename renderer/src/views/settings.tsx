import { useState } from 'preact/hooks';
import type { AlertLevel, AlertSettings, QuietHours } from '../../../main/monitor/alerts/alert-settings.js';
import type { ExchangeResult, SettingsEdit, ThemeChoice } from '../../../main/shared/settings-view.js';
import { api, errorText } from '../api.js';
import { clockTime } from '../format.js';
import { now, orderedServices, settings, snoozedUntil } from '../store.js';
import { Header } from './header.js';

/** The notification levels, in the words the window uses (main/monitor/alerts/alert-settings.ts). */
export const LEVEL_WORDS: Record<AlertLevel, string> = {
  all: 'Every change',
  outages: 'Outages only',
  muted: 'Muted',
};
const LEVELS = Object.keys(LEVEL_WORDS) as AlertLevel[];

const THEMES: Record<ThemeChoice, string> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };
const HOUR_MS = 3_600_000;

/** Everything the person can set, each change saved at once and checked by main. */
export function SettingsView() {
  const view = settings.value;
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  if (!view) {
    return (
      <main class="view">
        <Header title="Settings" back />
        <p class="empty" aria-busy="true">
          Loading settings…
        </p>
      </main>
    );
  }
  const say = (text: string, error = false): void => setMessage({ text, error });
  const edit = (change: SettingsEdit): void => {
    api.settingsEdit(change).then(
      (result) => {
        if (result.ok) setMessage(undefined);
        else say(result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), true);
      },
      (error: unknown) => say(errorText(error), true),
    );
  };
  const alerts = view.alerts;
  return (
    <main class="view" aria-labelledby="settings-title">
      <Header title="Settings" back />
      <div class="scroll settings">
        <h2 id="settings-title" class="visually-hidden">
          Settings
        </h2>
        {message ? (
          <p
            class={message.error ? 'banner banner-warning' : 'banner'}
            role={message.error ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        ) : null}
        <Snooze onError={(text) => say(text, true)} />
        <QuietHoursFields alerts={alerts} onChange={(next) => edit({ kind: 'alerts', alerts: next })} />
        <ServiceLevels
          alerts={alerts}
          onChange={(serviceId, level) => edit({ kind: 'service-level', serviceId, level })}
        />
        <Checks monitor={view.monitor} onChange={(engine) => edit({ kind: 'engine', engine })} />
        <section aria-labelledby="general-title">
          <h3 id="general-title">General</h3>
          <label class="field-inline">
            <input
              type="checkbox"
              checked={view.launchAtLogin}
              onChange={(event) => edit({ kind: 'app', launchAtLogin: event.currentTarget.checked })}
            />
            <span>Launch at login</span>
          </label>
          <label class="field-inline">
            <input
              type="checkbox"
              checked={view.autoUpdate}
              onChange={(event) => edit({ kind: 'app', autoUpdate: event.currentTarget.checked })}
            />
            <span>Update automatically</span>
          </label>
          <label class="field-inline">
            <span>Theme</span>
            <select
              value={view.theme}
              onChange={(event) => edit({ kind: 'app', theme: event.currentTarget.value as ThemeChoice })}
            >
              {(Object.keys(THEMES) as ThemeChoice[]).map((theme) => (
                <option key={theme} value={theme}>
                  {THEMES[theme]}
                </option>
              ))}
            </select>
          </label>
        </section>
        <Credentials missing={view.missingSecrets} stored={view.storedSecrets} onMessage={say} />
        <Exchange onMessage={say} />
      </div>
    </main>
  );
}

function Snooze({ onError }: { onError: (text: string) => void }) {
  const until = snoozedUntil.value;
  const snooze = (to: number | null): void => {
    api.notificationsSnooze(to).catch((error: unknown) => onError(errorText(error)));
  };
  const tomorrowMorning = (): number => {
    const date = new Date();
    date.setDate(date.getDate() + 1);
    date.setHours(8, 0, 0, 0);
    return date.getTime();
  };
  return (
    <section aria-labelledby="snooze-title">
      <h3 id="snooze-title">Snooze notifications</h3>
      {until !== undefined ? (
        <p>
          Snoozed until {clockTime(until, now.value)}.{' '}
          <button type="button" class="button" onClick={() => snooze(null)}>
            Resume now
          </button>
        </p>
      ) : (
        <div class="button-row">
          <button type="button" class="button" onClick={() => snooze(Date.now() + HOUR_MS)}>
            1 hour
          </button>
          <button type="button" class="button" onClick={() => snooze(Date.now() + 8 * HOUR_MS)}>
            8 hours
          </button>
          <button type="button" class="button" onClick={() => snooze(tomorrowMorning())}>
            Until tomorrow
          </button>
        </div>
      )}
    </section>
  );
}

function QuietHoursFields({
  alerts,
  onChange,
}: {
  alerts: AlertSettings;
  onChange: (next: AlertSettings) => void;
}) {
  const quiet = alerts.quietHours;
  const set = (next: QuietHours | undefined): void => {
    const { quietHours: _old, ...rest } = alerts;
    onChange(next ? { ...rest, quietHours: next } : rest);
  };
  return (
    <section aria-labelledby="quiet-title">
      <h3 id="quiet-title">Quiet hours</h3>
      <label class="field-inline">
        <input
          type="checkbox"
          checked={quiet !== undefined}
          onChange={(event) =>
            set(
              event.currentTarget.checked
                ? { start: '22:00', end: '07:00', allowMajorOutages: false }
                : undefined,
            )
          }
        />
        <span>No notifications during a daily window</span>
      </label>
      {quiet ? (
        <>
          <div class="button-row">
            <label class="field-inline">
              <span>From</span>
              <input
                type="time"
                value={quiet.start}
                onChange={(event) => set({ ...quiet, start: event.currentTarget.value })}
              />
            </label>
            <label class="field-inline">
              <span>to</span>
              <input
                type="time"
                value={quiet.end}
                onChange={(event) => set({ ...quiet, end: event.currentTarget.value })}
              />
            </label>
          </div>
          <label class="field-inline">
            <input
              type="checkbox"
              checked={quiet.allowMajorOutages}
              onChange={(event) => set({ ...quiet, allowMajorOutages: event.currentTarget.checked })}
            />
            <span>Let major outages through</span>
          </label>
        </>
      ) : null}
    </section>
  );
}

function ServiceLevels({
  alerts,
  onChange,
}: {
  alerts: AlertSettings;
  onChange: (serviceId: string, level: AlertLevel) => void;
}) {
  const services = orderedServices.value;
  if (services.length === 0) return null;
  return (
    <section aria-labelledby="levels-title">
      <h3 id="levels-title">Notify me of</h3>
      <ul class="plain levels">
        {[...services]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((service) => (
            <li key={service.id}>
              <label class="field-inline">
                <span class="level-name">{service.name}</span>
                <select
                  value={Object.hasOwn(alerts.levels, service.id) ? alerts.levels[service.id] : 'all'}
                  onChange={(event) => onChange(service.id, event.currentTarget.value as AlertLevel)}
                >
                  {LEVELS.map((level) => (
                    <option key={level} value={level}>
                      {LEVEL_WORDS[level]}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          ))}
      </ul>
    </section>
  );
}

/** How sure Downwatch must be before a change counts (the config's `confirm`), and how many checks at once. */
function Checks({
  monitor,
  onChange,
}: {
  monitor: Readonly<Record<string, unknown>>;
  onChange: (engine: Record<string, unknown>) => void;
}) {
  const confirm = (
    typeof monitor.confirm === 'object' && monitor.confirm !== null ? monitor.confirm : {}
  ) as Record<string, unknown>;
  const number = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
  const setConfirm = (field: string, value: number): void => {
    const { services: _services, ...engine } = monitor;
    onChange({ ...engine, confirm: { ...confirm, [field]: value } });
  };
  return (
    <section aria-labelledby="checks-title">
      <h3 id="checks-title">Checks</h3>
      <p class="muted small">Each source's interval is set in its service's editor.</p>
      <label class="field-inline">
        <span>Failures before a service counts as down</span>
        <input
          type="number"
          min={1}
          max={20}
          value={number(confirm.failureThreshold, 3)}
          onChange={(event) => setConfirm('failureThreshold', event.currentTarget.valueAsNumber)}
        />
      </label>
      <label class="field-inline">
        <span>Successes before it counts as back</span>
        <input
          type="number"
          min={1}
          max={20}
          value={number(confirm.successThreshold, 2)}
          onChange={(event) => setConfirm('successThreshold', event.currentTarget.valueAsNumber)}
        />
      </label>
    </section>
  );
}

function Credentials({
  missing,
  stored,
  onMessage,
}: {
  missing: readonly string[];
  stored: readonly string[];
  onMessage: (text: string, error?: boolean) => void;
}) {
  const names = [...new Set([...missing, ...stored])].sort();
  const [values, setValues] = useState<Record<string, string>>({});
  if (names.length === 0) {
    return (
      <section aria-labelledby="credentials-title">
        <h3 id="credentials-title">Credentials</h3>
        <p class="muted small">
          No source needs one. Crowd sources such as Downdetector refer to theirs as {'{ "env": NAME }'}; they
          are stored encrypted by the system.
        </p>
      </section>
    );
  }
  const save = (name: string): void => {
    const value = values[name] ?? '';
    if (value === '') {
      onMessage(`Type the value for ${name} first.`, true);
      return;
    }
    api.secretsStore(name, value).then(
      () => {
        setValues({ ...values, [name]: '' });
        onMessage(`${name} is stored, encrypted.`);
      },
      (error: unknown) => onMessage(errorText(error), true),
    );
  };
  return (
    <section aria-labelledby="credentials-title">
      <h3 id="credentials-title">Credentials</h3>
      <ul class="plain">
        {names.map((name) => (
          <li key={name} class="credential">
            <label class="field">
              <span>
                {name}{' '}
                {missing.includes(name) ? (
                  <em class="field-error">needed</em>
                ) : (
                  <span class="muted small">stored</span>
                )}
              </span>
              <input
                type="password"
                autoComplete="off"
                value={values[name] ?? ''}
                placeholder={missing.includes(name) ? 'value' : 'replace the stored value'}
                onInput={(event) => setValues({ ...values, [name]: event.currentTarget.value })}
              />
            </label>
            <button type="button" class="button" onClick={() => save(name)}>
              Save {name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Exchange({ onMessage }: { onMessage: (text: string, error?: boolean) => void }) {
  const report = (result: ExchangeResult): void => {
    switch (result.status) {
      case 'cancelled':
        return;
      case 'exported':
        onMessage(`Saved to ${result.path}. The downwatch command reads it too.`);
        return;
      case 'imported':
        onMessage(
          `Imported ${result.path}.${result.missingSecrets.length > 0 ? ` Credentials still needed: ${result.missingSecrets.join(', ')}.` : ''}`,
        );
        return;
      case 'invalid':
        onMessage(
          `Nothing changed: ${result.path} is not a valid config. ${result.issues
            .slice(0, 5)
            .map((issue) => `${issue.path}: ${issue.message}`)
            .join('; ')}`,
          true,
        );
    }
  };
  const run = (work: Promise<ExchangeResult>): void => {
    work.then(report, (error: unknown) => onMessage(errorText(error), true));
  };
  return (
    <section aria-labelledby="exchange-title">
      <h3 id="exchange-title">Import and export</h3>
      <p class="muted small">
        One JSON file with the services and settings, in the format of the downwatch command.
      </p>
      <div class="button-row">
        <button type="button" class="button" onClick={() => run(api.settingsExport())}>
          Export…
        </button>
        <button type="button" class="button" onClick={() => run(api.settingsImport())}>
          Import…
        </button>
      </div>
    </section>
  );
}
