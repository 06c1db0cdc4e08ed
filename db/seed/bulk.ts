import type Database from 'better-sqlite3';
import { prepared, type AppDb } from '../connection';

/**
 * Bulk rows for seeding: many rows per transaction (one fsync per batch, not per row), statements
 * cached by column shape. Bypasses the outbox on purpose: only for local-only data (the demo set).
 */
export class BulkWriter {
  private pending = 0;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: AppDb,
    private readonly batchSize = 20_000,
  ) {}

  row(table: string, values: Record<string, unknown>): void {
    const columns = Object.keys(values);
    const key = `${table}|${columns.join(',')}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      stmt = this.db.sqlite.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      this.statements.set(key, stmt);
    }
    this.begin();
    stmt.run(...columns.map((c) => values[c] ?? null));
    this.count();
  }

  update(table: string, id: string, values: Record<string, unknown>): void {
    const columns = Object.keys(values);
    this.begin();
    prepared(this.db, `UPDATE "${table}" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`).run(
      ...columns.map((c) => values[c] ?? null),
      id,
    );
    this.count();
  }

  flush(): void {
    if (this.db.sqlite.inTransaction) this.db.sqlite.exec('COMMIT');
    this.pending = 0;
  }

  private begin(): void {
    if (!this.db.sqlite.inTransaction) this.db.sqlite.exec('BEGIN IMMEDIATE');
  }

  private count(): void {
    if (++this.pending >= this.batchSize) this.flush();
  }
}
