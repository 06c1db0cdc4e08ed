import { useState } from 'react';
import { LEAD_TYPES, LEAD_TYPE_LABELS } from '../../../../shared/domain/leads';
import { Dialog } from '../../components/Dialog';
import { ApiCallError, call } from '../../lib/api';
import { shortcutLabel } from '../../lib/hotkeys';
import { useMembers } from '../../stores/members';
import { useUi } from '../../stores/ui';

interface Form {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  city: string;
  state: string;
  zipCode: string;
  leadType: string;
  source: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  ownerUserId: string;
  notes: string;
}

const EMPTY: Form = { firstName: '', lastName: '', email: '', phone: '', city: '', state: '', zipCode: '', leadType: '', source: '', utmSource: '', utmMedium: '', utmCampaign: '', ownerUserId: '', notes: '' };

export function NewLeadDialog({ workspaceId, onClose, onCreated }: { workspaceId: string; onClose: () => void; onCreated: (leadId: string) => void }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);
  const members = useMembers(workspaceId);
  const toast = useUi((s) => s.toast);


  const set = (key: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const fieldError = (field: string) => error?.fieldMessage(field);

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const created = await call('leads.create', {
        workspaceId,
        contact: { firstName: form.firstName, lastName: form.lastName, email: form.email, phone: form.phone, city: form.city, state: form.state, zipCode: form.zipCode },
        lead: {
          leadType: form.leadType as '' | 'solar' | 'hvac' | 'insurance',
          source: form.source,
          utmSource: form.utmSource,
          utmMedium: form.utmMedium,
          utmCampaign: form.utmCampaign,
          notes: form.notes,
          ownerUserId: form.ownerUserId || null,
        },
      });
      const how = created.contactCreated ? `new contact ${created.contact.contactCode}` : `added to existing contact ${created.contact.contactCode} (same ${created.matchedBy})`;
      const phoneNote = created.contact.phoneStatus === 'invalid' || created.contact.phoneStatus === 'ambiguous' ? ' The phone number was kept but flagged: check it.' : '';
      toast(`Lead created: ${how}.${phoneNote}`, 'success');
      onCreated(created.lead.id);
    } catch (err) {
      setError(err instanceof ApiCallError ? err : new ApiCallError({ code: 'internal', message: String(err) }));
    } finally {
      setSaving(false);
    }
  };

  const input = (key: keyof Form, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className={`field ${fieldError(key) ? 'field-invalid' : ''}`}>
      <span>{label}</span>
      <input value={form[key]} onChange={set(key)} aria-invalid={Boolean(fieldError(key))} {...props} />
      {fieldError(key) ? <small className="field-error" role="alert">{fieldError(key)}</small> : null}
    </label>
  );

  return (
    <Dialog
      title="New lead"
      onClose={onClose}
      width={640}
      footer={
        <>
          <span className="muted small">{shortcutLabel('mod+enter')} to save</span>
          <button className="button button-ghost" onClick={onClose}>Cancel</button>
          <button className="button button-primary" onClick={() => void submit()} disabled={saving} data-testid="save-lead">
            {saving ? 'Saving…' : 'Create lead'}
          </button>
        </>
      }
    >
      <form
        className="form-grid"
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
        {error && error.fields.length === 0 ? <div className="banner banner-error span-2" role="alert">{error.message}</div> : null}
        {error?.fieldMessage('contact') ? <div className="banner banner-error span-2" role="alert">{error.fieldMessage('contact')}</div> : null}
        {input('firstName', 'First name', { autoFocus: true, 'data-autofocus': true } as React.InputHTMLAttributes<HTMLInputElement>)}
        {input('lastName', 'Last name')}
        {input('email', 'Email', { type: 'email', inputMode: 'email' })}
        {input('phone', 'Phone', { type: 'tel', placeholder: '(415) 555-0123' })}
        {input('city', 'City')}
        <div className="field-pair">
          {input('state', 'State', { maxLength: 50 })}
          {input('zipCode', 'ZIP')}
        </div>
        <label className="field">
          <span>Type</span>
          <select value={form.leadType} onChange={set('leadType')}>
            <option value="">Not set</option>
            {LEAD_TYPES.map((t) => (
              <option key={t} value={t}>{LEAD_TYPE_LABELS[t]}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Owner</span>
          <select value={form.ownerUserId} onChange={set('ownerUserId')}>
            <option value="">Unassigned</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>{m.displayName}</option>
            ))}
          </select>
        </label>
        {input('source', 'Lead source', { placeholder: 'facebook_ads, website, referral…' })}
        {input('utmSource', 'UTM source')}
        {input('utmMedium', 'UTM medium')}
        {input('utmCampaign', 'UTM campaign')}
        <label className="field span-2">
          <span>Notes</span>
          <textarea rows={2} value={form.notes} onChange={set('notes')} />
        </label>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
