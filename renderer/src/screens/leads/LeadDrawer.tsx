import { useCallback, useEffect, useState } from 'react';
import type { LeadDetail, LeadEvent } from '../../../../shared/api/leads';
import { INDUSTRY_FIELDS, LEAD_STATUSES, LEAD_STATUS_LABELS, LEAD_TYPE_LABELS, type LeadStatus, type LeadType } from '../../../../shared/domain/leads';
import { Icon } from '../../components/Icon';
import { Timeline } from '../../components/Timeline';
import { ApiCallError, call } from '../../lib/api';
import { formatDate, formatDateTime, formatMoney, formatPhone, formatRelative } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useCalls } from '../../stores/calls';
import { useMembers } from '../../stores/members';
import { useSession } from '../../stores/session';
import { openContact, useUi } from '../../stores/ui';

const FIELD_LABELS: Record<string, string> = {
  monthlyElectricBillCents: 'Electric bill / month',
  propertyType: 'Property type',
  roofCondition: 'Roof condition',
  roofAge: 'Roof age (years)',
  shadeCoverage: 'Shade',
  systemType: 'System type',
  systemAge: 'System age (years)',
  serviceType: 'Service',
  urgency: 'Urgency',
  propertySize: 'Property size (sq ft)',
  policyType: 'Policy type',
  coverageAmountCents: 'Coverage',
  currentPremiumCents: 'Current premium',
  propertyValueCents: 'Property value',
  claimsHistory: 'Claims history',
  status: 'Status',
  statusReason: 'Reason',
  ownerUserId: 'Owner',
  notes: 'Notes',
  leadType: 'Type',
  source: 'Source',
};

function fieldValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (key.endsWith('Cents') && typeof value === 'number') return formatMoney(value);
  if (typeof value === 'string') return value.replace(/_/g, ' ');
  return String(value);
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function describeEvent(e: LeadEvent, members: Map<string, string>): string {
  if (e.eventType === 'created') return 'Lead created';
  const parts = Object.entries(e.changes).map(([field, [from, to]]) => {
    const label = FIELD_LABELS[field] ?? field;
    const show = (v: unknown) => (field === 'ownerUserId' ? members.get(String(v)) ?? (v ? 'someone' : 'nobody') : field === 'status' ? LEAD_STATUS_LABELS[v as LeadStatus] ?? String(v ?? '—') : fieldValue(field, v));
    return `${label}: ${show(from)} → ${show(to)}`;
  });
  return parts.join(' · ') || e.eventType.replace(/_/g, ' ');
}

export function LeadDrawer({ leadId, onClose, onStep, onOpenLead }: { leadId: string; onClose: () => void; onStep: (delta: number) => void; onOpenLead: (id: string) => void }) {
  const [detail, setDetail] = useState<LeadDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const members = useMembers(detail?.lead.workspaceId);
  const [notes, setNotes] = useState('');
  const [reason, setReason] = useState('');
  const [pendingStatus, setPendingStatus] = useState<LeadStatus | null>(null);
  const [saving, setSaving] = useState(false);
  const dataVersion = useSession((s) => s.dataVersion);
  const toast = useUi((s) => s.toast);

  const load = useCallback(async () => {
    try {
      const d = await call('leads.get', { id: leadId });
      setDetail(d);
      setNotes(d.lead.notes);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [leadId]);

  useEffect(() => {
    setPendingStatus(null);
    setReason('');
    void load();
  }, [load, dataVersion]);


  useHotkeys([
    { keys: 'escape', run: onClose },
    { keys: 'j', run: () => onStep(1) },
    { keys: 'k', run: () => onStep(-1) },
  ]);

  const update = async (patch: Record<string, unknown>, message: string) => {
    if (!detail) return;
    setSaving(true);
    try {
      await call('leads.update', { id: detail.lead.id, patch });
      toast(message, 'success');
      await load();
    } catch (err) {
      toast(err instanceof ApiCallError ? err.message : String(err), 'error');
    } finally {
      setSaving(false);
    }
  };

  const memberNames = new Map(members.map((m) => [m.id, m.displayName]));
  const lead = detail?.lead;
  const contact = detail?.contact;
  const name = contact ? `${contact.firstName} ${contact.lastName}`.trim() || contact.email || contact.phone || 'Unnamed contact' : '';
  const industry = lead && lead.leadType in INDUSTRY_FIELDS ? INDUSTRY_FIELDS[lead.leadType as LeadType] : [];

  return (
    <aside className="drawer" aria-label="Lead details" data-testid="lead-drawer">
      <header className="drawer-head">
        <div>
          <h2 data-testid="drawer-name">{name || 'Loading…'}</h2>
          {contact ? (
            <p className="muted small">
              Contact <span className="mono" data-testid="drawer-code">{contact.contactCode}</span> · lead created {formatRelative(lead?.createdAt)}
            </p>
          ) : null}
        </div>
        <div className="drawer-actions">
          {contact ? (
            <button className="button button-ghost" title="Open the contact's page: every lead, call, sale and its timeline" onClick={() => openContact(contact.id)} data-testid="drawer-open-contact">
              <Icon name="leads" size={14} /> Open contact
            </button>
          ) : null}
          {lead && contact ? (
            <button className="button button-ghost" title="Log a call for this lead (C)" onClick={() => useCalls.getState().openForm({ contactId: contact.id, contactLabel: `${name} · ${contact.contactCode}`, leadId: lead.id })} data-testid="drawer-log-call">
              <Icon name="calls" size={14} /> Log call
            </button>
          ) : null}
          <button className="icon-button" aria-label="Previous lead (K)" title="Previous lead (K)" onClick={() => onStep(-1)}>
            <Icon name="chevron" className="rot-180" />
          </button>
          <button className="icon-button" aria-label="Next lead (J)" title="Next lead (J)" onClick={() => onStep(1)}>
            <Icon name="chevron" />
          </button>
          <button className="icon-button" aria-label="Close (Esc)" title="Close (Esc)" onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
      </header>
      {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
      {lead && contact ? (
        <div className="drawer-body">
          <section className="drawer-section">
            <div className="status-row">
              <label className="field-inline">
                <span>Status</span>
                <select
                  aria-label="Lead status"
                  value={pendingStatus ?? lead.status}
                  disabled={saving}
                  onChange={(e) => {
                    const next = e.target.value as LeadStatus;
                    if (next === 'unqualified') setPendingStatus(next);
                    else {
                      setPendingStatus(null);
                      void update({ status: next }, `Status set to ${LEAD_STATUS_LABELS[next]}`);
                    }
                  }}
                >
                  {LEAD_STATUSES.map((s) => (
                    <option key={s} value={s}>{LEAD_STATUS_LABELS[s]}</option>
                  ))}
                </select>
              </label>
              <label className="field-inline">
                <span>Owner</span>
                <select
                  aria-label="Lead owner"
                  value={lead.ownerUserId ?? ''}
                  disabled={saving}
                  onChange={(e) => void update({ ownerUserId: e.target.value || null }, e.target.value ? `Assigned to ${memberNames.get(e.target.value)}` : 'Owner removed')}
                >
                  <option value="">Unassigned</option>
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>{m.displayName}</option>
                  ))}
                </select>
              </label>
            </div>
            {pendingStatus === 'unqualified' ? (
              <form
                className="reason-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void update({ status: 'unqualified', statusReason: reason }, 'Marked unqualified').then(() => setPendingStatus(null));
                }}
              >
                <input autoFocus aria-label="Why is the lead unqualified?" placeholder="Why is it unqualified? (required)" value={reason} onChange={(e) => setReason(e.target.value)} />
                <button className="button button-primary" disabled={reason.trim() === '' || saving}>Save</button>
                <button type="button" className="button button-ghost" onClick={() => setPendingStatus(null)}>Cancel</button>
              </form>
            ) : lead.status === 'unqualified' && lead.statusReason ? (
              <p className="muted small">Reason: {lead.statusReason}</p>
            ) : null}
          </section>

          <section className="drawer-section">
            <h3>Contact</h3>
            <dl className="kv-list">
              <Row label="Email">{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'}{contact.email && !contact.emailValid ? <span className="badge tone-red">check</span> : null}</Row>
              <Row label="Phone">
                {contact.phoneStatus === 'valid' ? (
                  <span className="mono">{formatPhone(contact.phone)}</span>
                ) : contact.phoneStatus === 'empty' ? (
                  '—'
                ) : (
                  <span className="invalid-value" title={contact.phoneIssue ?? ''}>
                    {contact.phone} <span className="badge tone-red">{contact.phoneStatus}</span>
                    <span className="muted small block">{contact.phoneIssue}</span>
                  </span>
                )}
              </Row>
              <Row label="Address">{[contact.address, contact.city, [contact.state, contact.zipCode].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '—'}</Row>
              <Row label="Contact since">{formatDate(contact.createdAt)}</Row>
            </dl>
          </section>

          <section className="drawer-section">
            <h3>Lead</h3>
            <dl className="kv-list">
              <Row label="Type">{LEAD_TYPE_LABELS[lead.leadType as LeadType] ?? (lead.leadType || '—')}</Row>
              <Row label="Source">{lead.source || '—'}</Row>
              <Row label="UTM">{[lead.utmSource, lead.utmMedium, lead.utmCampaign].filter(Boolean).join(' / ') || '—'}</Row>
              {lead.fbclid ? <Row label="Click id">fbclid present</Row> : null}
              {industry.map((key) => (
                <Row key={key} label={FIELD_LABELS[key] ?? key}>{fieldValue(key, (lead as unknown as Record<string, unknown>)[key])}</Row>
              ))}
              <Row label="Created">{formatDateTime(lead.createdAt)}</Row>
            </dl>
          </section>

          <section className="drawer-section">
            <h3>Notes</h3>
            <textarea
              aria-label="Notes"
              rows={3}
              value={notes}
              placeholder="Add a note…"
              onChange={(e) => setNotes(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && notes !== lead.notes) void update({ notes }, 'Notes saved');
              }}
            />
            {notes !== lead.notes ? (
              <div className="row-end">
                <button className="button button-ghost" onClick={() => setNotes(lead.notes)}>Discard</button>
                <button className="button button-primary" disabled={saving} onClick={() => void update({ notes }, 'Notes saved')}>Save notes</button>
              </div>
            ) : null}
          </section>

          <section className="drawer-section">
            <h3>Other leads of this contact</h3>
            {detail.otherLeads.length === 0 ? (
              <p className="muted small">This is the contact's only lead.</p>
            ) : (
              <ul className="plain-list" data-testid="other-leads">
                {detail.otherLeads.map((o) => (
                  <li key={o.id}>
                    <button className="link-button" onClick={() => onOpenLead(o.id)}>
                      {LEAD_TYPE_LABELS[o.leadType as LeadType] ?? (o.leadType || 'Lead')} · {o.source || 'no source'}
                    </button>
                    <span className="muted small"> {LEAD_STATUS_LABELS[o.status as LeadStatus] ?? o.status} · {formatDate(o.createdAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="drawer-section">
            <h3>History</h3>
            <Timeline
              testId="lead-events"
              entries={detail.events.map((e) => ({ id: e.id, text: describeEvent(e, memberNames), actorName: e.actorName, createdAt: e.createdAt, note: e.note }))}
            />
          </section>
        </div>
      ) : null}
    </aside>
  );
}
