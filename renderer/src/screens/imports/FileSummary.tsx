// What the inspection read from the file (name, size, encoding, delimiter, each with its reason),
// the preset it recognized with a picker for another one, and the problems seen in the first rows.
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useImports } from '../../stores/imports';
import { useUi } from '../../stores/ui';
import { delimiterName, formatBytes } from './import-format';

export function FileSummary() {
  const inspection = useImports((s) => s.inspection)!;
  const draft = useImports((s) => s.draft)!;
  const presets = useImports((s) => s.presets);
  const importType = useImports((s) => s.importType);
  const inspecting = useImports((s) => s.inspecting);
  const { choosePreset, deletePreset } = useImports.getState();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const toast = useUi((s) => s.toast);

  const forType = presets.filter((p) => p.importType === importType);
  // The detected preset is offered even before the list has loaded.
  const options = inspection.preset && !forType.some((p) => p.id === inspection.preset!.id) ? [{ id: inspection.preset.id, label: inspection.preset.label, deletable: false }, ...forType] : forType;
  const selected = forType.find((p) => p.id === draft.presetId);
  const detected = inspection.preset;
  const errors = inspection.issues.filter((i) => i.severity === 'error');
  const others = inspection.issues.filter((i) => i.severity !== 'error');

  const remove = async () => {
    if (!selected) return;
    try {
      await deletePreset(selected.id);
      toast(`Preset “${selected.label}” deleted.`, 'success');
    } catch (err) {
      toast((err as Error).message, 'error');
    }
    setConfirmDelete(false);
  };

  return (
    <section className="card imp-summary" aria-label="The file" data-testid="file-summary">
      <dl className="imp-facts">
        <div>
          <dt>File</dt>
          <dd data-testid="file-name">{inspection.fileName}</dd>
          <dd className="muted small">{formatBytes(inspection.size)} · {inspection.headers.length} columns</dd>
        </div>
        <div>
          <dt>Encoding</dt>
          <dd data-testid="file-encoding">{inspection.encoding}</dd>
          <dd className="muted small">{inspection.encodingReason}</dd>
        </div>
        <div>
          <dt>Delimiter</dt>
          <dd data-testid="file-delimiter">{delimiterName(inspection.delimiter)}</dd>
          <dd className="muted small">{inspection.delimiterReason}</dd>
        </div>
        <div className="imp-preset">
          <dt>
            <label htmlFor="import-preset">Preset</label>
          </dt>
          <dd className="imp-preset-row">
            <select id="import-preset" value={draft.presetId ?? ''} disabled={inspecting} onChange={(e) => void choosePreset(e.target.value || null)} data-testid="preset-select">
              <option value="">No preset (auto-match by header names)</option>
              {options.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                  {p.deletable ? ' (saved)' : ''}
                </option>
              ))}
            </select>
            {selected?.deletable ? (
              <button className="button button-ghost button-small" onClick={() => setConfirmDelete(true)} title="Delete this saved preset">
                Delete
              </button>
            ) : null}
          </dd>
          <dd className="muted small" data-testid="preset-detected">
            {inspecting
              ? 'Reading the file again with this preset…'
              : detected && detected.id === draft.presetId
                ? `Detected: the file has ${Math.round(detected.score * 100)}% of this preset’s columns${detected.missing.length ? ` (missing ${detected.missing.map((m) => `“${m}”`).join(', ')})` : ''}.`
                : draft.presetId
                  ? 'Chosen by you.'
                  : detected
                    ? `The file looks like ${detected.label}; columns are matched by name instead.`
                    : 'No preset fits these headers; columns are matched by name.'}
          </dd>
        </div>
      </dl>

      {errors.length || others.length ? (
        <ul className="imp-issues" data-testid="file-issues">
          {[...errors, ...others].slice(0, 8).map((i, n) => (
            <li key={n} className={`imp-issue imp-issue-${i.severity}`}>
              <Icon name={i.severity === 'info' ? 'dot' : 'alert'} size={14} />
              <span>{i.message}</span>
            </li>
          ))}
          {errors.length + others.length > 8 ? <li className="muted small">…and {errors.length + others.length - 8} more in the first rows.</li> : null}
        </ul>
      ) : null}

      {confirmDelete && selected ? (
        <Dialog
          title="Delete this preset?"
          onClose={() => setConfirmDelete(false)}
          footer={
            <>
              <button className="button button-ghost" onClick={() => setConfirmDelete(false)}>Keep</button>
              <button className="button button-danger" onClick={() => void remove()}>Delete preset</button>
            </>
          }
        >
          <p>“{selected.label}” is removed for everyone in this workspace. Batches imported with it are not affected.</p>
        </Dialog>
      ) : null}
    </section>
  );
}
