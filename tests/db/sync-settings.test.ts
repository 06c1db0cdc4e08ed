// The sync settings through the contract, without a server: validation next to each field, the
// password never echoed, a new server or login starting the download over, forgetting, and a
// clear answer when sync is asked for before it is set up.
import { describe, expect, it } from 'vitest';
import { getMeta, setMeta } from '../../db/queries/meta';
import { createTestApp } from './helpers';

const GOOD = { host: 'db.example.com', port: 5432, database: 'convio', user: 'dana', sslMode: 'require' as const, password: 'long-enough-pw', rememberPassword: false, enabled: false };

describe('sync settings', () => {
  it('names the field and the reason for bad input', async () => {
    const { dispatcher } = await createTestApp();
    const r = await dispatcher.call('sync.saveSettings', { ...GOOD, host: 'bad host!', port: 70000, user: '', sslMode: 'maybe' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    const fields = Object.fromEntries((r.error.fields ?? []).map((f) => [f.field, f.message]));
    expect(fields).toMatchObject({ host: expect.stringMatching(/host name or IP address/), port: expect.stringMatching(/between 1 and 65535/), user: expect.stringMatching(/enter your user name/) });
    expect(fields.sslMode).toBeDefined();
  });

  it('saves the connection, never returns the password, and reports it as kept for the session', async () => {
    const { ok, ctx } = await createTestApp();
    const status = await ok('sync.saveSettings', GOOD);
    expect(status).toMatchObject({ configured: true, state: 'paused', passwordSource: 'session', connection: { host: 'db.example.com', port: 5432, database: 'convio', user: 'dana', sslMode: 'require', enabled: false } });
    expect(JSON.stringify(status)).not.toContain(GOOD.password);
    expect(getMeta(ctx.db, 'sync_settings')).not.toContain(GOOD.password);
    expect(ctx.status().sync).toMatchObject({ state: 'paused', message: 'Sync is paused on this device.' });
  });

  it('starts the download over for another server or login, not for a TLS change', async () => {
    const { ok, ctx } = await createTestApp();
    await ok('sync.saveSettings', GOOD);
    setMeta(ctx.db, 'sync_pull_state', JSON.stringify({ cursor: '1234', horizon: null, table: 0, afterXid: null, afterId: null }));
    await ok('sync.saveSettings', { ...GOOD, sslMode: 'verify-full' });
    expect(getMeta(ctx.db, 'sync_pull_state')).toContain('1234');
    const { password: _kept, ...withoutPassword } = GOOD;
    await ok('sync.saveSettings', { ...withoutPassword, user: 'other' });
    expect(getMeta(ctx.db, 'sync_pull_state')).toBeNull();
    // Another login's password is not this one's.
    expect((await ok('sync.status', {})).passwordSource).toBeNull();
  });

  it('says to set up the connection first, and forgets it on request', async () => {
    const { dispatcher, ok } = await createTestApp();
    const early = await dispatcher.call('sync.now', {});
    expect(early.ok ? null : early.error.message).toMatch(/Set up the connection to the team server first/);
    await ok('sync.saveSettings', GOOD);
    const forgotten = await ok('sync.forget', {});
    expect(forgotten).toMatchObject({ configured: false, state: 'not_configured', passwordSource: null, connection: null });
  });

  it('answers a connection test with a plain reason when the server cannot be reached', async () => {
    const { ok } = await createTestApp();
    const { enabled: _e, ...connection } = GOOD;
    const r = await ok('sync.test', { ...connection, host: '127.0.0.1', port: 1 });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/Cannot reach the server \(ECONNREFUSED\)/) });
  });
});
