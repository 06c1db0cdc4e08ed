import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput } from '../../../../shared/api';
import type { BoardCard, BoardColumn } from '../../../../shared/api/calls';
import type { CrmStage } from '../../../../shared/domain/crm-stage';
import { call } from '../../lib/api';
import { applyMove, findCard, mergeKept } from './board-model';

export type BoardQuery = MethodInput<'calls.board'>;

export interface BoardData {
  columns: BoardColumn[] | null;
  loading: boolean;
  /** The columns shown were fetched for other filters; the new ones are on their way. */
  stale: boolean;
  error: string | null;
  reload(): Promise<void>;
  /** Shows a move at once; the caller saves it and then reloads. */
  moveLocally(id: string, to: CrmStage, patch?: Partial<BoardCard>): void;
}

/**
 * The board for a query: fetched again when the query or the data version changes, with answers
 * that arrive out of order dropped, and cards moved here kept in view (see mergeKept).
 */
export function useBoard(query: BoardQuery | null, dataVersion: number): BoardData {
  const [columns, setColumns] = useState<BoardColumn[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const seq = useRef(0);
  const kept = useRef(new Map<string, BoardCard>());
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const queryRef = useRef(query);
  queryRef.current = query;
  const key = query ? JSON.stringify(query) : '';

  const reload = useCallback(async () => {
    const q = queryRef.current;
    if (!q) return;
    const mine = ++seq.current;
    setLoading(true);
    try {
      const fresh = await call('calls.board', q);
      if (mine !== seq.current) return;
      setColumns(mergeKept(fresh, kept.current));
      setLoadedKey(JSON.stringify(q));
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError((err as Error).message);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  // Kept cards belong to the filters they were moved under.
  useEffect(() => kept.current.clear(), [key]);
  useEffect(() => {
    void reload();
  }, [key, dataVersion, reload]);

  const moveLocally = useCallback((id: string, to: CrmStage, patch: Partial<BoardCard> = {}) => {
    const current = columnsRef.current;
    if (!current) return;
    const found = findCard(current, id);
    if (!found) return;
    // A fetch already on its way was asked before this move; its answer would put the card back.
    seq.current++;
    const next = applyMove(current, id, to, patch);
    const moved = findCard(next, id);
    if (moved) kept.current.set(id, moved.card);
    columnsRef.current = next;
    setColumns(next);
  }, []);

  return { columns, loading, stale: columns !== null && loadedKey !== key, error, reload, moveLocally };
}
