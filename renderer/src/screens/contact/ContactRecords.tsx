import type { ContactOverview } from '../../../../shared/api/contact360';
import { CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { LEAD_STATUS_LABELS, LEAD_TYPE_LABELS, type LeadStatus, type LeadType } from '../../../../shared/domain/leads';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';

const label = (s: string | null | undefined) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ') : '—');

function Section({ title, count, shownCount, empty, children, testId }: { title: string; count: number; shownCount: number; empty: string; children: React.ReactNode; testId: string }) {
  return (
    <section className="contact-section" data-testid={testId}>
      <h3>
        {title} <span className="count">{count.toLocaleString()}</span>
      </h3>
      {count === 0 ? <p className="muted small">{empty}</p> : children}
      {count > shownCount ? <p className="muted small">Showing the newest {shownCount.toLocaleString()}; the timeline has all of them.</p> : null}
    </section>
  );
}

export function ContactRecords({ o }: { o: ContactOverview }) {
  return (
    <div className="contact-records">
      <Section title="Leads" count={o.counts.leads} shownCount={o.leads.length} empty="No leads: this person came in another way." testId="contact-leads">
        <ul className="plain-list">
          {o.leads.map((l) => (
            <li key={l.id}>
              <strong>{LEAD_TYPE_LABELS[l.leadType as LeadType] ?? (l.leadType || 'Lead')}</strong> · {l.source || 'no source'}
              {l.utmCampaign ? <span className="muted small"> · {l.utmCampaign}</span> : null}
              <span className="muted small block">
                {LEAD_STATUS_LABELS[l.status as LeadStatus] ?? l.status} · {formatDate(l.createdAt)} · {l.ownerName ?? 'unassigned'}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Calls" count={o.counts.calls} shownCount={o.calls.length} empty="No calls yet." testId="contact-calls">
        <ul className="plain-list">
          {o.calls.map((c) => (
            <li key={c.id}>
              <span className="stage-badge">{CRM_STAGE_LABELS[c.crmStage as CrmStage] ?? c.crmStage}</span> {c.scheduledAt ? formatDateTime(c.scheduledAt) : 'not scheduled'}
              <span className="muted small block">
                {c.repName ?? 'no rep'} · {c.trafficSource}
                {c.durationSeconds !== null ? ` · ${Math.round(c.durationSeconds / 60)} min` : ''}
                {c.saleValueCents !== null ? ` · ${formatMoney(c.saleValueCents, c.currency)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Appointments" count={o.counts.appointments} shownCount={o.appointments.length} empty="No appointments." testId="contact-appointments">
        <ul className="plain-list">
          {o.appointments.map((a) => (
            <li key={a.id}>
              <strong>{label(a.appointmentType)}</strong> · {formatDateTime(a.scheduledAt)}
              <span className="muted small block">
                {label(a.status)} · {a.durationMinutes} min{a.outcome ? ` · ${label(a.outcome)}` : ''} · {a.assignedName ?? 'unassigned'}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Sales" count={o.counts.conversions} shownCount={o.conversions.length} empty="No sales yet." testId="contact-conversions">
        {o.totals.length > 0 ? (
          <p className="contact-total" data-testid="contact-total">
            Lifetime {o.totals.map((t) => formatMoney(t.cents, t.currency)).join(' + ')}
          </p>
        ) : null}
        <ul className="plain-list">
          {o.conversions.map((c) => (
            <li key={c.id} data-testid="conversion">
              <strong>{formatMoney(c.valueCents, c.currency)}</strong> · {label(c.conversionType)} {c.orderNumber ? <span className="mono small">{c.orderNumber}</span> : null}
              <span className="muted small block">
                {formatDateTime(c.convertedAt)}
                {c.billingStatus ? ` · ${label(c.billingStatus)}` : ''}
              </span>
              {c.items.length > 0 ? (
                <table className="order-items">
                  <tbody>
                    {c.items.map((i) => (
                      <tr key={i.id}>
                        <td>{i.productName}</td>
                        <td className="num">× {i.quantity}</td>
                        <td className="num">{formatMoney(i.amountCents, i.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <span className="muted small block">No line items</span>
              )}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
