// The identities an import has met so far (phone, email, lead key -> row id), so a person or lead
// that appears twice in one file is merged instead of created twice. Kept in a temp table of the
// import's own connection rather than in JS maps: a million-row file has millions of keys, which
// would cost hundreds of MB on the heap and a few tens in SQLite pages (spilled to a temp file).
import type Database from 'better-sqlite3';
import type { AppDb } from '../connection';

export class SeenKeys {
  private readonly get: Database.Statement;
  private readonly put: Database.Statement;

  constructor(private readonly db: AppDb) {
    db.sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS import_seen (k TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID; DELETE FROM temp.import_seen;');
    this.get = db.sqlite.prepare('SELECT id FROM temp.import_seen WHERE k = ?').pluck();
    this.put = db.sqlite.prepare('INSERT OR IGNORE INTO temp.import_seen (k, id) VALUES (?, ?)');
  }

  find(kind: 'p' | 'e' | 'l', key: string): string | undefined {
    return this.get.get(kind + key) as string | undefined;
  }

  remember(kind: 'p' | 'e' | 'l', key: string, id: string): void {
    this.put.run(kind + key, id);
  }

  dispose(): void {
    this.db.sqlite.exec('DROP TABLE IF EXISTS temp.import_seen');
  }
}
