// A compact report table: click a header to sort (again to reverse), numbers right-aligned in
// tabular figures, an optional totals row, and a sticky header when it scrolls.
import { useState, type ReactNode } from 'react';

export interface Column<R> {
  key: string;
  label: string;
  numeric?: boolean;
  /** Header tooltip. */
  title?: string;
  render: (row: R) => ReactNode;
  /** Leave out to make the column unsortable. */
  sort?: (row: R) => number | string | null;
  total?: ReactNode;
}

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

interface SortTableProps<R> {
  rows: readonly R[];
  columns: Column<R>[];
  rowKey: (row: R) => string;
  /** Controlled sort (so an export can follow what is on screen); else the table keeps its own. */
  sort?: SortState | null;
  onSort?: (sort: SortState) => void;
  initialSort?: SortState;
  testId?: string;
  /** Caps the height; the header stays visible while the body scrolls. */
  maxHeight?: number;
  caption: string;
  showTotals?: boolean;
}

function compare(a: number | string | null, b: number | string | null): number {
  // Empty values (a rate with nothing to divide by) sort last in either direction.
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** Rows in the order a sort puts them (stable; empty values last). */
export function sortRows<R>(rows: readonly R[], columns: Column<R>[], sort: SortState | null): readonly R[] {
  const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!col?.sort || !sort) return rows;
  const value = col.sort;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return compare(va, vb);
    return sort.dir === 'asc' ? compare(va, vb) : compare(vb, va);
  });
}

export function nextSort(current: SortState | null, column: { key: string; numeric?: boolean }): SortState {
  if (current?.key === column.key) return { key: column.key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key: column.key, dir: column.numeric ? 'desc' : 'asc' };
}

export function SortTable<R>({ rows, columns, rowKey, sort: controlled, onSort, initialSort, testId, maxHeight, caption, showTotals }: SortTableProps<R>) {
  const [own, setOwn] = useState<SortState | null>(initialSort ?? null);
  const sort = controlled !== undefined ? controlled : own;
  const sorted = sortRows(rows, columns, sort);
  const clickHeader = (c: Column<R>) => {
    if (!c.sort) return;
    const next = nextSort(sort, c);
    setOwn(next);
    onSort?.(next);
  };
  return (
    <div className="an-table-wrap" style={maxHeight ? { maxHeight } : undefined}>
      <table className="an-table" data-testid={testId}>
        <caption className="an-sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : c.sort ? 'none' : undefined} title={c.title} data-col={c.key}>
                  {c.sort ? (
                    <button type="button" className={`an-sort ${active ? 'active' : ''}`} onClick={() => clickHeader(c)}>
                      {c.label}
                      <span className="an-sort-arrow" aria-hidden="true">
                        {active ? (sort!.dir === 'asc' ? '↑' : '↓') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)} data-row={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {showTotals ? (
          <tfoot>
            <tr>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                  {c.total ?? null}
                </td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
