import { useState } from 'preact/hooks';
import type { SettingsEdit, ThemeChoice } from '../../../../main/shared/settings-view.js';
import { editSettings } from '../../api.js';
import { settings } from '../../store.js';
import { Header } from '../header.js';
import { Checks } from './checks.js';
import { Credentials } from './credentials.js';
import { Exchange } from './exchange.js';
import { QuietHoursFields } from './quiet-hours.js';
import { ServiceLevels } from './service-levels.js';
import { Snooze } from './snooze.js';

const THEMES: Record<ThemeChoice, string> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };

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
    void editSettings(change).then((problem) =>
      problem === undefined ? setMessage(undefined) : say(problem, true),
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
