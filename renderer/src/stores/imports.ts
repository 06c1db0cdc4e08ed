// The Import screen's state: the wizard (upload → mapping → dry run → commit → result) for the
// file in hand, and the history of batches with one opened in detail. A batch runs in a worker;
// its progress arrives as job.progress events (jobId = batch id) and its changes as data.changed
// on import_batches, so the wizard follows a run even while the admin works on another screen.
import { create } from 'zustand';
import { draftOf, presetFromDraft, startInput, withColumn, type ImportDraft, type ValueGuesses } from './import-draft';
import type { JobProgress } from '../../../shared/api/events';
import type { ImportBatchDetail, ImportBatchStatus, ImportBatchView, ImportInspection, ImportPresetView } from '../../../shared/api/imports';
import type { ImportFieldKey, ImportType } from '../../../shared/domain/import-fields';
import type { DateFormat, DecimalSeparator } from '../../../shared/domain/import-values';
import { uuidv7 } from '../../../shared/domain/ids';
import { ApiCallError, call, subscribe } from '../lib/api';
import { UPLOAD_CHUNK_BYTES, readSliceBase64 } from '../lib/file-chunks';
import { useUi } from './ui';

export { mappedFields, mappingBlocker, type ImportDraft } from './import-draft';

export type ImportStep = 'choose' | 'uploading' | 'mapping' | 'dry_run' | 'review' | 'commit' | 'done';

interface ImportsState {
  /** The screen's two tabs: the wizard, or the history of batches. */
  view: 'new' | 'history';
  step: ImportStep;
  workspaceId: string | null;
  importType: ImportType;
  file: { name: string; size: number } | null;
  uploaded: number;
  uploadId: string | null;
  inspection: ImportInspection | null;
  inspecting: boolean;
  draft: ImportDraft | null;
  /** The admin changed the mapping since the inspection suggested it. */
  edited: boolean;
  /** Why each date field's format (and the decimal separator) was picked: the inspection's, or read here from the samples of a column the admin mapped. */
  guesses: ValueGuesses;
  presets: ImportPresetView[];
  batchId: string | null;
  batch: ImportBatchDetail | null;
  progress: JobProgress | null;
  busy: boolean;
  error: ApiCallError | null;

  /** The latest progress of every import run seen since start-up, by batch id. */
  jobs: Record<string, JobProgress>;
  history: ImportBatchView[] | null;
  historyError: string | null;
  detailId: string | null;
  detail: ImportBatchDetail | null;
  detailError: string | null;

  setView(view: 'new' | 'history'): void;
  setImportType(type: ImportType): void;
  upload(file: File, workspaceId: string): Promise<void>;
  abortUpload(): void;
  choosePreset(presetId: string | null): Promise<void>;
  setColumn(header: string, field: ImportFieldKey | null): void;
  setDateFormat(field: ImportFieldKey, format: DateFormat | null): void;
  setDecimalSeparator(separator: DecimalSeparator): void;
  setExternalSource(source: string): void;
  loadPresets(workspaceId: string): Promise<void>;
  savePreset(label: string): Promise<ImportPresetView>;
  deletePreset(id: string): Promise<void>;
  dryRun(): Promise<void>;
  commit(): Promise<void>;
  backToMapping(): void;
  cancelRun(batchId?: string): Promise<void>;
  undo(batchId: string): Promise<{ removed: number; restored: number; kept: number }>;
  /** Commits a finished dry run from the history (the file and mapping it ran with). */
  commitBatch(batchId: string): Promise<void>;
  errorReport(batchId: string): Promise<{ fileName: string; csv: string }>;
  reset(): void;

  loadHistory(workspaceId: string): Promise<void>;
  openDetail(batchId: string | null): Promise<void>;

  /** Re-reads the batch in hand (a safety net while it runs, should an event be lost). */
  refreshBatch(): void;
  /** Event wiring (connectImportEvents): a job.progress of kind import, a change to import_batches. */
  onProgress(progress: JobProgress): void;
  onBatchesChanged(): void;
}

const WIZARD_START = {
  step: 'choose' as ImportStep,
  file: null,
  uploaded: 0,
  uploadId: null,
  inspection: null,
  inspecting: false,
  draft: null,
  edited: false,
  guesses: { dates: {}, decimal: null },
  batchId: null,
  batch: null,
  progress: null,
  busy: false,
  error: null,
};

/** A dry run ends validated (or failed, cancelled); a commit ends completed (or failed, cancelled). */
const FINAL: Record<'dry_run' | 'commit', readonly ImportBatchStatus[]> = {
  dry_run: ['validated', 'completed', 'failed', 'cancelled', 'undone'],
  commit: ['completed', 'failed', 'cancelled', 'undone'],
};

function asApiError(err: unknown): ApiCallError {
  return err instanceof ApiCallError ? err : new ApiCallError({ code: 'internal', message: err instanceof Error ? err.message : String(err) });
}

/** Calls `run` at most once at a time; a call made meanwhile runs once more after it. */
function coalesced(run: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const go = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await run().catch(() => undefined);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void go();
}

export const useImports = create<ImportsState>((set, get) => {
  // An upload the admin abandoned stops before its next chunk.
  let uploadGeneration = 0;

  const inspect = async (presetId: string | null | undefined) => {
    const s = get();
    if (!s.uploadId || !s.workspaceId) return;
    set({ inspecting: true, error: null });
    try {
      const inspection = await call('imports.inspect', { uploadId: s.uploadId, workspaceId: s.workspaceId, importType: s.importType, ...(presetId !== undefined ? { presetId } : {}) });
      const draft = draftOf(inspection);
      // "No preset" is a choice of its own, even if the file looks like one.
      if (presetId === null) draft.presetId = null;
      set({ inspection, draft, edited: false, guesses: { dates: { ...inspection.dateFormats }, decimal: inspection.decimalSeparator }, inspecting: false, step: 'mapping' });
    } catch (err) {
      set({ inspecting: false, error: asApiError(err) });
    }
  };

  /** Reads the current batch; when its run is over, shows the result step. */
  const refreshCurrent = async () => {
    const { batchId, step } = get();
    if (!batchId || (step !== 'dry_run' && step !== 'commit' && step !== 'review' && step !== 'done')) return;
    const batch = await call('imports.get', { batchId });
    const now = get();
    if (now.batchId !== batchId) return;
    const running = now.step === 'dry_run' || now.step === 'commit';
    if (running && FINAL[now.step === 'dry_run' ? 'dry_run' : 'commit'].includes(batch.status)) {
      const finished = now.step === 'commit';
      set({ batch, step: finished ? 'done' : 'review', progress: null });
      if (finished) announce(batch);
    } else {
      set({ batch });
    }
  };
  const refreshCurrentSoon = coalesced(refreshCurrent);

  const refreshHistory = coalesced(async () => {
    const { workspaceId, history, detailId } = get();
    if (history && workspaceId) await get().loadHistory(workspaceId);
    if (detailId) {
      const detail = await call('imports.get', { batchId: detailId });
      if (get().detailId === detailId) set({ detail, detailError: null });
    }
  });

  /** A commit that ends while the admin is elsewhere says so, with a way back; on the screen, its banner does. */
  const announce = (batch: ImportBatchDetail) => {
    const ui = useUi.getState();
    if (ui.screen === 'import' && get().view === 'new') return;
    const back = {
      label: 'View',
      run: () => {
        set({ view: 'new' });
        useUi.getState().go('import');
      },
    };
    if (batch.status === 'completed') ui.toast(`Import of ${batch.fileName} finished: ${batch.createdCount.toLocaleString()} new, ${batch.updatedCount.toLocaleString()} updated.`, 'success', back);
    else if (batch.status === 'failed') ui.toast(`Import of ${batch.fileName} failed: ${batch.error ?? 'unknown error'}`, 'error', back);
  };

  const run = async (mode: 'dry_run' | 'commit') => {
    const s = get();
    if (!s.draft || !s.uploadId || !s.workspaceId) return;
    set({ busy: true, error: null, progress: null, step: mode === 'dry_run' ? 'dry_run' : 'commit' });
    try {
      const { batchId } = await call('imports.start', startInput(s.draft, { uploadId: s.uploadId, workspaceId: s.workspaceId, importType: s.importType, mode, batchId: mode === 'commit' ? s.batchId : null }));
      // A run may report (or even finish) before imports.start returns.
      const early = get().jobs[batchId];
      set({ batchId, busy: false, progress: early && !early.finished ? early : null });
      await refreshCurrent();
    } catch (err) {
      // Nothing started: back to where the admin pressed the button.
      set({ busy: false, error: asApiError(err), step: mode === 'dry_run' ? 'mapping' : 'review' });
    }
  };

  return {
    ...WIZARD_START,
    view: 'new',
    workspaceId: null,
    importType: 'leads',
    presets: [],
    jobs: {},
    history: null,
    historyError: null,
    detailId: null,
    detail: null,
    detailError: null,

    setView(view) {
      set({ view });
    },

    setImportType(importType) {
      if (get().step === 'choose') set({ importType });
    },

    async upload(file, workspaceId) {
      const generation = ++uploadGeneration;
      set({ ...WIZARD_START, step: 'uploading', workspaceId, file: { name: file.name, size: file.size } });
      try {
        const { uploadId } = await call('imports.beginUpload', { fileName: file.name, size: file.size });
        let offset = 0;
        while (offset < file.size) {
          if (generation !== uploadGeneration) return;
          const { data, bytes } = await readSliceBase64(file, offset, UPLOAD_CHUNK_BYTES);
          await call('imports.uploadChunk', { uploadId, offset, data });
          offset += bytes;
          set({ uploaded: offset });
        }
        if (generation !== uploadGeneration) return;
        set({ uploadId });
        void get().loadPresets(workspaceId);
        await inspect(undefined);
        if (get().step === 'uploading') set({ step: 'choose' });
      } catch (err) {
        if (generation === uploadGeneration) set({ step: 'choose', error: asApiError(err) });
      }
    },

    abortUpload() {
      uploadGeneration++;
      set({ ...WIZARD_START });
    },

    async choosePreset(presetId) {
      set((s) => (s.draft ? { draft: { ...s.draft, presetId } } : {}));
      await inspect(presetId);
    },

    setColumn(header, field) {
      const { draft, inspection, guesses } = get();
      if (!draft || !inspection) return;
      set({ ...withColumn({ draft, guesses }, inspection, header, field), edited: true });
    },

    setDateFormat(field, format) {
      const { draft } = get();
      if (!draft) return;
      const dateFormats = { ...draft.dateFormats };
      if (format) dateFormats[field] = format;
      else delete dateFormats[field];
      set({ draft: { ...draft, dateFormats }, edited: true });
    },

    setDecimalSeparator(decimalSeparator) {
      const { draft } = get();
      if (draft) set({ draft: { ...draft, decimalSeparator }, edited: true });
    },

    setExternalSource(externalSource) {
      const { draft, error } = get();
      if (draft) set({ draft: { ...draft, externalSource }, error: error?.fieldMessage('externalSource') ? null : error });
    },

    async loadPresets(workspaceId) {
      try {
        set({ presets: await call('imports.presets', { workspaceId }) });
      } catch {
        // The picker then offers auto-matching only; the inspection still names a built-in preset.
      }
    },

    async savePreset(label) {
      const { draft, workspaceId, importType, presets } = get();
      if (!draft || !workspaceId) throw new ApiCallError({ code: 'invalid_input', message: 'Nothing to save yet: choose a file first.' });
      const preset = presetFromDraft(draft, { label, importType, presets, randomId: () => uuidv7().slice(-8) });
      const saved = await call('imports.savePreset', { workspaceId, preset });
      set((s) => ({ presets: [...s.presets.filter((p) => p.id !== saved.id), saved], draft: s.draft ? { ...s.draft, presetId: saved.id } : s.draft }));
      return saved;
    },

    async deletePreset(id) {
      const { workspaceId } = get();
      if (!workspaceId) return;
      await call('imports.deletePreset', { workspaceId, id });
      set((s) => ({ presets: s.presets.filter((p) => p.id !== id) }));
      if (get().draft?.presetId === id) await get().choosePreset(null);
    },

    dryRun: () => run('dry_run'),
    commit: () => run('commit'),

    backToMapping() {
      set({ step: 'mapping', batchId: null, batch: null, progress: null, error: null });
    },

    async cancelRun(batchId) {
      const id = batchId ?? get().batchId;
      if (!id) return;
      try {
        await call('imports.cancel', { batchId: id });
        if (id === get().batchId) await refreshCurrent();
        refreshHistory();
      } catch (err) {
        useUi.getState().toast(asApiError(err).message, 'error');
      }
    },

    async commitBatch(batchId) {
      try {
        await call('imports.commit', { batchId });
        refreshHistory();
      } catch (err) {
        useUi.getState().toast(asApiError(err).message, 'error');
      }
    },

    async undo(batchId) {
      const result = await call('imports.undo', { batchId });
      if (batchId === get().batchId) await refreshCurrent().catch(() => undefined);
      refreshHistory();
      return result;
    },

    errorReport: (batchId) => call('imports.errorReport', { batchId }),

    reset() {
      uploadGeneration++;
      set({ ...WIZARD_START });
    },

    async loadHistory(workspaceId) {
      try {
        const history = await call('imports.list', { workspaceId });
        set({ history, historyError: null, workspaceId });
      } catch (err) {
        set({ historyError: asApiError(err).message });
      }
    },

    async openDetail(batchId) {
      set({ detailId: batchId, detail: batchId && get().detail?.id === batchId ? get().detail : null, detailError: null });
      if (!batchId) return;
      try {
        const detail = await call('imports.get', { batchId });
        if (get().detailId === batchId) set({ detail });
      } catch (err) {
        if (get().detailId === batchId) set({ detailError: asApiError(err).message });
      }
    },

    refreshBatch: () => refreshCurrentSoon(),

    onProgress(p) {
      set((s) => {
        const jobs = { ...s.jobs, [p.jobId]: p };
        // Finished runs are kept briefly (see run()); the oldest go once there are many.
        const ids = Object.keys(jobs);
        if (ids.length > 20) for (const id of ids.slice(0, ids.length - 20)) if (jobs[id]!.finished) delete jobs[id];
        return { jobs };
      });
      const { batchId, step } = get();
      if (p.jobId !== batchId || (step !== 'dry_run' && step !== 'commit')) return;
      if (p.finished) refreshCurrentSoon();
      else set({ progress: p });
    },
    onBatchesChanged() {
      refreshCurrentSoon();
      refreshHistory();
    },
  };
});

/** Wires backend events into the import store once at start-up (App). */
export function connectImportEvents(): () => void {
  const offs = [
    subscribe('job.progress', (p) => {
      if (p.kind === 'import') useImports.getState().onProgress(p);
    }),
    subscribe('data.changed', ({ tables }) => {
      if (tables.includes('import_batches') || tables.includes('import_errors')) useImports.getState().onBatchesChanged();
    }),
  ];
  return () => offs.forEach((off) => off());
}
