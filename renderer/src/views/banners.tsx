import { api, errorText } from '../api.js';
import { clockTime } from '../format.js';
import { now, settings, snapshot, snoozedUntil } from '../store.js';
import { useState } from 'preact/hooks';

/**
 * What the person must know before reading the list: offline (statuses are paused, not bad),
 * notifications snoozed, settings that cannot be saved, credentials a source still needs.
 */
export function Banners() {
  const offline = snapshot.value?.connectivity.status === 'offline';
  const until = snoozedUntil.value;
  const view = settings.value;
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <>
      {offline ? (
        <p class="banner banner-offline" role="alert">
          <strong>You appear to be offline:</strong> statuses are paused.{' '}
          <span class="muted">{snapshot.value?.connectivity.detail}</span>
        </p>
      ) : null}
      {until !== undefined ? (
        <p class="banner banner-snoozed">
          Notifications snoozed until {clockTime(until, now.value)}.{' '}
          <button
            type="button"
            class="link-button"
            onClick={() => {
              api.notificationsSnooze(null).catch((error: unknown) => setProblem(errorText(error)));
            }}
          >
            Resume
          </button>
        </p>
      ) : null}
      {view?.readOnly ? (
        <p class="banner banner-warning">
          Your settings file could not be opened: changes last until Downwatch quits.
        </p>
      ) : null}
      {view && view.missingSecrets.length > 0 ? (
        <p class="banner banner-warning">
          A source needs a credential ({view.missingSecrets.join(', ')}): add it in Settings.
        </p>
      ) : null}
      {problem ? (
        <p class="banner banner-warning" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
