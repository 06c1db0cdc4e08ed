// The calendar's grid: a sticky header of columns (days or reps), the hour gutter, and each
// column's off-hours bands, the "now" line and the appointment blocks, positioned by time.
import type { RefObject } from 'react';
import type { Appointment } from '../../../../shared/api/appointments';
import { formatHour, formatSlot, formatTime, statusLabel } from './appointment-format';
import { hoursInto, lanes, offBands, type Column } from './calendar-layout';

export const HOUR_PX = 44;

export function CalendarGrid({ columns, rows, view, showRep, scrollRef, onOpen, onOpenDay }: { columns: Column[]; rows: Appointment[]; view: 'day' | 'week'; showRep: boolean; scrollRef: RefObject<HTMLDivElement | null>; onOpen: (id: string) => void; onOpenDay: (day: Date) => void }) {
  const now = new Date();
  const nowHours = now.getHours() + now.getMinutes() / 60;
  return (
    <div className="cal-grid" ref={scrollRef} style={{ ['--cal-cols' as string]: columns.length }}>
      <div className="cal-head">
        <div className="cal-gutter" />
        {columns.map((c) => (
          <div key={c.key} className={`cal-col-head ${c.isToday && view === 'week' ? 'cal-today' : ''}`}>
            {c.day ? (
              <button className="link-button" onClick={() => onOpenDay(c.day!)} title="Open this day">{c.label}</button>
            ) : (
              <>
                <span className="cal-col-name">{c.label}</span>
                {c.sub ? <span className="muted small">{c.sub}</span> : null}
              </>
            )}
          </div>
        ))}
      </div>
      <div className="cal-body" style={{ height: 24 * HOUR_PX }}>
        <div className="cal-gutter">
          {Array.from({ length: 24 }, (_, h) => (
            <span key={h} className="cal-hour" style={{ top: h * HOUR_PX }}>{h === 0 ? '' : formatHour(h)}</span>
          ))}
        </div>
        {columns.map((c) => {
          const items = rows.filter(c.holds);
          const placed = lanes(items);
          return (
            <div key={c.key} className="cal-col" data-testid={`cal-col-${c.key}`} style={{ backgroundSize: `100% ${HOUR_PX}px` }}>
              {offBands(c).map(([from, to]) => (
                <div key={from} className="cal-off" style={{ top: from * HOUR_PX, height: (to - from) * HOUR_PX }} aria-hidden="true" />
              ))}
              {c.isToday ? <div className="cal-now" style={{ top: nowHours * HOUR_PX }} aria-hidden="true" /> : null}
              {items.map((a) => {
                const s = Date.parse(a.scheduledAt);
                const top = hoursInto(s, c.start, c.end) * HOUR_PX;
                const bottom = hoursInto(s + a.durationMinutes * 60_000, c.start, c.end) * HOUR_PX;
                const { lane, of } = placed.get(a.id)!;
                const height = Math.max(20, bottom - top - 2);
                // Short blocks put the time and name on one line; the rep shows when there is room.
                const size = height < 30 ? 'cal-block-one' : height < 46 && showRep ? 'cal-block-two' : '';
                return (
                  <button
                    key={a.id}
                    className={`cal-block appt-st-${a.status} ${a.needsRebooking ? 'cal-rebook' : ''} ${size}`}
                    style={{ top: top + 1, height, left: `calc(${(lane / of) * 100}% + 2px)`, width: `calc(${100 / of}% - 4px)` }}
                    onClick={() => onOpen(a.id)}
                    data-testid="cal-block"
                    data-appointment-id={a.id}
                    title={`${a.contactName} · ${formatSlot(a.scheduledAt, a.durationMinutes)} · ${a.assignedName ?? 'Unrouted'} · ${statusLabel(a.status)}${a.needsRebooking ? ' · needs rebooking' : ''}`}
                  >
                    <span className="cal-block-line">
                      <span className="cal-block-time">{formatTime(s)}</span>
                      <span className="cal-block-name">{a.contactName || 'Unnamed'}</span>
                    </span>
                    {showRep && size !== 'cal-block-one' ? <span className="cal-block-rep">{a.assignedName ?? 'Unrouted'}</span> : null}
                  </button>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
