import { useState } from 'preact/hooks';
import { api, editSettings } from '../api.js';
import { draftFromService } from '../service-draft.js';
import { ServiceEditor } from '../service-editor.js';
import { navigate, settings } from '../store.js';
import { Header } from './header.js';

/** Edit one watched service as written in the settings (not as the engine filled it in), or remove it. */
export function EditService({ id }: { id: string }) {
  const view = settings.value;
  const [problem, setProblem] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const services = Array.isArray(view?.monitor.services) ? (view.monitor.services as unknown[]) : [];
  const written = services.find((service) => (service as { id?: unknown }).id === id);
  if (!view || written === undefined) {
    return (
      <main class="view">
        <Header title="Edit service" back />
        <p class="empty">This service is no longer watched.</p>
      </main>
    );
  }
  const remove = (): void => {
    void editSettings({ kind: 'remove-service', serviceId: id }).then((problem) => {
      if (problem === undefined) navigate({ view: 'overview' });
      else setProblem(problem);
    });
  };
  return (
    <main class="view" aria-labelledby="edit-title">
      <Header title="Edit service" back />
      <div class="scroll">
        <h2 id="edit-title" class="visually-hidden">
          Edit service
        </h2>
        <ServiceEditor
          initial={draftFromService(written)}
          submitLabel="Save"
          onSubmit={async (service) => {
            const result = await api.settingsEdit({ kind: 'replace-service', serviceId: id, service });
            if (result.ok) navigate({ view: 'service', id: String(service.id) });
            return result;
          }}
        />
        <section class="danger">
          {confirming ? (
            <p>
              Stop watching this service?{' '}
              <button type="button" class="button danger-button" onClick={remove}>
                Remove
              </button>{' '}
              <button type="button" class="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </p>
          ) : (
            <button type="button" class="button danger-button" onClick={() => setConfirming(true)}>
              Remove this service
            </button>
          )}
          {problem ? (
            <p class="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </section>
      </div>
    </main>
  );
}
