// A contact's activity timeline: its own history, the events of its leads, calls, appointments and
// conversions, and its analytics events, newest first, keyset-paged on (at, id).
//
// Each parent record's events are one sorted stream (the per-parent (parent_id, created_at)
// indexes). A UNION ORDER BY over all of them reads and sorts every event of the contact before
// it can return 50; instead one statement seeks each stream's newest time (an index seek per
// parent), and a k-way merge then reads only the streams whose rows reach the page, in chunks.
import type { TimelineChange, TimelineCursor, TimelineItem, TimelineKind, TimelinePage, TimelineRecord } from '../../shared/api/contact360';
import { TIMELINE_KINDS } from '../../shared/api/contact360';
import { CRM_STAGE_LABELS, isCrmStage } from '../../shared/domain/crm-stage';
import { parseMoney } from '../../shared/domain/import-values';
import { LEAD_STATUS_LABELS, LEAD_TYPE_LABELS, type LeadStatus, type LeadType } from '../../shared/domain/leads';
import { prepared, type AppDb } from '../connection';

/** Columns every source maps onto: a..c are source-specific (see describe()). */
interface RawEvent {
  id: string;
  at: string;
  type: string;
  a: string | null;
  b: string | null;
  c: string | null;
  actor: string | null;
}

// Rows come back as arrays (better-sqlite3's raw mode): building an object per row is a large
// share of a page's cost at these sizes.
type RawTuple = [string, string, string, string | null, string | null, string | null, string | null];
const toRaw = (t: RawTuple): RawEvent => ({ id: t[0], at: t[1], type: t[2], a: t[3], b: t[4], c: t[5], actor: t[6] });

/** A raw-mode copy of a cached statement (the cache hands out one statement per SQL text). */
const rawStatements = new WeakMap<object, ReturnType<typeof prepared>>();
function rawPrepared(db: AppDb, sqlText: string) {
  const stmt = prepared(db, sqlText);
  let raw = rawStatements.get(stmt);
  if (!raw) {
    raw = db.sqlite.prepare(sqlText).raw(true) as ReturnType<typeof prepared>;
    rawStatements.set(stmt, raw);
  }
  return raw;
}

interface Source {
  table: string;
  /** The column the stream is keyed on (contact_id for contact-level sources). */
  parentColumn: string;
  atColumn: string;
  select: string;
  /** The parent table, for per-parent sources. */
  parentTable?: string;
  /** Parent columns kept for the record label. */
  labelColumns?: [string, string];
  /** Extra filter on parents; by default only live ones. */
  parentWhere?: string;
}

const SOURCES: Record<TimelineKind, Source> = {
  contact: { table: 'contact_events', parentColumn: 'contact_id', atColumn: 'created_at', select: 'event_type AS type, event_data AS a, NULL AS b, NULL AS c, actor_user_id AS actor' },
  analytics: { table: 'analytics_events', parentColumn: 'contact_id', atColumn: 'occurred_at', select: 'type, name AS a, value AS b, comment AS c, NULL AS actor' },
  lead: {
    table: 'lead_events', parentColumn: 'lead_id', atColumn: 'created_at', select: 'event_type AS type, event_data AS a, NULL AS b, NULL AS c, actor_user_id AS actor',
    parentTable: 'leads', labelColumns: ['lead_type', 'source'],
  },
  call: {
    table: 'call_events', parentColumn: 'call_id', atColumn: 'created_at', select: 'event_type AS type, old_value AS a, new_value AS b, reason AS c, actor_user_id AS actor',
    parentTable: 'calls', labelColumns: ['call_type', 'crm_stage'],
  },
  appointment: {
    table: 'appointment_events', parentColumn: 'appointment_id', atColumn: 'created_at', select: 'event_type AS type, event_description AS a, old_value AS b, new_value AS c, performed_by AS actor',
    parentTable: 'appointments', labelColumns: ['appointment_type', 'status'],
  },
  conversion: {
    table: 'conversion_events', parentColumn: 'conversion_id', atColumn: 'created_at', select: 'event_type AS type, event_data AS a, NULL AS b, NULL AS c, created_by AS actor',
    // A voided sale is a tombstoned conversion whose history still matters ("Sale voided").
    parentTable: 'conversions', labelColumns: ['order_number', 'conversion_type'], parentWhere: 'TRUE',
  },
};

/** Upper bound for the first page: after every stored ISO timestamp. */
const TOP: TimelineCursor = { at: '9999-12-31T23:59:59.999Z', id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };

interface Head {
  kind: TimelineKind;
  parent: string;
  l1: string | null;
  l2: string | null;
  head: string;
}

/** One statement: every stream's newest time at or before the cursor (one index seek each). */
function headsSql(kinds: readonly TimelineKind[]): string {
  return kinds
    .map((kind) => {
      const s = SOURCES[kind];
      const newest = (parent: string) =>
        `(SELECT e.${s.atColumn} FROM ${s.table} e WHERE e.${s.parentColumn} = ${parent} AND e.deleted_at IS NULL AND e.${s.atColumn} <= @at ORDER BY e.${s.atColumn} DESC LIMIT 1)`;
      if (!s.parentTable) return `SELECT '${kind}' AS kind, @contact AS parent, NULL AS l1, NULL AS l2, ${newest('@contact')} AS head`;
      const [l1, l2] = s.labelColumns!;
      return `SELECT '${kind}' AS kind, p.id AS parent, p.${l1} AS l1, p.${l2} AS l2, ${newest('p.id')} AS head
              FROM ${s.parentTable} p WHERE p.contact_id = @contact AND ${s.parentWhere ?? 'p.deleted_at IS NULL'}`;
    })
    .join('\nUNION ALL\n');
}

// (at, id) < bound is written so the range on `at` uses the index. The statement orders by `at`
// only, which the index gives for free; ordering ties by id in SQL costs a sorter per query.
// fetchChunk() sorts a chunk's ties in JS and never keeps a tie group the LIMIT may have cut.
function fetchSql(kind: TimelineKind, tiesOnly: boolean): string {
  const s = SOURCES[kind];
  const range = tiesOnly ? `${s.atColumn} = ? AND id < ?` : `${s.atColumn} <= ? AND (${s.atColumn} < ? OR id < ?)`;
  return `SELECT id, ${s.atColumn} AS at, ${s.select} FROM ${s.table}
          WHERE ${s.parentColumn} = ? AND deleted_at IS NULL AND ${range}
          ORDER BY ${s.atColumn} DESC${tiesOnly ? ', id DESC' : ''} LIMIT ?`;
}

const newestFirst = (x: RawEvent, y: RawEvent) => (x.at !== y.at ? (x.at < y.at ? 1 : -1) : x.id < y.id ? 1 : x.id > y.id ? -1 : 0);

/**
 * Up to n rows of a stream below its bound, newest first, and the bound after them. Rows that
 * share the oldest time of a full chunk may have been cut by the LIMIT, so they are left for the
 * next read (or, when the whole chunk is one time, read as a tie group ordered by id).
 */
function fetchChunk(db: AppDb, s: Stream, n: number): { rows: RawEvent[]; exhausted: boolean; bound: TimelineCursor } {
  const read = (tiesOnly: boolean, ...args: unknown[]) => (rawPrepared(db, fetchSql(s.head.kind, tiesOnly)).all(s.head.parent, ...args) as RawTuple[]).map(toRaw);
  const rows = read(false, s.bound.at, s.bound.at, s.bound.id, n).sort(newestFirst);
  if (rows.length < n) return { rows, exhausted: true, bound: s.bound };
  const oldest = rows[rows.length - 1]!.at;
  const kept = rows.filter((r) => r.at !== oldest);
  // The bound keeps its id when the cut time is the bound's own time (a cursor tie).
  const cutBound = { at: oldest, id: oldest === s.bound.at ? s.bound.id : TOP.id };
  if (kept.length > 0) return { rows: kept, exhausted: false, bound: cutBound };
  const ties = read(true, oldest, cutBound.id, n);
  return { rows: ties, exhausted: false, bound: ties.length > 0 ? ties[ties.length - 1]! : cutBound };
}

interface Stream {
  head: Head;
  /** Upper bound of the next unread row (inclusive of ties at `at` with smaller ids). */
  bound: TimelineCursor;
  buffer: RawEvent[];
  pos: number;
  exhausted: boolean;
  fetches: number;
}

/**
 * Rows asked of a stream the first time it is read. A query costs about as much as ten rows here,
 * so a small first chunk (doubling after) wastes little on a stream that gives the page only a
 * few items, and few queries on one that gives it most.
 */
const FIRST_CHUNK = 12;

function compareKey(a: TimelineCursor, b: TimelineCursor): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A stream's sort key: its next buffered row, else the bound of what it has not read yet. */
function keyOf(s: Stream): TimelineCursor {
  return s.buffer[s.pos] ?? s.bound;
}

/** Max-heap on keyOf: a contact has tens to hundreds of streams. */
class StreamHeap {
  private readonly items: Stream[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Stream | undefined {
    return this.items[0];
  }
  push(s: Stream): void {
    this.items.push(s);
    this.up(this.items.length - 1);
  }
  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.down(0);
    }
  }
  /** The top's key changed (it only ever decreases). */
  fixTop(): void {
    this.down(0);
  }
  private up(i: number): void {
    const it = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareKey(keyOf(it[p]!), keyOf(it[i]!)) >= 0) break;
      [it[p], it[i]] = [it[i]!, it[p]!];
      i = p;
    }
  }
  private down(i: number): void {
    const it = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < it.length && compareKey(keyOf(it[l]!), keyOf(it[m]!)) > 0) m = l;
      if (r < it.length && compareKey(keyOf(it[r]!), keyOf(it[m]!)) > 0) m = r;
      if (m === i) return;
      [it[m], it[i]] = [it[i]!, it[m]!];
      i = m;
    }
  }
}

export interface TimelineQuery {
  contactId: string;
  kinds?: readonly TimelineKind[];
  after?: TimelineCursor;
  limit: number;
}

/** Merged raw events of the page (limit + 1, to know whether there is a next page). */
function mergedPage(db: AppDb, q: TimelineQuery): { stream: Stream; row: RawEvent }[] {
  const kinds = TIMELINE_KINDS.filter((k) => !q.kinds || q.kinds.includes(k));
  const cursor = q.after ?? TOP;
  const heads = rawPrepared(db, headsSql(kinds)).all({ contact: q.contactId, at: cursor.at }) as [TimelineKind, string, string | null, string | null, string | null][];
  const heap = new StreamHeap();
  for (const [kind, parent, l1, l2, at] of heads) {
    // Ties with the cursor's time may still be below it by id, so the bound keeps the cursor's id.
    if (at !== null) {
      heap.push({ head: { kind, parent, l1, l2, head: at }, bound: { at, id: at === cursor.at ? cursor.id : TOP.id }, buffer: [], pos: 0, exhausted: false, fetches: 0 });
    }
  }
  const want = q.limit + 1;
  const out: { stream: Stream; row: RawEvent }[] = [];
  while (out.length < want && heap.size > 0) {
    const s = heap.peek()!;
    const row = s.buffer[s.pos];
    if (row) {
      out.push({ stream: s, row });
      s.pos++;
      if (s.pos === s.buffer.length) {
        if (s.exhausted) heap.pop();
        else {
          // s.bound (from fetchChunk) already bounds what this stream has not read.
          s.buffer = [];
          s.pos = 0;
          heap.fixTop();
        }
      } else heap.fixTop();
      continue;
    }
    const n = Math.min(want - out.length, FIRST_CHUNK << s.fetches++);
    const { rows, exhausted, bound } = fetchChunk(db, s, n);
    s.buffer = rows;
    s.pos = 0;
    s.exhausted = exhausted;
    s.bound = bound;
    if (rows.length === 0) heap.pop();
    else heap.fixTop();
  }
  return out;
}

export function contactTimeline(db: AppDb, q: TimelineQuery): TimelinePage {
  const merged = mergedPage(db, q);
  const page = merged.slice(0, q.limit);
  const actorIds = [...new Set(page.map((m) => m.row.actor).filter((a): a is string => !!a))];
  const names = actorIds.length
    ? new Map(
        (prepared(db, 'SELECT id, display_name AS name FROM users WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(actorIds)) as { id: string; name: string }[]).map((u) => [u.id, u.name]),
      )
    : new Map<string, string>();
  const undone = undoneMerges(db, page);
  const items = page.map(({ stream, row }) => {
    const item = describe(stream.head, row);
    item.actorName = row.actor ? names.get(row.actor) ?? null : null;
    if (item.kind === 'contact' && item.eventType === 'merged') item.undoableMerge = !undone.has(item.id);
    return item;
  });
  const last = page[page.length - 1];
  return { items, nextCursor: merged.length > q.limit && last ? { at: last.row.at, id: last.row.id } : null };
}

/** Merge events of the page that have been undone (their event data says so). */
function undoneMerges(db: AppDb, page: { stream: Stream; row: RawEvent }[]): Set<string> {
  const out = new Set<string>();
  for (const { stream, row } of page) {
    if (stream.head.kind !== 'contact' || row.type !== 'merged' || !row.a) continue;
    if ((JSON.parse(row.a) as { undoneAt?: string }).undoneAt) out.add(row.id);
  }
  return out;
}

// --- words a rep can read -------------------------------------------------------------------------

const CONTACT_FIELD_LABELS: Record<string, string> = {
  firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', address: 'Address', city: 'City',
  state: 'State', zipCode: 'ZIP', ownerUserId: 'Owner', status: 'Status', leadType: 'Type', source: 'Source', notes: 'Notes',
};

const MOVED_WORDS: Record<string, [string, string]> = {
  leads: ['lead', 'leads'], calls: ['call', 'calls'], appointments: ['appointment', 'appointments'], conversions: ['sale', 'sales'],
  analyticsEvents: ['activity event', 'activity events'], contactEvents: ['history entry', 'history entries'], tracking: ['tracking entry', 'tracking entries'],
};

const titleCase = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ') : s);

function parseJson(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function fieldChanges(changes: unknown): TimelineChange[] {
  if (!changes || typeof changes !== 'object') return [];
  return Object.entries(changes as Record<string, [unknown, unknown]>).map(([field, pair]) => {
    const [from, to] = Array.isArray(pair) ? pair : [null, pair];
    const scalar = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'number' ? v : String(v));
    const money = field.endsWith('Cents');
    const status = field === 'status' ? (v: unknown) => (v ? LEAD_STATUS_LABELS[v as LeadStatus] ?? String(v) : null) : scalar;
    return { field: CONTACT_FIELD_LABELS[field] ?? field, from: status(from), to: status(to), format: money ? 'money' : 'text' };
  });
}

function recordOf(head: Head): TimelineRecord | null {
  const { kind, parent, l1, l2 } = head;
  if (kind === 'lead') {
    const type = LEAD_TYPE_LABELS[l1 as LeadType] ?? titleCase(l1 ?? '');
    return { type: 'lead', id: parent, label: `${type ? `${type} lead` : 'Lead'}${l2 ? ` · ${l2}` : ''}` };
  }
  if (kind === 'call') return { type: 'call', id: parent, label: `${titleCase(l1 ?? 'sales')} call · ${l2 && isCrmStage(l2) ? CRM_STAGE_LABELS[l2] : titleCase(l2 ?? '')}` };
  if (kind === 'appointment') return { type: 'appointment', id: parent, label: `${titleCase(l1 ?? 'appointment')} · ${titleCase(l2 ?? '')}` };
  if (kind === 'conversion') return { type: 'conversion', id: parent, label: l1 ? `${titleCase(l2 ?? 'sale')} ${l1}` : titleCase(l2 ?? 'sale') };
  return null;
}

function item(head: Head, row: RawEvent, title: string, summary: string | null, changes: TimelineChange[] = []): TimelineItem {
  return { id: row.id, kind: head.kind, eventType: row.type, at: row.at, title, summary, changes, actorUserId: row.actor, actorName: null, record: recordOf(head) };
}

const stage = (v: string | null) => (v && isCrmStage(v) ? CRM_STAGE_LABELS[v] : titleCase(v ?? ''));
const who = (c: unknown) => {
  const o = (c ?? {}) as { contactCode?: string; name?: string };
  return `${o.name || 'a contact'}${o.contactCode ? ` (#${o.contactCode})` : ''}`;
};

function describe(head: Head, row: RawEvent): TimelineItem {
  switch (head.kind) {
    case 'contact': {
      const d = parseJson(row.a);
      if (row.type === 'updated') {
        const followed = typeof d.leadsFollowed === 'number' && d.leadsFollowed > 0 ? `${d.leadsFollowed} lead${d.leadsFollowed === 1 ? '' : 's'} updated to match` : null;
        return item(head, row, 'Contact details edited', [(d.note as string | undefined) ?? null, followed].filter(Boolean).join('; ') || null, fieldChanges(d.changes));
      }
      if (row.type === 'merged') {
        const moved = (d.counts ?? {}) as Record<string, number>;
        const parts = Object.entries(moved).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${(MOVED_WORDS[k] ?? [k, k])[n === 1 ? 0 : 1]}`);
        return item(head, row, `Merged ${who(d.loser)} into this contact`, `${parts.length ? `Moved ${parts.join(', ')}` : 'Nothing to move'}${d.undoneAt ? ' · undone since' : ''}`, fieldChanges(d.filled));
      }
      if (row.type === 'merged_into') return item(head, row, `Merged into ${who(d.winner)}`, null);
      if (row.type === 'unmerged') return item(head, row, `Merge undone: ${who(d.loser)} is a separate contact again`, null);
      return item(head, row, titleCase(row.type), null, fieldChanges(d.changes));
    }
    case 'lead': {
      const d = parseJson(row.a);
      const note = typeof d.note === 'string' ? d.note : null;
      if (row.type === 'created') return item(head, row, 'Lead created', note);
      if (row.type === 'status_changed') {
        const [from, to] = ((d.changes as Record<string, [string, string]> | undefined)?.status ?? [null, null]) as [string | null, string | null];
        return item(head, row, `Lead status: ${LEAD_STATUS_LABELS[from as LeadStatus] ?? from ?? '—'} → ${LEAD_STATUS_LABELS[to as LeadStatus] ?? to ?? '—'}`, note);
      }
      return item(head, row, row.type === 'updated' ? 'Lead edited' : titleCase(row.type), note, fieldChanges(d.changes));
    }
    case 'call': {
      if (row.type === 'created') return item(head, row, `Call logged (${stage(row.b)})`, row.c);
      if (row.type === 'stage_changed') return item(head, row, `Call stage: ${stage(row.a)} → ${stage(row.b)}`, row.c);
      if (row.type === 'rescheduled') return item(head, row, 'Call rescheduled', row.c, [{ field: 'Scheduled', from: row.a, to: row.b, format: 'datetime' }]);
      if (row.type === 'traffic_source_changed') return item(head, row, `Traffic source: ${row.a ?? '—'} → ${row.b ?? '—'}`, row.c);
      if (row.type === 'rep_changed') return item(head, row, 'Call reassigned', row.c);
      return item(head, row, `Call: ${titleCase(row.type)}`, row.c);
    }
    case 'appointment': {
      const title = row.type === 'created' ? 'Appointment booked' : `Appointment ${titleCase(row.type).toLowerCase()}`;
      const isTime = (v: string | null) => !!v && /^\d{4}-\d\d-\d\dT/.test(v);
      const changes: TimelineChange[] = row.b || row.c ? [{ field: isTime(row.c) ? 'When' : 'Value', from: row.b, to: row.c, format: isTime(row.c) || isTime(row.b) ? 'datetime' : 'text' }] : [];
      return item(head, row, title, row.a && row.a !== title ? row.a : null, changes);
    }
    case 'conversion': {
      const d = parseJson(row.a);
      const value = typeof d.valueCents === 'number' ? d.valueCents : null;
      const money = value !== null ? [{ field: 'Value', from: null, to: value, format: 'money' as const }] : [];
      if (row.type === 'created') return item(head, row, 'Sale recorded', typeof d.note === 'string' ? d.note : null, money);
      if (row.type === 'voided') return item(head, row, 'Sale voided', typeof d.reason === 'string' ? d.reason : null);
      return item(head, row, `Sale: ${titleCase(row.type)}`, null, money);
    }
    case 'analytics': {
      const title = row.a || titleCase(row.type);
      // A purchase's value is its amount ("5490", "$5,490.00"): shown as money. Any other value
      // (a session id, a page) stays text.
      const amount = row.type === 'purchase' && row.b !== null ? parseMoney(String(row.b)) : null;
      if (amount?.ok && amount.value !== null) {
        return item(head, row, title, row.c || null, [{ field: 'Value', from: null, to: amount.value, format: 'money' }]);
      }
      const summary = [row.b, row.c].filter((v) => v !== null && v !== '').join(' · ') || null;
      return item(head, row, title, summary);
    }
  }
}
