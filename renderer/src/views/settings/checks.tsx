/** How sure Downwatch must be before a change counts (the config's `confirm`), and how many checks at once. */
export function Checks({
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
