import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerHandlers } from '../../electron/main/dispatch';
import { appHandlers } from '../../electron/main/handlers/app';
import { contactsHandlers } from '../../electron/main/handlers/contacts';
import { leadsHandlers } from '../../electron/main/handlers/leads';
import { insertRow } from '../../db/write';
import { contacts, leads, workspaces } from '../../db/schema';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.ctx.close());

async function expectRejected(method: string, input: unknown, code: string, message: RegExp, field?: string) {
  const before = app.outboxCount();
  const result = await app.dispatcher.call(method, input);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(message);
  if (field) expect(result.error.fields?.map((f) => f.field)).toContain(field);
  expect(app.outboxCount(), 'nothing written').toBe(before);
}

describe('the contract rejects bad input with a message naming the field, and writes nothing', () => {
  it('validates ids, enums and shapes', async () => {
    await expectRejected('leads.page', { workspaceId: 'nope' }, 'invalid_input', /workspaceId: must be an id/, 'workspaceId');
    await expectRejected('leads.page', { workspaceId: app.workspaceId, sort: [{ col: 'password', dir: 'asc' }] }, 'invalid_input', /sort\.0\.col/, 'sort.0.col');
    await expectRejected('leads.page', { workspaceId: app.workspaceId, limit: 10_000 }, 'invalid_input', /limit/, 'limit');
    await expectRejected('leads.page', { workspaceId: app.workspaceId, extra: 1 }, 'invalid_input', /extra/);
    await expectRejected('leads.page', { workspaceId: app.workspaceId, filters: { status: { kind: 'number', op: 'eq', value: 1 } } }, 'invalid_input', /Status takes a enum filter/, 'filters.status');
  });

  it('refuses a lead with no way to reach the person', async () => {
    await expectRejected('leads.create', { workspaceId: app.workspaceId, contact: {} }, 'invalid_input', /contact: give at least a name, an email or a phone/, 'contact');
  });

  it('refuses bad lead values', async () => {
    await expectRejected('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'A' }, lead: { leadType: 'roofing' } }, 'invalid_input', /lead\.leadType/, 'lead.leadType');
    await expectRejected('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'A' }, lead: { monthlyElectricBillCents: -5 } }, 'invalid_input', /must not be negative/, 'lead.monthlyElectricBillCents');
    await expectRejected('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'A' }, lead: { monthlyElectricBillCents: 12.5 } }, 'invalid_input', /whole cents/);
    await expectRejected('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'x'.repeat(101) } }, 'invalid_input', /contact\.firstName: must be at most 100/);
  });

  it('needs a reason to mark a lead unqualified, and something to change', async () => {
    const created = await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Ann' } });
    await expectRejected('leads.update', { id: created.lead.id, patch: { status: 'unqualified' } }, 'invalid_input', /say why/, 'patch.statusReason');
    await expectRejected('leads.update', { id: created.lead.id, patch: {} }, 'invalid_input', /nothing to change/);
    await expectRejected('leads.update', { id: created.lead.id, patch: { status: 'won' } }, 'invalid_input', /patch\.status/);
  });

  it('answers unknown methods plainly', async () => {
    await expectRejected('leads.drop', {}, 'unknown_method', /Unknown method "leads.drop"/);
  });
});

describe('tenancy in handlers', () => {
  it('refuses workspaces the user is not a member of, and hides other tenants\' rows', async () => {
    const w = app.ctx.writer(null);
    const foreign = insertRow(w, workspaces, { name: 'Not mine' });
    const contact = insertRow(w, contacts, { workspaceId: foreign.id, contactCode: '424242', firstName: 'Secret' });
    const lead = insertRow(w, leads, { workspaceId: foreign.id, contactId: contact.id, firstName: 'Secret' });
    await expectRejected('leads.page', { workspaceId: foreign.id }, 'forbidden', /not a member/);
    await expectRejected('leads.create', { workspaceId: foreign.id, contact: { firstName: 'X' } }, 'forbidden', /not a member/);
    await expectRejected('leads.get', { id: lead.id }, 'not_found', /^No such lead$/);
    await expectRejected('leads.update', { id: lead.id, patch: { notes: 'x' } }, 'not_found', /^No such lead$/);
    await expectRejected('contacts.get', { id: contact.id }, 'not_found', /^No such contact$/);
  });

  it('refuses an owner from outside the lead\'s workspace', async () => {
    const w = app.ctx.writer(null);
    const stranger = insertRow(w, (await import('../../db/schema')).users, { email: 'x@y.z', displayName: 'Stranger' });
    await expectRejected('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'A' }, lead: { ownerUserId: stranger.id } }, 'invalid_input', /owner must be a member/);
  });
});

describe('registerHandlers', () => {
  it('throws on a handler registered twice and on a contract method without a handler', () => {
    expect(() => registerHandlers(app.ctx, [appHandlers, leadsHandlers, contactsHandlers, { 'leads.page': leadsHandlers['leads.page'] }])).toThrow(/registered twice/);
    expect(() => registerHandlers(app.ctx, [appHandlers, leadsHandlers])).toThrow(/without a handler: contacts\.get/);
    expect(() => registerHandlers(app.ctx, [appHandlers, leadsHandlers, contactsHandlers, { 'leads.nuke': () => null }])).toThrow(/no method in the contract/);
  });
});
