import { useCallback, useEffect, useState } from 'react';
import type { TimelineChange, TimelineCursor, TimelineItem, TimelineKind } from '../../../../shared/api/contact360';
import { TIMELINE_KINDS, TIMELINE_KIND_LABELS } from '../../../../shared/api/contact360';
import { Timeline } from '../../components/Timeline';
import { call } from '../../lib/api';
import { formatDateTime, formatMoney } from '../../lib/format';

const PAGE = 50;

function value(c: TimelineChange, v: TimelineChange['from']): string {
  if (v === null || v === '') return '—';
  if (c.format === 'datetime' && typeof v === 'string') return formatDateTime(v);
  if (c.format === 'money' && typeof v === 'number') return formatMoney(v);
  return String(v);
}

function Changes({ changes }: { changes: TimelineChange[] }) {
  if (changes.length === 0) return null;
  return (
    <div className="timeline-changes small">
      {changes.map((c, i) => (
        <span key={i}>
          {c.field}: {c.from === null ? '' : `${value(c, c.from)} → `}
          <strong>{value(c, c.to)}</strong>
        </span>
      ))}
    </div>
  );
}

/** The merged timeline: kind chips (none chosen = all), pages of 50 with "Load more". */
export function ContactTimeline({ contactId, version, onUndoMerge }: { contactId: string; version: number; onUndoMerge: (eventId: string) => void }) {
  const [kinds, setKinds] = useState<TimelineKind[]>([]);
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState<TimelineCursor | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: TimelineCursor | null) => {
      setLoading(true);
      try {
        const page = await call('contacts.timeline', { id: contactId, limit: PAGE, ...(kinds.length ? { kinds } : {}), ...(after ? { after } : {}) });
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [contactId, kinds],
  );

  useEffect(() => {
    void load(null);
  }, [load, version]);

  const toggle = (k: TimelineKind) => setKinds((prev) => (prev.includes(k) ? prev.filter((x) => x !== k) : [...prev, k]));

  return (
    <section className="contact-timeline" aria-label="Timeline" data-testid="contact-timeline">
      <div className="timeline-head">
        <h3>Timeline</h3>
        <div className="chips" role="group" aria-label="Show kinds">
          <button className={`chip ${kinds.length === 0 ? 'chip-active' : ''}`} aria-pressed={kinds.length === 0} onClick={() => setKinds([])} data-testid="kind-all">
            All
          </button>
          {TIMELINE_KINDS.map((k) => (
            <button key={k} className={`chip ${kinds.includes(k) ? 'chip-active' : ''}`} aria-pressed={kinds.includes(k)} onClick={() => toggle(k)} data-testid={`kind-${k}`}>
              {TIMELINE_KIND_LABELS[k]}
            </button>
          ))}
        </div>
      </div>
      {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
      {!loading && items.length === 0 && !error ? (
        <p className="muted" data-testid="timeline-empty">
          {kinds.length ? `Nothing of ${kinds.map((k) => TIMELINE_KIND_LABELS[k].toLowerCase()).join(' or ')} for this contact yet.` : 'No history yet: edits, calls, sales and activity will show here.'}
        </p>
      ) : null}
      <Timeline
        testId="contact-timeline-items"
        entries={items.map((i) => ({
          id: i.id,
          text: i.title,
          tag: TIMELINE_KIND_LABELS[i.kind],
          actorName: i.actorName ?? (i.kind === 'analytics' ? 'Tracking' : null),
          createdAt: i.at,
          note: i.summary,
          detail: (
            <>
              <Changes changes={i.changes} />
              {i.record ? <div className="muted small">{i.record.label}</div> : null}
              {i.undoableMerge ? (
                <button className="link-button small" onClick={() => onUndoMerge(i.id)} data-testid="timeline-undo-merge">
                  Undo this merge
                </button>
              ) : null}
            </>
          ),
        }))}
      />
      {cursor ? (
        <button className="button button-ghost" disabled={loading} onClick={() => void load(cursor)} data-testid="timeline-more">
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : items.length > 0 && !loading ? (
        <p className="muted small">That is the whole history.</p>
      ) : null}
    </section>
  );
}
