// Step 2: the file as read, the mapping of its columns to fields, how values are read, the first
// rows, and the dry run. A mapping that cannot tell who a row is about blocks the dry run.
import { useState } from 'react';
import { ImportStartInput } from '../../../../shared/api/imports';
import { Icon } from '../../components/Icon';
import { shortcutLabel, useHotkeys } from '../../lib/hotkeys';
import { mappingBlocker, useImports } from '../../stores/imports';
import { FileSummary } from './FileSummary';
import { MappingTable } from './MappingTable';
import { PreviewTable } from './PreviewTable';
import { SavePresetDialog } from './SavePresetDialog';
import { ValueFormats } from './ValueFormats';

const SOURCE_SCHEMA = ImportStartInput.shape.externalSource;

export function MappingStep() {
  const inspection = useImports((s) => s.inspection)!;
  const draft = useImports((s) => s.draft)!;
  const blocker = useImports(mappingBlocker);
  const error = useImports((s) => s.error);
  const busy = useImports((s) => s.busy);
  const inspecting = useImports((s) => s.inspecting);
  const { dryRun, reset, setExternalSource } = useImports.getState();
  const [saving, setSaving] = useState(false);

  const sourceCheck = SOURCE_SCHEMA.safeParse(draft.externalSource);
  const sourceError = error?.fieldMessage('externalSource') ?? (sourceCheck.success ? undefined : sourceCheck.error.issues[0]?.message);
  const otherErrors = error && !error.fieldMessage('externalSource') ? error : null;
  const canRun = !blocker && !sourceError && !busy && !inspecting;
  const start = () => {
    if (canRun) void dryRun();
  };
  useHotkeys([{ keys: 'mod+enter', run: start, inInputs: true }], !saving);

  return (
    <div className="imp-step imp-mapping-step" data-testid="import-mapping">
      <FileSummary />

      {blocker ? (
        <div className="banner banner-error imp-banner" role="alert" data-testid="mapping-problem">
          <Icon name="alert" />
          <span>
            <strong>The dry run cannot start. </strong>
            {blocker}
          </span>
        </div>
      ) : null}
      {otherErrors ? (
        <div className="banner banner-error imp-banner" role="alert" data-testid="import-error">
          <Icon name="alert" />
          <span>
            {otherErrors.message}
            {otherErrors.fields.length > 1 ? (
              <ul className="imp-field-errors">
                {otherErrors.fields.map((f) => (
                  <li key={f.field}>
                    <code>{f.field}</code> {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </span>
        </div>
      ) : null}

      <section className="card imp-mapping-card" aria-labelledby="imp-mapping-title">
        <div className="imp-card-head">
          <h2 id="imp-mapping-title">Columns</h2>
          <span className="muted small">Pick the field each column fills. Columns set to “don’t import” are skipped.</span>
          <div className="spacer" />
          <label className={`imp-source ${sourceError ? 'field-invalid' : ''}`} title="With the file's own ids, this makes importing the same export again update the leads instead of adding them twice.">
            <span className="muted small">Source of the export</span>
            <input value={draft.externalSource} onChange={(e) => setExternalSource(e.target.value)} aria-label="Source of the export" aria-invalid={Boolean(sourceError)} data-testid="external-source" />
          </label>
          <button className="button" onClick={() => setSaving(true)} data-testid="save-preset">
            Save as preset…
          </button>
        </div>
        {sourceError ? <p className="field-error small imp-source-error" role="alert">Source of the export: {sourceError}</p> : null}
        <MappingTable />
      </section>

      <ValueFormats />

      <section className="card imp-preview-card" aria-labelledby="imp-preview-title">
        <div className="imp-card-head">
          <h2 id="imp-preview-title">First rows</h2>
          <span className="muted small">As read from the file, before any value is changed.</span>
        </div>
        <PreviewTable />
      </section>

      <footer className="imp-actions">
        <button className="button button-ghost" onClick={reset}>Choose another file</button>
        <div className="spacer" />
        <span className="muted small">{inspection.preview.length ? 'A dry run reads every row and changes nothing.' : ''}</span>
        <button className="button button-primary" disabled={!canRun} onClick={start} title={`Dry run (${shortcutLabel('mod+enter')})`} data-testid="start-dry-run">
          {busy ? 'Starting…' : 'Dry run'}
          <kbd>{shortcutLabel('mod+enter')}</kbd>
        </button>
      </footer>

      {saving ? <SavePresetDialog onClose={() => setSaving(false)} /> : null}
    </div>
  );
}
