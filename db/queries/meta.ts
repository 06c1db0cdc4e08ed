import { prepared, type AppDb } from '../connection';

// Device-level key/value settings (local_meta). Keys are a closed set so typos fail to compile.
export type MetaKey =
  | 'device_id'
  | 'current_user_id'
  | 'current_workspace_id'
  | 'last_hlc'
  | 'demo_seeded_at'
  | 'sync_settings'
  | 'sync_pull_state'
  | 'sync_status'
  | 'local_workspace_id'
  | 'sync_password_enc'
  | 'sync_refetch'
  | 'sync_bulk_load'
  /** JSON { workspaceId: signature } of the thresholds and zone each workspace's RFM scores were computed with. */
  | 'rfm_basis';

export function getMeta(db: AppDb, key: MetaKey): string | null {
  const row = prepared(db, 'SELECT value FROM local_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: AppDb, key: MetaKey, value: string): void {
  prepared(db, 'INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function deleteMeta(db: AppDb, key: MetaKey): void {
  prepared(db, 'DELETE FROM local_meta WHERE key = ?').run(key);
}

/** The newest HLC this device has issued, so a restarted clock never goes backwards. */
export function lastIssuedHlc(db: AppDb): string | null {
  const row = prepared(db, 'SELECT max(hlc) AS hlc FROM outbox').get() as { hlc: string | null };
  const stored = getMeta(db, 'last_hlc');
  if (row.hlc && stored) return row.hlc > stored ? row.hlc : stored;
  return row.hlc ?? stored;
}
