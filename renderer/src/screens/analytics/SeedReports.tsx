// Seed 002's reporting views, as the old reports showed them: the lead funnel per workspace,
// daily conversions, the workspace conversion summary and the appointment summary. Each can be
// exported as CSV.
import type { AppointmentSummary, AppointmentSummaryRow, DailyConversionRow, FunnelRow, WorkspaceConversionRow } from '../../../../shared/api/analytics';
import { downloadCsv, stampedName } from '../../lib/download';
import { formatCount, formatDate, formatDateTime, formatMoney, formatPhone } from '../../lib/format';
import { centsCsv, formatRate, longDay, rateCsv } from './analytics-format';
import { EmptyNote, ExportButton, Panel } from './Panel';
import { SortTable, type Column } from './SortTable';

const whenFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function FunnelCell({ value, total }: { value: number; total: number }) {
  const share = total === 0 ? 0 : value / total;
  return (
    <span className="an-funnel-cell" title={total ? `${formatRate(share)} of all leads` : undefined}>
      <span className="an-funnel-num">{formatCount(value)}</span>
      <span className="an-funnel-track" aria-hidden="true">
        <span className="an-funnel-bar" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </span>
    </span>
  );
}

export function FunnelPanel({ rows }: { rows: FunnelRow[] }) {
  const stage = (key: string, label: string, pick: (r: FunnelRow) => number): Column<FunnelRow> => ({
    key,
    label,
    numeric: true,
    sort: pick,
    render: (r) => <FunnelCell value={pick(r)} total={r.totalLeads} />,
  });
  const columns: Column<FunnelRow>[] = [
    { key: 'workspace', label: 'Workspace', sort: (r) => r.workspaceName, render: (r) => <span className="an-name">{r.workspaceName}</span> },
    { key: 'total', label: 'Leads', numeric: true, sort: (r) => r.totalLeads, render: (r) => formatCount(r.totalLeads) },
    stage('contacted', 'Contacted', (r) => r.contactedLeads),
    stage('qualified', 'Qualified', (r) => r.qualifiedLeads),
    stage('converted', 'Converted', (r) => r.convertedLeads),
    { key: 'rate', label: 'Conversion', numeric: true, title: 'Converted ÷ all leads', sort: (r) => r.conversionRate, render: (r) => formatRate(r.conversionRate) },
  ];
  const exportCsv = () =>
    downloadCsv(
      stampedName('analytics-lead-funnel'),
      ['Workspace', 'Leads', 'Contacted', 'Qualified', 'Converted', 'Conversion rate %'],
      rows.map((r) => [r.workspaceName, r.totalLeads, r.contactedLeads, r.qualifiedLeads, r.convertedLeads, rateCsv(r.conversionRate)]),
    );
  return (
    <Panel wide title="Lead funnel" sub="Seed 002 view · each lead counted at every stage it has reached, as of today (not limited to the range)" testId="funnel" actions={<ExportButton what="lead funnel" onClick={exportCsv} testId="funnel-export" disabled={rows.length === 0} />}>
      {rows.every((r) => r.totalLeads === 0) ? <EmptyNote>No leads yet</EmptyNote> : <SortTable rows={rows} columns={columns} rowKey={(r) => r.workspaceId} caption="Lead funnel" testId="funnel-table" />}
    </Panel>
  );
}

export function WorkspaceConversionsPanel({ rows }: { rows: WorkspaceConversionRow[] }) {
  const columns: Column<WorkspaceConversionRow>[] = [
    { key: 'workspace', label: 'Workspace', sort: (r) => r.workspaceName, render: (r) => <span className="an-name">{r.workspaceName}</span> },
    { key: 'n', label: 'Conversions', numeric: true, sort: (r) => r.totalConversions, render: (r) => formatCount(r.totalConversions) },
    { key: 'revenue', label: 'Revenue', numeric: true, sort: (r) => r.totalRevenueCents, render: (r) => formatMoney(r.totalRevenueCents) },
    { key: 'avg', label: 'Avg value', numeric: true, sort: (r) => r.avgValueCents, render: (r) => formatMoney(r.avgValueCents) },
    { key: 'contacts', label: 'Contacts', numeric: true, title: 'Unique contacts converted', sort: (r) => r.uniqueContactsConverted, render: (r) => formatCount(r.uniqueContactsConverted) },
    { key: 'last', label: 'Last conversion', numeric: true, sort: (r) => r.lastConversionAt, render: (r) => (r.lastConversionAt ? formatDate(r.lastConversionAt) : <span className="an-zero">—</span>) },
  ];
  const exportCsv = () =>
    downloadCsv(
      stampedName('analytics-workspace-conversions'),
      ['Workspace', 'Conversions', 'Revenue (USD)', 'Average value (USD)', 'Unique contacts converted', 'Last conversion (UTC)'],
      rows.map((r) => [r.workspaceName, r.totalConversions, centsCsv(r.totalRevenueCents), centsCsv(r.avgValueCents), r.uniqueContactsConverted, r.lastConversionAt ?? '']),
    );
  return (
    <Panel wide title="Workspace conversions" sub="Seed 002 view · every conversion on record (not limited to the range)" testId="workspace-conversions" actions={<ExportButton what="workspace conversions" onClick={exportCsv} testId="workspace-conversions-export" disabled={rows.length === 0} />}>
      {rows.every((r) => r.totalConversions === 0) ? <EmptyNote>No conversions yet</EmptyNote> : <SortTable rows={rows} columns={columns} rowKey={(r) => r.workspaceId} caption="Workspace conversions" testId="workspace-conversions-table" />}
    </Panel>
  );
}

export function DailyConversionsPanel({ rows, multiWorkspace }: { rows: DailyConversionRow[]; multiWorkspace: boolean }) {
  const totalCount = rows.reduce((n, r) => n + r.conversionCount, 0);
  const totalRevenue = rows.reduce((n, r) => n + r.revenueCents, 0);
  const columns: Column<DailyConversionRow>[] = [
    { key: 'day', label: 'Day (UTC)', sort: (r) => r.day, render: (r) => longDay(r.day), total: <span className="an-total-label">{formatCount(rows.length)} days</span> },
    { key: 'n', label: 'Conversions', numeric: true, sort: (r) => r.conversionCount, render: (r) => formatCount(r.conversionCount), total: formatCount(totalCount) },
    { key: 'revenue', label: 'Revenue', numeric: true, sort: (r) => r.revenueCents, render: (r) => formatMoney(r.revenueCents), total: formatMoney(totalRevenue) },
    { key: 'avg', label: 'Avg value', numeric: true, sort: (r) => r.avgValueCents, render: (r) => formatMoney(r.avgValueCents), total: totalCount ? formatMoney(Math.round(totalRevenue / totalCount)) : '—' },
    // With one workspace in scope this column would say 1 on every row.
    ...(multiWorkspace ? [{ key: 'ws', label: 'Workspaces', numeric: true, sort: (r: DailyConversionRow) => r.activeWorkspaces, render: (r: DailyConversionRow) => formatCount(r.activeWorkspaces) }] : []),
    { key: 'agents', label: 'Agents', numeric: true, title: 'Reps who converted that day', sort: (r) => r.activeAgents, render: (r) => formatCount(r.activeAgents) },
  ];
  const exportCsv = () =>
    downloadCsv(
      stampedName('analytics-daily-conversions'),
      ['Day (UTC)', 'Conversions', 'Revenue (USD)', 'Average value (USD)', 'Active workspaces', 'Active agents'],
      [...rows].reverse().map((r) => [r.day, r.conversionCount, centsCsv(r.revenueCents), centsCsv(r.avgValueCents), r.activeWorkspaces, r.activeAgents]),
    );
  return (
    <Panel title="Daily conversions" sub="Seed 002 view · sales recorded per day, in the range" testId="daily-conversions" actions={<ExportButton what="daily conversions" onClick={exportCsv} testId="daily-conversions-export" disabled={rows.length === 0} />}>
      {rows.length === 0 ? (
        <EmptyNote>No conversions in this range</EmptyNote>
      ) : (
        <SortTable rows={rows} columns={columns} rowKey={(r) => r.day} initialSort={{ key: 'day', dir: 'desc' }} caption="Daily conversions" testId="daily-conversions-table" maxHeight={320} showTotals />
      )}
    </Panel>
  );
}

export function AppointmentsPanel({ summary, scopeNote }: { summary: AppointmentSummary; scopeNote: string }) {
  const total = summary.byStatus.reduce((n, s) => n + s.count, 0);
  const columns: Column<AppointmentSummaryRow>[] = [
    { key: 'when', label: 'When', sort: (r) => r.scheduledAt, render: (r) => <span className="an-nowrap" title={formatDateTime(r.scheduledAt)}>{whenFmt.format(new Date(r.scheduledAt))}</span> },
    {
      key: 'contact',
      label: 'Contact',
      sort: (r) => r.contactName,
      render: (r) => (
        <span title={[formatPhone(r.contactPhone), humanize(r.appointmentType)].filter(Boolean).join(' · ')}>
          <span className="an-name">{r.contactName || '—'}</span>
        </span>
      ),
    },
    { key: 'status', label: 'Status', sort: (r) => r.status, render: (r) => humanize(r.status) },
    { key: 'assigned', label: 'Assigned to', sort: (r) => r.assignedName ?? '', render: (r) => r.assignedName ?? <span className="an-zero">Unassigned</span> },
  ];
  const exportCsv = () =>
    downloadCsv(
      stampedName('analytics-appointments'),
      ['Scheduled at (UTC)', 'Contact', 'Phone', 'Type', 'Status', 'Lead type', 'Lead source', 'Webhook', 'Assigned to', 'Appointment ID'],
      summary.upcoming.map((r) => [r.scheduledAt, r.contactName, r.contactPhone, r.appointmentType, r.status, r.leadType ?? '', r.source ?? '', r.webhookName ?? '', r.assignedName ?? '', r.appointmentId]),
    );
  return (
    <Panel title="Appointments" sub={`Seed 002 view · ${scopeNote}`} testId="appointments" actions={<ExportButton what="upcoming appointments" onClick={exportCsv} testId="appointments-export" disabled={summary.upcoming.length === 0} />}>
      {total === 0 ? (
        <EmptyNote>No appointments yet</EmptyNote>
      ) : (
        <>
          <ul className="an-status-list" aria-label="Appointments by status">
            {summary.byStatus.map((s) => (
              <li key={s.status}>
                <span className="an-status-name">{humanize(s.status)}</span>
                <span className="an-status-count">{formatCount(s.count)}</span>
              </li>
            ))}
          </ul>
          <h3 className="an-subhead">Next appointments</h3>
          {summary.upcoming.length === 0 ? (
            <EmptyNote>Nothing scheduled from now on</EmptyNote>
          ) : (
            <SortTable rows={summary.upcoming} columns={columns} rowKey={(r) => r.appointmentId} caption="Next appointments" testId="appointments-table" maxHeight={260} />
          )}
        </>
      )}
    </Panel>
  );
}
