import { useEffect, useState } from 'react';
import type { DuplicateCandidate, MergeCounts, MergePreview, MergeResult } from '../../../../shared/api/contact360';
import type { Contact, ContactMatch } from '../../../../shared/api/contacts';
import { Dialog } from '../../components/Dialog';
import { ApiCallError, call } from '../../lib/api';
import { formatPhone } from '../../lib/format';

const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', address: 'Address', city: 'City', state: 'State', zipCode: 'ZIP',
  ownerUserId: 'Owner', webhookId: 'Webhook', calendarStatus: 'Calendar', clickfunnelsId: 'ClickFunnels id', keapId: 'Keap id', manychatId: 'ManyChat id', hubspotId: 'HubSpot id',
};
const SIDE_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'address', 'city', 'state', 'zipCode'] as const;
const MOVE_LABELS: Record<keyof MergeCounts, [string, string]> = {
  leads: ['lead', 'leads'], calls: ['call', 'calls'], appointments: ['appointment', 'appointments'], conversions: ['sale', 'sales'],
  analyticsEvents: ['activity event', 'activity events'], contactEvents: ['history entry', 'history entries'], tracking: ['tracking entry', 'tracking entries'],
};

const nameOf = (c: Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>) => `${c.firstName} ${c.lastName}`.trim() || c.email || c.phone || 'Unnamed contact';
const fieldText = (c: Contact, f: (typeof SIDE_FIELDS)[number]) => (f === 'phone' && c.phoneStatus === 'valid' ? formatPhone(c.phone) : c[f]);

function Candidate({ c, reasons, onPick }: { c: ContactMatch; reasons: string[]; onPick: () => void }) {
  return (
    <li>
      <button className="merge-candidate" onClick={onPick} data-testid="merge-candidate" data-id={c.id}>
        <strong>{nameOf(c)}</strong> <span className="mono muted">#{c.contactCode}</span>
        <span className="muted small block">
          {[c.email, c.phone ? formatPhone(c.phone) : ''].filter(Boolean).join(' · ') || 'no email or phone'}
          {reasons.length ? ` · same ${reasons.join(', ')}` : ''}
        </span>
      </button>
    </li>
  );
}

/**
 * Merge another contact into this one: pick from likely duplicates or search, look at what moves
 * and what gets filled side by side (the survivor can be swapped), then confirm.
 */
export function MergeDialog({ contact, initialOtherId, onClose, onMerged }: { contact: Contact; initialOtherId?: string; onClose: () => void; onMerged: (r: MergeResult) => void }) {
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ContactMatch[]>([]);
  const [otherId, setOtherId] = useState<string | null>(initialOtherId ?? null);
  const [keepOther, setKeepOther] = useState(false);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('contacts.duplicates', { id: contact.id }).then(setCandidates, (err: Error) => setError(err.message));
  }, [contact.id]);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults([]);
      return;
    }
    const t = setTimeout(() => {
      void call('contacts.search', { workspaceId: contact.workspaceId, query: q, limit: 8 }).then((r) => setResults(r.filter((m) => m.id !== contact.id)), () => setResults([]));
    }, 150);
    return () => clearTimeout(t);
  }, [query, contact.id, contact.workspaceId]);

  useEffect(() => {
    if (!otherId) {
      setPreview(null);
      return;
    }
    const pair = keepOther ? { winnerId: otherId, loserId: contact.id } : { winnerId: contact.id, loserId: otherId };
    setError(null);
    void call('contacts.mergePreview', pair).then(setPreview, (err: Error) => {
      setPreview(null);
      setError(err.message);
    });
  }, [otherId, keepOther, contact.id]);

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      onMerged(await call('contacts.merge', { winnerId: preview.winner.id, loserId: preview.loser.id }));
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const moves = preview ? (Object.entries(preview.moves) as [keyof MergeCounts, number][]).filter(([, n]) => n > 0) : [];
  const filled = new Set(preview?.fills.map((f) => f.field));
  return (
    <Dialog
      title="Merge contacts"
      onClose={onClose}
      width={760}
      footer={
        <>
          <button className="button button-ghost" onClick={onClose}>Cancel</button>
          <button className="button button-primary" disabled={!preview || busy} onClick={() => void confirm()} data-testid="merge-confirm">
            {busy ? 'Merging…' : preview ? `Merge into ${nameOf(preview.winner)}` : 'Merge'}
          </button>
        </>
      }
    >
      {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
      {!preview ? (
        <div className="form-stack">
          <p className="muted small">Choose the contact that is the same person as {nameOf(contact)}. Its leads, calls, appointments, sales and history move here; nothing is deleted, and the merge can be undone.</p>
          <h4>Likely duplicates</h4>
          {candidates === null ? (
            <p className="muted small">Looking…</p>
          ) : candidates.length === 0 ? (
            <p className="muted small" data-testid="no-duplicates">No other contact shares this phone, email or full name. Search below.</p>
          ) : (
            <ul className="plain-list">
              {candidates.map((d) => (
                <Candidate key={d.contact.id} c={d.contact} reasons={d.reasons} onPick={() => setOtherId(d.contact.id)} />
              ))}
            </ul>
          )}
          <label className="field">
            <span>Search by name, email, phone or code</span>
            <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. 415 867 or ada@" data-testid="merge-search" />
          </label>
          {results.length > 0 ? (
            <ul className="plain-list">
              {results.map((m) => (
                <Candidate key={m.id} c={m} reasons={[]} onPick={() => setOtherId(m.id)} />
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <div className="form-stack" data-testid="merge-preview">
          <table className="merge-compare">
            <thead>
              <tr>
                <th />
                <th>Keeps (survivor) · #{preview.winner.contactCode}</th>
                <th>Merged in · #{preview.loser.contactCode}</th>
              </tr>
            </thead>
            <tbody>
              {SIDE_FIELDS.map((f) => (
                <tr key={f} className={filled.has(f) ? 'merge-filled' : undefined}>
                  <th scope="row">{FIELD_LABELS[f]}</th>
                  <td>{filled.has(f) ? <><span className="muted">{fieldText(preview.winner, f) || '—'}</span> → <strong>{fieldText(preview.loser, f)}</strong> <span className="badge tone-green">filled</span></> : fieldText(preview.winner, f) || '—'}</td>
                  <td>{fieldText(preview.loser, f) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="merge-moves">
            {moves.length ? `Moves ${moves.map(([k, n]) => `${n} ${MOVE_LABELS[k][n === 1 ? 0 : 1]}`).join(', ')} to the survivor.` : 'Nothing to move: the other contact has no records.'}
            {preview.fills.filter((f) => !SIDE_FIELDS.includes(f.field as (typeof SIDE_FIELDS)[number])).map((f) => ` Fills ${FIELD_LABELS[f.field] ?? f.field}.`)}
          </p>
          {preview.conflicts.length ? (
            <p className="muted small">
              Kept as they are (the survivor's wins, the other's stays in its history): {preview.conflicts.map((c) => FIELD_LABELS[c.field] ?? c.field).join(', ')}.
            </p>
          ) : null}
          <div className="row-end">
            <button className="button button-ghost" onClick={() => setKeepOther((k) => !k)} data-testid="merge-swap">Keep the other one instead</button>
            <button className="button button-ghost" onClick={() => { setOtherId(null); setKeepOther(false); }}>Choose another</button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
