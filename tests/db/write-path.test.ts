import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts, leads, localMeta, workspaces } from '../../db/schema';
import { deleteRow, insertRow, transaction, updateRow } from '../../db/write';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.ctx.close());

interface OutboxRow { seq: number; table_name: string; row_id: string; workspace_id: string | null; op: string; changes: string; hlc: string }
const outbox = () => app.ctx.db.sqlite.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[];

function newContact(code = '654321') {
  return insertRow(app.ctx.writer(app.userId), contacts, { workspaceId: app.workspaceId, contactCode: code, firstName: 'Grace', lastName: 'Hopper' });
}

describe('the one write path', () => {
  it('writes the row and one outbox entry carrying every stored column', () => {
    const before = app.outboxCount();
    const contact = newContact();
    const rows = outbox().slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ table_name: 'contacts', row_id: contact.id, workspace_id: app.workspaceId, op: 'insert' });
    const changes = JSON.parse(rows[0]!.changes) as Record<string, unknown>;
    expect(changes).toMatchObject({ id: contact.id, contact_code: '654321', first_name: 'Grace', phone_status: 'empty', created_at: contact.createdAt });
    // Defaults applied by SQLite are in the outbox too, so the server receives what we stored.
    expect(changes).toHaveProperty('email', '');
    expect(changes).toHaveProperty('deleted_at', null);
  });

  it('records only the columns an update changes, and nothing for an update that changes nothing', () => {
    const contact = newContact();
    const w = app.ctx.writer(app.userId);
    const start = app.outboxCount();
    const same = updateRow(w, contacts, contact.id, { firstName: 'Grace' });
    expect(same?.changed).toEqual([]);
    expect(app.outboxCount()).toBe(start);
    const changed = updateRow(w, contacts, contact.id, { firstName: 'Amazing Grace', city: 'Arlington' });
    expect(changed?.changed.sort()).toEqual(['city', 'firstName']);
    const last = outbox().at(-1)!;
    expect(last.op).toBe('update');
    expect(Object.keys(JSON.parse(last.changes)).sort()).toEqual(['city', 'first_name', 'updated_at']);
  });

  it('deletes as a tombstone that syncs like any change', () => {
    const contact = newContact();
    expect(deleteRow(app.ctx.writer(app.userId), contacts, contact.id)).toBe(true);
    const row = app.ctx.db.sqlite.prepare('SELECT deleted_at FROM contacts WHERE id = ?').get(contact.id) as { deleted_at: string | null };
    expect(row.deleted_at).not.toBeNull();
    expect(outbox().at(-1)).toMatchObject({ op: 'delete', row_id: contact.id });
    // A second delete finds no live row and writes nothing.
    const count = app.outboxCount();
    expect(deleteRow(app.ctx.writer(app.userId), contacts, contact.id)).toBe(false);
    expect(app.outboxCount()).toBe(count);
  });

  it('leaves neither the row nor its outbox entry when the row is refused (foreign key)', () => {
    const start = app.outboxCount();
    expect(() =>
      insertRow(app.ctx.writer(app.userId), leads, { workspaceId: app.workspaceId, contactId: '00000000-0000-7000-8000-00000000dead', firstName: 'Orphan' }),
    ).toThrow(/FOREIGN KEY/);
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM leads WHERE first_name = 'Orphan'").pluck().get()).toBe(0);
    expect(app.outboxCount()).toBe(start);
  });

  it('leaves neither when the outbox entry cannot be written', () => {
    app.ctx.db.sqlite.exec(`CREATE TRIGGER outbox_fails BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    expect(() => newContact('777777')).toThrow(/disk full/);
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM contacts WHERE contact_code = '777777'").pluck().get()).toBe(0);
  });

  it('rolls back every write of a transaction when a later one fails', () => {
    const start = app.outboxCount();
    expect(() =>
      transaction(app.ctx.db, () => {
        newContact('111111');
        newContact('111111'); // same code in the same workspace: unique index refuses it
      }),
    ).toThrow(/UNIQUE/);
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM contacts WHERE contact_code = '111111'").pluck().get()).toBe(0);
    expect(app.outboxCount()).toBe(start);
  });

  it('stamps outbox entries with strictly increasing hybrid logical clocks', () => {
    for (let i = 0; i < 20; i++) newContact(String(200000 + i));
    const clocks = outbox().map((r) => r.hlc);
    expect([...clocks].sort()).toEqual(clocks);
    expect(new Set(clocks).size).toBe(clocks.length);
    expect(clocks.every((c) => c.endsWith(`-${app.ctx.deviceId}`))).toBe(true);
  });

  it('files a workspace row under its own id as tenant', () => {
    const ws = insertRow(app.ctx.writer(app.userId), workspaces, { name: 'Second' });
    expect(outbox().at(-1)).toMatchObject({ table_name: 'workspaces', row_id: ws.id, workspace_id: ws.id });
  });

  it('refuses tables that are not synced, and columns that must not change', () => {
    const w = app.ctx.writer(app.userId);
    expect(() => insertRow(w, localMeta as never, { key: 'x', value: 'y' } as never)).toThrow(/not a synced table/);
    const contact = newContact();
    expect(() => updateRow(w, contacts, contact.id, { workspaceId: 'elsewhere' } as never)).toThrow(/cannot be updated/);
  });
});

describe('pending change count', () => {
  it('follows the outbox exactly, through inserts and deletes', async () => {
    const { pendingChangeCount } = await import('../../db/write');
    const count = () => app.ctx.db.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    expect(pendingChangeCount(app.ctx.db)).toBe(count());
    for (let i = 0; i < 5; i++) newContact(String(300000 + i));
    expect(pendingChangeCount(app.ctx.db)).toBe(count());
    app.ctx.db.sqlite.exec('DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT 3)');
    expect(pendingChangeCount(app.ctx.db)).toBe(count());
    expect(app.ctx.status().pendingChanges).toBe(count());
  });
});
