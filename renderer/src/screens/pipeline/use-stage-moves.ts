import { useCallback, useState } from 'react';
import type { BoardCard } from '../../../../shared/api/calls';
import { checkStageChange, CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import type { Role } from '../../../../shared/domain/leads';
import { needsStageDialog, type StageChangeRequest } from '../../components/StageChangeDialog';
import { call } from '../../lib/api';
import { useUi } from '../../stores/ui';
import type { MoveVia } from './PipelineBoard';
import type { BoardData } from './use-board';

export interface PendingMove {
  request: StageChangeRequest;
  via: MoveVia;
}

export interface StageMoves {
  /** A move waiting for the stage dialog (sale value or reopen). */
  pending: PendingMove | null;
  requestMove(card: BoardCard, to: CrmStage, via: MoveVia): void;
  dialogDone(): Promise<void>;
  dialogCancel(): void;
}

/**
 * Moving cards: refused moves explain themselves at once, moves needing a sale value or a reason
 * go through the stage dialog, plain ones are shown immediately, saved, and offer an undo. After
 * a keyboard move focus follows the card (`focusRequest`), so the next key acts on it again.
 */
export function useStageMoves(board: React.RefObject<BoardData>, role: Role, focusRequest: React.RefObject<string | null>): StageMoves {
  const [pending, setPending] = useState<PendingMove | null>(null);

  const saveMove = useCallback(
    async (card: BoardCard, to: CrmStage, offerUndo: boolean, refocus: boolean) => {
      const { toast } = useUi.getState();
      board.current.moveLocally(card.id, to);
      try {
        await call('calls.changeStage', { id: card.id, to });
        const back = card.crmStage;
        const undoable = offerUndo && !needsStageDialog(to, back) && checkStageChange(to, back, role).ok;
        toast(`${card.contactName} moved to ${CRM_STAGE_LABELS[to]}`, 'success', undoable ? { label: 'Undo', run: () => void saveMove({ ...card, crmStage: to }, back, false, false) } : undefined);
      } catch (err) {
        toast(`Could not move ${card.contactName} to ${CRM_STAGE_LABELS[to]}: ${(err as Error).message}`, 'error');
        // The reload puts the card back; a keyboard user's focus goes back with it.
        if (refocus) focusRequest.current = card.id;
      } finally {
        await board.current.reload();
      }
    },
    [board, role, focusRequest],
  );

  const requestMove = useCallback(
    (card: BoardCard, to: CrmStage, via: MoveVia) => {
      if (card.crmStage === to) return;
      // The server enforces this too; saying so before a dialog saves a pointless round.
      const check = checkStageChange(card.crmStage, to, role);
      if (!check.ok) {
        useUi.getState().toast(check.reason, 'error');
        return;
      }
      if (needsStageDialog(card.crmStage, to)) {
        setPending({ request: { callId: card.id, contactName: card.contactName, from: card.crmStage, to }, via });
        return;
      }
      if (via === 'keyboard') focusRequest.current = card.id;
      void saveMove(card, to, true, via === 'keyboard');
    },
    [role, saveMove, focusRequest],
  );

  const dialogDone = async () => {
    if (!pending) return;
    const { callId, to } = pending.request;
    if (pending.via === 'keyboard') focusRequest.current = callId;
    setPending(null);
    board.current.moveLocally(callId, to);
    try {
      // The dialog saved the sale value; the card shows it even when it sits past the loaded slice.
      const detail = await call('calls.get', { id: callId });
      board.current.moveLocally(callId, to, { saleValueCents: detail.call.saleValueCents });
    } catch {
      // The reload below shows what the server has.
    }
    await board.current.reload();
  };

  const dialogCancel = () => {
    if (pending?.via === 'keyboard') focusRequest.current = pending.request.callId;
    setPending(null);
  };

  return { pending, requestMove, dialogDone, dialogCancel };
}
