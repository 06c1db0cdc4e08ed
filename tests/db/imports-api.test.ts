// The import contract through the dispatcher (what the renderer calls): upload in chunks,
// inspect, dry run, commit, progress events, history, error report, undo; admins only; bad input
// refused with the field and reason. Also a batch run by the worker thread on a database file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/api/events';
import { users, workspaceMemberships } from '../../db/schema';
import { insertRow } from '../../db/write';
import { createAppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import { createTestApp, MIGRATIONS, tempDir, type TestApp } from './helpers';

const FIXTURE = join(__dirname, '..', 'fixtures', 'imports', 'hubspot-contacts.csv');
const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((o) => o.close()));

async function upload(app: Pick<TestApp, 'ok'>, bytes: Buffer, chunk = 100): Promise<string> {
  const { uploadId } = await app.ok('imports.beginUpload', { fileName: 'hubspot.csv', size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    await app.ok('imports.uploadChunk', { uploadId, offset, data: bytes.subarray(offset, offset + chunk).toString('base64') });
  }
  return uploadId;
}

describe('imports API', () => {
  it('uploads, inspects, dry-runs, commits, lists, reports errors and undoes', async () => {
    const app = await createTestApp();
    open.push(app.ctx);
    const progress: JobProgress[] = [];
    app.ctx.events.on('job.progress', (p) => progress.push(p));
    const uploadId = await upload(app, readFileSync(FIXTURE));
    const inspection = await app.ok('imports.inspect', { uploadId, workspaceId: app.workspaceId, importType: 'leads' });
    expect(inspection).toMatchObject({ encoding: 'utf-8', delimiter: ',', preset: { id: 'hubspot-contacts' }, externalSource: 'hubspot', mappingProblem: null });
    expect(inspection.columns.find((c) => c.header === 'Email')).toMatchObject({ field: 'email', matchedBy: 'preset', samples: ['ada@example.com', 'GRACE@Example.com', 'alan@example'] });
    expect(inspection.dateFormats.created_at).toMatchObject({ format: 'iso', reason: expect.any(String) });
    const start = { uploadId, workspaceId: app.workspaceId, importType: 'leads' as const, columns: inspection.mapping, valueMaps: inspection.valueMaps, presetId: 'hubspot-contacts', externalSource: inspection.externalSource, dateFormats: { created_at: 'mdy' as const } };
    const { batchId } = await app.ok('imports.start', { ...start, mode: 'dry_run' });
    await app.ctx.imports.idle();
    const dry = await app.ok('imports.get', { batchId });
    expect(dry).toMatchObject({ status: 'validated', canCommit: true, canUndo: false, invalidCount: 3, dryRun: { created: 4, invalid: 3, totalRows: 7 }, errorCount: 3 });
    expect(progress.at(-1)).toMatchObject({ jobId: batchId, kind: 'import', phase: 'dry_run', finished: true, error: null });
    await app.ok('imports.start', { ...start, mode: 'commit', batchId });
    await app.ctx.imports.idle();
    const done = await app.ok('imports.get', { batchId });
    expect(done).toMatchObject({ status: 'completed', createdCount: 4, canUndo: true, canCommit: false });
    expect((await app.ok('imports.list', { workspaceId: app.workspaceId })).map((b) => b.id)).toEqual([batchId]);
    const report = await app.ok('imports.errorReport', { batchId });
    expect(report.fileName).toBe('hubspot-errors.csv');
    expect(report.csv.split('\r\n').slice(0, 2)).toEqual(['Row,Column,Value,Reason', '4,Email,alan@example,not a valid email address']);
    expect(app.ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ?').pluck().get(app.workspaceId)).toBe(4);
    expect(await app.ok('imports.undo', { batchId })).toMatchObject({ removed: 4 + 3 + 4 });
    expect(app.ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ?').pluck().get(app.workspaceId)).toBe(0);
    expect((await app.ok('imports.get', { batchId })).status).toBe('undone');
  });

  it('commits a finished dry run from the history with the mapping and file it ran with', async () => {
    const app = await createTestApp();
    open.push(app.ctx);
    const uploadId = await upload(app, readFileSync(FIXTURE));
    const inspection = await app.ok('imports.inspect', { uploadId, workspaceId: app.workspaceId, importType: 'leads' });
    const { batchId } = await app.ok('imports.start', { uploadId, workspaceId: app.workspaceId, importType: 'leads', columns: inspection.mapping, valueMaps: inspection.valueMaps, presetId: 'hubspot-contacts', externalSource: 'hubspot', dateFormats: { created_at: 'mdy' }, mode: 'dry_run' });
    await app.ctx.imports.idle();
    await app.ok('imports.commit', { batchId });
    await app.ctx.imports.idle();
    expect(await app.ok('imports.get', { batchId })).toMatchObject({ status: 'completed', createdCount: 4, invalidCount: 3 });
    const again = await app.dispatcher.call('imports.commit', { batchId });
    expect(again).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Only a finished dry run can be committed; this import is completed/) } });
  });

  it('refuses what it must: non-admins, chunks out of order, unknown uploads, a mapping that names nobody, bad names', async () => {
    const app = await createTestApp();
    open.push(app.ctx);
    const bytes = readFileSync(FIXTURE);
    const { uploadId } = await app.ok('imports.beginUpload', { fileName: 'x.csv', size: bytes.length });
    const skipped = await app.dispatcher.call('imports.uploadChunk', { uploadId, offset: 10, data: bytes.toString('base64') });
    expect(skipped).toMatchObject({ ok: false, error: { message: expect.stringMatching(/starts at byte 10, but 0 bytes have arrived/) } });
    const early = await app.dispatcher.call('imports.inspect', { uploadId, workspaceId: app.workspaceId, importType: 'leads' });
    expect(early).toMatchObject({ ok: false, error: { message: expect.stringMatching(/has not fully arrived/) } });
    const unknown = await app.dispatcher.call('imports.inspect', { uploadId: 'a'.repeat(24), workspaceId: app.workspaceId, importType: 'leads' });
    expect(unknown).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not on this device/) } });
    const path = await app.dispatcher.call('imports.inspect', { uploadId: '../../etc/passwd', workspaceId: app.workspaceId, importType: 'leads' });
    expect(path).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ field: 'uploadId' }] } });
    const nobody = await app.dispatcher.call('imports.start', { uploadId, workspaceId: app.workspaceId, importType: 'appointments', columns: { Notes: 'notes' }, externalSource: 'x', mode: 'dry_run' });
    expect(nobody).toMatchObject({ ok: false, error: { fields: [{ field: 'columns', message: expect.stringMatching(/No column is mapped to Email, Phone or a name/) }] } });
    const badSource = await app.dispatcher.call('imports.start', { uploadId, workspaceId: app.workspaceId, importType: 'leads', columns: { Email: 'email' }, externalSource: 'a b', mode: 'dry_run' });
    expect(badSource).toMatchObject({ ok: false, error: { fields: [{ field: 'externalSource' }] } });
    // An SDR of the workspace may not import.
    const w = app.ctx.writer(null);
    const sdr = insertRow(w, users, { email: 'sdr@example.com', displayName: 'Sam' });
    insertRow(w, workspaceMemberships, { workspaceId: app.workspaceId, userId: sdr.id, role: 'sdr' });
    app.ctx.db.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'current_user_id'").run(sdr.id);
    const refused = await app.dispatcher.call('imports.list', { workspaceId: app.workspaceId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.dispatcher.call('imports.beginUpload', { fileName: 'x.csv', size: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('runs a batch in a worker thread on the database file, the app answering meanwhile', async () => {
    const tmp = tempDir();
    const ctx = await createAppContext({ dbPath: join(tmp.dir, 'app.sqlite'), migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false });
    open.push({ close: () => (ctx.close(), tmp.cleanup()) });
    const dispatcher = createDispatcher(ctx);
    const ok = async <T,>(method: Parameters<typeof dispatcher.call>[0], input: unknown): Promise<T> => {
      const r = await dispatcher.call(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    const workspaceId = ctx.db.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'current_workspace_id'").pluck().get() as string;
    const lines = ['email,first_name,phone'];
    for (let i = 0; i < 6000; i++) lines.push(`worker${i}@example.com,W${i},(212) 555-${String(i % 10000).padStart(4, '0')}`);
    const uploadId = await upload({ ok }, Buffer.from(lines.join('\n')), 64 * 1024);
    const { batchId } = await ok<{ batchId: string }>('imports.start', { uploadId, workspaceId, importType: 'leads', columns: { email: 'email', first_name: 'first_name', phone: 'phone' }, externalSource: 'csv', mode: 'commit' });
    // The main connection keeps answering while the worker writes.
    const listed = await ok<{ status: string }[]>('imports.list', { workspaceId });
    expect(['validating', 'running', 'completed']).toContain(listed[0]!.status);
    await ctx.imports.idle();
    expect(await ok('imports.get', { batchId })).toMatchObject({ status: 'completed', createdCount: 6000 });
    expect(ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ?').pluck().get(workspaceId)).toBe(6000);
    // The worker's clock stamps moved the app's clock past them.
    const newest = ctx.db.sqlite.prepare('SELECT max(hlc) FROM outbox').pluck().get() as string;
    expect(ctx.clock.now() > newest).toBe(true);
  });
});
