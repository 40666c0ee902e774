import { useState } from 'preact/hooks';
import { api, errorText } from '../../api.js';

export function Credentials({
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
