// Step 1: what kind of rows the file holds, then the file itself (picker or drag and drop). The
// upload starts as soon as a file is chosen and shows its bytes; the inspection follows.
import { useRef, useState, type DragEvent } from 'react';
import { IMPORT_TYPES, IMPORT_TYPE_LABELS, type ImportType } from '../../../../shared/domain/import-fields';
import { Icon } from '../../components/Icon';
import { useImports } from '../../stores/imports';
import { formatBytes } from './import-format';

/** Types the backend imports today; the others are shown, disabled, so the admin knows they come. */
const AVAILABLE: ReadonlySet<ImportType> = new Set(['leads', 'calls', 'appointments', 'orders']);

const TYPE_HINT: Record<ImportType, string> = {
  leads: 'People and their leads: HubSpot, Keap, our own export, any contact list.',
  calls: 'Sales calls with stage, outcome and value.',
  appointments: 'Booked appointments with time and location.',
  orders: 'Orders and tickets: Eventbrite, ClickFunnels, Humanitix.',
};

export function UploadStep({ workspaceId }: { workspaceId: string }) {
  const step = useImports((s) => s.step);
  const importType = useImports((s) => s.importType);
  const file = useImports((s) => s.file);
  const uploaded = useImports((s) => s.uploaded);
  const inspecting = useImports((s) => s.inspecting);
  const error = useImports((s) => s.error);
  const { setImportType, upload, abortUpload } = useImports.getState();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const uploading = step === 'uploading';

  const take = (files: FileList | null) => {
    const chosen = files?.[0];
    if (chosen) void upload(chosen, workspaceId);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!uploading) take(e.dataTransfer.files);
  };

  return (
    <div className="imp-step imp-upload" data-testid="import-upload">
      <fieldset className="imp-types" disabled={uploading}>
        <legend>What does the file hold?</legend>
        {IMPORT_TYPES.map((t) => {
          const available = AVAILABLE.has(t);
          return (
            <label key={t} className={`imp-type ${importType === t ? 'active' : ''} ${available ? '' : 'disabled'}`} title={available ? TYPE_HINT[t] : `${IMPORT_TYPE_LABELS[t]}: coming soon`}>
              <input type="radio" name="import-type" value={t} checked={importType === t} disabled={!available} onChange={() => setImportType(t)} />
              <span className="imp-type-name">{IMPORT_TYPE_LABELS[t]}</span>
              <span className="imp-type-hint muted small">{available ? TYPE_HINT[t] : 'Coming soon'}</span>
            </label>
          );
        })}
      </fieldset>

      <div
        className={`imp-drop ${dragging ? 'dragging' : ''} ${uploading ? 'busy' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = uploading ? 'none' : 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-dropzone"
      >
        {uploading && file ? (
          <div className="imp-drop-progress" role="status">
            <Icon name="import" size={22} />
            <strong>{inspecting ? `Reading ${file.name}…` : `Uploading ${file.name}`}</strong>
            <progress value={inspecting ? file.size : uploaded} max={file.size} aria-label="Upload progress" data-testid="upload-progress" />
            <span className="muted small">
              {inspecting ? 'Detecting encoding, delimiter and columns' : `${formatBytes(uploaded)} of ${formatBytes(file.size)} (${file.size ? Math.floor((uploaded / file.size) * 100) : 0}%)`}
            </span>
            {inspecting ? null : (
              <button className="button button-ghost" onClick={abortUpload}>Cancel upload</button>
            )}
          </div>
        ) : (
          <>
            <Icon name="import" size={26} />
            <strong>Drop a CSV export here</strong>
            <span className="muted">or</span>
            <button className="button button-primary" onClick={() => inputRef.current?.click()} data-testid="choose-file" autoFocus>
              Choose file…
            </button>
            <span className="muted small">CSV, TSV or TXT from HubSpot, Keap, Eventbrite, ClickFunnels, Humanitix or a spreadsheet; up to 4 GB. Encoding and delimiter are detected.</span>
          </>
        )}
        <input
          ref={inputRef}
          type="file"
          className="imp-file-input"
          accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
          aria-label="CSV file to import"
          data-testid="import-file"
          onChange={(e) => {
            take(e.target.files);
            e.target.value = '';
          }}
        />
      </div>

      {error ? (
        <div className="banner banner-error" role="alert" data-testid="import-error">
          <Icon name="alert" />
          <span>{error.message}</span>
        </div>
      ) : null}
    </div>
  );
}
