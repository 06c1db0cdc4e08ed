import { useEffect, useRef, useState } from 'react';
import type { Contact, ContactMatch } from '../../../../shared/api/contacts';
import { ApiCallError, call } from '../../lib/api';
import { formatDate, formatPhone } from '../../lib/format';
import { useUi } from '../../stores/ui';

type FieldKey = 'firstName' | 'lastName' | 'email' | 'phone' | 'address' | 'city' | 'state' | 'zipCode';

const FIELDS: { key: FieldKey; label: string; type?: string }[] = [
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'email', label: 'Email', type: 'email' },
  { key: 'phone', label: 'Phone', type: 'tel' },
  { key: 'address', label: 'Address' },
  { key: 'city', label: 'City' },
  { key: 'state', label: 'State' },
  { key: 'zipCode', label: 'ZIP' },
];

/** What the field shows when not editing: phones formatted, problems flagged. */
function shown(contact: Contact, key: FieldKey): string {
  if (key === 'phone') return contact.phoneStatus === 'valid' ? formatPhone(contact.phone) : contact.phone;
  return contact[key];
}

export interface DuplicateHit {
  contact: ContactMatch;
  matchedBy: 'phone' | 'email';
}

/**
 * One field, edited in place: click or Enter to edit, Enter saves, Escape cancels. The server
 * normalizes (phone to E.164, email lowercased) and answers with what it stored.
 */
function EditableField({ contact, field, onSaved, onDuplicate }: { contact: Contact; field: (typeof FIELDS)[number]; onSaved: (c: Contact) => void; onDuplicate: (hit: DuplicateHit, retry: () => void) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const toast = useUi((s) => s.toast);
  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);

  const start = () => {
    setValue(field.key === 'phone' ? contact.phoneRaw || contact.phone : contact[field.key]);
    setError(null);
    setEditing(true);
  };
  const save = async (allowDuplicate = false) => {
    setSaving(true);
    try {
      const r = await call('contacts.update', { id: contact.id, patch: { [field.key]: value }, allowDuplicate });
      if (!r.saved && r.duplicate) {
        onDuplicate(r.duplicate, () => void save(true));
        return;
      }
      setEditing(false);
      onSaved(r.contact);
      if (r.changed.length > 0) toast(`${field.label} saved`, 'success');
    } catch (err) {
      setError(err instanceof ApiCallError ? err.fieldMessage(field.key) ?? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  const display = shown(contact, field.key);
  const flag = field.key === 'phone' && contact.phoneStatus !== 'valid' && contact.phoneStatus !== 'empty' ? contact.phoneIssue ?? contact.phoneStatus : field.key === 'email' && contact.email && !contact.emailValid ? 'check this address' : null;
  return (
    <div className="kv contact-field" data-testid={`field-${field.key}`}>
      <dt>{field.label}</dt>
      <dd>
        {editing ? (
          <span className="inline-edit">
            <input
              ref={inputRef}
              aria-label={field.label}
              type={field.type ?? 'text'}
              value={value}
              disabled={saving}
              className={error ? 'field-invalid' : undefined}
              onChange={(e) => setValue(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void save();
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setEditing(false);
                }
              }}
              onBlur={() => !saving && setEditing(false)}
            />
            {error ? <span className="field-error" role="alert">{error}</span> : <span className="muted small">Enter to save · Esc to cancel</span>}
          </span>
        ) : (
          <button className="inline-value" onClick={start} title={`Edit ${field.label.toLowerCase()} (Enter)`} data-testid={`edit-${field.key}`}>
            {display || <span className="muted">Add {field.label.toLowerCase()}</span>}
            {flag ? <span className="badge tone-red" title={flag}>check</span> : null}
          </button>
        )}
      </dd>
    </div>
  );
}

export function ContactHeader({ contact, ownerName, onChanged, onDuplicate }: { contact: Contact; ownerName: string | null; onChanged: (c: Contact) => void; onDuplicate: (hit: DuplicateHit, retry: () => void) => void }) {
  const name = `${contact.firstName} ${contact.lastName}`.trim() || contact.email || contact.phone || 'Unnamed contact';
  return (
    <section className="contact-card" aria-label="Contact details">
      <div className="contact-title">
        <h1 data-testid="contact-name">{name}</h1>
        <span className="muted">
          #<span className="mono" data-testid="contact-code">{contact.contactCode}</span> · contact since {formatDate(contact.createdAt)}
          {ownerName ? ` · owner ${ownerName}` : ''}
        </span>
      </div>
      <dl className="kv-list contact-fields">
        {FIELDS.map((f) => (
          <EditableField key={f.key} contact={contact} field={f} onSaved={onChanged} onDuplicate={onDuplicate} />
        ))}
      </dl>
    </section>
  );
}
