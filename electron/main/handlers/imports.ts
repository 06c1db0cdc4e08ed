import type { importsApi } from '../../../shared/api/imports';
import { AppError } from '../../../shared/api/contract';
import { mappingIdentityProblem } from '../../../shared/domain/import-fields';
import { targetsOf } from '../../../shared/domain/import-presets';
import { deletePreset, errorReport, getBatch, listBatches, presetViews, savePreset, workspacePresets } from '../../../db/import/history';
import { inspectUpload } from '../../../db/import/inspect';
import { undoImport } from '../../../db/import/undo';
import { prepared } from '../../../db/connection';
import type { AreaHandlers, HandlerContext } from './types';

/** Imports are an admin's job; the batch's workspace decides. */
function batchWorkspace(ctx: HandlerContext, batchId: string): string {
  const row = prepared(ctx.app.db, 'SELECT workspace_id FROM import_batches WHERE id = ? AND deleted_at IS NULL').get(batchId) as { workspace_id: string } | undefined;
  if (!row) throw new AppError('not_found', 'There is no such import.');
  ctx.requireMember(row.workspace_id, 'admin');
  return row.workspace_id;
}

function fail(err: unknown): never {
  if (err instanceof AppError) throw err;
  throw new AppError('conflict', err instanceof Error ? err.message : String(err));
}

export const importsHandlers = {
  'imports.presets': ({ workspaceId }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    return presetViews(ctx.app.db, workspaceId);
  },
  'imports.savePreset': ({ workspaceId, preset }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    const saved = savePreset(ctx.app.db, workspaceId, preset, ctx.app.now().toISOString());
    if (!saved) throw new AppError('conflict', 'Another workspace has a preset with that id; choose another name.', [{ field: 'preset.id', message: 'already taken' }]);
    return saved;
  },
  'imports.deletePreset': ({ workspaceId, id }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    return { deleted: deletePreset(ctx.app.db, workspaceId, id) };
  },
  'imports.beginUpload': ({ fileName, size }, ctx) => {
    requireSomeAdmin(ctx);
    return { uploadId: ctx.app.imports.uploads.begin(fileName, size) };
  },
  'imports.uploadChunk': ({ uploadId, offset, data }, ctx) => {
    requireSomeAdmin(ctx);
    try {
      return { received: ctx.app.imports.uploads.append(uploadId, offset, Buffer.from(data, 'base64')) };
    } catch (err) {
      fail(err);
    }
  },
  'imports.inspect': async ({ uploadId, workspaceId, importType, presetId }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    try {
      const upload = ctx.app.imports.uploads.complete(uploadId);
      return await inspectUpload(upload, importType, workspacePresets(ctx.app.db, workspaceId), presetId);
    } catch (err) {
      fail(err);
    }
  },
  'imports.start': (input, ctx) => {
    ctx.requireMember(input.workspaceId, 'admin');
    const mapped = Object.values(input.columns).flatMap((t) => targetsOf(t));
    const unmapped = mappingIdentityProblem(mapped);
    if (unmapped) throw new AppError('invalid_input', unmapped, [{ field: 'columns', message: unmapped }]);
    try {
      const started = ctx.app.imports.start(input, ctx.userId);
      ctx.changed(['import_batches'], input.workspaceId);
      return started;
    } catch (err) {
      fail(err);
    }
  },
  'imports.commit': ({ batchId }, ctx) => {
    const workspaceId = batchWorkspace(ctx, batchId);
    try {
      const started = ctx.app.imports.commitDryRun(batchId, ctx.userId);
      ctx.changed(['import_batches'], workspaceId);
      return started;
    } catch (err) {
      fail(err);
    }
  },
  'imports.cancel': ({ batchId }, ctx) => {
    batchWorkspace(ctx, batchId);
    return { cancelled: ctx.app.imports.cancel(batchId) };
  },
  'imports.list': ({ workspaceId }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    return listBatches(ctx.app.db, workspaceId);
  },
  'imports.get': ({ batchId }, ctx) => {
    batchWorkspace(ctx, batchId);
    return getBatch(ctx.app.db, batchId)!;
  },
  'imports.errorReport': ({ batchId }, ctx) => {
    batchWorkspace(ctx, batchId);
    return errorReport(ctx.app.db, batchId)!;
  },
  'imports.undo': ({ batchId }, ctx) => {
    const workspaceId = batchWorkspace(ctx, batchId);
    if (ctx.app.imports.isRunning(batchId)) throw new AppError('conflict', 'This import is still running; cancel it instead.');
    try {
      const result = undoImport(ctx.writer(), batchId);
      ctx.changed(['import_batches', 'contacts', 'leads', 'lead_events'], workspaceId);
      return result;
    } catch (err) {
      fail(err);
    }
  },
} satisfies AreaHandlers<typeof importsApi>;

/** Uploading needs no workspace yet, but only someone who administers one may send files. */
function requireSomeAdmin(ctx: HandlerContext): void {
  const admin = prepared(ctx.app.db, `SELECT 1 FROM workspace_memberships WHERE user_id = ? AND role = 'admin' AND status = 'active' AND deleted_at IS NULL LIMIT 1`).get(ctx.userId);
  if (!admin) throw new AppError('forbidden', 'Only a workspace admin can import files.');
}
