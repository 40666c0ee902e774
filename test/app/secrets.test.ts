import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is the one thing mocked (DESIGN.md, "Habits"): safeStorage with a reversible fake
// cipher (XOR and a marker), so what reaches the settings can be checked for plain text.
const keyring = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  rotated: false,
  asked: [] as string[],
}));
vi.mock('electron', () => ({
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(keyring.available),
    getSelectedStorageBackend: () => keyring.backend,
    encryptStringAsync: (plain: string) => {
      keyring.asked.push('encrypt');
      if (!keyring.available) return Promise.reject(new Error('Encryption is not available.'));
      const marker = keyring.rotated ? 'v12' : 'v11';
      return Promise.resolve(
        Buffer.concat([Buffer.from(marker), Buffer.from(plain).map((byte) => byte ^ 0x5a)]),
      );
    },
    decryptStringAsync: (blob: Buffer) => {
      keyring.asked.push('decrypt');
      const marker = blob.subarray(0, 3).toString();
      if (!keyring.available || (marker !== 'v11' && marker !== 'v12'))
        return Promise.reject(new Error('Error while decrypting the ciphertext'));
      const result = Buffer.from(blob.subarray(3).map((byte) => byte ^ 0x5a)).toString();
      return Promise.resolve({ result, shouldReEncrypt: keyring.rotated && marker === 'v11' });
    },
  },
}));

const { createSecretVault, encryptSecret } = await import('../../main/app/secrets.js');

const SECRET = 'dd-client-secret-4f9a';

interface Logged {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

function harness(env: Record<string, string | undefined> = {}, platform: NodeJS.Platform = 'linux') {
  const stored = new Map<string, string>();
  const logged: Logged[] = [];
  const log =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logged.push({ level, message, fields });
    };
  const vault = createSecretVault({
    read: (name) => stored.get(name),
    write: (name, base64) => {
      stored.set(name, base64);
    },
    env,
    platform,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  });
  return { vault, stored, logged };
}

beforeEach(() => {
  keyring.available = true;
  keyring.backend = 'gnome_libsecret';
  keyring.rotated = false;
  keyring.asked.length = 0;
});

describe('the secret vault', () => {
  it('stores a secret encrypted, base64, and never in plain text', async () => {
    const { vault, stored, logged } = harness();
    await vault.store('DOWNDETECTOR_SECRET', SECRET);

    const blob = stored.get('DOWNDETECTOR_SECRET')!;
    expect(blob).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(blob).not.toContain(SECRET);
    expect(Buffer.from(blob, 'base64').toString('latin1')).not.toContain(SECRET);
    expect(keyring.asked).toEqual(['encrypt']);
    expect(JSON.stringify(logged)).not.toContain(SECRET);
    expect(logged).toEqual([
      { level: 'info', message: 'secrets: stored', fields: { name: 'DOWNDETECTOR_SECRET' } },
    ]);
  });

  it.each([
    ['the stored value over the environment', { stored: SECRET, env: 'from-env' }, SECRET],
    ['the environment when nothing is stored', { stored: undefined, env: 'from-env' }, 'from-env'],
    ['nothing when neither has it', { stored: undefined, env: undefined }, undefined],
    ['nothing for an empty variable', { stored: undefined, env: '' }, undefined],
  ])('resolves { env } to %s', async (_name, given, expected) => {
    const { vault } = harness({ DOWNDETECTOR_SECRET: given.env });
    if (given.stored !== undefined) await vault.store('DOWNDETECTOR_SECRET', given.stored);
    expect(vault.resolver({ env: 'DOWNDETECTOR_SECRET' })).toBe(expected);
  });

  it('passes an inline value through, as the CLI does', () => {
    expect(harness().vault.resolver('inline-value')).toBe('inline-value');
  });

  it('decrypts the blobs of an earlier session on unlock, once, and follows a replaced blob', async () => {
    const { vault, stored } = harness({ TOKEN: 'from-env' });
    stored.set('TOKEN', await encryptSecret('first'));
    keyring.asked.length = 0;
    await vault.unlock(['TOKEN', 'ABSENT']);
    expect(vault.resolver({ env: 'TOKEN' })).toBe('first');
    expect(vault.resolver({ env: 'TOKEN' })).toBe('first');
    expect(keyring.asked).toEqual(['decrypt']);

    // Stored since (by an import, say): the environment answers until it is decrypted.
    stored.set('TOKEN', await encryptSecret('second'));
    expect(vault.resolver({ env: 'TOKEN' })).toBe('from-env');
    await vi.waitFor(() => expect(vault.resolver({ env: 'TOKEN' })).toBe('second'));
  });

  it('re-encrypts a secret under a rotated key', async () => {
    const { vault, stored, logged } = harness();
    stored.set('TOKEN', await encryptSecret('value'));
    keyring.rotated = true;
    await vault.unlock(['TOKEN']);
    expect(Buffer.from(stored.get('TOKEN')!, 'base64').subarray(0, 3).toString()).toBe('v12');
    expect(vault.resolver({ env: 'TOKEN' })).toBe('value');
    expect(logged.map((line) => line.message)).toContain('secrets: re-encrypted with the current key');
  });

  it('falls back to the environment when a stored blob cannot be decrypted, says so once by name, and does not retry it', async () => {
    const { vault, stored, logged } = harness({ TOKEN: 'from-env' });
    stored.set('TOKEN', Buffer.from('garbage').toString('base64'));
    await vault.unlock(['TOKEN']);
    expect(vault.resolver({ env: 'TOKEN' })).toBe('from-env');
    expect(vault.resolver({ env: 'TOKEN' })).toBe('from-env');
    await vault.unlock(['TOKEN']);
    expect(keyring.asked).toEqual(['decrypt']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn', fields: { name: 'TOKEN' } });
  });

  it('refuses to store when encryption is unavailable, writing nothing, and names the variable to set', async () => {
    keyring.available = false;
    const { vault, stored } = harness();
    await expect(vault.store('DOWNDETECTOR_SECRET', SECRET)).rejects.toThrow(
      'Cannot store the secret: this system offers no encryption for it, and secrets are never saved in plain ' +
        'text; set the environment variable DOWNDETECTOR_SECRET instead.',
    );
    expect(stored.size).toBe(0);
    expect(keyring.asked).toEqual([]);
  });

  it("refuses Linux's basic_text backend, a password hard-coded in Chromium", async () => {
    keyring.backend = 'basic_text';
    const { vault, stored } = harness();
    await expect(vault.store('TOKEN', SECRET)).rejects.toThrow(
      /no system keyring \(GNOME Keyring, KWallet\)/,
    );
    expect(stored.size).toBe(0);
  });

  it('asks for the backend on Linux only (elsewhere the OS keychain is always used)', async () => {
    keyring.backend = 'basic_text';
    const { vault, stored } = harness({}, 'darwin');
    await vault.store('TOKEN', SECRET);
    expect(stored.has('TOKEN')).toBe(true);
  });

  it('refuses a name that is not a variable name', async () => {
    const { vault, stored } = harness();
    await expect(vault.store('not a name', SECRET)).rejects.toThrow(/is not a secret name/);
    expect(stored.size).toBe(0);
  });

  it('still resolves from the environment when encryption is unavailable', () => {
    keyring.available = false;
    expect(harness({ TOKEN: 'from-env' }).vault.resolver({ env: 'TOKEN' })).toBe('from-env');
  });
});
