// Contact 360: one page per contact. Details edited in place, every lead, call, appointment and
// sale, one timeline of everything, and merge (with undo) of a duplicate into this contact.
import { useCallback, useEffect, useState } from 'react';
import type { ContactOverview, MergeResult } from '../../../../shared/api/contact360';
import { Icon } from '../../components/Icon';
import { ApiCallError, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../stores/session';
import { openContact, useUi } from '../../stores/ui';
import { ContactHeader, type DuplicateHit } from './ContactHeader';
import { ContactRecords } from './ContactRecords';
import { ContactTimeline } from './ContactTimeline';
import { MergeDialog } from './MergeDialog';
import './contact.css';

export function ContactScreen() {
  const contactId = useUi((s) => s.contactId);
  const dataVersion = useSession((s) => s.dataVersion);
  const toast = useUi((s) => s.toast);
  const [overview, setOverview] = useState<ContactOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mergeWith, setMergeWith] = useState<{ otherId?: string } | null>(null);
  const [duplicate, setDuplicate] = useState<(DuplicateHit & { retry: () => void }) | null>(null);

  const load = useCallback(async () => {
    if (!contactId) return;
    try {
      const o = await call('contacts.overview', { id: contactId });
      setOverview(o);
      setError(null);
      // An old id of a merged-away contact: show the survivor under its own id.
      if (o.redirectedFrom) openContact(o.contact.id);
    } catch (err) {
      setOverview(null);
      setError((err as Error).message);
    }
  }, [contactId]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  const undo = useCallback(
    async (mergeEventId: string) => {
      try {
        const r = await call('contacts.undoMerge', { mergeEventId });
        const kept = r.keptFields.length ? ` (kept your later edits to ${r.keptFields.join(', ')})` : '';
        toast(`Merge undone: #${r.loser.contactCode} is its own contact again${kept}`, 'success', { label: 'Open it', run: () => openContact(r.loser.id) });
      } catch (err) {
        toast(err instanceof ApiCallError ? err.message : String(err), 'error');
      }
    },
    [toast],
  );

  const merged = (r: MergeResult) => {
    setMergeWith(null);
    setDuplicate(null);
    const moved = Object.values(r.moved).reduce((a, b) => a + b, 0);
    toast(`Merged: ${moved} record${moved === 1 ? '' : 's'} moved${r.filled.length ? `, ${r.filled.length} blank field${r.filled.length === 1 ? '' : 's'} filled` : ''}`, 'success', { label: 'Undo', run: () => void undo(r.mergeEventId) });
    if (r.winner.id !== contactId) openContact(r.winner.id);
  };

  if (!contactId) {
    return (
      <div className="empty-state" data-testid="contact-none">
        <Icon name="user" size={32} />
        <h2>No contact chosen</h2>
        <p>Open a contact from a lead (Open contact in the lead drawer) or from a call.</p>
      </div>
    );
  }
  if (error) {
    return (
      <div className="empty-state" role="alert">
        <h2>This contact cannot be shown</h2>
        <p>{error}</p>
      </div>
    );
  }
  if (!overview) return <div className="empty-state" role="status">Loading contact…</div>;

  const c = overview.contact;
  return (
    <div className="screen contact-screen" data-testid="contact-screen">
      <div className="contact-layout">
        <div className="contact-main">
          <div className="row-end contact-actions">
            <button className="button button-ghost" onClick={() => setMergeWith({})} data-testid="open-merge">
              Merge a duplicate…
            </button>
          </div>
          <ContactHeader
            contact={c}
            ownerName={overview.ownerName}
            onChanged={(next) => {
              setOverview({ ...overview, contact: next });
              setDuplicate(null);
            }}
            onDuplicate={(hit, retry) => setDuplicate({ ...hit, retry })}
          />
          {duplicate ? (
            <div className="banner" role="alert" data-testid="duplicate-warning">
              That {duplicate.matchedBy} belongs to {`${duplicate.contact.firstName} ${duplicate.contact.lastName}`.trim() || 'another contact'} (#{duplicate.contact.contactCode}). Same person?
              <span className="row-end">
                <button className="button button-primary" onClick={() => setMergeWith({ otherId: duplicate.contact.id })} data-testid="duplicate-merge">Merge them…</button>
                <button className="button button-ghost" onClick={() => { duplicate.retry(); setDuplicate(null); }}>Save anyway</button>
                <button className="button button-ghost" onClick={() => setDuplicate(null)}>Cancel</button>
              </span>
            </div>
          ) : null}
          {overview.merges.some((m) => !m.undone) ? (
            <p className="muted small" data-testid="contact-merges">
              Also known as{' '}
              {overview.merges.filter((m) => !m.undone).map((m, i) => (
                <span key={m.eventId}>
                  {i > 0 ? ', ' : ''}
                  {m.other.name} #{m.other.contactCode} (merged {formatDateTime(m.at)})
                  {!m.undone ? (
                    <>
                      {' '}
                      <button className="link-button" onClick={() => void undo(m.eventId)} data-testid="merge-undo">Undo</button>
                    </>
                  ) : null}
                </span>
              ))}
            </p>
          ) : null}
          <ContactRecords o={overview} />
        </div>
        <ContactTimeline contactId={c.id} version={dataVersion} onUndoMerge={(id) => void undo(id)} />
      </div>
      {mergeWith ? <MergeDialog contact={c} {...(mergeWith.otherId ? { initialOtherId: mergeWith.otherId } : {})} onClose={() => setMergeWith(null)} onMerged={merged} /> : null}
    </div>
  );
}
