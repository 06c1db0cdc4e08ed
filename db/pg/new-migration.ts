// `npx tsx db/pg/new-migration.ts NAME`: writes the next Postgres migration (the SQLite schema's
// additions since the last manifest) and the new manifest. Bump PG_SCHEMA_VERSION first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PG_MIGRATIONS_FOLDER } from './admin';
import { PG_SCHEMA_VERSION } from './schema-gen';
import { currentManifest, generateSchemaMigration, PG_MANIFESTS_FOLDER, readManifest } from './schema-migrations';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('Name the migration in snake_case: npx tsx db/pg/new-migration.ts add_saved_views');
const sqlText = generateSchemaMigration(readManifest(PG_SCHEMA_VERSION - 1));
const file = `${String(PG_SCHEMA_VERSION).padStart(4, '0')}_${name}.sql`;
writeFileSync(join(PG_MIGRATIONS_FOLDER, file), sqlText);
writeFileSync(join(PG_MANIFESTS_FOLDER, `v${PG_SCHEMA_VERSION}.json`), `${JSON.stringify(currentManifest(), null, 2)}\n`);
console.log(`wrote db/pg/migrations/${file} and db/pg/manifests/v${PG_SCHEMA_VERSION}.json`);
