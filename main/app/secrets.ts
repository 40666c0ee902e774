import { safeStorage } from 'electron';
import type { Logger } from '../monitor/logger.js';
import { silentLogger } from '../monitor/logger.js';
import type { SecretResolver } from '../monitor/secrets.js';
import { secretNameSchema } from '../desktop/settings/schema.js';

/**
 * The app's secrets (crowd API credentials), encrypted with Electron's safeStorage (the OS
 * keychain, DPAPI, or the Secret Service on Linux) and kept base64-encoded in the settings'
 * `secrets` (settings/schema.ts). A `{ "env": NAME }` reference resolves from the stored value
 * first and the environment second, so an exported config works in the CLI with NAME set.
 *
 * Never stores plain text: without encryption a secret is refused, with the environment named
 * as the way to give it. On Linux that includes safeStorage's `basic_text` backend, which
 * "encrypts" with a password hard-coded in Chromium (electron/electron docs, safeStorage):
 * obfuscation, not protection. Values are never logged; names are.
 *
 * safeStorage's synchronous calls are deprecated (Electron 45) and the engine's resolver is
 * synchronous, so stored secrets are decrypted ahead of time: `unlock` before the monitor
 * starts, and a blob the resolver meets undecrypted (one stored or imported since) is decrypted
 * in the background, the environment answering until it is.
 */

export interface SecretVaultDeps {
  /** The stored blob for NAME (settings.secrets[NAME]), base64. */
  readonly read: (name: string) => string | undefined;
  /** Keeps the blob for NAME (an update of settings.secrets). */
  readonly write: (name: string, base64: string) => void | Promise<void>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  /** For the `basic_text` check; defaults to process.platform. */
  readonly platform?: NodeJS.Platform;
}

export interface SecretVault {
  /** For the engine (MonitorDeps.secrets). */
  readonly resolver: SecretResolver;
  /** Decrypts the stored secrets of these names, so the resolver has them from the first check. */
  unlock(names: Iterable<string>): Promise<void>;
  /** Encrypts and keeps a secret; rejects, writing nothing, when encryption is unavailable. */
  store(name: string, plaintext: string): Promise<void>;
}

export function createSecretVault(deps: SecretVaultDeps): SecretVault {
  const logger = deps.logger ?? silentLogger;
  const platform = deps.platform ?? process.platform;
  const decrypted = new Map<string, { readonly blob: string; readonly value: string }>();
  const pending = new Map<string, Promise<void>>();
  const warned = new Set<string>();
  // Blobs that would not decrypt are not tried again on every poll; a new blob is.
  const failed = new Set<string>();

  const cached = (name: string, blob: string): string | undefined => {
    const entry = decrypted.get(name);
    return entry?.blob === blob ? entry.value : undefined;
  };

  const decrypt = (name: string, blob: string): Promise<void> => {
    const key = `${name}\n${blob}`;
    const running = pending.get(key);
    if (running) return running;
    if (failed.has(key)) return Promise.resolve();
    const task = (async () => {
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
        decrypted.set(name, { blob, value: result });
        if (shouldReEncrypt) await reEncrypt(name, result);
      } catch (error) {
        failed.add(key);
        // A keyring that changed or is locked: the environment may still have it. Said once.
        if (!warned.has(name)) {
          warned.add(name);
          logger.warn('secrets: could not decrypt a stored secret; using the environment', {
            name,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      } finally {
        pending.delete(key);
      }
    })();
    pending.set(key, task);
    return task;
  };

  /** The key was rotated (safeStorage said so): keep the secret under the new one. */
  const reEncrypt = async (name: string, value: string): Promise<void> => {
    try {
      const blob = await encryptSecret(value, { platform, name });
      await deps.write(name, blob);
      decrypted.set(name, { blob, value });
      logger.info('secrets: re-encrypted with the current key', { name });
    } catch (error) {
      logger.warn('secrets: could not re-encrypt a secret', {
        name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  return {
    resolver: (ref) => {
      if (typeof ref === 'string') return ref;
      const blob = deps.read(ref.env);
      if (blob !== undefined) {
        const stored = cached(ref.env, blob);
        if (stored !== undefined && stored !== '') return stored;
        if (stored === undefined) void decrypt(ref.env, blob);
      }
      const value = deps.env[ref.env];
      return value === undefined || value === '' ? undefined : value;
    },
    async unlock(names) {
      const work: Promise<void>[] = [];
      for (const name of names) {
        const blob = deps.read(name);
        if (blob !== undefined && cached(name, blob) === undefined) work.push(decrypt(name, blob));
      }
      await Promise.all(work);
    },
    async store(name, plaintext) {
      if (!secretNameSchema.safeParse(name).success) {
        throw new Error(`"${name}" is not a secret name: expected a name such as DOWNDETECTOR_SECRET`);
      }
      const blob = await encryptSecret(plaintext, { platform, name });
      await deps.write(name, blob);
      decrypted.set(name, { blob, value: plaintext });
      logger.info('secrets: stored', { name });
    },
  };
}

/**
 * safeStorage's encryption of `plaintext`, base64: what settings.secrets holds. Rejects when
 * the system offers no real encryption; `name`, when given, is suggested as the variable to set.
 */
export async function encryptSecret(
  plaintext: string,
  options: { readonly platform?: NodeJS.Platform; readonly name?: string } = {},
): Promise<string> {
  const why = await encryptionUnavailable(options.platform ?? process.platform);
  if (why !== undefined) {
    const instead =
      options.name === undefined
        ? 'give it through the environment instead'
        : `set the environment variable ${options.name} instead`;
    throw new Error(
      `Cannot store the secret: ${why}, and secrets are never saved in plain text; ${instead}.`,
    );
  }
  return (await safeStorage.encryptStringAsync(plaintext)).toString('base64');
}

/** Why secrets cannot be encrypted here, or undefined when they can. */
export async function encryptionUnavailable(
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'this system offers no encryption for it';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no system keyring (GNOME Keyring, KWallet) is available to encrypt it';
  }
  return undefined;
}
