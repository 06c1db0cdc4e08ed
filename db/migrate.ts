// Applies drizzle-kit's SQL migrations with our own bookkeeping so we can (a) refuse to run when the
// applied history and the migration files disagree, and (b) back the file up before upgrading it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';

export interface MigrationFile {
  index: number;
  tag: string;
  hash: string;
  statements: string[];
}

export interface AppliedMigration {
  id: number;
  tag: string;
  hash: string;
  appliedAt: string;
}

export class MigrationMismatchError extends Error {
  override name = 'MigrationMismatchError';
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function readMigrationFiles(folder: string): MigrationFile[] {
  const journalPath = join(folder, 'meta', '_journal.json');
  if (!existsSync(journalPath)) throw new Error(`No migrations journal at ${journalPath}`);
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  return journal.entries
    .slice()
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const sqlText = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
      return {
        index: entry.idx,
        tag: entry.tag,
        hash: createHash('sha256').update(sqlText).digest('hex'),
        statements: sqlText
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    });
}

export function readAppliedMigrations(sqlite: Database.Database): AppliedMigration[] {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  return sqlite
    .prepare('SELECT id, tag, hash, applied_at AS appliedAt FROM _migrations ORDER BY id')
    .all() as AppliedMigration[];
}

/** Throws MigrationMismatchError with a message a user can act on when history and files disagree. */
export function checkMigrationHistory(applied: AppliedMigration[], files: MigrationFile[], dbLabel: string): void {
  applied.forEach((row, i) => {
    const file = files[i];
    if (!file) {
      throw new MigrationMismatchError(
        `The database ${dbLabel} was upgraded by a newer version of Convio Console (it has migration ` +
          `"${row.tag}", which this version does not know). Install the newer version, or restore a backup ` +
          `from the "backups" folder next to the database.`,
      );
    }
    if (file.tag !== row.tag) {
      throw new MigrationMismatchError(
        `The database ${dbLabel} has migration "${row.tag}" at position ${i + 1}, but this version expects ` +
          `"${file.tag}" there. The database and the app come from different histories; restore a backup or ` +
          `use the matching app version.`,
      );
    }
    if (file.hash !== row.hash) {
      throw new MigrationMismatchError(
        `Migration "${row.tag}" was changed after it was applied to ${dbLabel} (applied ${row.hash.slice(0, 12)}, ` +
          `file ${file.hash.slice(0, 12)}). Migrations are append-only: restore the original file and ship a ` +
          `corrective migration instead.`,
      );
    }
  });
}

export interface MigrateOptions {
  migrationsFolder: string;
  /** Path of the database file; backups go to <dir>/backups. Omit for in-memory databases. */
  filePath?: string;
  /** Apply only up to and including this tag (tests of a previous version). */
  upTo?: string;
  keepBackups?: number;
  now?: () => Date;
}

export interface MigrateResult {
  applied: string[];
  backupPath: string | null;
}

export async function migrate(sqlite: Database.Database, options: MigrateOptions): Promise<MigrateResult> {
  const files = readMigrationFiles(options.migrationsFolder);
  const applied = readAppliedMigrations(sqlite);
  checkMigrationHistory(applied, files, options.filePath ?? 'in memory');

  let pending = files.slice(applied.length);
  if (options.upTo) {
    const stop = pending.findIndex((f) => f.tag === options.upTo);
    pending = stop === -1 ? [] : pending.slice(0, stop + 1);
  }
  if (pending.length === 0) return { applied: [], backupPath: null };

  let backupPath: string | null = null;
  if (options.filePath && applied.length > 0) {
    backupPath = await backupBeforeMigration(sqlite, options.filePath, pending[0]!.tag, options);
  }

  // Table rebuilds in drizzle migrations need foreign keys off; that pragma is a no-op inside a
  // transaction, so it is switched here and the result checked before switching back.
  sqlite.pragma('foreign_keys = OFF');
  try {
    const insert = sqlite.prepare('INSERT INTO _migrations (id, tag, hash, applied_at) VALUES (?, ?, ?, ?)');
    for (const file of pending) {
      sqlite.transaction(() => {
        for (const statement of file.statements) sqlite.exec(statement);
        const violations = sqlite.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new Error(`Migration ${file.tag} leaves ${violations.length} foreign key violation(s)`);
        }
        insert.run(file.index + 1, file.tag, file.hash, (options.now?.() ?? new Date()).toISOString());
      })();
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  return { applied: pending.map((f) => f.tag), backupPath };
}

async function backupBeforeMigration(
  sqlite: Database.Database,
  filePath: string,
  firstPendingTag: string,
  options: MigrateOptions,
): Promise<string> {
  const dir = join(dirname(filePath), 'backups');
  mkdirSync(dir, { recursive: true });
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const base = basename(filePath).replace(/\.[^.]+$/, '');
  const target = join(dir, `${base}-before-${firstPendingTag}-${stamp}.sqlite`);
  await sqlite.backup(target);
  pruneBackups(dir, base, options.keepBackups ?? 3);
  return target;
}

function pruneBackups(dir: string, base: string, keep: number): void {
  const ours = readdirSync(dir)
    .filter((name) => name.startsWith(`${base}-before-`) && name.endsWith('.sqlite'))
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || b.name.localeCompare(a.name));
  for (const old of ours.slice(keep)) unlinkSync(join(dir, old.name));
}
