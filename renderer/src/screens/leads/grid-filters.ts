// Maps ag-grid's column filter model and sort model to the contract's filters and sort, so the
// database does all filtering and paging. Dates are read in the user's own time zone.
import { LEAD_COLUMNS, type LeadColumnKey, type LeadFilter, type SortItem } from '../../../../shared/api/leads';
import { localInputValue } from '../../lib/format';

export interface AgTextModel { filterType: 'text'; type: string; filter?: string | null }
export interface AgNumberModel { filterType: 'number'; type: string; filter?: number | null; filterTo?: number | null }
export interface AgDateModel { filterType: 'date'; type: string; dateFrom?: string | null; dateTo?: string | null }
export type AgFilterModel = Record<string, AgTextModel | AgNumberModel | AgDateModel | { filterType: string }>;

const TEXT_OPS = ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank'] as const;
const NUMBER_OPS: Record<string, Extract<LeadFilter, { kind: 'number' }>['op']> = {
  equals: 'eq', notEqual: 'ne', lessThan: 'lt', lessThanOrEqual: 'lte', greaterThan: 'gt', greaterThanOrEqual: 'gte', inRange: 'between', blank: 'blank', notBlank: 'notBlank',
};

/** "2025-03-09 00:00:00" (a local calendar day from ag-grid) -> that local midnight as a Date. */
function localDay(value: string): Date {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

function nextDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
}

/** What a grid needs to know of its columns to map filters and sorts. */
export type GridColumns = Record<string, { kind: string; sortable: boolean }>;

export function toLeadFilters(model: AgFilterModel): Partial<Record<LeadColumnKey, LeadFilter>> {
  return toGridFilters(model, LEAD_COLUMNS);
}

/** Any grid's filter model to the contract's filters; columns not in `columns` are ignored. */
export function toGridFilters<K extends string>(model: AgFilterModel, columns: Record<K, { kind: string }>): Partial<Record<K, LeadFilter>> {
  const out: Partial<Record<K, LeadFilter>> = {};
  for (const [rawKey, raw] of Object.entries(model)) {
    if (!Object.prototype.hasOwnProperty.call(columns, rawKey)) continue;
    const key = rawKey as K;
    const spec = columns[key];
    if (raw.filterType === 'text') {
      const m = raw as AgTextModel;
      const op = (TEXT_OPS as readonly string[]).includes(m.type) ? (m.type as (typeof TEXT_OPS)[number]) : 'contains';
      if (op !== 'blank' && op !== 'notBlank' && !m.filter) continue;
      out[key] = { kind: 'text', op, value: m.filter ?? '' };
    } else if (raw.filterType === 'number') {
      const m = raw as AgNumberModel;
      const op = NUMBER_OPS[m.type];
      if (!op) continue;
      // Money columns are typed in dollars and stored as whole cents; other numbers pass as typed.
      const toStored = (v: number) => (spec.kind === 'money' ? Math.round(v * 100) : v);
      const value = m.filter == null ? undefined : toStored(m.filter);
      const valueTo = m.filterTo == null ? undefined : toStored(m.filterTo);
      if (value === undefined && op !== 'blank' && op !== 'notBlank') continue;
      out[key] = { kind: 'number', op, ...(value !== undefined ? { value } : {}), ...(valueTo !== undefined ? { valueTo } : {}) };
    } else if (raw.filterType === 'date') {
      const m = raw as AgDateModel;
      if (!m.dateFrom) continue;
      const from = localDay(m.dateFrom);
      let range: { from?: string; to?: string };
      switch (m.type) {
        case 'equals':
          range = { from: from.toISOString(), to: nextDay(from).toISOString() };
          break;
        case 'lessThan':
          range = { to: from.toISOString() };
          break;
        case 'greaterThan':
          range = { from: nextDay(from).toISOString() };
          break;
        case 'inRange':
          range = { from: from.toISOString(), to: nextDay(localDay(m.dateTo ?? m.dateFrom)).toISOString() };
          break;
        default:
          continue;
      }
      out[key] = { kind: 'date', ...range };
    }
  }
  return out;
}

export function toSort(model: { colId: string; sort: 'asc' | 'desc' }[]): SortItem[] {
  return toGridSort(model, LEAD_COLUMNS, { col: 'createdAt', dir: 'desc' });
}

/** Any grid's sort model to the contract's sort (unsortable columns dropped, at most three keys). */
export function toGridSort<K extends string>(model: { colId: string; sort: 'asc' | 'desc' }[], columns: Record<K, { sortable: boolean }>, fallback: { col: K; dir: 'asc' | 'desc' }): { col: K; dir: 'asc' | 'desc' }[] {
  const sort: { col: K; dir: 'asc' | 'desc' }[] = [];
  for (const m of model) {
    if (Object.prototype.hasOwnProperty.call(columns, m.colId) && columns[m.colId as K].sortable) sort.push({ col: m.colId as K, dir: m.sort });
  }
  return sort.length > 0 ? sort.slice(0, 3) : [fallback];
}

const NUMBER_OPS_BACK = Object.fromEntries(Object.entries(NUMBER_OPS).map(([ag, op]) => [op, ag])) as Record<string, string>;

/** A local calendar day as ag-grid's date filter writes it. */
function agDay(date: Date): string {
  return `${localInputValue(date).slice(0, 10)} 00:00:00`;
}

/**
 * The inverse of toGridFilters for the columns the grid filters itself (enum columns are chips):
 * a saved view's filters shown in the grid's filter UI again. Date ranges come back as the local
 * days they were made of.
 */
export function toAgFilterModel<K extends string>(filters: Partial<Record<K, LeadFilter>>, columns: Record<K, { kind: string }>): AgFilterModel {
  const out: AgFilterModel = {};
  for (const [key, f] of Object.entries(filters) as [K, LeadFilter | undefined][]) {
    if (!f || !Object.prototype.hasOwnProperty.call(columns, key) || columns[key].kind === 'enum') continue;
    if (f.kind === 'text') out[key] = { filterType: 'text', type: f.op, filter: f.value };
    else if (f.kind === 'number') {
      const shown = (v: number | undefined) => (v === undefined ? null : columns[key].kind === 'money' ? v / 100 : v);
      out[key] = { filterType: 'number', type: NUMBER_OPS_BACK[f.op] ?? 'equals', filter: shown(f.value), filterTo: shown(f.valueTo) };
    } else if (f.kind === 'date') {
      const from = f.from ? new Date(f.from) : null;
      const to = f.to ? new Date(new Date(f.to).getTime() - 1) : null;
      if (from && to) out[key] = { filterType: 'date', type: 'inRange', dateFrom: agDay(from), dateTo: agDay(to) };
      else if (to) out[key] = { filterType: 'date', type: 'lessThan', dateFrom: agDay(new Date(f.to!)) };
      else if (from) out[key] = { filterType: 'date', type: 'greaterThan', dateFrom: agDay(new Date(from.getFullYear(), from.getMonth(), from.getDate() - 1)) };
    }
  }
  return out;
}
