import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type MigrateResult } from './migrate';
import * as schema from './schema';

export type Orm = BetterSQLite3Database<typeof schema>;

/** One open database: the raw better-sqlite3 handle for hot paths, drizzle for the ordinary queries. */
export interface AppDb {
  readonly sqlite: Database.Database;
  readonly orm: Orm;
  /** File path, or ':memory:'. */
  readonly path: string;
  /** Prepared statements by SQL text, so hot paths don't re-prepare. */
  readonly statements: Map<string, Database.Statement>;
}

/**
 * FULL: a committed change survives power loss, not only an app crash. Costs one extra fsync per
 * commit in WAL mode, which bulk paths amortize by batching rows per transaction.
 */
export const SYNCHRONOUS_LEVEL = 'FULL';

export interface OpenOptions {
  path: string;
  migrationsFolder: string;
  readonly?: boolean;
  upTo?: string;
  keepBackups?: number;
}

export interface OpenResult {
  db: AppDb;
  migration: MigrateResult;
}

/** Pragmas that are per connection: set them on every open, never trust the file's last state. */
export function applyConnectionPragmas(sqlite: Database.Database): void {
  if (sqlite.name !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${SYNCHRONOUS_LEVEL}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
}

export async function openDatabase(options: OpenOptions): Promise<OpenResult> {
  const inMemory = options.path === ':memory:';
  if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
  if (options.readonly && !inMemory && !existsSync(options.path)) {
    throw new Error(`Database file not found: ${options.path}`);
  }
  const sqlite = new Database(options.path, { readonly: options.readonly ?? false });
  try {
    applyConnectionPragmas(sqlite);
    const migration = options.readonly
      ? { applied: [], backupPath: null }
      : await migrate(sqlite, {
          migrationsFolder: options.migrationsFolder,
          ...(inMemory ? {} : { filePath: options.path }),
          ...(options.upTo ? { upTo: options.upTo } : {}),
          ...(options.keepBackups ? { keepBackups: options.keepBackups } : {}),
        });
    return { db: wrap(sqlite, options.path), migration };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

export function wrap(sqlite: Database.Database, path: string): AppDb {
  return { sqlite, orm: drizzle(sqlite, { schema }), path, statements: new Map() };
}

const STATEMENT_CACHE_SIZE = 300;

/** A cached prepared statement. The cache is LRU-bounded: grid filters produce many SQL shapes. */
export function prepared(db: AppDb, sqlText: string): Database.Statement {
  let stmt = db.statements.get(sqlText);
  if (stmt) {
    db.statements.delete(sqlText);
  } else {
    stmt = db.sqlite.prepare(sqlText);
    if (db.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = db.statements.keys().next().value;
      if (oldest !== undefined) db.statements.delete(oldest);
    }
  }
  db.statements.set(sqlText, stmt);
  return stmt;
}

export function closeDatabase(db: AppDb): void {
  db.statements.clear();
  if (db.sqlite.open) db.sqlite.close();
}
