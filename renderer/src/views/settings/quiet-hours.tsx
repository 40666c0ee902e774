import type { AlertSettings, QuietHours } from '../../../../main/monitor/alerts/alert-settings.js';

export function QuietHoursFields({
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
