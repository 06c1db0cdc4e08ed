// Where the sync password lives: encrypted by the OS keychain (Electron safeStorage) and refused
// when the only backend would keep it as plain text; in host mode an environment variable or a
// file only its owner can read; never in the sync settings themselves.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostSecretStore, readHostPassword, SafeStorageSecretStore, type SafeStorageLike } from '../../electron/main/sync/secrets';
import { createTestApp } from './helpers';

/** A stand-in for Electron's safeStorage: "encrypts" by reversing and tagging, reports a backend. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (plain: string) => {
      fake.encrypted++;
      return Buffer.from(`enc:${[...plain].reverse().join('')}`);
    },
    decryptStringAsync: async (buf: Buffer) => {
      const text = buf.toString();
      if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
      return { result: [...text.slice(4)].reverse().join('') };
    },
    getSelectedStorageBackend: () => backend,
  };
  return fake;
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('keychain password store', () => {
  it('keeps the password encrypted in the database, never in plain text', async () => {
    const { ctx } = await createTestApp();
    const safe = fakeSafeStorage('gnome_libsecret');
    const store = new SafeStorageSecretStore(ctx.db, safe, 'linux');
    expect(await store.info()).toMatchObject({ canPersist: true, where: 'the system keyring', reason: null });
    expect(await store.set('hunter2-long-password', true)).toBe('keychain');
    const stored = ctx.db.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync_password_enc'").pluck().get() as string;
    expect(Buffer.from(stored, 'base64').toString()).not.toContain('hunter2-long-password');
    const dump = (ctx.db.sqlite.prepare('SELECT group_concat(value) FROM local_meta').pluck().get() as string) ?? '';
    expect(dump).not.toContain('hunter2-long-password');
    // A new process (a new store on the same database) gets it back through the keychain.
    expect(await new SafeStorageSecretStore(ctx.db, safe, 'linux').get()).toEqual({ password: 'hunter2-long-password', source: 'keychain' });
    await store.clear();
    expect(await new SafeStorageSecretStore(ctx.db, safe, 'linux').get()).toBeNull();
  });

  it('refuses to store it when the only backend is plain text, says why, and keeps it for the session', async () => {
    const { ctx } = await createTestApp();
    const safe = fakeSafeStorage('basic_text');
    const store = new SafeStorageSecretStore(ctx.db, safe, 'linux');
    const info = await store.info();
    expect(info.canPersist).toBe(false);
    expect(info.reason).toMatch(/no keyring.*readable text.*session only/);
    expect(await store.set('session-only-password', true)).toBe('session');
    expect(safe.encrypted).toBe(0);
    expect(ctx.db.sqlite.prepare("SELECT count(*) FROM local_meta WHERE key = 'sync_password_enc'").pluck().get()).toBe(0);
    expect(await store.get()).toEqual({ password: 'session-only-password', source: 'session' });
    // Restart: gone, as promised.
    expect(await new SafeStorageSecretStore(ctx.db, safe, 'linux').get()).toBeNull();
  });

  it('keeps it for the session when asked not to remember, and when the keychain is unavailable', async () => {
    const { ctx } = await createTestApp();
    const store = new SafeStorageSecretStore(ctx.db, fakeSafeStorage('kwallet5'), 'linux');
    expect(await store.set('not-remembered-pw', false)).toBe('session');
    expect(ctx.db.sqlite.prepare("SELECT count(*) FROM local_meta WHERE key = 'sync_password_enc'").pluck().get()).toBe(0);
    const locked = new SafeStorageSecretStore(ctx.db, fakeSafeStorage('gnome_libsecret', false), 'linux');
    expect((await locked.info()).reason).toMatch(/not available right now/);
    expect(await locked.set('x-password-123', true)).toBe('session');
  });
});

describe('host password store', () => {
  it('reads CONVIO_PG_PASSWORD', async () => {
    expect(await new HostSecretStore({ CONVIO_PG_PASSWORD: 'from-env-123' }).get()).toEqual({ password: 'from-env-123', source: 'environment' });
    expect(await new HostSecretStore({}).get()).toBeNull();
  });

  it('reads a 0600 file and refuses one others can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convio-secret-'));
    dirs.push(dir);
    const file = join(dir, 'pg-password');
    writeFileSync(file, 'from-file-password\n');
    chmodSync(file, 0o644);
    expect(() => readHostPassword({ CONVIO_PG_PASSWORD_FILE: file })).toThrow(/can be read by other users \(mode 644\); run `chmod 600/);
    chmodSync(file, 0o600);
    expect(readHostPassword({ CONVIO_PG_PASSWORD_FILE: file })).toEqual({ password: 'from-file-password', source: 'file' });
    expect(() => readHostPassword({ CONVIO_PG_PASSWORD_FILE: join(dir, 'missing') })).toThrow(/cannot be read/);
  });

  it('never writes a password anywhere: a typed one lasts until the host stops', async () => {
    const store = new HostSecretStore({});
    expect((await store.info()).canPersist).toBe(false);
    expect(await store.set('typed-password-1')).toBe('session');
    expect(await store.get()).toEqual({ password: 'typed-password-1', source: 'session' });
    expect(await new HostSecretStore({}).get()).toBeNull();
  });
});
