import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '../lib/format';

export interface TimelineEntry {
  id: string;
  /** What happened, in words. */
  text: string;
  actorName: string | null;
  createdAt: string;
  /** A reason or note, shown after the time. */
  note?: string | null;
  /** A small label before the text (the contact timeline's event kind). */
  tag?: string;
  /** More below the text: changed values, the record it belongs to, an action. */
  detail?: ReactNode;
}

/** A record's history, newest first: what, who and when (relative, exact on hover). */
export function Timeline({ entries, testId }: { entries: TimelineEntry[]; testId: string }) {
  return (
    <ol className="timeline" data-testid={testId}>
      {entries.map((e) => (
        <li key={e.id} data-id={e.id}>
          <span className="timeline-dot" aria-hidden="true" />
          <div>
            <div>
              {e.tag ? <span className="badge tone-gray timeline-tag">{e.tag}</span> : null}
              {e.text}
            </div>
            {e.detail}
            <div className="muted small">
              {e.actorName ?? 'System'} · <time dateTime={e.createdAt} title={formatDateTime(e.createdAt)}>{formatRelative(e.createdAt)}</time>
              {e.note ? ` · ${e.note}` : ''}
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
