import type { BoardColumn } from '../../../../shared/api/calls';
import { CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { StageBadge } from '../../components/Badges';
import { Icon } from '../../components/Icon';
import { formatCount, formatMoney } from '../../lib/format';
import { BoardCardView, type CardHandlers } from './BoardCardView';

/** How a column takes part in the drag under way: none, a valid target, or a refused one. */
export type DropState = 'none' | 'target' | 'blocked';

export interface DropHandlers {
  onDragOver(e: React.DragEvent): void;
  onDragLeave(e: React.DragEvent): void;
  onDrop(e: React.DragEvent): void;
}

interface Props {
  column: BoardColumn;
  /** 1–6: the key that moves a focused card here. */
  position: number;
  /** Still loading: show placeholder cards and no count. */
  placeholder: boolean;
  workspaceId: string;
  tabbableId: string | null;
  draggingId: string | null;
  /** Something is being dragged from another column, and whether it could land here. */
  incoming: 'none' | 'allowed' | 'refused';
  drop: DropState;
  /** Stage the dragged card leaves, for the refusal note. */
  dragFrom: CrmStage | null;
  now: number;
  handlers: CardHandlers;
  dropHandlers: DropHandlers;
  onViewAll(stage: CrmStage): void;
}

function Placeholders() {
  return (
    <div className="board-cards" aria-hidden="true">
      {[0, 1, 2].map((n) => (
        <div key={n} className="board-card board-card-skeleton">
          <span />
          <span />
          <span />
        </div>
      ))}
    </div>
  );
}

export function BoardColumnView({ column, position, placeholder, workspaceId, tabbableId, draggingId, incoming, drop, dragFrom, now, handlers, dropHandlers, onViewAll }: Props) {
  const { stage, total, cards } = column;
  const label = CRM_STAGE_LABELS[stage];
  const hidden = total - cards.length;
  const emptyHint = incoming === 'none' ? `Drag a card here, or press ${position} on it` : incoming === 'refused' ? 'Only a manager can reopen it' : `Drop here to move to ${label}`;
  return (
    <section
      className={`board-column${drop === 'target' ? ' drop-target' : drop === 'blocked' ? ' drop-blocked' : ''}`}
      data-testid="board-column"
      data-stage={stage}
      aria-label={placeholder ? label : `${label}: ${formatCount(total)} call${total === 1 ? '' : 's'}`}
      {...dropHandlers}
    >
      <header className="board-column-head">
        <StageBadge stage={stage} />
        <span className="board-column-total" data-testid="column-total" title={placeholder ? undefined : `${formatCount(total)} calls in ${label} with these filters`}>
          {placeholder ? '–' : formatCount(total)}
        </span>
        {!placeholder && stage === 'closed_won' && column.saleValueCents > 0 ? (
          <span className="board-column-value" data-testid="column-value" title="Sale value of every call in this column with these filters">
            {formatMoney(column.saleValueCents).replace(/\.\d\d$/, '')}
          </span>
        ) : null}
        <kbd className="board-column-key" title={`Press ${position} on a card to move it to ${label}`}>
          {position}
        </kbd>
      </header>
      {placeholder ? (
        <Placeholders />
      ) : cards.length === 0 ? (
        <div className="board-column-empty" data-testid="column-empty">
          <Icon name="pipeline" size={18} />
          <span>No calls in this stage</span>
          <small>{emptyHint}</small>
        </div>
      ) : (
        <ul className="board-cards" aria-label={`${label} calls`}>
          {cards.map((card) => (
            <BoardCardView
              key={card.id}
              card={card}
              workspaceId={workspaceId}
              tabbable={card.id === tabbableId}
              dragging={card.id === draggingId}
              overdue={card.crmStage === 'scheduled' && card.scheduledAt !== null && Date.parse(card.scheduledAt) < now}
              handlers={handlers}
            />
          ))}
        </ul>
      )}
      {drop === 'blocked' && dragFrom ? (
        <div className="board-drop-note" role="status">
          Reopening a {CRM_STAGE_LABELS[dragFrom]} call needs a manager
        </div>
      ) : null}
      {hidden > 0 && !placeholder ? (
        <footer className="board-column-foot">
          <span>
            {formatCount(cards.length)} of {formatCount(total)}
          </span>
          <button className="link-button" onClick={() => onViewAll(stage)}>
            View all in Calls
          </button>
        </footer>
      ) : null}
    </section>
  );
}
