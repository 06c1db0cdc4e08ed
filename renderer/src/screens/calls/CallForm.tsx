import { useEffect, useMemo, useState } from 'react';
import type { LeadOption } from '../../../../shared/api/calls';
import { CRM_STAGES, CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { LEAD_TYPE_LABELS, type LeadType } from '../../../../shared/domain/leads';
import { classifyTrafficSource, SOURCE_OF_APPOINTMENT_VALUES, type TrafficEvidence } from '../../../../shared/domain/traffic-source';
import { Dialog } from '../../components/Dialog';
import { ApiCallError, call } from '../../lib/api';
import { formatDate, localInputValue, parseMoney } from '../../lib/format';
import { shortcutLabel } from '../../lib/hotkeys';
import { useCalls } from '../../stores/calls';
import { useMembers } from '../../stores/members';
import { currentWorkspace, useSession } from '../../stores/session';
import { sourceDef, useTraffic } from '../../stores/traffic';
import { useUi } from '../../stores/ui';
import { ContactPicker, type NewContactDraft, type PickedContact } from './ContactPicker';

const APPT_LABELS: Record<string, string> = {
  sdr_booked_call: 'SDR booked call',
  non_sdr_booked_call: 'Booked without an SDR',
  vsl: 'VSL (video sales letter)',
  email: 'Email',
  self_booking: 'Self-booked',
};

function nextQuarterHour(): Date {
  const d = new Date();
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil((d.getMinutes() + 1) / 15) * 15);
  return d;
}

const EMPTY_EVIDENCE = { sourceOfAppointment: '', leadSource: '', utmSource: '', utmMedium: '', utmCampaign: '', fbclid: '', gclid: '' };

/**
 * The call form: one shortcut from anywhere. Contact look-up (or inline creation through dedup),
 * the lead with its source and UTM prefilled, a live traffic-source suggestion with its reason,
 * stage, times and notes; Ctrl/Cmd+Enter saves; errors sit next to their field.
 */
export function CallForm() {
  const workspace = useSession(currentWorkspace);
  const me = useSession((s) => s.bootstrap?.user.id ?? null);
  const prefill = useCalls((s) => s.prefill);
  const close = () => useCalls.getState().closeForm();
  const toast = useUi((s) => s.toast);
  const traffic = useTraffic((s) => (workspace ? s.byWorkspace[workspace.id] : undefined));
  const [contact, setContact] = useState<PickedContact | null>(prefill?.contactId ? { id: prefill.contactId, label: prefill.contactLabel ?? 'Selected contact' } : null);
  const [newContact, setNewContact] = useState<NewContactDraft | null>(null);
  const [leads, setLeads] = useState<LeadOption[]>([]);
  const [leadId, setLeadId] = useState<string>(prefill?.leadId ?? '');
  const [evidence, setEvidence] = useState(EMPTY_EVIDENCE);
  const [override, setOverride] = useState('');
  const [stage, setStage] = useState<CrmStage>('scheduled');
  const [scheduledAt, setScheduledAt] = useState(localInputValue(nextQuarterHour()));
  const [duration, setDuration] = useState('');
  const [saleValue, setSaleValue] = useState('');
  const [repUserId, setRepUserId] = useState<string>(me ?? '');
  const members = useMembers(workspace?.id);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (workspace) void useTraffic.getState().load(workspace.id);
  }, [workspace?.id]);

  // A picked contact brings its leads; the chosen lead brings its source and UTM tags.
  useEffect(() => {
    if (!contact) {
      setLeads([]);
      return;
    }
    call('calls.leadOptions', { contactId: contact.id })
      .then((options) => {
        setLeads(options);
        setLeadId((current) => (current && options.some((o) => o.id === current) ? current : options[0]?.id ?? ''));
      })
      .catch(() => setLeads([]));
  }, [contact?.id]);

  useEffect(() => {
    const lead = leads.find((l) => l.id === leadId);
    setEvidence((e) => ({
      ...e,
      leadSource: lead?.source ?? '',
      utmSource: lead?.utmSource ?? '',
      utmMedium: lead?.utmMedium ?? '',
      utmCampaign: lead?.utmCampaign ?? '',
      fbclid: lead?.fbclid ?? '',
      gclid: lead?.gclid ?? '',
    }));
  }, [leadId, leads]);

  const suggestion = useMemo(() => classifyTrafficSource(evidence as TrafficEvidence, traffic?.rules), [evidence, traffic?.rules]);
  const chosen = override ? classifyTrafficSource({ manualOverride: override }) : suggestion;
  const fieldError = (f: string) => error?.fieldMessage(f);
  const setEv = (key: keyof typeof EMPTY_EVIDENCE) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setEvidence((v) => ({ ...v, [key]: e.target.value }));

  const submit = async () => {
    if (!workspace) return;
    setError(null);
    const minutes = duration.trim() === '' ? null : Number(duration);
    if (minutes !== null && !Number.isFinite(minutes)) {
      setError(new ApiCallError({ code: 'invalid_input', message: 'durationSeconds: must be a number of minutes', fields: [{ field: 'durationSeconds', message: 'must be a number of minutes' }] }));
      return;
    }
    const cents = saleValue.trim() === '' ? null : parseMoney(saleValue);
    if (saleValue.trim() !== '' && cents === null) {
      setError(new ApiCallError({ code: 'invalid_input', message: 'saleValueCents: not an amount', fields: [{ field: 'saleValueCents', message: 'enter an amount like 24,500.00' }] }));
      return;
    }
    setSaving(true);
    try {
      const detail = await call('calls.create', {
        workspaceId: workspace.id,
        ...(contact ? { contactId: contact.id } : newContact ? { newContact } : {}),
        leadId: leadId || null,
        repUserId: repUserId || null,
        evidence: { ...evidence, sourceOfAppointment: evidence.sourceOfAppointment as TrafficEvidenceSource },
        trafficSourceOverride: override || null,
        crmStage: stage,
        scheduledAt: scheduledAt ? new Date(scheduledAt).toISOString() : null,
        durationSeconds: minutes === null ? null : Math.round(minutes * 60),
        notes,
        ...(stage === 'closed_won' ? { saleValueCents: cents } : {}),
      });
      toast(`Call logged for ${detail.contact.name || 'the contact'}: ${CRM_STAGE_LABELS[detail.call.crmStage]}, ${sourceDef(traffic?.sources, detail.call.trafficSource).label}`, 'success', {
        label: 'Open',
        run: () => {
          useCalls.getState().select(detail.call.id);
          useUi.getState().go('calls');
        },
      });
      close();
    } catch (err) {
      setError(err instanceof ApiCallError ? err : new ApiCallError({ code: 'internal', message: String(err) }));
    } finally {
      setSaving(false);
    }
  };

  if (!workspace) return null;
  const otherErrors = error && error.fields.length === 0 ? error.message : null;
  return (
    <Dialog
      title="Log a call"
      onClose={close}
      width={720}
      footer={
        <>
          <span className="muted small">{shortcutLabel('mod+enter')} to save · Esc to cancel</span>
          <button className="button button-ghost" onClick={close}>Cancel</button>
          <button className="button button-primary" disabled={saving} onClick={() => void submit()} data-testid="save-call">
            {saving ? 'Saving…' : 'Log call'}
          </button>
        </>
      }
    >
      <form
        className="form-grid call-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        {otherErrors ? <div className="banner banner-error span-2" role="alert">{otherErrors}</div> : null}
        <div className={`field span-2 ${fieldError('contactId') ? 'field-invalid' : ''}`}>
          <span>Contact</span>
          {newContact ? (
            <div className="new-contact">
              <div className="field-pair">
                <input aria-label="First name" placeholder="First name" value={newContact.firstName} onChange={(e) => setNewContact({ ...newContact, firstName: e.target.value })} autoFocus />
                <input aria-label="Last name" placeholder="Last name" value={newContact.lastName} onChange={(e) => setNewContact({ ...newContact, lastName: e.target.value })} />
              </div>
              <div className="field-pair">
                <input aria-label="Phone" type="tel" placeholder="Phone" value={newContact.phone} onChange={(e) => setNewContact({ ...newContact, phone: e.target.value })} />
                <input aria-label="Email" type="email" placeholder="Email" value={newContact.email} onChange={(e) => setNewContact({ ...newContact, email: e.target.value })} />
              </div>
              <small className="muted">
                New contact. If the phone or email matches someone in {workspace.name}, the call goes to that contact instead.{' '}
                <button type="button" className="link-button" onClick={() => setNewContact(null)}>Search again</button>
              </small>
              {fieldError('newContact') ? <small className="field-error" role="alert">{fieldError('newContact')}</small> : null}
            </div>
          ) : (
            <ContactPicker workspaceId={workspace.id} value={contact} onPick={setContact} onCreate={setNewContact} error={fieldError('contactId')} autoFocus={!contact} />
          )}
          {fieldError('contactId') ? <small className="field-error" role="alert">{fieldError('contactId')}</small> : null}
        </div>

        <label className={`field ${fieldError('leadId') ? 'field-invalid' : ''}`}>
          <span>Lead</span>
          <select value={leadId} onChange={(e) => setLeadId(e.target.value)} disabled={!contact} aria-label="Lead">
            <option value="">{contact ? 'No lead' : 'Pick a contact first'}</option>
            {leads.map((l) => (
              <option key={l.id} value={l.id}>
                {LEAD_TYPE_LABELS[l.leadType as LeadType] ?? (l.leadType || 'Lead')} · {l.source || 'no source'} · {formatDate(l.createdAt)}
              </option>
            ))}
          </select>
          {fieldError('leadId') ? <small className="field-error" role="alert">{fieldError('leadId')}</small> : null}
        </label>
        <label className="field">
          <span>Source of set appointment</span>
          <select value={evidence.sourceOfAppointment} onChange={setEv('sourceOfAppointment')} aria-label="Source of set appointment">
            <option value="">Not recorded</option>
            {SOURCE_OF_APPOINTMENT_VALUES.map((v) => (
              <option key={v} value={v}>{APPT_LABELS[v] ?? v}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Lead source</span>
          <input value={evidence.leadSource} onChange={setEv('leadSource')} aria-label="Lead source" />
        </label>
        <div className="field-pair">
          <label className="field">
            <span>UTM source</span>
            <input value={evidence.utmSource} onChange={setEv('utmSource')} aria-label="UTM source" />
          </label>
          <label className="field">
            <span>UTM medium</span>
            <input value={evidence.utmMedium} onChange={setEv('utmMedium')} aria-label="UTM medium" />
          </label>
        </div>

        <div className="traffic-suggestion span-2" data-testid="traffic-suggestion" aria-live="polite">
          <div>
            <span className="muted small">{override ? 'Traffic source (set by hand)' : 'Suggested traffic source'}</span>
            <div className="suggestion-value">
              <span className="source-dot" style={{ background: sourceDef(traffic?.sources, chosen.trafficSource).color }} aria-hidden="true" />
              <strong data-testid="suggested-source">{sourceDef(traffic?.sources, chosen.trafficSource).label}</strong>
              <span className={`badge tone-${chosen.confidence === 'high' || chosen.confidence === 'manual' ? 'green' : chosen.confidence === 'medium' ? 'amber' : 'gray'}`}>{chosen.confidence}</span>
            </div>
            <div className="muted small" data-testid="suggestion-reason">{override ? `Rules would say ${sourceDef(traffic?.sources, suggestion.trafficSource).label}: ${suggestion.reason}` : suggestion.reason}</div>
          </div>
          <label className={`field ${fieldError('trafficSourceOverride') ? 'field-invalid' : ''}`}>
            <span>Override</span>
            <select value={override} onChange={(e) => setOverride(e.target.value)} aria-label="Traffic source override" data-testid="source-override">
              <option value="">Use the suggestion</option>
              {(traffic?.sources ?? []).map((s) => (
                <option key={s.key} value={s.key}>{s.label}</option>
              ))}
            </select>
            {fieldError('trafficSourceOverride') ? <small className="field-error" role="alert">{fieldError('trafficSourceOverride')}</small> : null}
          </label>
        </div>

        <label className={`field ${fieldError('crmStage') ? 'field-invalid' : ''}`}>
          <span>CRM stage</span>
          <select value={stage} onChange={(e) => setStage(e.target.value as CrmStage)} aria-label="CRM stage">
            {CRM_STAGES.map((s) => (
              <option key={s} value={s}>{CRM_STAGE_LABELS[s]}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Rep</span>
          <select value={repUserId} onChange={(e) => setRepUserId(e.target.value)} aria-label="Rep">
            <option value="">Nobody</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>{m.displayName}</option>
            ))}
          </select>
        </label>
        {stage === 'closed_won' ? (
          <label className={`field span-2 ${fieldError('saleValueCents') ? 'field-invalid' : ''}`}>
            <span>Sale value (USD) — recorded as a conversion</span>
            <input inputMode="decimal" placeholder="24,500.00" value={saleValue} onChange={(e) => setSaleValue(e.target.value)} aria-label="Sale value" />
            {fieldError('saleValueCents') ? <small className="field-error" role="alert">{fieldError('saleValueCents')}</small> : null}
          </label>
        ) : null}
        <label className={`field ${fieldError('scheduledAt') ? 'field-invalid' : ''}`}>
          <span>Scheduled for</span>
          <input type="datetime-local" value={scheduledAt} onChange={(e) => setScheduledAt(e.target.value)} aria-label="Scheduled for" />
          {fieldError('scheduledAt') ? <small className="field-error" role="alert">{fieldError('scheduledAt')}</small> : null}
        </label>
        <label className={`field ${fieldError('durationSeconds') ? 'field-invalid' : ''}`}>
          <span>Duration (minutes)</span>
          <input inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} aria-label="Duration in minutes" placeholder="e.g. 25" />
          {fieldError('durationSeconds') ? <small className="field-error" role="alert">{fieldError('durationSeconds')}</small> : null}
        </label>
        <label className="field span-2">
          <span>Notes</span>
          <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} aria-label="Notes" />
        </label>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

type TrafficEvidenceSource = '' | (typeof SOURCE_OF_APPOINTMENT_VALUES)[number];
