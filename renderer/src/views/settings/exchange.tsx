import type { ExchangeResult } from '../../../../main/shared/settings-view.js';
import { api, errorText } from '../../api.js';

export function Exchange({ onMessage }: { onMessage: (text: string, error?: boolean) => void }) {
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
