// Per test file: a fresh database on the suite's Postgres, migrated, with helpers to make
// workspaces and users (real login roles) and to connect as them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { addUser, createWorkspace, migratePg } from '../../db/pg/admin';
import type { Role } from '../../shared/domain/leads';

export interface TestServer {
  database: string;
  /** Superuser connection to this test database. */
  admin: pg.Client;
  /** Superuser URL of this test database (for a second admin connection). */
  adminUrl: string;
  urlFor(login: string, password: string): string;
  workspace(name: string): Promise<string>;
  user(workspaceId: string, role: Role, name?: string): Promise<{ login: string; password: string; userId: string; url: string }>;
  close(): Promise<void>;
}

export async function createTestServer(): Promise<TestServer> {
  const adminUrl = new URL(inject('pgAdminUrl'));
  const database = `convio_t_${randomBytes(4).toString('hex')}`;
  const root = new pg.Client({ connectionString: adminUrl.toString() });
  await root.connect();
  await root.query(`CREATE DATABASE ${database}`);
  await root.end();
  const dbUrl = new URL(adminUrl.toString());
  dbUrl.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: dbUrl.toString() });
  await admin.connect();
  await migratePg(admin);
  const logins: string[] = [];
  let n = 0;
  const urlFor = (login: string, password: string) => {
    const u = new URL(dbUrl.toString());
    u.username = login;
    u.password = password;
    return u.toString();
  };
  return {
    database,
    admin,
    adminUrl: dbUrl.toString(),
    urlFor,
    async workspace(name) {
      return (await createWorkspace(admin, name)).id;
    },
    async user(workspaceId, role, name) {
      const login = `${database}_u${++n}`;
      const password = randomBytes(12).toString('hex');
      const { userId } = await addUser(admin, { email: `${login}@example.com`, displayName: name ?? `User ${n}`, login, password, workspaceId, role });
      logins.push(login);
      return { login, password, userId, url: urlFor(login, password) };
    },
    async close() {
      await admin.end();
      const root2 = new pg.Client({ connectionString: adminUrl.toString() });
      await root2.connect();
      await root2.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const login of logins) await root2.query(`DROP ROLE IF EXISTS ${login}`);
      await root2.end();
    },
  };
}
