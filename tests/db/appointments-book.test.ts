import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users, workspaceMemberships } from '../../db/schema';
import { insertRow } from '../../db/write';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.ctx.close());

async function lead(name: string) {
  return (await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: name, email: `${name.toLowerCase()}@example.com` } })).lead;
}

async function fails(input: unknown) {
  const r = await app.dispatcher.call('appointments.book', input);
  if (r.ok) throw new Error('the booking should have been refused');
  return r.error;
}

describe('booking an appointment from a lead', () => {
  it('books it for the person booking, with an event, and never double-books a rep', async () => {
    const a = await lead('Ada');
    const b = await lead('Bea');
    const booked = (await app.ok('appointments.book', { leadId: a.id, scheduledAt: '2026-12-03T15:00:00.000Z', durationMinutes: 60, notes: 'bring the bill' })).appointment;
    expect(booked).toMatchObject({ leadId: a.id, contactId: a.contactId, assignedUserId: app.userId, status: 'scheduled', durationMinutes: 60, scheduledAt: '2026-12-03T15:00:00.000Z', notes: 'bring the bill' });
    expect(app.ctx.db.sqlite.prepare("SELECT event_type FROM appointment_events WHERE appointment_id = ?").pluck().all(booked.id)).toEqual(['created', 'assigned']);
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM outbox WHERE table_name IN ('appointments', 'appointment_events')").pluck().get()).toBe(3);

    // Overlapping the first half hour, or wholly inside: refused, naming the clash.
    for (const at of ['2026-12-03T14:30:00.000Z', '2026-12-03T15:15:00.000Z', '2026-12-03T15:59:00.000Z']) {
      const e = await fails({ leadId: b.id, scheduledAt: at, durationMinutes: 45 });
      expect(e).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^scheduledAt: .* already has an appointment from 2026-12-03T15:00:00.000Z for 60 minutes/) });
    }
    // Back to back is fine, and so is a time in another zone's notation that does not overlap.
    await app.ok('appointments.book', { leadId: b.id, scheduledAt: '2026-12-03T16:00:00.000Z', durationMinutes: 30 });
    // 10:30 in New York is 15:30Z: inside the first appointment, refused; 11:30 there is free.
    expect((await fails({ leadId: b.id, scheduledAt: '2026-12-03T10:30:00-05:00', durationMinutes: 30 })).code).toBe('conflict');
    await app.ok('appointments.book', { leadId: b.id, scheduledAt: '2026-12-03T11:30:00-05:00', durationMinutes: 30, appointmentType: 'follow_up' });
    expect((await app.ok('appointments.forLead', { leadId: b.id })).map((x) => x.scheduledAt)).toEqual(['2026-12-03T16:30:00.000Z', '2026-12-03T16:00:00.000Z']);
  });

  it('frees the time of a cancelled appointment, books for a teammate, and refuses a stranger', async () => {
    const a = await lead('Cal');
    const first = (await app.ok('appointments.book', { leadId: a.id, scheduledAt: '2026-12-04T15:00:00.000Z' })).appointment;
    app.ctx.db.sqlite.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = ?").run(first.id);
    await app.ok('appointments.book', { leadId: a.id, scheduledAt: '2026-12-04T15:00:00.000Z' });
    const w = app.ctx.writer(null);
    const mate = insertRow(w, users, { email: 'mate@example.com', displayName: 'Mate' });
    insertRow(w, workspaceMemberships, { workspaceId: app.workspaceId, userId: mate.id, role: 'sdr' });
    expect((await app.ok('appointments.book', { leadId: a.id, scheduledAt: '2026-12-04T15:00:00.000Z', assignedUserId: mate.id })).appointment).toMatchObject({ assignedUserId: mate.id, assignedName: 'Mate' });
    const stranger = insertRow(w, users, { email: 's@example.com', displayName: 'Stranger' });
    expect((await fails({ leadId: a.id, scheduledAt: '2026-12-05T15:00:00.000Z', assignedUserId: stranger.id })).message).toMatch(/^assignedUserId:/);
    expect((await fails({ leadId: a.id, scheduledAt: '2026-12-05T15:00:00.000Z', durationMinutes: 5 })).code).toBe('invalid_input');
  });
});
