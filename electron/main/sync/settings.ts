// The sync connection of this device (local_meta, never the password: see secrets.ts).
import type { SyncConnectionView } from '../../../shared/api/sync';
import type { AppDb } from '../../../db/connection';
import { deleteMeta, getMeta, setMeta } from '../../../db/queries/meta';

export function readConnection(db: AppDb): SyncConnectionView | null {
  const raw = getMeta(db, 'sync_settings');
  if (!raw) return null;
  const v = JSON.parse(raw) as Partial<SyncConnectionView>;
  if (!v.host || !v.database || !v.user) return null;
  return { host: v.host, port: v.port ?? 5432, database: v.database, user: v.user, sslMode: v.sslMode ?? 'require', enabled: v.enabled ?? true };
}

/** Same server and same login: the pull cursor and what was synced stay valid. */
export function sameEndpoint(a: SyncConnectionView | null, b: SyncConnectionView): boolean {
  return !!a && a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.database === b.database && a.user === b.user;
}

/**
 * Saves the connection. Pointing the device at another server or login starts the download over
 * (the change positions of one server mean nothing on another, and another login sees other rows).
 */
export function writeConnection(db: AppDb, next: SyncConnectionView): { endpointChanged: boolean } {
  const before = readConnection(db);
  const endpointChanged = !sameEndpoint(before, next);
  setMeta(db, 'sync_settings', JSON.stringify(next));
  if (endpointChanged) {
    deleteMeta(db, 'sync_pull_state');
    deleteMeta(db, 'sync_status');
  }
  return { endpointChanged };
}

export function clearConnection(db: AppDb): void {
  deleteMeta(db, 'sync_settings');
  deleteMeta(db, 'sync_status');
}
