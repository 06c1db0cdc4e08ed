// The headless host's guard rails, spoken to over plain HTTP (no browser): the access token, the
// DNS-rebinding Host check, error shapes for unknown methods and bad input (with nothing written),
// and static files that never leave the renderer folder.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_DIR } from '../../electron/host/paths';
import { pendingChangeCount } from '../../db/write';
import { useConsoleHarness } from './harness';

const h = useConsoleHarness({ browser: false });

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * node:http rather than fetch: fetch normalizes "/../x" away before sending and will not send a
 * forged Host header, and both are exactly what these tests need to put on the wire.
 */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h().host.port, method, path, headers, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} got no answer within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const auth = () => ({ 'X-Convio-Token': h().host.token });

function callApi(method: string, input: unknown, headers: Record<string, string> = auth()): Promise<RawResponse> {
  return raw('POST', `/api/call/${method}`, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(input));
}

interface ErrorBody {
  ok: false;
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

function errorOf(res: RawResponse): ErrorBody['error'] {
  const parsed = JSON.parse(res.body) as ErrorBody;
  expect(parsed.ok).toBe(false);
  return parsed.error;
}

/** A lead of the open workspace, with the columns the write tests look at. */
function someLead(): { id: string; status: string; updatedAt: string } {
  return h().ctx.db.sqlite
    .prepare("SELECT id, status, updated_at AS updatedAt FROM leads WHERE workspace_id = ? AND status = 'new' AND deleted_at IS NULL LIMIT 1")
    .get(h().workspaceId) as { id: string; status: string; updatedAt: string };
}

const rowCounts = () =>
  h().ctx.db.sqlite
    .prepare('SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM lead_events) AS events')
    .get() as { leads: number; contacts: number; events: number };

describe('access token', () => {
  it('refuses the page and the API without a token', async () => {
    const page = await raw('GET', '/');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('access token');
    expect(page.body).not.toContain('<script');
    expect(page.headers['set-cookie']).toBeUndefined();

    const asset = await raw('GET', '/assets/does-not-matter.js');
    expect(asset.status).toBe(401);

    const api = await callApi('app.bootstrap', {}, {});
    expect(api.status).toBe(401);
    expect(errorOf(api).message).toMatch(/access token/);

    const events = await raw('GET', '/api/events');
    expect(events.status).toBe(401);
  });

  it('refuses a wrong token in the header, the cookie or the query', async () => {
    const sameLength = h().host.token.replace(/./g, (c) => (c === 'a' ? 'b' : 'a'));
    for (const wrong of [sameLength, 'nope', '', `${h().host.token}x`]) {
      const res = await callApi('app.status', {}, { 'X-Convio-Token': wrong });
      expect(res.status, `header token ${JSON.stringify(wrong)}`).toBe(401);
    }
    expect((await callApi('app.status', {}, { Cookie: `convio_token=${sameLength}` })).status).toBe(401);
    expect((await raw('GET', `/?token=${sameLength}`)).status).toBe(401);
  });

  it('accepts the right token in the header, and turns the URL token into an HTTP-only cookie', async () => {
    const api = await callApi('app.status', {});
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ ok: true, value: { pendingChanges: expect.any(Number) } });

    const opened = await raw('GET', new URL(h().host.openUrl).pathname + new URL(h().host.openUrl).search);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('<div id="root">');
    const cookie = String(opened.headers['set-cookie'] ?? '');
    expect(cookie).toContain(`convio_token=${encodeURIComponent(h().host.token)}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const withCookie = await callApi('app.status', {}, { Cookie: `convio_token=${encodeURIComponent(h().host.token)}` });
    expect(withCookie.status).toBe(200);
  });
});

describe('Host header', () => {
  it('refuses any Host but our own loopback origin, even with the right token', async () => {
    for (const host of ['evil.example', `evil.example:${h().host.port}`, '127.0.0.1', `127.0.0.1:${h().host.port + 1}`, `0.0.0.0:${h().host.port}`]) {
      const api = await raw('POST', '/api/call/app.status', { Host: host, 'Content-Type': 'application/json', ...auth() }, '{}');
      expect(api.status, `Host: ${host}`).toBe(403);
      expect(errorOf(api).message).toMatch(/Host/);
      const page = await raw('GET', `/?token=${h().host.token}`, { Host: host });
      expect(page.status, `Host: ${host} (page)`).toBe(403);
    }
    expect((await raw('GET', '/', { Host: `localhost:${h().host.port}`, ...auth() })).status).toBe(200);
  });
});

describe('API errors', () => {
  it('answers an unknown method with 404 and a message naming it', async () => {
    const res = await callApi('leads.nuke', {});
    expect(res.status).toBe(404);
    const error = errorOf(res);
    expect(error.code).toBe('unknown_method');
    expect(error.message).toBe('Unknown method "leads.nuke"');

    const wrongVerb = await raw('GET', '/api/call/app.status', auth());
    expect(wrongVerb.status).toBe(404);
    expect(errorOf(wrongVerb).message).toMatch(/Unknown endpoint/);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const outboxBefore = pendingChangeCount(h().ctx.db);
    const countsBefore = rowCounts();

    const page = await callApi('leads.page', { workspaceId: 'nope' });
    expect(page.status).toBe(400);
    const pageError = errorOf(page);
    expect(pageError.code).toBe('invalid_input');
    expect(pageError.message).toContain('workspaceId');
    expect(pageError.fields?.map((f) => f.field)).toContain('workspaceId');

    // A write whose input fails validation must leave the lead, its history and the outbox alone.
    const lead = someLead();
    const update = await callApi('leads.update', { id: lead.id, patch: { status: 'unqualified' } });
    expect(update.status).toBe(400);
    expect(errorOf(update).fields?.map((f) => f.field)).toContain('patch.statusReason');
    const bogus = await callApi('leads.update', { id: lead.id, patch: { status: 'bogus' } });
    expect(bogus.status).toBe(400);
    expect(errorOf(bogus).message).toContain('patch.status');
    const create = await callApi('leads.create', { workspaceId: h().workspaceId, contact: {} });
    expect(create.status).toBe(400);
    expect(errorOf(create).fields?.map((f) => f.field)).toContain('contact');
    const extra = await callApi('leads.create', { workspaceId: h().workspaceId, contact: { email: 'a@b.co' }, admin: true });
    expect(extra.status).toBe(400);

    expect(pendingChangeCount(h().ctx.db)).toBe(outboxBefore);
    expect(rowCounts()).toEqual(countsBefore);
    expect(someLead()).toEqual(lead);
  });

  it('refuses a body that is not JSON', async () => {
    const notJson = await raw('POST', '/api/call/app.status', { 'Content-Type': 'application/json', ...auth() }, '{oops');
    expect(notJson.status).toBe(400);
    expect(errorOf(notJson).message).toMatch(/not valid JSON/);
    const form = await raw('POST', '/api/call/app.status', { 'Content-Type': 'application/x-www-form-urlencoded', ...auth() }, 'a=1');
    expect(form.status).toBe(415);
  });
});

describe('static files', () => {
  it('never serves a file from outside the renderer folder', async () => {
    const index = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
    const paths = [
      '/../package.json',
      '/../../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/%2fetc%2fpasswd',
      '/....//....//package.json',
    ];
    for (const path of paths) {
      const res = await raw('GET', path, auth());
      // Either refused or the app shell (the SPA fallback), never the file asked for.
      if (res.status === 200) expect(res.body, path).toBe(index);
      else expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('"convio-console"');
      expect(res.body, path).not.toContain('root:x:0:0');
    }
  });

  it('serves the built assets it does have', async () => {
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8'))?.[1];
    expect(script).toBeDefined();
    const res = await raw('GET', script!, auth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('malformed requests', () => {
  it('answers a malformed URL or escape with 400 and keeps serving', async () => {
    const badUrl = await raw('GET', '//[');
    expect(badUrl.status).toBe(400);
    const badEscape = await raw('GET', '/%E0%A4%A', auth());
    expect(badEscape.status).toBe(400);
    expect(errorOf(badEscape).message).toMatch(/Bad request/);
    // The host is still up and answering properly.
    const after = await callApi('app.status', {});
    expect(after.status).toBe(200);
  });

  it('labels refusals with the code that matches their status', async () => {
    const wrongHost = await raw('GET', '/', { Host: 'evil.example:80', ...auth() });
    expect(wrongHost.status).toBe(403);
    expect(errorOf(wrongHost).code).toBe('forbidden');
    const unknown = await raw('POST', '/api/nothing-here', { 'Content-Type': 'application/json', ...auth() }, '{}');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');
  });
});
