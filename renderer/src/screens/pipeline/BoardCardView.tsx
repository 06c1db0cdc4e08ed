import { memo } from 'react';
import type { BoardCard } from '../../../../shared/api/calls';
import { CRM_STAGE_LABELS } from '../../../../shared/domain/crm-stage';
import { SourceBadge } from '../../components/Badges';
import { formatDateTime, formatMoney, formatRelative, initials } from '../../lib/format';
import { sourceDef, useTraffic } from '../../stores/traffic';

export interface CardHandlers {
  onKeyDown(e: React.KeyboardEvent<HTMLLIElement>, card: BoardCard): void;
  onFocus(card: BoardCard): void;
  onOpen(card: BoardCard): void;
  onDragStart(e: React.DragEvent<HTMLLIElement>, card: BoardCard): void;
  onDragEnd(): void;
}

interface Props {
  card: BoardCard;
  workspaceId: string;
  tabbable: boolean;
  dragging: boolean;
  /** A scheduled call whose time has passed: someone should log what happened. */
  overdue: boolean;
  handlers: CardHandlers;
}

/** "Noel Carter" -> "Noel C.": a card has room for a first name; the title and label say it all. */
function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 ? `${parts[0]} ${parts[parts.length - 1]![0]}.` : name;
}

export const BoardCardView = memo(function BoardCardView({ card, workspaceId, tabbable, dragging, overdue, handlers }: Props) {
  const sources = useTraffic((s) => s.byWorkspace[workspaceId]?.sources);
  const when = card.scheduledAt ? formatDateTime(card.scheduledAt) : 'Not scheduled';
  const won = card.crmStage === 'closed_won' && card.saleValueCents !== null;
  const label = [
    card.contactName || 'Unnamed contact',
    `contact ${card.contactCode}`,
    CRM_STAGE_LABELS[card.crmStage],
    card.repName ? `rep ${card.repName}` : 'no rep',
    card.scheduledAt ? `scheduled ${when}${overdue ? ', overdue' : ''}` : 'not scheduled',
    sourceDef(sources, card.trafficSource).label,
    ...(won ? [`sale ${formatMoney(card.saleValueCents)}`] : []),
  ].join(', ');
  return (
    <li
      className={`board-card${dragging ? ' is-dragging' : ''}`}
      tabIndex={tabbable ? 0 : -1}
      draggable
      aria-label={label}
      aria-describedby="board-keys-hint"
      data-testid="board-card"
      data-call-id={card.id}
      data-stage={card.crmStage}
      onKeyDown={(e) => handlers.onKeyDown(e, card)}
      onFocus={() => handlers.onFocus(card)}
      onClick={() => handlers.onOpen(card)}
      onDragStart={(e) => handlers.onDragStart(e, card)}
      onDragEnd={handlers.onDragEnd}
    >
      <div className="board-card-row">
        <span className="board-card-name">{card.contactName || 'Unnamed contact'}</span>
        <span className="board-card-code mono" title="Contact code">{card.contactCode}</span>
      </div>
      <div className={`board-card-when${overdue ? ' is-overdue' : ''}`} title={card.scheduledAt ? `${formatRelative(card.scheduledAt)}${overdue ? ' · still scheduled: log what happened' : ''}` : undefined}>
        <span className="board-card-when-text">{when}</span>
        {overdue ? <span className="board-card-overdue">overdue</span> : null}
      </div>
      <div className="board-card-row">
        <SourceBadge source={card.trafficSource} workspaceId={workspaceId} />
        <span className={`board-card-rep${card.repName ? '' : ' is-empty'}`} title={card.repName ? `Rep: ${card.repName}` : 'No rep assigned'}>
          {card.repName ? (
            <>
              <span className="board-avatar" aria-hidden="true">{initials(card.repName)}</span>
              <span className="board-card-rep-name">{shortName(card.repName)}</span>
            </>
          ) : (
            'No rep'
          )}
        </span>
      </div>
      {won ? (
        <div className="board-card-sale" data-testid="card-sale">
          <span>Sale</span>
          <strong>{formatMoney(card.saleValueCents)}</strong>
        </div>
      ) : null}
    </li>
  );
});
