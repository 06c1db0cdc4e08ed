// Pure board operations: an optimistic move, keeping moved cards in view, and where arrow keys go.
import type { BoardCard, BoardColumn } from '../../../../shared/api/calls';
import { CRM_STAGES, type CrmStage } from '../../../../shared/domain/crm-stage';

/**
 * The server's order within a column (db/queries/calls-page.ts, board): calls still ahead
 * (scheduled, in progress) soonest first; decided ones most recently scheduled first. Unscheduled
 * cards sort as SQLite sorts NULL: first ascending, last descending. Id breaks ties.
 */
export function compareCardsIn(stage: CrmStage): (a: BoardCard, b: BoardCard) => number {
  const ascending = stage === 'scheduled' || stage === 'in_progress';
  return (a, b) => {
    const dir = ascending ? 1 : -1;
    if (a.scheduledAt !== b.scheduledAt) {
      if (a.scheduledAt === null) return -dir;
      if (b.scheduledAt === null) return dir;
      return a.scheduledAt < b.scheduledAt ? -dir : dir;
    }
    return a.id < b.id ? -dir : a.id > b.id ? dir : 0;
  };
}

export function findCard(columns: readonly BoardColumn[], id: string): { card: BoardCard; column: number; index: number } | null {
  for (let c = 0; c < columns.length; c++) {
    const index = columns[c]!.cards.findIndex((k) => k.id === id);
    if (index >= 0) return { card: columns[c]!.cards[index]!, column: c, index };
  }
  return null;
}

/** The board as it will be once the server has the move: the card in its new column, totals adjusted. */
export function applyMove(columns: readonly BoardColumn[], id: string, to: CrmStage, patch: Partial<BoardCard> = {}): BoardColumn[] {
  const found = findCard(columns, id);
  if (!found) return [...columns];
  const moved: BoardCard = { ...found.card, ...patch, crmStage: to, saleValueCents: to === 'closed_won' ? (patch.saleValueCents ?? found.card.saleValueCents) : null };
  // Already there: only the patch (e.g. the sale value the dialog saved) changes.
  if (found.card.crmStage === to) return columns.map((col) => (col.stage === to ? { ...col, cards: col.cards.map((k) => (k.id === id ? moved : k)) } : col));
  return columns.map((col) => {
    if (col.stage === found.card.crmStage) {
      return { ...col, total: Math.max(0, col.total - 1), saleValueCents: col.saleValueCents - (found.card.saleValueCents ?? 0), cards: col.cards.filter((k) => k.id !== id) };
    }
    if (col.stage === to) return { ...col, total: col.total + 1, saleValueCents: col.saleValueCents + (moved.saleValueCents ?? 0), cards: [...col.cards, moved].sort(compareCardsIn(to)) };
    return col;
  });
}

/**
 * Cards moved in this session stay visible in their new column even when they are older than the
 * slice the server sends (otherwise a card dropped on a long column would seem to vanish). A kept
 * card the server shows elsewhere was moved again by someone else, and the server wins.
 */
export function mergeKept(columns: readonly BoardColumn[], kept: ReadonlyMap<string, BoardCard>): BoardColumn[] {
  if (kept.size === 0) return [...columns];
  const shown = new Set(columns.flatMap((c) => c.cards.map((k) => k.id)));
  return columns.map((col) => {
    const extra = [...kept.values()].filter((k) => k.crmStage === col.stage && !shown.has(k.id));
    return extra.length === 0 ? col : { ...col, cards: [...col.cards, ...extra].sort(compareCardsIn(col.stage)) };
  });
}

export type NavKey = 'up' | 'down' | 'left' | 'right' | 'home' | 'end';

/** Where focus goes from card `index` of column `column`; null when there is nowhere to go. */
export function neighbour(columns: readonly BoardColumn[], column: number, index: number, key: NavKey): { column: number; index: number } | null {
  const col = columns[column];
  if (!col) return null;
  if (key === 'up') return index > 0 ? { column, index: index - 1 } : null;
  if (key === 'down') return index < col.cards.length - 1 ? { column, index: index + 1 } : null;
  if (key === 'home') return col.cards.length > 0 ? { column, index: 0 } : null;
  if (key === 'end') return col.cards.length > 0 ? { column, index: col.cards.length - 1 } : null;
  // Left and right skip empty columns and keep the row where the next column is long enough.
  const step = key === 'left' ? -1 : 1;
  for (let c = column + step; c >= 0 && c < columns.length; c += step) {
    const cards = columns[c]!.cards;
    if (cards.length > 0) return { column: c, index: Math.min(index, cards.length - 1) };
  }
  return null;
}

/** The stage `delta` steps along the pipeline from `stage`, or null past either end. */
export function stageStep(stage: CrmStage, delta: number): CrmStage | null {
  return CRM_STAGES[CRM_STAGES.indexOf(stage) + delta] ?? null;
}
