import { api, errorText } from '../../api.js';
import { clockTime } from '../../format.js';
import { now, snoozedUntil } from '../../store.js';

const HOUR_MS = 3_600_000;

export function Snooze({ onError }: { onError: (text: string) => void }) {
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
