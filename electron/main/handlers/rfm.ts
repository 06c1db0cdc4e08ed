import { AppError } from '../../../shared/api/contract';
import type { rfmApi, RfmSettingsView } from '../../../shared/api/rfm';
import { DEFAULT_RFM_THRESHOLDS, DEFAULT_SEGMENT_THRESHOLDS } from '../../../shared/domain/rfm';
import { contactRfm, refreshIfPending, rfmSettings, saveRfmSettings, segmentCounts } from '../../../db/queries/rfm';
import { roleIn } from '../../../db/queries/workspaces';
import type { AreaHandlers, HandlerContext } from './types';

function view(ctx: HandlerContext, workspaceId: string): RfmSettingsView {
  const role = ctx.requireMember(workspaceId);
  const { rfm, segments, isDefault, problem } = rfmSettings(ctx.app.db, workspaceId);
  return { workspaceId, rfm, segments, defaults: { rfm: DEFAULT_RFM_THRESHOLDS, segments: DEFAULT_SEGMENT_THRESHOLDS }, isDefault, problem, editable: role === 'admin' };
}

// The server lets only admins write workspace_settings; refusing here keeps the change from being parked later.
function save(ctx: HandlerContext, workspaceId: string, config: Parameters<typeof saveRfmSettings>[2]): RfmSettingsView {
  ctx.requireMember(workspaceId, 'admin');
  saveRfmSettings(ctx.writer(), workspaceId, config, ctx.app.now());
  ctx.changed(['workspace_settings', 'contact_rfm'], workspaceId);
  return view(ctx, workspaceId);
}

export const rfmHandlers = {
  'rfm.settings': ({ workspaceId }, ctx) => view(ctx, workspaceId),
  'rfm.saveSettings': ({ workspaceId, rfm, segments }, ctx) => save(ctx, workspaceId, { rfm, segments }),
  'rfm.resetSettings': ({ workspaceId }, ctx) => save(ctx, workspaceId, null),
  'rfm.segments': ({ workspaceId }, ctx) => {
    ctx.requireMember(workspaceId);
    refreshIfPending(ctx.app.db, workspaceId, ctx.app.now());
    return segmentCounts(ctx.app.db, workspaceId);
  },
  'rfm.contact': ({ contactId }, ctx) => {
    const ws = ctx.app.db.sqlite.prepare('SELECT workspace_id FROM contacts WHERE id = ?').pluck().get(contactId) as string | undefined;
    if (!ws || !roleIn(ctx.app.db, ctx.userId, ws)) throw new AppError('not_found', 'No such contact');
    refreshIfPending(ctx.app.db, ws, ctx.app.now());
    const row = contactRfm(ctx.app.db, contactId, ctx.app.now());
    if (!row) throw new AppError('not_found', 'No such contact');
    return row;
  },
} satisfies AreaHandlers<typeof rfmApi>;
