// Where the sync password lives. The desktop app keeps it encrypted by the OS (Electron
// safeStorage) and refuses when the only backend would store it as plain text; the headless host
// reads it from an environment variable or a file only its owner can read. Either way a password
// typed into the Sync screen can be kept in memory for the session instead.
import { readFileSync, statSync } from 'node:fs';
import type { PasswordSource, SecretStoreInfo } from '../../../shared/api/sync';
import type { AppDb } from '../../../db/connection';
import { deleteMeta, getMeta, setMeta } from '../../../db/queries/meta';

export interface StoredPassword {
  password: string;
  source: Exclude<PasswordSource, null>;
}

export interface SecretStore {
  info(): Promise<SecretStoreInfo>;
  /** The password to use now: the session's, else the persisted one. */
  get(): Promise<StoredPassword | null>;
  /** Keeps a password: persisted when asked and possible, else for this session only. */
  set(password: string, remember: boolean): Promise<Exclude<PasswordSource, null>>;
  clear(): Promise<void>;
}

/** The slice of Electron's safeStorage this module uses (a fake in tests). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plain: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  getSelectedStorageBackend?(): string;
}

const PLAINTEXT_REASON =
  'This computer has no keyring Convio Console can use (such as GNOME Keyring or KWallet), so the password could only be saved as readable text. It is kept for this session only; install or unlock a keyring to have it remembered.';

export class SafeStorageSecretStore implements SecretStore {
  private session: string | null = null;

  constructor(
    private readonly db: AppDb,
    private readonly safe: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  async info(): Promise<SecretStoreInfo> {
    const where = this.platform === 'darwin' ? 'the macOS Keychain' : this.platform === 'win32' ? 'Windows (DPAPI)' : 'the system keyring';
    if (this.platform === 'linux' && this.safe.getSelectedStorageBackend?.() === 'basic_text') return { canPersist: false, where, reason: PLAINTEXT_REASON };
    if (!(await this.safe.isAsyncEncryptionAvailable())) {
      return { canPersist: false, where, reason: 'The system keychain is not available right now, so the password is kept for this session only.' };
    }
    return { canPersist: true, where, reason: null };
  }

  async get(): Promise<StoredPassword | null> {
    if (this.session !== null) return { password: this.session, source: 'session' };
    const stored = getMeta(this.db, 'sync_password_enc');
    if (!stored || !(await this.info()).canPersist) return null;
    try {
      const { result } = await this.safe.decryptStringAsync(Buffer.from(stored, 'base64'));
      return { password: result, source: 'keychain' };
    } catch {
      return null; // the keychain entry changed (another OS user, a reset keyring): ask again
    }
  }

  async set(password: string, remember: boolean): Promise<Exclude<PasswordSource, null>> {
    const info = await this.info();
    if (remember && info.canPersist) {
      const encrypted = await this.safe.encryptStringAsync(password);
      setMeta(this.db, 'sync_password_enc', encrypted.toString('base64'));
      this.session = null;
      return 'keychain';
    }
    deleteMeta(this.db, 'sync_password_enc');
    this.session = password;
    return 'session';
  }

  async clear(): Promise<void> {
    this.session = null;
    deleteMeta(this.db, 'sync_password_enc');
  }
}

export const PASSWORD_ENV = 'CONVIO_PG_PASSWORD';
export const PASSWORD_FILE_ENV = 'CONVIO_PG_PASSWORD_FILE';

/** The headless host: never writes a password anywhere; reads it from the environment or a 0600 file. */
export class HostSecretStore implements SecretStore {
  private session: string | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async info(): Promise<SecretStoreInfo> {
    return {
      canPersist: false,
      where: `${PASSWORD_ENV} or a file named by ${PASSWORD_FILE_ENV}`,
      reason: `The browser console does not store passwords. Set ${PASSWORD_ENV}, or ${PASSWORD_FILE_ENV} pointing at a file only you can read (chmod 600), before \`npm run serve\`; a password typed here is kept until the host stops.`,
    };
  }

  async get(): Promise<StoredPassword | null> {
    if (this.session !== null) return { password: this.session, source: 'session' };
    return readHostPassword(this.env);
  }

  async set(password: string): Promise<Exclude<PasswordSource, null>> {
    this.session = password;
    return 'session';
  }

  async clear(): Promise<void> {
    this.session = null;
  }
}

/** The password from CONVIO_PG_PASSWORD, or from the file CONVIO_PG_PASSWORD_FILE names (mode 0600 or stricter). */
export function readHostPassword(env: NodeJS.ProcessEnv): StoredPassword | null {
  const file = env[PASSWORD_FILE_ENV];
  if (file) {
    let mode: number;
    try {
      mode = statSync(file).mode;
    } catch {
      throw new Error(`${PASSWORD_FILE_ENV} names ${file}, which cannot be read.`);
    }
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new Error(`${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${file}\` so only you can read it.`);
    }
    const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (!password) throw new Error(`${file} is empty.`);
    return { password, source: 'file' };
  }
  const value = env[PASSWORD_ENV];
  return value ? { password: value, source: 'environment' } : null;
}

/** Session-only (tests, and anywhere nothing may be persisted). */
export class MemorySecretStore implements SecretStore {
  private value: string | null = null;
  async info(): Promise<SecretStoreInfo> {
    return { canPersist: false, where: 'memory', reason: 'Kept for this session only.' };
  }
  async get(): Promise<StoredPassword | null> {
    return this.value === null ? null : { password: this.value, source: 'session' };
  }
  async set(password: string): Promise<Exclude<PasswordSource, null>> {
    this.value = password;
    return 'session';
  }
  async clear(): Promise<void> {
    this.value = null;
  }
}
