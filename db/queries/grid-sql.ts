// SQL building blocks shared by the grids (leads, calls): filter conditions and keyset paging.
// Column expressions come from fixed tables in the callers; user values only ever reach SQL as
// bound parameters.
import type { Cursor, LeadFilter, SortItem } from '../../shared/api/leads';

export interface Built {
  where: string[];
  params: unknown[];
}

export interface SqlColumn {
  expr: string;
  /** false: NULL never occurs, so keyset can use a row-value comparison (one index range scan). */
  nullable: boolean;
}

export type TextFilter = Extract<LeadFilter, { kind: 'text' }>;
export type NumberFilter = Extract<LeadFilter, { kind: 'number' }>;

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export function textCondition(expr: string, filter: TextFilter, out: Built): void {
  const v = escapeLike(filter.value);
  const like = (pattern: string, not = false) => {
    out.where.push(`${expr} ${not ? 'NOT ' : ''}LIKE ? ESCAPE '\\'`);
    out.params.push(pattern);
  };
  switch (filter.op) {
    case 'contains':
      return like(`%${v}%`);
    case 'notContains':
      return like(`%${v}%`, true);
    case 'startsWith':
      return like(`${v}%`);
    case 'endsWith':
      return like(`%${v}`);
    case 'equals':
      out.where.push(`${expr} = ? COLLATE NOCASE`);
      out.params.push(filter.value);
      return;
    case 'notEqual':
      out.where.push(`${expr} <> ? COLLATE NOCASE`);
      out.params.push(filter.value);
      return;
    case 'blank':
      out.where.push(`coalesce(${expr}, '') = ''`);
      return;
    case 'notBlank':
      out.where.push(`coalesce(${expr}, '') <> ''`);
      return;
  }
}

export function numberCondition(expr: string, filter: NumberFilter, out: Built): void {
  const ops = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
  if (filter.op === 'blank') return void out.where.push(`${expr} IS NULL`);
  if (filter.op === 'notBlank') return void out.where.push(`${expr} IS NOT NULL`);
  if (filter.value === undefined) return;
  if (filter.op === 'between') {
    out.where.push(`${expr} BETWEEN ? AND ?`);
    out.params.push(filter.value, filter.valueTo ?? filter.value);
    return;
  }
  out.where.push(`${expr} ${ops[filter.op]} ?`);
  out.params.push(filter.value);
}

/** A generic column filter (text, enum, date range, number) on one SQL expression. */
export function columnCondition(expr: string, filter: LeadFilter, out: Built): void {
  switch (filter.kind) {
    case 'text':
      return textCondition(expr, filter, out);
    case 'enum':
      out.where.push(`${expr} IN (${filter.values.map(() => '?').join(', ')})`);
      out.params.push(...filter.values);
      return;
    case 'date':
      if (filter.from) {
        out.where.push(`${expr} >= ?`);
        out.params.push(new Date(filter.from).toISOString());
      }
      if (filter.to) {
        out.where.push(`${expr} < ?`);
        out.params.push(new Date(filter.to).toISOString());
      }
      return;
    case 'number':
      return numberCondition(expr, filter, out);
  }
}

/**
 * "Rows after the cursor" in the sort order. All-NOT-NULL keys with one direction become a row-value
 * comparison, which SQLite turns into a single index range scan; otherwise a NULL-aware expansion
 * (SQLite sorts NULL first ascending, last descending).
 */
export function keysetCondition(keys: (SqlColumn & { dir: 'asc' | 'desc' })[], idExpr: string, cursor: Cursor, out: Built): void {
  const lastDir = keys[keys.length - 1]?.dir ?? 'asc';
  const all = [...keys, { expr: idExpr, nullable: false, dir: lastDir }];
  const values = [...cursor.values, cursor.id];
  const oneDir = all.every((k) => k.dir === all[0]!.dir);
  const noNulls = all.every((k, i) => !k.nullable && values[i] !== null);
  if (oneDir && noNulls) {
    out.where.push(`(${all.map((k) => k.expr).join(', ')}) ${all[0]!.dir === 'asc' ? '>' : '<'} (${all.map(() => '?').join(', ')})`);
    out.params.push(...values);
    return;
  }
  const ors: string[] = [];
  const orParams: unknown[] = [];
  for (let i = 0; i < all.length; i++) {
    const parts: string[] = [];
    const params: unknown[] = [];
    for (let j = 0; j < i; j++) {
      parts.push(`${all[j]!.expr} IS ?`);
      params.push(values[j]);
    }
    const k = all[i]!;
    const v = values[i];
    let after: string | null;
    if (v === null) after = k.dir === 'asc' ? `${k.expr} IS NOT NULL` : null;
    else if (k.dir === 'asc') after = `${k.expr} > ?`;
    else after = k.nullable ? `(${k.expr} < ? OR ${k.expr} IS NULL)` : `${k.expr} < ?`;
    if (after === null) continue;
    parts.push(after);
    if (v !== null) params.push(v);
    ors.push(`(${parts.join(' AND ')})`);
    orParams.push(...params);
  }
  out.where.push(ors.length === 0 ? '0' : `(${ors.join(' OR ')})`);
  out.params.push(...orParams);
}

export function orderBy(keys: (SqlColumn & { dir: 'asc' | 'desc' })[], idExpr: string): string {
  const lastDir = keys[keys.length - 1]?.dir ?? 'asc';
  return [...keys.map((k) => `${k.expr} ${k.dir.toUpperCase()}`), `${idExpr} ${lastDir.toUpperCase()}`].join(', ');
}

/** The next cursor from the raw last row of a page, whose sort keys were selected as k0, k1, … */
export function nextCursorOf(last: Record<string, unknown> | undefined, sort: SortItem[] | { col: string }[], hasMore: boolean, idKey = 'id'): Cursor | null {
  if (!hasMore || !last) return null;
  return { values: sort.map((_, i) => (last[`k${i}`] ?? null) as string | number | null), id: last[idKey] as string };
}
