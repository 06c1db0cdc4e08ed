// `npm run cli -- import FILE --type leads --workspace W [--preset P] [--dry-run]`: the same import
// engine as the Import screen, from a terminal, with progress and a summary; exit code 1 when the
// import fails or is refused.
import { existsSync, writeFileSync } from 'node:fs';
import { errorReport, getBatch, workspacePresets } from '../../db/import/history';
import { inspectUpload } from '../../db/import/inspect';
import { runImport, type ImportPlan } from '../../db/import/run-import';
import { UploadStore } from '../../db/import/uploads';
import { getMeta } from '../../db/queries/meta';
import { DATE_FORMATS, type DateFormat } from '../../shared/domain/import-values';
import { isImportType } from '../../shared/domain/import-fields';
import { createAppContext } from '../main/context';
import { flagString, type ParsedArgs } from './args';
import { appVersion, defaultDbPath, MIGRATIONS_FOLDER } from './paths';

export const IMPORT_HELP = `  import FILE --type leads|calls|appointments|orders --workspace ID|NAME [--preset ID|none]
         [--source NAME] [--date-format ${DATE_FORMATS.join('|')}] [--dry-run] [--errors FILE] [--db PATH]
        Import a CSV export. The preset (eventbrite-attendees, hubspot-contacts, keap-contacts,
        clickfunnels-orders, humanitix-orders, convio-leads, or one saved in the app) is detected
        from the headers unless given; "none" maps by header names. --dry-run counts what would be
        created, updated, merged and refused without writing. --errors writes the refused rows
        (row, column, value, reason) as CSV.`;

function workspaceId(db: { sqlite: { prepare(s: string): { get(...a: unknown[]): unknown } } }, wanted: string): string {
  const row = db.sqlite.prepare('SELECT id FROM workspaces WHERE (id = ? OR lower(name) = lower(?)) AND deleted_at IS NULL').get(wanted, wanted) as { id: string } | undefined;
  if (!row) throw new Error(`No workspace "${wanted}" on this device`);
  return row.id;
}

export async function importCommand(args: ParsedArgs): Promise<void> {
  const [file] = args.positionals;
  if (!file) throw new Error('Name the CSV file: npm run cli -- import FILE --type leads --workspace W');
  if (!existsSync(file)) throw new Error(`No file at ${file}`);
  const type = flagString(args, 'type') ?? 'leads';
  if (!isImportType(type)) throw new Error(`--type must be leads, calls, appointments or orders (not "${type}")`);
  const wanted = flagString(args, 'workspace');
  if (!wanted) throw new Error('--workspace is required (an id or a name)');
  const dateFormat = flagString(args, 'date-format');
  if (dateFormat && !(DATE_FORMATS as readonly string[]).includes(dateFormat)) throw new Error(`--date-format must be one of ${DATE_FORMATS.join(', ')}`);
  const ctx = await createAppContext({ dbPath: flagString(args, 'db') ?? defaultDbPath(), migrationsFolder: MIGRATIONS_FOLDER, appVersion: appVersion(), demo: false, sync: { runner: 'inline' } });
  try {
    const ws = workspaceId(ctx.db, wanted);
    const presetFlag = flagString(args, 'preset');
    const upload = UploadStore.external(file);
    const inspection = await inspectUpload(upload, type, workspacePresets(ctx.db, ws), presetFlag === undefined ? undefined : presetFlag === 'none' ? null : presetFlag);
    console.log(`${upload.fileName}: ${inspection.encoding}, "${inspection.delimiter === '\t' ? '\\t' : inspection.delimiter}" delimited, ${inspection.headers.length} columns; preset: ${inspection.preset?.label ?? 'none (matched by header names)'}`);
    for (const [field, guess] of Object.entries(inspection.dateFormats)) console.log(`  ${field}: dates read as ${dateFormat ?? guess.format} (${dateFormat ? 'given' : guess.reason})`);
    if (inspection.mappingProblem) throw new Error(inspection.mappingProblem);
    const plan: ImportPlan = {
      importType: type,
      workspaceId: ws,
      columns: inspection.mapping as ImportPlan['columns'],
      valueMaps: inspection.valueMaps,
      presetId: inspection.preset?.id ?? null,
      externalSource: flagString(args, 'source') ?? inspection.externalSource,
      dateFormats: Object.fromEntries(Object.entries(inspection.dateFormats).map(([k, g]) => [k, (dateFormat as DateFormat | undefined) ?? g.format])),
      ...(inspection.decimalSeparator ? { decimalSeparator: inspection.decimalSeparator.separator } : {}),
    };
    const mode = args.flags.has('dry-run') ? 'dry_run' : 'commit';
    let last = 0;
    const summary = await runImport({
      path: file,
      plan,
      mode,
      writer: ctx.writer(getMeta(ctx.db, 'current_user_id')),
      onProgress: (p) => {
        if (Date.now() - last < 1000) return;
        last = Date.now();
        const pct = p.totalBytes ? Math.round((p.bytesRead / p.totalBytes) * 100) : 0;
        console.log(`  ${pct}%  ${p.rows.toLocaleString('en-US')} rows  ${p.rowsPerSecond.toLocaleString('en-US')} rows/s  ETA ${p.etaSeconds === null ? '?' : `${Math.ceil(p.etaSeconds)} s`}`);
      },
    });
    const detail = getBatch(ctx.db, summary.batchId, 20)!;
    console.log(`${mode === 'dry_run' ? 'Dry run' : 'Import'} ${summary.status} in ${summary.seconds.toFixed(1)} s (batch ${summary.batchId}):`);
    console.table({ rows: summary.totalRows, [mode === 'dry_run' ? 'would create' : 'created']: summary.created, [mode === 'dry_run' ? 'would update' : 'updated']: summary.updated, unchanged: summary.unchanged, 'duplicates in file': summary.duplicates, invalid: summary.invalid });
    for (const e of detail.errors) console.log(`  row ${e.rowNumber}${e.column ? `, ${e.column}` : ''}${e.value !== null ? ` "${e.value}"` : ''}: ${e.reason}`);
    if (detail.errorCount > detail.errors.length) console.log(`  … and ${detail.errorCount - detail.errors.length} more`);
    const errorsFile = flagString(args, 'errors');
    if (errorsFile) {
      writeFileSync(errorsFile, errorReport(ctx.db, summary.batchId)!.csv);
      console.log(`Error report written to ${errorsFile}`);
    }
    if (summary.status === 'failed' || summary.status === 'cancelled') throw new Error(summary.error ?? `The import ${summary.status}`);
  } finally {
    ctx.close();
  }
}
