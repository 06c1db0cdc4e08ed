import type { syncApi } from '../../../shared/api/sync';
import { discardParked, listParked, retryParked } from '../../../db/sync/parked';
import { AppError } from '../../../shared/api/contract';
import type { AreaHandlers } from './types';

export const syncHandlers = {
  'sync.status': (_input, ctx) => ctx.app.sync.status(),
  'sync.saveSettings': (input, ctx) => ctx.app.sync.saveSettings(input),
  'sync.forget': (_input, ctx) => ctx.app.sync.forget(),
  'sync.test': (input, ctx) => ctx.app.sync.test(input),
  'sync.now': async (_input, ctx) => {
    if (!(await ctx.app.sync.status()).configured) throw new AppError('invalid_input', 'Set up the connection to the team server first.');
    // Answers at once; progress and the outcome arrive as status events.
    void ctx.app.sync.syncNow().catch(() => {});
    return ctx.app.sync.status();
  },
  'sync.parked': ({ limit }, ctx) => listParked(ctx.app.db, limit),
  'sync.retry': ({ seqs }, ctx) => {
    const retried = retryParked(ctx.app.db, seqs);
    ctx.changed(['parked_changes'], null);
    return { retried };
  },
  'sync.discard': ({ seqs }, ctx) => {
    const { discarded, tables } = discardParked(ctx.app.db, seqs, ctx.app.now().toISOString());
    ctx.changed(['parked_changes', ...tables], null);
    // The server's version of an edited row comes back with the next sync: ask for it now.
    void ctx.app.sync.syncNow().catch(() => {});
    return { discarded };
  },
} satisfies AreaHandlers<typeof syncApi>;
