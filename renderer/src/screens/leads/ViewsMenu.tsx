// Saved views of the leads grid (like Close's Smart Views): built-in ones (Hot leads first), the
// user's own and the workspace's shared ones. A view is the grid's search, chips, column filters,
// sort and columns; applying one sets them all, saving one captures them.
import type { ColumnState, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LEAD_COLUMNS, type LeadColumnKey, type LeadFilter, type LeadRow } from '../../../../shared/api/leads';
import type { LeadsViewDefinition, SavedView } from '../../../../shared/api/review';
import type { LeadStatus, LeadType } from '../../../../shared/domain/leads';
import type { Segment } from '../../../../shared/domain/rfm';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useDismiss } from '../../lib/use-dismiss';
import { call } from '../../lib/api';
import { useLeads } from '../../stores/leads';
import { currentWorkspace, useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { toAgFilterModel, toLeadFilters, toSort, type AgFilterModel } from './grid-filters';
import { chipFilters } from './LeadsGrid';

interface BuiltIn {
  id: string;
  name: string;
  definition: Partial<LeadsViewDefinition>;
}

const BUILT_INS: BuiltIn[] = [
  { id: 'builtin:all', name: 'All leads', definition: {} },
  { id: 'builtin:hot', name: 'Hot leads', definition: { filters: { segment: { kind: 'enum', values: ['hot'] } }, sort: [{ col: 'rfmScore', dir: 'desc' }, { col: 'createdAt', dir: 'desc' }] } },
  { id: 'builtin:new', name: 'New, oldest first', definition: { filters: { status: { kind: 'enum', values: ['new'] } }, sort: [{ col: 'createdAt', dir: 'asc' }] } },
];

type Api = React.MutableRefObject<GridApi<LeadRow> | null>;

/** What the grid shows now, as a view definition. */
export function currentDefinition(api: GridApi<LeadRow>): LeadsViewDefinition {
  const s = useLeads.getState();
  const state = api.getColumnState();
  return {
    search: s.search,
    filters: { ...toLeadFilters(api.getFilterModel() as AgFilterModel), ...chipFilters(s) },
    sort: toSort(state.filter((c) => c.sort).sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0)).map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }))),
    columns: state.filter((c) => c.colId in LEAD_COLUMNS).map((c) => ({ key: c.colId as LeadColumnKey, visible: !c.hide, ...(c.width ? { width: Math.round(c.width) } : {}) })),
  };
}

function enumValues<T extends string>(f: LeadFilter | undefined): T[] {
  return f?.kind === 'enum' ? (f.values as T[]) : [];
}

/** Sets the grid to a view: search, chips, column filters, sort and (when the view has them) columns. */
export function applyDefinition(api: GridApi<LeadRow> | null, d: Partial<LeadsViewDefinition>): void {
  const filters = d.filters ?? {};
  const leads = useLeads.getState();
  leads.setSearch(d.search ?? '');
  useLeads.setState({ statuses: enumValues<LeadStatus>(filters.status), types: enumValues<LeadType>(filters.leadType), segments: enumValues<Segment>(filters.segment) });
  if (!api) return;
  const sort = d.sort ?? [{ col: 'createdAt', dir: 'desc' }];
  const columns: ColumnState[] = d.columns
    ? d.columns.map((c) => ({ colId: c.key, hide: !c.visible, ...(c.width ? { width: c.width } : {}) }))
    : (Object.keys(LEAD_COLUMNS) as LeadColumnKey[]).map((k) => ({ colId: k }));
  api.applyColumnState({
    state: columns.map((c) => {
      const i = sort.findIndex((s) => s.col === c.colId);
      return { ...c, sort: i >= 0 ? sort[i]!.dir : null, sortIndex: i >= 0 ? i : null };
    }),
    applyOrder: d.columns !== undefined,
    defaultState: { sort: null },
  });
  api.setFilterModel(toAgFilterModel(filters, LEAD_COLUMNS));
}

function SaveViewDialog({ apiRef, initial, onClose, onSaved }: { apiRef: Api; initial: SavedView | null; onClose: () => void; onSaved: (v: SavedView) => void }) {
  const workspace = useSession(currentWorkspace)!;
  const [name, setName] = useState(initial?.name ?? '');
  const [shared, setShared] = useState(initial?.visibility === 'workspace');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const api = apiRef.current;
    if (!api || saving) return;
    setSaving(true);
    try {
      const view = await call('views.save', { workspaceId: workspace.id, ...(initial ? { id: initial.id } : {}), name, visibility: shared ? 'workspace' : 'personal', definition: currentDefinition(api) });
      onSaved(view);
    } catch (err) {
      setError((err as Error).message);
      setSaving(false);
    }
  };
  return (
    <Dialog
      title={initial ? `Update “${initial.name}”` : 'Save view'}
      onClose={onClose}
      width={420}
      footer={
        <>
          <button className="button" onClick={onClose}>Cancel</button>
          <button className="button button-primary" onClick={() => void save()} disabled={saving || name.trim() === ''} data-testid="save-view-confirm">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form className="form-stack" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} data-autofocus data-testid="view-name" />
        </label>
        <label className="field-check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with everyone in {workspace.name}
        </label>
        <p className="muted small">Keeps the search, chips, column filters, sort and columns the grid shows now.</p>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
      </form>
    </Dialog>
  );
}

export function ViewsMenu({ apiRef }: { apiRef: Api }) {
  const workspace = useSession(currentWorkspace);
  const dataVersion = useSession((s) => s.dataVersion);
  const toast = useUi((s) => s.toast);
  const [open, setOpen] = useState(false);
  const [views, setViews] = useState<SavedView[]>([]);
  const [active, setActive] = useState<{ id: string; name: string } | null>(null);
  const [dialog, setDialog] = useState<'new' | SavedView | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  const reload = useCallback(async () => {
    if (!workspace) return;
    try {
      setViews(await call('views.list', { workspaceId: workspace.id }));
    } catch (err) {
      toast(`Could not load saved views: ${(err as Error).message}`, 'error');
    }
  }, [workspace, toast]);
  useEffect(() => void reload(), [reload, dataVersion]);
  useDismiss(ref, open, () => setOpen(false));

  const choose = (id: string, name: string, definition: Partial<LeadsViewDefinition>) => {
    applyDefinition(apiRef.current, definition);
    setActive(id === 'builtin:all' ? null : { id, name });
    setOpen(false);
  };
  const activeSaved = views.find((v) => v.id === active?.id) ?? null;
  const remove = async (view: SavedView) => {
    setOpen(false);
    try {
      await call('views.delete', { id: view.id });
      setActive(null);
      await reload();
      toast(`Deleted the view “${view.name}”`, 'info', { label: 'Undo', run: () => void call('views.restore', { id: view.id }).then(reload, (err: Error) => toast(err.message, 'error')) });
    } catch (err) {
      toast(`Not deleted: ${(err as Error).message}`, 'error');
    }
  };
  const section = (title: string, list: SavedView[]) =>
    list.length ? (
      <>
        <div className="menu-heading">{title}</div>
        {list.map((v) => (
          <button key={v.id} className="menu-item" role="menuitemradio" aria-checked={active?.id === v.id} onClick={() => choose(v.id, v.name, v.definition)}>
            {v.name}
            {v.visibility === 'workspace' && v.ownerName ? <span className="muted small"> · {v.ownerName}</span> : null}
          </button>
        ))}
      </>
    ) : null;

  return (
    <div className="chip-menu" ref={ref} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button className={`chip ${active ? 'chip-active' : ''}`} aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)} data-testid="views-button">
        <span className="chip-label">View</span>
        <span>{active?.name ?? 'All leads'}</span>
        <Icon name="chevron" size={12} />
      </button>
      {open ? (
        <div className="menu menu-scroll" role="menu" data-testid="views-menu">
          {BUILT_INS.map((b) => (
            <button key={b.id} className="menu-item" role="menuitemradio" aria-checked={(active?.id ?? 'builtin:all') === b.id} onClick={() => choose(b.id, b.name, b.definition)}>
              {b.name}
            </button>
          ))}
          {section('Your views', views.filter((v) => v.visibility === 'personal'))}
          {section(`Shared in ${workspace?.name ?? 'the workspace'}`, views.filter((v) => v.visibility === 'workspace'))}
          <div className="menu-sep" />
          <button className="menu-item" onClick={() => { setOpen(false); setDialog('new'); }} data-testid="save-view">Save current view…</button>
          {activeSaved?.editable ? (
            <>
              <button className="menu-item" onClick={() => { setOpen(false); setDialog(activeSaved); }}>Update “{activeSaved.name}”…</button>
              <button className="menu-item" onClick={() => void remove(activeSaved)} data-testid="delete-view">Delete “{activeSaved.name}”</button>
            </>
          ) : null}
        </div>
      ) : null}
      {dialog ? (
        <SaveViewDialog
          apiRef={apiRef}
          initial={dialog === 'new' ? null : dialog}
          onClose={() => setDialog(null)}
          onSaved={(v) => {
            setDialog(null);
            setActive({ id: v.id, name: v.name });
            void reload();
            toast(`Saved the view “${v.name}”${v.visibility === 'workspace' ? ', shared with the workspace' : ''}`, 'success');
          }}
        />
      ) : null}
    </div>
  );
}
