import Database from 'better-sqlite3';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection';
import { MigrationMismatchError, readMigrationFiles } from '../../db/migrate';
import { leadsPage } from '../../db/queries/leads-page';
import { MIGRATIONS, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function temp() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A copy of the real migrations folder with extra no-op migrations appended, for upgrade tests. */
function migrationsWithExtra(dir: string, extra: number): string {
  const folder = join(dir, 'migrations');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string; when: number; version: string; breakpoints: boolean }[] };
  const start = journal.entries.length;
  for (let i = 0; i < extra; i++) {
    const idx = start + i;
    const tag = `${String(idx).padStart(4, '0')}_extra_${i}`;
    writeFileSync(join(folder, `${tag}.sql`), `CREATE TABLE extra_${i} (id INTEGER PRIMARY KEY);`);
    journal.entries.push({ idx, tag, when: Date.now(), version: '6', breakpoints: true });
  }
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('migrations', () => {
  it('builds an empty database from every migration and records each one', async () => {
    const { db, migration } = await openDatabase({ path: ':memory:', migrationsFolder: MIGRATIONS });
    const files = readMigrationFiles(MIGRATIONS);
    expect(migration.applied).toEqual(files.map((f) => f.tag));
    expect(migration.backupPath).toBeNull();
    const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const t of ['workspaces', 'users', 'workspace_memberships', 'contacts', 'leads', 'lead_events', 'calls', 'call_events', 'appointments', 'appointment_events', 'appointment_routing_rules', 'conversions', 'conversion_events', 'products', 'order_items', 'analytics_events', 'webhook_configs', 'lead_source_providers', 'provider_usage_log', 'workspace_tracking', 'import_batches', 'import_errors', 'outbox', 'local_meta', 'leads_fts']) {
      expect(tables, `table ${t}`).toContain(t);
    }
    const calls = db.sqlite.prepare('PRAGMA table_info(calls)').all() as { name: string }[];
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['traffic_source', 'crm_stage', 'source_of_set_appointment', 'status', 'outcome']));
    const applied = db.sqlite.prepare('SELECT tag, hash FROM _migrations ORDER BY id').all();
    expect(applied).toEqual(files.map((f) => ({ tag: f.tag, hash: f.hash })));
    closeDatabase(db);
  });

  it('upgrades a database from the previous version, taking a backup first, and moves its data into the new index', async () => {
    const dir = temp();
    const path = join(dir, 'convio.sqlite');
    const first = await openDatabase({ path, migrationsFolder: MIGRATIONS, upTo: '0000_init' });
    expect(first.migration.applied).toEqual(['0000_init']);
    const at = '2026-01-02T03:04:05.000Z';
    first.db.sqlite.exec(`
      INSERT INTO workspaces (id, name, created_at, updated_at) VALUES ('00000000-0000-7000-8000-000000000001', 'Acme', '${at}', '${at}');
      INSERT INTO contacts (id, workspace_id, contact_code, first_name, last_name, email, phone, phone_status, created_at, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', '123456', 'Ada', 'Lovelace', 'ada@example.com', '+14155550123', 'valid', '${at}', '${at}');
      INSERT INTO leads (id, workspace_id, contact_id, first_name, last_name, email, phone, created_at, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002', 'Ada', 'Lovelace', 'ada@example.com', '+14155550123', '${at}', '${at}');`);
    closeDatabase(first.db);

    const second = await openDatabase({ path, migrationsFolder: MIGRATIONS });
    expect(second.migration.applied).toEqual(readMigrationFiles(MIGRATIONS).slice(1).map((f) => f.tag));
    expect(second.migration.backupPath).not.toBeNull();
    expect(existsSync(second.migration.backupPath!)).toBe(true);
    // The backup is the database as it was before the upgrade.
    const backup = new Database(second.migration.backupPath!, { readonly: true });
    expect(backup.prepare('SELECT tag FROM _migrations').pluck().all()).toEqual(['0000_init']);
    expect(backup.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(1);
    backup.close();
    // The data-moving part of 0001: existing leads are searchable by name, phone and contact code.
    for (const search of ['lovelace', '415 555', '123456']) {
      const page = leadsPage(second.db, { workspaceId: '00000000-0000-7000-8000-000000000001', search, sort: [{ col: 'createdAt', dir: 'desc' }], filters: {}, limit: 10, includeTotal: true });
      expect(page.total, search).toBe(1);
    }
    closeDatabase(second.db);
  });

  it('takes no backup of a brand-new file and keeps only the last three backups', async () => {
    const dir = temp();
    const folder = migrationsWithExtra(dir, 5);
    const path = join(dir, 'app.sqlite');
    const tags = readMigrationFiles(folder).map((f) => f.tag);
    const first = await openDatabase({ path, migrationsFolder: folder, upTo: tags[1] });
    expect(first.migration.backupPath).toBeNull();
    closeDatabase(first.db);
    for (const tag of tags.slice(2)) {
      const next = await openDatabase({ path, migrationsFolder: folder, upTo: tag });
      expect(next.migration.applied).toEqual([tag]);
      expect(next.migration.backupPath).toContain(`before-${tag}`);
      closeDatabase(next.db);
    }
    const backups = readdirSync(join(dir, 'backups')).sort();
    expect(backups).toHaveLength(3);
    // The newest three: before the last three migrations.
    for (const tag of tags.slice(-3)) expect(backups.some((b) => b.includes(`before-${tag}`))).toBe(true);
  });

  it('refuses to open when an applied migration was edited afterwards', async () => {
    const dir = temp();
    const folder = migrationsWithExtra(dir, 1);
    const path = join(dir, 'app.sqlite');
    closeDatabase((await openDatabase({ path, migrationsFolder: folder })).db);
    const extra = readMigrationFiles(folder).at(-1)!;
    writeFileSync(join(folder, `${extra.tag}.sql`), 'CREATE TABLE extra_0 (id INTEGER PRIMARY KEY, changed TEXT);');
    await expect(openDatabase({ path, migrationsFolder: folder })).rejects.toThrow(MigrationMismatchError);
    await expect(openDatabase({ path, migrationsFolder: folder })).rejects.toThrow(/was changed after it was applied.*append-only/);
  });

  it('refuses to open a database upgraded by a newer version, and says what to do', async () => {
    const dir = temp();
    const newer = migrationsWithExtra(dir, 2);
    const path = join(dir, 'app.sqlite');
    closeDatabase((await openDatabase({ path, migrationsFolder: newer })).db);
    await expect(openDatabase({ path, migrationsFolder: MIGRATIONS })).rejects.toThrow(/newer version of Convio Console.*restore a backup/s);
  });

  it('sets WAL, synchronous=FULL and foreign keys on every open, including a reopen', async () => {
    const dir = temp();
    const path = join(dir, 'app.sqlite');
    for (let i = 0; i < 2; i++) {
      const { db } = await openDatabase({ path, migrationsFolder: MIGRATIONS });
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      closeDatabase(db);
    }
  });

  it('pages leads through the index made for each common sort (no full scan, no sort step)', async () => {
    const { db } = await openDatabase({ path: ':memory:', migrationsFolder: MIGRATIONS });
    const plan = (sql: string) => (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('w', 'x', 'y') as { detail: string }[]).map((r) => r.detail).join(' | ');
    const byName = plan(`SELECT id FROM leads l WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND (l.last_name, l.id) > (?, ?) ORDER BY l.last_name, l.id LIMIT 100`);
    expect(byName).toContain('leads_ws_last_name_idx');
    expect(byName).not.toContain('TEMP B-TREE');
    const byCreated = plan(`SELECT id FROM leads l WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND (l.created_at, l.id) < (?, ?) ORDER BY l.created_at DESC, l.id DESC LIMIT 100`);
    expect(byCreated).toContain('leads_ws_created_idx');
    expect(byCreated).not.toContain('TEMP B-TREE');
    const dedup = (db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE workspace_id = ? AND phone = ? AND phone_status = 'valid' AND deleted_at IS NULL`).all('w', '+1') as { detail: string }[]).map((r) => r.detail).join();
    expect(dedup).toContain('contacts_ws_phone_idx');
    // Start-up work queues and the call drawer's conversion look-up never scan calls or conversions.
    const detail = (sql: string, ...p: unknown[]) => (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(detail(`SELECT id FROM calls WHERE call_day = '' LIMIT 10000`)).toContain('calls_needs_day_idx');
    expect(detail(`SELECT * FROM calls WHERE legacy_mapped_at IS NULL AND deleted_at IS NULL LIMIT 5000`)).toContain('calls_needs_legacy_idx');
    expect(detail(`SELECT id FROM conversions WHERE call_id = ? AND deleted_at IS NULL`, 'x')).toContain('conversions_call_idx');
    // Dashboards read the summaries by their keys.
    expect(detail(`SELECT day, traffic_source, crm_stage, sum(calls) FROM call_stats_daily WHERE workspace_id IN (?) AND day >= ? AND day <= ? GROUP BY 1, 2, 3`, 'w', 'a', 'b')).toMatch(/SEARCH call_stats_daily USING PRIMARY KEY \(workspace_id=\? AND day>\? AND day<\?\)/);
    closeDatabase(db);
  });
});
