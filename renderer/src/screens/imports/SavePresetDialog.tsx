// Saves the mapping on screen as a workspace preset, so the next export of the same kind maps
// itself. Errors from the contract's preset schema show next to the name or as a banner.
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ApiCallError } from '../../lib/api';
import { shortcutLabel } from '../../lib/hotkeys';
import { useImports } from '../../stores/imports';
import { useUi } from '../../stores/ui';

export function SavePresetDialog({ onClose }: { onClose: () => void }) {
  const fileName = useImports((s) => s.inspection?.fileName ?? '');
  const [label, setLabel] = useState(() => fileName.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim());
  const [error, setError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);
  const toast = useUi((s) => s.toast);

  const save = async () => {
    if (label.trim() === '') {
      setError(new ApiCallError({ code: 'invalid_input', message: 'Name the preset.', fields: [{ field: 'preset.label', message: 'Name the preset.' }] }));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await useImports.getState().savePreset(label);
      toast(`Preset “${saved.label}” saved: files with these columns map themselves next time.`, 'success');
      onClose();
    } catch (err) {
      setError(err instanceof ApiCallError ? err : new ApiCallError({ code: 'internal', message: String(err) }));
    } finally {
      setSaving(false);
    }
  };

  const labelError = error?.fieldMessage('label');
  const otherError = error && !labelError ? error.message : null;
  return (
    <Dialog
      title="Save mapping as preset"
      onClose={onClose}
      footer={
        <>
          <span className="muted small">{shortcutLabel('mod+enter')} to save</span>
          <button className="button button-ghost" onClick={onClose}>Cancel</button>
          <button className="button button-primary" disabled={saving} onClick={() => void save()} data-testid="save-preset-confirm">
            {saving ? 'Saving…' : 'Save preset'}
          </button>
        </>
      }
    >
      <form
        className="stage-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      >
        <label className={`field ${labelError ? 'field-invalid' : ''}`}>
          <span>Preset name</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} aria-invalid={Boolean(labelError)} data-autofocus data-testid="preset-name" />
          {labelError ? <small className="field-error" role="alert">{labelError}</small> : null}
        </label>
        <p className="muted small">The columns, fields, translated values and formats on screen are saved for everyone in this workspace.</p>
        {otherError ? <div className="banner banner-error" role="alert">{otherError}</div> : null}
      </form>
    </Dialog>
  );
}
