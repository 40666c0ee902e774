/**
 * Secrets in a config (crowd API credentials): inline in a CLI config, or `{ "env": "NAME" }`
 * to read them from the environment at check time, so they need not sit in a file. The app
 * stores its own through Electron's safeStorage and resolves them here the same way. Secrets
 * are never logged and never appear in a reading's detail.
 */
export type SecretRef = string | { readonly env: string };

export type SecretResolver = (ref: SecretRef) => string | undefined;

/** Inline values as given; `{ env }` from the given environment. */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): SecretResolver {
  return (ref) => {
    if (typeof ref === 'string') return ref;
    const value = env[ref.env];
    return value === undefined || value === '' ? undefined : value;
  };
}

/** Where a secret comes from, for messages: never the value itself. */
export function describeSecret(ref: SecretRef): string {
  return typeof ref === 'string' ? 'the value in the config' : `the environment variable ${ref.env}`;
}

/** Per-source memory the engine keeps between polls (a token, the newest post seen, counts). */
export interface SourceMemory {
  get(): unknown;
  set(value: unknown): void;
}

export function createMemory(): SourceMemory {
  let value: unknown;
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
  };
}
