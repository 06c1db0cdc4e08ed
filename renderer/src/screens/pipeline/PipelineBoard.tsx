import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { BoardCard, BoardColumn } from '../../../../shared/api/calls';
import { CLOSED_STAGES, CRM_STAGES, type CrmStage } from '../../../../shared/domain/crm-stage';
import { findCard, neighbour, stageStep, type NavKey } from './board-model';
import type { CardHandlers } from './BoardCardView';
import { BoardColumnView, type DropHandlers } from './BoardColumnView';

export type MoveVia = 'keyboard' | 'drag';

interface Props {
  columns: BoardColumn[] | null;
  /** Dims the board while a newer answer is on its way. */
  stale: boolean;
  workspaceId: string;
  /** Managers and admins may take a call out of Closed won or Lost. */
  canReopen: boolean;
  onMove(card: BoardCard, to: CrmStage, via: MoveVia): void;
  onOpen(card: BoardCard): void;
  onViewAll(stage: CrmStage): void;
  /** A card to focus as soon as it is on the board (it follows a keyboard move to its new column). */
  focusRequest: React.MutableRefObject<string | null>;
  boardRef: React.RefObject<HTMLDivElement | null>;
}

const NAV_KEYS: Record<string, NavKey> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Home: 'home', End: 'end' };
const DRAG_TYPE = 'application/x-convio-call';

function cardElement(root: HTMLElement | null, id: string): HTMLElement | null {
  return root?.querySelector<HTMLElement>(`[data-testid="board-card"][data-call-id="${CSS.escape(id)}"]`) ?? null;
}

export function PipelineBoard({ columns, stale, workspaceId, canReopen, onMove, onOpen, onViewAll, focusRequest, boardRef }: Props) {
  const [activeId, setActiveId] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ id: string; from: CrmStage } | null>(null);
  const [over, setOver] = useState<CrmStage | null>(null);
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const propsRef = useRef({ onMove, onOpen });
  propsRef.current = { onMove, onOpen };

  // Roving tabindex: one card is in the tab order; the one last focused, else the first on the board.
  const tabbableId = columns && activeId && findCard(columns, activeId) ? activeId : (columns?.find((c) => c.cards.length > 0)?.cards[0]?.id ?? null);

  useLayoutEffect(() => {
    const id = focusRequest.current;
    if (!id) return;
    const el = cardElement(boardRef.current, id);
    if (el) {
      focusRequest.current = null;
      el.focus();
    }
  });

  const focusAt = useCallback(
    (column: number, index: number) => {
      const card = columnsRef.current?.[column]?.cards[index];
      if (card) cardElement(boardRef.current, card.id)?.focus();
    },
    [boardRef],
  );

  const handlers = useMemo<CardHandlers>(
    () => ({
      onKeyDown(e, card) {
        const cols = columnsRef.current;
        const pos = cols ? findCard(cols, card.id) : null;
        if (!cols || !pos || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          propsRef.current.onOpen(card);
          return;
        }
        if (e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
          e.preventDefault();
          const to = stageStep(card.crmStage, e.key === 'ArrowRight' ? 1 : -1);
          if (to) propsRef.current.onMove(card, to, 'keyboard');
          return;
        }
        const digit = /^[1-6]$/.test(e.key) && !e.shiftKey ? CRM_STAGES[Number(e.key) - 1] : undefined;
        if (digit) {
          e.preventDefault();
          if (digit !== card.crmStage) propsRef.current.onMove(card, digit, 'keyboard');
          return;
        }
        const nav = NAV_KEYS[e.key];
        if (nav && !e.shiftKey) {
          e.preventDefault();
          const next = neighbour(cols, pos.column, pos.index, nav);
          if (next) focusAt(next.column, next.index);
        }
      },
      onFocus(card) {
        setActiveId(card.id);
      },
      onOpen(card) {
        propsRef.current.onOpen(card);
      },
      onDragStart(e, card) {
        e.dataTransfer.setData(DRAG_TYPE, card.id);
        e.dataTransfer.setData('text/plain', card.contactName);
        e.dataTransfer.effectAllowed = 'move';
        setDrag({ id: card.id, from: card.crmStage });
      },
      onDragEnd() {
        setDrag(null);
        setOver(null);
      },
    }),
    [focusAt],
  );

  const blocked = drag !== null && CLOSED_STAGES.has(drag.from) && !canReopen;
  const dropHandlers = (stage: CrmStage): DropHandlers => ({
    onDragOver(e) {
      if (!drag || stage === drag.from) return;
      // Not cancelling dragover is what refuses the drop; the column still says why.
      if (blocked) {
        e.dataTransfer.dropEffect = 'none';
      } else {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      }
      if (over !== stage) setOver(stage);
    },
    onDragLeave(e) {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver((o) => (o === stage ? null : o));
    },
    onDrop(e) {
      e.preventDefault();
      const id = e.dataTransfer.getData(DRAG_TYPE) || drag?.id;
      setDrag(null);
      setOver(null);
      const found = id && columnsRef.current ? findCard(columnsRef.current, id) : null;
      if (found && found.card.crmStage !== stage) propsRef.current.onMove(found.card, stage, 'drag');
    },
  });

  const now = Date.now();
  const list = columns ?? CRM_STAGES.map((stage): BoardColumn => ({ stage, total: 0, saleValueCents: 0, cards: [] }));
  return (
    <div className={`board${stale ? ' is-stale' : ''}${drag ? ' is-dragging' : ''}`} ref={boardRef} aria-busy={columns === null || stale}>
      {list.map((col, i) => {
        const incoming = !drag || drag.from === col.stage ? 'none' : blocked ? 'refused' : 'allowed';
        return (
          <BoardColumnView
            key={col.stage}
            column={col}
            position={i + 1}
            placeholder={columns === null}
            workspaceId={workspaceId}
            tabbableId={tabbableId}
            draggingId={drag?.id ?? null}
            incoming={incoming}
            drop={over === col.stage && incoming !== 'none' ? (blocked ? 'blocked' : 'target') : 'none'}
            dragFrom={drag?.from ?? null}
            now={now}
            handlers={handlers}
            dropHandlers={dropHandlers(col.stage)}
            onViewAll={onViewAll}
          />
        );
      })}
    </div>
  );
}
