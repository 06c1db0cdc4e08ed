// The Import screen (admins): a new import as four steps (file, columns, dry run, import) and the
// history of every batch. Runs go on in a worker, so the admin can leave and come back.
import { useEffect } from 'react';
import { screenCommands } from '../../components/CommandPalette';
import { Icon } from '../../components/Icon';
import { useImports, type ImportStep } from '../../stores/imports';
import { currentWorkspace, useSession } from '../../stores/session';
import { HistoryList } from './HistoryList';
import { MappingStep } from './MappingStep';
import { ResultStep } from './ResultStep';
import { ReviewStep } from './ReviewStep';
import { RunProgress } from './RunProgress';
import { UploadStep } from './UploadStep';
import './imports.css';

const STEPS = ['Choose a file', 'Map the columns', 'Dry run', 'Import'] as const;
const STEP_INDEX: Record<ImportStep, number> = { choose: 0, uploading: 0, mapping: 1, dry_run: 2, review: 2, commit: 3, done: 3 };

function Stepper({ step }: { step: ImportStep }) {
  const at = STEP_INDEX[step];
  return (
    <ol className="imp-stepper" aria-label="Steps">
      {STEPS.map((label, i) => (
        <li key={label} className={i < at || (i === at && step === 'done') ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          <span className="imp-step-dot" aria-hidden="true">{i < at || (i === at && step === 'done') ? <Icon name="check" size={12} /> : i + 1}</span>
          {label}
        </li>
      ))}
    </ol>
  );
}

function RunningStep() {
  const step = useImports((s) => s.step);
  const progress = useImports((s) => s.progress);
  const batch = useImports((s) => s.batch);
  const busy = useImports((s) => s.busy);
  const { cancelRun, refreshBatch } = useImports.getState();
  const mode = step === 'commit' ? 'commit' : 'dry_run';
  return (
    <div className="imp-step">
      <section className="card imp-run-card">
        <RunProgress mode={mode} progress={progress} batch={batch} onCancel={busy ? undefined : () => void cancelRun()} cancelling={false} onPoll={refreshBatch} />
      </section>
    </div>
  );
}

function NewImport({ workspaceId }: { workspaceId: string }) {
  const step = useImports((s) => s.step);
  return (
    <div className="imp-new" data-testid="import-new" data-step={step}>
      <Stepper step={step} />
      {step === 'choose' || step === 'uploading' ? <UploadStep workspaceId={workspaceId} /> : null}
      {step === 'mapping' ? <MappingStep /> : null}
      {step === 'dry_run' || step === 'commit' ? <RunningStep /> : null}
      {step === 'review' ? <ReviewStep /> : null}
      {step === 'done' ? <ResultStep /> : null}
    </div>
  );
}

export function ImportScreen() {
  const workspace = useSession(currentWorkspace);
  const view = useImports((s) => s.view);
  const step = useImports((s) => s.step);
  const count = useImports((s) => s.history?.length);
  const { setView } = useImports.getState();
  const workspaceId = workspace?.id ?? null;
  const isAdmin = workspace?.role === 'admin';

  // Another workspace: a file in hand belongs to the old one, unless it is already running there.
  useEffect(() => {
    const s = useImports.getState();
    if (!workspaceId || s.workspaceId === workspaceId) return;
    if (s.step !== 'dry_run' && s.step !== 'commit') s.reset();
    useImports.setState({ history: null, detailId: null, detail: null, workspaceId });
    void s.loadPresets(workspaceId);
    void s.loadHistory(workspaceId);
  }, [workspaceId]);

  useEffect(() => {
    if (!isAdmin) return;
    screenCommands.set('import', [
      { id: 'import-new', title: 'New import', section: 'Import', icon: 'import', run: () => setView('new') },
      { id: 'import-history', title: 'Import history', section: 'Import', icon: 'import', run: () => setView('history') },
    ]);
    return () => void screenCommands.delete('import');
  }, [isAdmin, setView]);

  if (!workspace || !workspaceId) return null;
  if (!isAdmin) {
    return (
      <section className="screen">
        <header className="screen-head">
          <h1>Import</h1>
        </header>
        <div className="empty-state" data-testid="import-admins-only">
          <Icon name="import" size={28} />
          <h2>Import is for admins</h2>
          <p>Importing files changes leads for the whole workspace, so only its admins can do it. Ask an admin of {workspace.name} to import the file, or to make you an admin.</p>
        </div>
      </section>
    );
  }

  return (
    <section className="screen screen-import" data-testid="import-screen">
      <header className="screen-head">
        <h1>Import</h1>
        <div
          className="segmented"
          role="tablist"
          aria-label="Import views"
          onKeyDown={(e) => {
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            const next = view === 'new' ? 'history' : 'new';
            setView(next);
            e.currentTarget.querySelector<HTMLButtonElement>(`[data-testid="tab-${next}"]`)?.focus();
          }}
        >
          <button role="tab" aria-selected={view === 'new'} tabIndex={view === 'new' ? 0 : -1} className={view === 'new' ? 'active' : ''} onClick={() => setView('new')} data-testid="tab-new">
            New import{step !== 'choose' && view !== 'new' ? ' •' : ''}
          </button>
          <button role="tab" aria-selected={view === 'history'} tabIndex={view === 'history' ? 0 : -1} className={view === 'history' ? 'active' : ''} onClick={() => setView('history')} data-testid="tab-history">
            History{count ? ` (${count})` : ''}
          </button>
        </div>
        <span className="muted small">{workspace.name}</span>
      </header>
      <div className="imp-body" role="tabpanel">
        {view === 'new' ? <NewImport workspaceId={workspaceId} /> : <HistoryList workspaceId={workspaceId} />}
      </div>
    </section>
  );
}
