import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Member } from '../../../../shared/api/app';
import type { BoardCard } from '../../../../shared/api/calls';
import { CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { roleAtLeast } from '../../../../shared/domain/leads';
import { DEFAULT_TRAFFIC_SOURCES } from '../../../../shared/domain/traffic-source';
import { Icon } from '../../components/Icon';
import { StageChangeDialog } from '../../components/StageChangeDialog';
import { ApiCallError, call } from '../../lib/api';
import { formatCount, userTimeZone } from '../../lib/format';
import { useCalls } from '../../stores/calls';
import { currentWorkspace, useSession } from '../../stores/session';
import { sourceDef, useTraffic } from '../../stores/traffic';
import { useUi } from '../../stores/ui';
import { BoardToolbar } from './BoardToolbar';
import { formatDay, rangeDays, rangeOption } from './date-range';
import { PipelineBoard } from './PipelineBoard';
import { usePipelineCommands } from './pipeline-commands';
import { filtersFor, usePipelineFilters } from './pipeline-filters';
import { useBoard, type BoardQuery } from './use-board';
import { useStageMoves } from './use-stage-moves';
import './pipeline.css';

/** Cards per column; the footer links to Calls for the rest. */
const PER_STAGE = 50;

function errorMessage(err: unknown): string {
  return err instanceof ApiCallError || err instanceof Error ? err.message : String(err);
}

export function PipelineScreen() {
  const workspace = useSession(currentWorkspace);
  const dataVersion = useSession((s) => s.dataVersion);
  const range = usePipelineFilters((s) => s.range);
  const filterWorkspace = usePipelineFilters((s) => s.workspaceId);
  const chosenRep = usePipelineFilters((s) => s.repUserId);
  const chosenSource = usePipelineFilters((s) => s.trafficSource);
  const sources = useTraffic((s) => (workspace ? s.byWorkspace[workspace.id]?.sources : undefined)) ?? DEFAULT_TRAFFIC_SOURCES;
  const [members, setMembers] = useState<Member[]>([]);
  const focusRequest = useRef<string | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const toast = useUi((s) => s.toast);

  const workspaceId = workspace?.id ?? null;
  const timeZone = workspace?.timezone ?? userTimeZone;
  const role = workspace?.role ?? 'sdr';
  const { repUserId, trafficSource } = workspaceId ? filtersFor({ workspaceId: filterWorkspace, repUserId: chosenRep, trafficSource: chosenSource }, workspaceId) : { repUserId: null, trafficSource: null };
  // Recomputed when data changes too, so a console left open overnight moves on to the new day.
  const days = useMemo(() => rangeDays(range, new Date(), timeZone), [range, timeZone, dataVersion]);
  const query = useMemo<BoardQuery | null>(
    () => (workspaceId ? { workspaceId, days, perStage: PER_STAGE, ...(repUserId ? { repUserId } : {}), ...(trafficSource ? { trafficSource } : {}) } : null),
    [workspaceId, days, repUserId, trafficSource],
  );
  const board = useBoard(query, dataVersion);
  const boardData = useRef(board);
  boardData.current = board;

  useEffect(() => {
    if (!workspaceId) return;
    let live = true;
    void useTraffic.getState().load(workspaceId).catch((err: unknown) => toast(`Could not load traffic sources: ${errorMessage(err)}`, 'error'));
    call('users.list', { workspaceId })
      .then((list) => live && setMembers([...list].sort((a, b) => a.displayName.localeCompare(b.displayName))))
      .catch((err: unknown) => live && toast(`Could not load the reps: ${errorMessage(err)}`, 'error'));
    return () => {
      live = false;
    };
  }, [workspaceId, toast]);

  const refresh = useCallback(() => void boardData.current.reload(), []);
  const moves = useStageMoves(boardData, role, focusRequest);

  const openCard = useCallback((card: BoardCard) => {
    useCalls.getState().select(card.id);
    useUi.getState().go('calls');
  }, []);

  const rep = members.find((m) => m.id === repUserId);
  const viewAll = (stage: CrmStage) => {
    const parts = [CRM_STAGE_LABELS[stage], rangeOption(range).label, ...(rep ? [rep.displayName] : []), ...(trafficSource ? [sourceDef(sources, trafficSource).label] : [])];
    useCalls.getState().setDrill({ label: parts.join(' · '), days, crmStages: [stage], ...(trafficSource ? { trafficSource } : {}), ...(repUserId ? { repUserId } : {}) });
    useCalls.getState().select(null);
    useUi.getState().go('calls');
  };

  const focusBoard = () => boardRef.current?.querySelector<HTMLElement>('[data-testid="board-card"][tabindex="0"]')?.focus();
  usePipelineCommands(refresh, focusBoard);

  if (!workspace || !workspaceId) return null;
  const columns = board.columns;
  const total = columns?.reduce((n, c) => n + c.total, 0) ?? null;
  const filtered = range !== '30d' || repUserId !== null || trafficSource !== null;
  const { setRange, setRep, setSource, clear } = usePipelineFilters.getState();
  return (
    <section className="screen pipeline-screen" aria-label="Pipeline">
      <header className="screen-head">
        <div className="screen-title">
          <h1>Pipeline</h1>
          <span className="count" data-testid="board-total" aria-live="polite" title={days.from ? `Calls scheduled from ${formatDay(days.from)} on, upcoming ones included (days in ${timeZone})` : 'Every call in the workspace'}>
            {total === null ? 'Loading…' : `${formatCount(total)} call${total === 1 ? '' : 's'}`}
            {days.from ? ` since ${formatDay(days.from)}` : ' · all time'}
          </span>
        </div>
        <BoardToolbar
          range={range}
          repUserId={repUserId}
          trafficSource={trafficSource}
          members={members}
          sources={sources}
          filtered={filtered}
          refreshing={board.loading}
          onRange={setRange}
          onRep={(id) => setRep(workspaceId, id)}
          onSource={(key) => setSource(workspaceId, key)}
          onClear={clear}
          onRefresh={refresh}
        />
      </header>
      {board.error ? (
        <div className="banner banner-error" role="alert">
          <Icon name="alert" /> Could not load the board: {board.error}
          <button className="button" onClick={refresh}>
            Try again
          </button>
        </div>
      ) : null}
      {total === 0 && !board.loading ? (
        <div className="board-notice" data-testid="board-empty">
          No calls {filtered ? 'match these filters' : 'in this workspace yet'}.
          {filtered ? (
            <button className="link-button" onClick={clear}>
              Clear filters
            </button>
          ) : null}
        </div>
      ) : null}
      <PipelineBoard
        columns={columns}
        stale={board.stale}
        workspaceId={workspaceId}
        canReopen={roleAtLeast(role, 'manager')}
        onMove={moves.requestMove}
        onOpen={openCard}
        onViewAll={viewAll}
        focusRequest={focusRequest}
        boardRef={boardRef}
      />
      {moves.pending ? <StageChangeDialog request={moves.pending.request} onDone={() => void moves.dialogDone()} onCancel={moves.dialogCancel} /> : null}
    </section>
  );
}
