// RFM lead scores (Step 5, seed 001) kept in contact_rfm: the conversion triggers (migration 0011)
// queue contacts in rfm_pending; this module scores the queue, re-scores whole workspaces when
// their thresholds or time zone change, and moves recency forward day by day. Every pass is one
// set-based statement per workspace (rfm-sql.ts), never a loop over contacts.
import {
  DEFAULT_RFM_THRESHOLDS,
  DEFAULT_SEGMENT_THRESHOLDS,
  RfmThresholdsSchema,
  SegmentThresholdsSchema,
  recencyDays,
  segmentRange,
  SEGMENTS,
  type RfmThresholds,
  type Segment,
  type SegmentThresholds,
} from '../../shared/domain/rfm';
import { addDays, localDay, startOfLocalDay } from '../../shared/domain/dates';
import type { ContactRfmView, RfmSegmentsView } from '../../shared/api/rfm';
import { prepared, type AppDb } from '../connection';
import { workspaceSettings } from '../schema';
import { insertRow, transaction, updateRow, type Writer } from '../write';
import { getMeta, setMeta } from './meta';
import { conversionInputs, RFM_COLUMNS, RFM_UPSERT, scoredSelect, type ScoringBasis } from './rfm-sql';

/** Bumped when the scoring rule itself changes, so every device re-scores on its next start. */
const SCORING_VERSION = 1;

export interface RfmConfig {
  rfm: RfmThresholds;
  segments: SegmentThresholds;
}

export interface RfmSettings extends RfmConfig {
  /** True while the workspace uses seed 001's thresholds (nothing saved). */
  isDefault: boolean;
  /** Set when the stored thresholds (e.g. synced from a newer version) do not validate; defaults are used meanwhile. */
  problem: string | null;
}

export function rfmSettings(db: AppDb, workspaceId: string): RfmSettings {
  const raw = prepared(db, 'SELECT rfm_thresholds FROM workspace_settings WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(workspaceId) as string | null | undefined;
  const defaults = { rfm: DEFAULT_RFM_THRESHOLDS, segments: DEFAULT_SEGMENT_THRESHOLDS, isDefault: true, problem: null };
  if (!raw) return defaults;
  let stored: { rfm?: unknown; segments?: unknown };
  try {
    stored = JSON.parse(raw) as typeof stored;
  } catch {
    return { ...defaults, problem: 'The saved RFM thresholds are not valid JSON; the defaults are used until they are saved again.' };
  }
  const rfm = RfmThresholdsSchema.safeParse(stored?.rfm);
  const segments = SegmentThresholdsSchema.safeParse(stored?.segments);
  if (!rfm.success || !segments.success) {
    const issue = (rfm.error ?? segments.error)!.issues[0]!;
    return { ...defaults, problem: `The saved RFM thresholds are invalid (${issue.message}); the defaults are used until they are saved again.` };
  }
  return { rfm: rfm.data, segments: segments.data, isDefault: false, problem: null };
}

function basisFor(db: AppDb, workspaceId: string): ScoringBasis {
  const timeZone = prepared(db, 'SELECT timezone FROM workspaces WHERE id = ?').pluck().get(workspaceId) as string | undefined;
  if (!timeZone) throw new Error(`Workspace ${workspaceId} not found`);
  const { rfm, segments } = rfmSettings(db, workspaceId);
  return { rfm, segments, timeZone };
}

const signature = (b: ScoringBasis) => JSON.stringify({ v: SCORING_VERSION, rfm: b.rfm, segments: b.segments, timeZone: b.timeZone });

/** The basis each workspace was last fully scored with; a mismatch (thresholds synced in, zone changed) means re-score it all. */
function storedBases(db: AppDb): Record<string, string> {
  const raw = getMeta(db, 'rfm_basis');
  return raw ? (JSON.parse(raw) as Record<string, string>) : {};
}

/** Records that the workspace's scores now follow the basis with this signature. */
function storeBasis(db: AppDb, workspaceId: string, basisSignature: string): void {
  setMeta(db, 'rfm_basis', JSON.stringify({ ...storedBases(db), [workspaceId]: basisSignature }));
}

function isCurrent(db: AppDb, workspaceId: string, basis: ScoringBasis): boolean {
  return storedBases(db)[workspaceId] === signature(basis);
}

/** The years the workspace's conversions span (and today's), for the time-zone offsets in SQL. */
function yearsOf(db: AppDb, workspaceId: string, today: string): { from: number; to: number } {
  const r = prepared(db, 'SELECT min(converted_at) AS lo, max(converted_at) AS hi FROM conversions WHERE workspace_id = ?').get(workspaceId) as { lo: string | null; hi: string | null };
  const year = (s: string | null, fallback: number) => (s && /^\d{4}/.test(s) ? Number(s.slice(0, 4)) : fallback);
  const now = Number(today.slice(0, 4));
  return { from: Math.min(year(r.lo, now), now), to: Math.max(year(r.hi, now), now) };
}

function params(workspaceId: string, basis: ScoringBasis, now: Date) {
  return { workspaceId, today: localDay(now, basis.timeZone), computedAt: now.toISOString() };
}

const LIVE_CONTACTS = 'SELECT id FROM contacts WHERE workspace_id = @workspaceId AND deleted_at IS NULL';

/**
 * Scores every contact of the workspace from scratch: at first run, when its thresholds or time
 * zone change, and in the bench. Conversions are read per live contact of the workspace (the
 * contact index, already in contact order, so the GROUP BY needs no sort).
 */
export function recomputeWorkspace(db: AppDb, workspaceId: string, now: Date): number {
  return transaction(db, () => {
    const basis = basisFor(db, workspaceId);
    const p = params(workspaceId, basis, now);
    prepared(db, 'DELETE FROM contact_rfm WHERE workspace_id = ?').run(workspaceId);
    const select = scoredSelect(basis, conversionInputs(`v.contact_id IN (${LIVE_CONTACTS})`), yearsOf(db, workspaceId, p.today));
    const { changes } = prepared(db, `INSERT INTO contact_rfm (${RFM_COLUMNS}) ${select}`).run(p);
    if (prepared(db, 'SELECT 1 FROM rfm_pending LIMIT 1').get()) {
      prepared(db, 'DELETE FROM rfm_pending WHERE contact_id IN (SELECT id FROM contacts WHERE workspace_id = ?)').run(workspaceId);
    }
    storeBasis(db, workspaceId, signature(basis));
    return changes;
  });
}

/** Scores the queued contacts (conversions written, re-pointed or deleted; contacts deleted). Returns how many were queued. */
export function refreshPending(db: AppDb, now: Date): number {
  return transaction(db, () => {
    const queued = prepared(db, 'SELECT count(*) FROM rfm_pending').pluck().get() as number;
    if (queued === 0) return 0;
    const workspaces = prepared(db, 'SELECT DISTINCT c.workspace_id FROM rfm_pending p JOIN contacts c ON c.id = p.contact_id').pluck().all() as string[];
    prepared(db, 'DELETE FROM contact_rfm WHERE contact_id IN (SELECT contact_id FROM rfm_pending)').run();
    for (const workspaceId of workspaces) {
      const basis = basisFor(db, workspaceId);
      if (!isCurrent(db, workspaceId, basis)) {
        recomputeWorkspace(db, workspaceId, now);
        continue;
      }
      const p = params(workspaceId, basis, now);
      const ids = 'SELECT p.contact_id FROM rfm_pending p JOIN contacts c ON c.id = p.contact_id WHERE c.workspace_id = @workspaceId AND c.deleted_at IS NULL';
      const select = scoredSelect(basis, conversionInputs(`v.contact_id IN (${ids})`), yearsOf(db, workspaceId, p.today));
      prepared(db, `INSERT INTO contact_rfm (${RFM_COLUMNS}) ${select}`).run(p);
    }
    prepared(db, 'DELETE FROM rfm_pending').run();
    return queued;
  });
}

/**
 * Recency moves with the calendar: re-scores only the contacts whose recency_drops_on has come in
 * their workspace's zone (from the stored inputs, no conversion read). Returns how many changed.
 */
export function dailyPass(db: AppDb, now: Date, workspaceId?: string): number {
  const ids = workspaceId ? [workspaceId] : (prepared(db, 'SELECT id FROM workspaces').pluck().all() as string[]);
  let changed = 0;
  for (const ws of ids) {
    const basis = basisFor(db, ws);
    const p = params(ws, basis, now);
    if (!prepared(db, 'SELECT 1 FROM contact_rfm WHERE workspace_id = ? AND recency_drops_on <= ? LIMIT 1').get(ws, p.today)) continue;
    changed += transaction(db, () => {
      if (!isCurrent(db, ws, basis)) return recomputeWorkspace(db, ws, now);
      const inputs = `SELECT contact_id, last_conversion_at AS last_at, conversions AS n, total_cents AS net FROM contact_rfm
        WHERE workspace_id = @workspaceId AND recency_drops_on <= @today`;
      // WHERE true: without it SQLite would read ON CONFLICT as a join constraint.
      const sqlText = `INSERT INTO contact_rfm (${RFM_COLUMNS}) SELECT * FROM (${scoredSelect(basis, inputs, yearsOf(db, ws, p.today))}) WHERE true ${RFM_UPSERT}`;
      return prepared(db, sqlText).run(p).changes;
    });
  }
  return changed;
}

/**
 * What readers call before they read scores: cheap when nothing is due (a few index probes),
 * otherwise it brings the workspace up to date: a new basis, the queue, the day's recency drops.
 */
export function refreshIfPending(db: AppDb, workspaceId: string, now: Date): void {
  const offload = offloads.get(db);
  if (offload) {
    // A background pass is at work on its own connection: read the scores as they stand.
    if (offload.busy()) return;
    // Too much to score inside a reader's call: hand it to the background pass.
    if (rfmBacklog(db, workspaceId) > offload.limit) return offload.wake();
  }
  if (!isCurrent(db, workspaceId, basisFor(db, workspaceId))) recomputeWorkspace(db, workspaceId, now);
  if (prepared(db, 'SELECT 1 FROM rfm_pending LIMIT 1').get()) refreshPending(db, now);
  dailyPass(db, now, workspaceId);
}

/** Everything up to date in every workspace: at start, after the demo seed, at local midnight. Returns rows re-scored. */
export function refreshAll(db: AppDb, now: Date): number {
  let n = 0;
  for (const ws of prepared(db, 'SELECT id FROM workspaces').pluck().all() as string[]) {
    if (!isCurrent(db, ws, basisFor(db, ws))) n += recomputeWorkspace(db, ws, now);
  }
  return n + refreshPending(db, now) + dailyPass(db, now);
}

/** The next local midnight of any workspace, when the daily pass should run again. */
export function nextDailyPassAt(db: AppDb, now: Date): Date {
  const zones = prepared(db, 'SELECT DISTINCT timezone FROM workspaces').pluck().all() as string[];
  let next = now.getTime() + 24 * 3_600_000;
  for (const tz of zones) next = Math.min(next, startOfLocalDay(addDays(localDay(now, tz), 1), tz).getTime());
  return new Date(next);
}

// ---- Large passes, in the background ------------------------------------------------------------

/**
 * How the main process keeps large scoring passes (a million contacts re-scored after a threshold
 * change, a queue of 100,000 after an import of orders) out of its own thread: readers and the
 * settings save leave them to a background pass on another connection (runBackgroundPass), which
 * works in chunks of contacts, each its own short transaction.
 */
export interface RfmOffload {
  /** True while a background pass runs: readers read the scores as they stand. */
  busy(): boolean;
  /** Work above this many contacts goes to the background pass. */
  limit: number;
  /** Asks for a background pass. */
  wake(): void;
}

const offloads = new WeakMap<AppDb, RfmOffload>();

export function setRfmOffload(db: AppDb, offload: RfmOffload | null): void {
  if (offload) offloads.set(db, offload);
  else offloads.delete(db);
}

function liveContacts(db: AppDb, workspaceId: string): number {
  return prepared(db, 'SELECT count(*) FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(workspaceId) as number;
}

/** Contacts an inline pass would score now: the queue, and every live contact of a workspace (or all) whose basis changed. */
export function rfmBacklog(db: AppDb, workspaceId?: string): number {
  const workspaces = workspaceId ? [workspaceId] : (prepared(db, 'SELECT id FROM workspaces').pluck().all() as string[]);
  let n = 0;
  for (const ws of workspaces) if (!isCurrent(db, ws, basisFor(db, ws))) n += liveContacts(db, ws);
  if (prepared(db, 'SELECT 1 FROM rfm_pending LIMIT 1').get()) n += prepared(db, 'SELECT count(*) FROM rfm_pending').pluck().get() as number;
  return n;
}

export interface PassProgress {
  phase: 'workspace' | 'queue';
  done: number;
  total: number;
}

/**
 * recomputeWorkspace, a chunk of contacts a transaction. The workspace counts as re-scored (its
 * basis stored) only when every chunk used the basis in force at the end; a change meanwhile (a
 * threshold saved or synced in) starts it again.
 */
function recomputeWorkspaceInChunks(db: AppDb, workspaceId: string, now: Date, chunk: number, onProgress?: (p: PassProgress) => void): number {
  for (;;) {
    const used = signature(basisFor(db, workspaceId));
    const total = liveContacts(db, workspaceId);
    let after = '';
    let done = 0;
    let changed = false;
    for (;;) {
      const n = transaction(db, () => {
        const basis = basisFor(db, workspaceId);
        if (signature(basis) !== used) return -1;
        const ids = prepared(db, 'SELECT id FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?').pluck().all(workspaceId, after, chunk) as string[];
        if (ids.length === 0) return 0;
        after = ids[ids.length - 1]!;
        const list = JSON.stringify(ids);
        clearScores(db, list);
        insertScores(db, workspaceId, basis, now, list);
        return ids.length;
      });
      if (n < 0) changed = true;
      if (n <= 0) break;
      done += n;
      onProgress?.({ phase: 'workspace', done, total });
    }
    if (changed) continue;
    const stored = transaction(db, () => {
      if (signature(basisFor(db, workspaceId)) !== used) return false;
      storeBasis(db, workspaceId, used);
      return true;
    });
    if (stored) return done;
  }
}

/** Takes these contacts (a JSON array of ids) off the queue and drops their scores. Call inside a transaction, then insertScores. */
function clearScores(db: AppDb, ids: string): void {
  prepared(db, 'DELETE FROM contact_rfm WHERE contact_id IN (SELECT value FROM json_each(?))').run(ids);
  prepared(db, 'DELETE FROM rfm_pending WHERE contact_id IN (SELECT value FROM json_each(?))').run(ids);
}

/** Scores those of these contacts that are live in the workspace (after clearScores). */
function insertScores(db: AppDb, workspaceId: string, basis: ScoringBasis, now: Date, ids: string): void {
  const p = params(workspaceId, basis, now);
  const live = `SELECT c.id FROM json_each(@ids) j JOIN contacts c ON c.id = j.value WHERE c.workspace_id = @workspaceId AND c.deleted_at IS NULL`;
  const select = scoredSelect(basis, conversionInputs(`v.contact_id IN (${live})`), yearsOf(db, workspaceId, p.today));
  prepared(db, `INSERT INTO contact_rfm (${RFM_COLUMNS}) ${select}`).run({ ...p, ids });
}

/** refreshPending, a chunk of the queue a transaction (a contact queued again meanwhile stays queued for the next chunk). */
function refreshPendingInChunks(db: AppDb, now: Date, chunk: number, onProgress?: (p: PassProgress) => void): number {
  const total = prepared(db, 'SELECT count(*) FROM rfm_pending').pluck().get() as number;
  let done = 0;
  for (;;) {
    const n = transaction(db, () => {
      const ids = prepared(db, 'SELECT contact_id FROM rfm_pending ORDER BY contact_id LIMIT ?').pluck().all(chunk) as string[];
      if (ids.length === 0) return 0;
      const list = JSON.stringify(ids);
      const workspaces = prepared(db, 'SELECT DISTINCT c.workspace_id FROM json_each(?) j JOIN contacts c ON c.id = j.value').pluck().all(list) as string[];
      clearScores(db, list);
      // A deleted contact is cleared and not scored again; one gone altogether just leaves the queue.
      for (const ws of workspaces) insertScores(db, ws, basisFor(db, ws), now, list);
      return ids.length;
    });
    if (n === 0) return done;
    done += n;
    onProgress?.({ phase: 'queue', done, total: Math.max(total, done) });
  }
}

/**
 * Everything refreshAll does, in chunks of `chunk` contacts on this connection (a worker's): the
 * workspaces whose basis changed, then the queue, then the day's recency drops. Returns the
 * contacts scored. Safe to stop at any point: what is not done yet is still due afterwards.
 */
export function runBackgroundPass(db: AppDb, now: Date, chunk: number, onProgress?: (p: PassProgress) => void): number {
  let scored = 0;
  // Rounds: a threshold saved while the queue was scored makes its workspace due again.
  for (let round = 0; round < 5; round++) {
    let due = false;
    for (const ws of prepared(db, 'SELECT id FROM workspaces').pluck().all() as string[]) {
      if (isCurrent(db, ws, basisFor(db, ws))) continue;
      due = true;
      scored += recomputeWorkspaceInChunks(db, ws, now, chunk, onProgress);
    }
    if (prepared(db, 'SELECT 1 FROM rfm_pending LIMIT 1').get()) {
      due = true;
      scored += refreshPendingInChunks(db, now, chunk, onProgress);
    }
    if (!due) break;
  }
  return scored + dailyPass(db, now);
}

// ---- Settings -----------------------------------------------------------------------------------

/**
 * Saves the workspace's thresholds (null: back to seed 001's) through the write path (the row
 * syncs; its id is the workspace id on every device) and re-scores the workspace in the same
 * transaction, so no reader sees scores from the old thresholds beside the new ones. A workspace
 * too large for that (see RfmOffload) is re-scored by the background pass instead, chunk by chunk,
 * with its progress shown; until it ends, scores from both thresholds stand side by side.
 */
export function saveRfmSettings(w: Writer, workspaceId: string, config: RfmConfig | null, now: Date): RfmSettings {
  // A large workspace is re-scored by the background pass (its progress shows), not in this call.
  const offload = offloads.get(w.db);
  const inBackground = offload !== undefined && (offload.busy() || liveContacts(w.db, workspaceId) > offload.limit);
  const saved = transaction(w.db, () => {
    const value = config ? JSON.stringify({ rfm: config.rfm, segments: config.segments }) : null;
    if (prepared(w.db, 'SELECT 1 FROM workspace_settings WHERE id = ?').get(workspaceId)) updateRow(w, workspaceSettings, workspaceId, { rfmThresholds: value });
    else if (value !== null) insertRow(w, workspaceSettings, { id: workspaceId, workspaceId, rfmThresholds: value });
    if (!inBackground) recomputeWorkspace(w.db, workspaceId, now);
    return rfmSettings(w.db, workspaceId);
  });
  if (inBackground) offload.wake();
  return saved;
}

// ---- Reads --------------------------------------------------------------------------------------

/** Contacts per segment; live contacts with no scored conversion are cold (score 6). Best segment first. */
export function segmentCounts(db: AppDb, workspaceId: string): RfmSegmentsView {
  const { segments } = rfmSettings(db, workspaceId);
  const rows = prepared(db, 'SELECT segment, count(*) AS n FROM contact_rfm WHERE workspace_id = ? GROUP BY segment').all(workspaceId) as { segment: Segment; n: number }[];
  const counts = new Map(rows.map((r) => [r.segment, r.n]));
  const live = prepared(db, 'SELECT count(*) FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(workspaceId) as number;
  const scored = rows.reduce((s, r) => s + r.n, 0);
  counts.set('cold', (counts.get('cold') ?? 0) + Math.max(0, live - scored));
  return {
    workspaceId,
    contacts: live,
    segments: SEGMENTS.map((s) => ({ segment: s.key, label: s.label, description: s.description, ...segmentRange(s.key, segments), contacts: counts.get(s.key) ?? 0 })),
  };
}

/** One contact's score and what it is made of; null when the contact does not exist. */
export function contactRfm(db: AppDb, contactId: string, now: Date): ContactRfmView | null {
  const contact = prepared(db, 'SELECT c.workspace_id AS ws, w.timezone AS tz FROM contacts c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = ?').get(contactId) as
    | { ws: string; tz: string }
    | undefined;
  if (!contact) return null;
  const row = prepared(
    db,
    `SELECT last_conversion_at, conversions, total_cents, r, f, m, score, segment, recency_drops_on FROM contact_rfm WHERE contact_id = ?`,
  ).get(contactId) as
    | { last_conversion_at: string; conversions: number; total_cents: number; r: number; f: number; m: number; score: number; segment: Segment; recency_drops_on: string | null }
    | undefined;
  if (!row) return { contactId, workspaceId: contact.ws, lastConversionAt: null, conversions: 0, totalCents: 0, recencyDays: null, r: 1, f: 1, m: 1, score: 6, segment: 'cold', recencyDropsOn: null };
  return {
    contactId,
    workspaceId: contact.ws,
    lastConversionAt: row.last_conversion_at,
    conversions: row.conversions,
    totalCents: row.total_cents,
    recencyDays: recencyDays(row.last_conversion_at, now, contact.tz),
    r: row.r,
    f: row.f,
    m: row.m,
    score: row.score,
    segment: row.segment,
    recencyDropsOn: row.recency_drops_on,
  };
}
