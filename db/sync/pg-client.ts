import pg from 'pg';

export type SslMode = 'disable' | 'require' | 'verify-full';

export interface SyncSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  sslMode: SslMode;
}

// Timestamps arrive as text (converted to the app's ISO form in wire.ts, never through a local
// Date); 64-bit integers as numbers (money in cents stays far below 2^53).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1184 || oid === 1114) return (value: string) => value;
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

export function sslOption(mode: SslMode): pg.ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  // "require": encrypted, server certificate not verified (like libpq's sslmode=require).
  if (mode === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true };
}

export async function connectPg(settings: SyncSettings, password: string, options: { statementTimeoutMs?: number; connectTimeoutMs?: number } = {}): Promise<pg.Client> {
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password,
    ssl: sslOption(settings.sslMode),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 120_000,
    application_name: 'convio-console',
    types,
  });
  await client.connect();
  return client;
}

/** Connects from a postgres:// URL (tests, the admin CLI). */
export async function connectUrl(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types, application_name: 'convio-console' });
  await client.connect();
  return client;
}
