import type { GridApi } from 'ag-grid-community';
import { useEffect, useRef, useState } from 'react';
import { LEAD_COLUMNS, type LeadColumnKey, type LeadRow } from '../../../../shared/api/leads';
import { LEAD_STATUSES, LEAD_STATUS_LABELS, LEAD_TYPES, LEAD_TYPE_LABELS } from '../../../../shared/domain/leads';
import { SEGMENT_KEYS, SEGMENTS, type Segment } from '../../../../shared/domain/rfm';

const SEGMENT_LABELS = Object.fromEntries(SEGMENTS.map((s) => [s.key, s.label])) as Record<Segment, string>;
import { screenCommands } from '../../components/CommandPalette';
import { Icon } from '../../components/Icon';
import { useDismiss } from '../../lib/use-dismiss';
import { call } from '../../lib/api';
import { downloadText, stampedName } from '../../lib/download';
import { formatCount } from '../../lib/format';
import { useUi } from '../../stores/ui';
import { toLeadFilters, toSort, type AgFilterModel } from './grid-filters';
import { shortcutLabel, useHotkeys } from '../../lib/hotkeys';
import { useLeads } from '../../stores/leads';
import { currentWorkspace, useSession } from '../../stores/session';
import { LeadDrawer } from './LeadDrawer';
import { chipFilters, LeadsGrid } from './LeadsGrid';
import { NewLeadDialog } from './NewLeadDialog';
import { BulkBar } from './BulkBar';
import { ViewsMenu } from './ViewsMenu';

function SearchBox({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const search = useLeads((s) => s.search);
  const [text, setText] = useState(search);
  const pushed = useRef(search);
  // A search set from elsewhere (a saved view) shows here; what this box pushed does not echo back.
  useEffect(() => {
    if (search !== pushed.current) {
      pushed.current = search;
      setText(search);
    }
  }, [search]);
  // Debounced: the database answers fast, but not on every keystroke of a fast typist.
  useEffect(() => {
    const t = setTimeout(() => {
      pushed.current = text.trim();
      useLeads.getState().setSearch(text.trim());
    }, 200);
    return () => clearTimeout(t);
  }, [text]);
  return (
    <div className="search-box">
      <Icon name="search" size={14} />
      <input
        ref={inputRef}
        type="search"
        placeholder="Name, phone, email"
        title="Search by name, phone, email or contact code"
        aria-label="Search leads"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <kbd>/</kbd>
    </div>
  );
}

function ChipMenu<T extends string>({ label, options, labels, selected, onToggle, testId }: { label: string; options: readonly T[]; labels: Record<T, string>; selected: T[]; onToggle: (v: T) => void; testId: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  const summary = selected.length === 0 ? 'Any' : selected.length === 1 ? labels[selected[0]!] : `${selected.length} selected`;
  return (
    <div className="chip-menu" ref={ref} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button className={`chip ${selected.length ? 'chip-active' : ''}`} aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)} data-testid={testId}>
        <span className="chip-label">{label}</span>
        <span>{summary}</span>
        <Icon name="chevron" size={12} />
      </button>
      {open ? (
        <div className="menu" role="menu">
          {options.map((o) => (
            <label key={o} className="menu-item" role="menuitemcheckbox" aria-checked={selected.includes(o)}>
              <input type="checkbox" checked={selected.includes(o)} onChange={() => onToggle(o)} />
              {labels[o]}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function ColumnsMenu({ apiRef }: { apiRef: React.MutableRefObject<GridApi<LeadRow> | null> }) {
  const [open, setOpen] = useState(false);
  const [, force] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  const api = apiRef.current;
  return (
    <div className="chip-menu" ref={ref} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button className="button button-ghost" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="columns-button">
        <Icon name="columns" size={14} /> Columns
      </button>
      {open && api ? (
        <div className="menu menu-right menu-scroll" role="menu">
          {(Object.keys(LEAD_COLUMNS) as LeadColumnKey[]).map((key) => {
            const visible = api.getColumn(key)?.isVisible() ?? false;
            return (
              <label key={key} className="menu-item" role="menuitemcheckbox" aria-checked={visible}>
                <input
                  type="checkbox"
                  checked={visible}
                  onChange={() => {
                    api.setColumnsVisible([key], !visible);
                    force((n) => n + 1);
                  }}
                />
                {LEAD_COLUMNS[key].label}
              </label>
            );
          })}
          <button className="menu-item link-button" onClick={() => { api.resetColumnState(); force((n) => n + 1); }}>
            Reset columns
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function LeadsScreen() {
  const workspace = useSession(currentWorkspace);
  const canExport = workspace?.role === 'manager' || workspace?.role === 'admin';
  const total = useLeads((s) => s.total);
  const loading = useLeads((s) => s.loading);
  const error = useLeads((s) => s.error);
  const statuses = useLeads((s) => s.statuses);
  const types = useLeads((s) => s.types);
  const segments = useLeads((s) => s.segments);
  const search = useLeads((s) => s.search);
  const selectedId = useLeads((s) => s.selectedId);
  const newLeadOpen = useLeads((s) => s.newLeadOpen);
  const { toggleStatus, toggleType, toggleSegment, clearChips, select, setNewLeadOpen } = useLeads.getState();
  const apiRef = useRef<GridApi<LeadRow> | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);

  useHotkeys([
    { keys: '/', run: () => searchRef.current?.focus() },
    { keys: 'n', run: () => setNewLeadOpen(true) },
  ]);

  useEffect(() => {
    screenCommands.set('leads', [
      { id: 'new-lead', title: 'New lead', section: 'Leads', icon: 'plus', keys: 'n', run: () => setNewLeadOpen(true) },
      { id: 'search-leads', title: 'Search leads', section: 'Leads', icon: 'search', keys: '/', run: () => setTimeout(() => searchRef.current?.focus(), 0) },
      { id: 'leads-export', title: 'Export leads to CSV', section: 'Leads', icon: 'download', run: () => void exportRef.current() },
      { id: 'clear-filters', title: 'Clear lead filters', section: 'Leads', icon: 'filter', run: () => { clearChips(); apiRef.current?.setFilterModel(null); } },
    ]);
    return () => void screenCommands.delete('leads');
  }, [setNewLeadOpen, clearChips]);

  /** j / k in the drawer move through the rows in the grid's current order. */
  const step = (delta: number) => {
    const api = apiRef.current;
    if (!api || !selectedId) return;
    const node = api.getRowNode(selectedId);
    const index = (node?.rowIndex ?? -1) + delta;
    if (index < 0) return;
    const next = api.getDisplayedRowAtIndex(index);
    if (next?.data) {
      select(next.data.id);
      api.ensureIndexVisible(index);
      api.setFocusedCell(index, 'firstName');
    }
  };

  const [exporting, setExporting] = useState(false);
  const toast = useUi((s) => s.toast);
  /** Every lead the grid selects (filters, chips, search, sort), as a CSV that re-imports losslessly. */
  const exportCsv = async () => {
    const api = apiRef.current;
    if (!api || !workspace || exporting) return;
    setExporting(true);
    try {
      const chips = chipFilters({ statuses, types, segments });
      const sortModel = api.getColumnState().filter((c) => c.sort).map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
      const result = await call('leads.exportCsv', { workspaceId: workspace.id, search, sort: toSort(sortModel), filters: { ...toLeadFilters(api.getFilterModel() as AgFilterModel), ...chips } });
      downloadText(stampedName('leads'), result.csv);
      toast(result.truncated ? `Exported the first ${formatCount(result.rows)} leads; narrow the filters for the rest` : `Exported ${formatCount(result.rows)} leads`, 'success');
    } catch (err) {
      toast(`Export failed: ${(err as Error).message}`, 'error');
    } finally {
      setExporting(false);
    }
  };

  const exportRef = useRef(exportCsv);
  exportRef.current = exportCsv;

  const filtered = statuses.length > 0 || types.length > 0 || segments.length > 0 || search !== '';
  return (
    <section className="screen screen-leads" aria-label="Leads">
      <header className="screen-head">
        <div className="screen-title">
          <h1>Leads</h1>
          <span className="count" data-testid="leads-total" aria-live="polite">
            {total === null ? (loading ? 'Counting…' : '') : `${formatCount(total)}${filtered ? ' matching' : ''} lead${total === 1 ? '' : 's'}`}
          </span>
        </div>
        <div className="toolbar">
          <ViewsMenu apiRef={apiRef} />
          <SearchBox inputRef={searchRef} />
          <ChipMenu label="Status" options={LEAD_STATUSES} labels={LEAD_STATUS_LABELS} selected={statuses} onToggle={toggleStatus} testId="status-filter" />
          <ChipMenu label="Type" options={LEAD_TYPES} labels={LEAD_TYPE_LABELS} selected={types} onToggle={toggleType} testId="type-filter" />
          <ChipMenu label="Segment" options={SEGMENT_KEYS} labels={SEGMENT_LABELS} selected={segments} onToggle={toggleSegment} testId="segment-filter" />
          <ColumnsMenu apiRef={apiRef} />
          <button className="button button-ghost" onClick={() => useUi.getState().go('review')} data-testid="review-leads" title="Work through these leads one at a time, by keyboard">
            <Icon name="check" size={14} /> Review
          </button>
          {canExport ? (
            <button className="button button-ghost" onClick={() => void exportCsv()} disabled={exporting} data-testid="export-leads" title="Export these leads to CSV (re-imports with the Convio preset)">
              <Icon name="download" size={14} /> {exporting ? 'Exporting…' : 'Export'}
            </button>
          ) : null}
          <button className="button button-primary" onClick={() => setNewLeadOpen(true)} title={`New lead (${shortcutLabel('n')})`}>
            <Icon name="plus" size={14} /> New lead
          </button>
        </div>
      </header>
      {error ? (
        <div className="banner banner-error" role="alert">
          <Icon name="alert" /> Could not load leads: {error}
        </div>
      ) : null}
      <BulkBar ids={ticked} onClear={() => { apiRef.current?.deselectAll(); setTicked([]); }} />
      <div className="leads-body">
        {workspace ? <LeadsGrid onOpen={(id) => select(id)} apiRef={apiRef} onSelection={setTicked} /> : null}
        {total === 0 && !loading ? (
          <div className="grid-empty-state" data-testid="leads-empty">
            <Icon name="leads" size={24} />
            {filtered ? (
              <>
                <h2>No leads match</h2>
                <p>Nothing in {workspace?.name} matches this search and these filters.</p>
                <button className="button" onClick={() => { clearChips(); useLeads.getState().setSearch(''); apiRef.current?.setFilterModel(null); }}>Clear search and filters</button>
              </>
            ) : (
              <>
                <h2>No leads yet</h2>
                <p>Create the first one, or import a CSV export from Import.</p>
                <button className="button button-primary" onClick={() => setNewLeadOpen(true)}>New lead</button>
              </>
            )}
          </div>
        ) : null}
        {selectedId ? <LeadDrawer leadId={selectedId} onClose={() => select(null)} onStep={step} onOpenLead={(id) => select(id)} /> : null}
      </div>
      {newLeadOpen && workspace ? <NewLeadDialog workspaceId={workspace.id} onClose={() => setNewLeadOpen(false)} onCreated={(id) => { setNewLeadOpen(false); select(id); }} /> : null}
    </section>
  );
}
