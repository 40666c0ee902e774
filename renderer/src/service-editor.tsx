import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConfigIssue } from '../../main/monitor/config/issues.js';
import type { SettingsEditResult } from '../../main/shared/settings-view.js';
import { api, errorText } from './api.js';
import {
  emptySource,
  idFromName,
  placeIssues,
  serviceFromDraft,
  type FieldKey,
  type ServiceDraft,
  type SourceDraft,
} from './service-draft.js';
import { settings } from './store.js';

/** Validation waits for a pause in typing. */
const VALIDATE_AFTER_MS = 300;

/**
 * A service's name, id and sources, with the engine's own messages beside the fields they name:
 * the draft is checked by `config:validate` (the CLI's parser) as the person types, and saved
 * only when main accepts it.
 */
export function ServiceEditor({
  initial,
  submitLabel,
  onSubmit,
}: {
  initial: ServiceDraft;
  submitLabel: string;
  onSubmit: (service: Record<string, unknown>) => Promise<SettingsEditResult>;
}) {
  const [draft, setDraft] = useState(initial);
  const [issues, setIssues] = useState<readonly ConfigIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const touched = useRef(false);
  const types = settings.value?.sourceTypes ?? [];

  useEffect(() => {
    if (!touched.current) return;
    const timer = setTimeout(() => {
      const built = serviceFromDraft(draft);
      if (!built.ok) {
        setIssues(built.issues);
        return;
      }
      api
        .configValidate({ version: 1, services: [built.service] })
        .then(setIssues, (error: unknown) => setProblem(errorText(error)));
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  const change = (next: Partial<ServiceDraft>): void => {
    touched.current = true;
    setDraft((current) => {
      const merged = { ...current, ...next };
      return merged.idEdited ? merged : { ...merged, id: idFromName(merged.name) };
    });
  };
  const changeSource = (index: number, next: Partial<SourceDraft>): void =>
    change({ sources: draft.sources.map((source, at) => (at === index ? { ...source, ...next } : source)) });

  const placed = placeIssues(issues);
  const messages = (key: FieldKey) => placed.get(key) ?? [];

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    touched.current = true;
    const built = serviceFromDraft(draft);
    if (!built.ok) {
      setIssues(built.issues);
      return;
    }
    setSaving(true);
    setProblem(undefined);
    try {
      const result = await onSubmit(built.service);
      if (!result.ok) setIssues(result.issues);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="editor" onSubmit={(event) => void submit(event)} noValidate>
      <Field label="Name" messages={messages('name')}>
        {(props) => (
          <input
            {...props}
            value={draft.name}
            onInput={(event) => change({ name: event.currentTarget.value })}
          />
        )}
      </Field>
      <Field label="Id" hint="lowercase letters, digits and dashes" messages={messages('id')}>
        {(props) => (
          <input
            {...props}
            value={draft.id}
            onInput={(event) => change({ id: event.currentTarget.value, idEdited: true })}
          />
        )}
      </Field>
      <h3>Sources</h3>
      {messages('form').map((message) => (
        <p key={message} class="field-error" role="alert">
          {message}
        </p>
      ))}
      {draft.sources.map((source, index) => (
        <fieldset key={index} class="source-fields">
          <legend>Source {index + 1}</legend>
          <Field label="Type" messages={messages(`sources.${index}.type`)}>
            {(props) => (
              <select
                {...props}
                value={source.type}
                onChange={(event) => changeSource(index, { type: event.currentTarget.value })}
              >
                {types.map((info) => (
                  <option key={info.type} value={info.type}>
                    {info.title}
                  </option>
                ))}
                {types.some((info) => info.type === source.type) ? null : (
                  <option value={source.type}>{source.type}</option>
                )}
              </select>
            )}
          </Field>
          <Field label="URL" messages={messages(`sources.${index}.url`)}>
            {(props) => (
              <input
                {...props}
                type="url"
                value={source.url}
                placeholder="https://"
                onInput={(event) => changeSource(index, { url: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Label" hint="optional" messages={messages(`sources.${index}.label`)}>
            {(props) => (
              <input
                {...props}
                value={source.label}
                onInput={(event) => changeSource(index, { label: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field
            label="Other fields (JSON)"
            hint={`rules, headers, intervalSeconds: { "bodyMustNotContain": ["Something went wrong"] }`}
            messages={messages(`sources.${index}.extra`)}
          >
            {(props) => (
              <textarea
                {...props}
                rows={3}
                spellcheck={false}
                value={source.extra}
                onInput={(event) => changeSource(index, { extra: event.currentTarget.value })}
              />
            )}
          </Field>
          <button
            type="button"
            class="link-button"
            onClick={() => change({ sources: draft.sources.filter((_, at) => at !== index) })}
          >
            Remove source {index + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="button"
        onClick={() => change({ sources: [...draft.sources, emptySource()] })}
      >
        Add a source
      </button>
      {problem ? (
        <p class="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

let nextFieldId = 0;

/** A labelled control with its hint and the engine's messages, tied together for screen readers. */
function Field({
  label,
  hint,
  messages,
  children,
}: {
  label: string;
  hint?: string;
  messages: readonly string[];
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => preact.JSX.Element;
}) {
  const [id] = useState(() => `field-${++nextFieldId}`);
  const describedBy = [hint ? `${id}-hint` : '', messages.length > 0 ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({
        id,
        'aria-invalid': messages.length > 0,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      ) : null}
      {messages.length > 0 ? (
        <span id={`${id}-error`} class="field-error">
          {messages.join('; ')}
        </span>
      ) : null}
    </div>
  );
}
