// A test app with a settable clock for RFM: scores depend on "today" in the workspace's zone.
import { createAppContext, type AppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import type { Dispatcher } from '../../electron/main/dispatch';
import { getMeta } from '../../db/queries/meta';
import { contactRfm, refreshIfPending } from '../../db/queries/rfm';
import { contacts, conversions } from '../../db/schema';
import { insertRow, type Writer } from '../../db/write';
import type { ApiError, MethodName, MethodOutput } from '../../shared/api';
import { contactCodeForIndex } from '../../shared/domain/contact-code';
import { addDays, localDay, startOfLocalDay } from '../../shared/domain/dates';
import { MIGRATIONS } from './helpers';

export interface RfmTestApp {
  ctx: AppContext;
  dispatcher: Dispatcher;
  workspaceId: string;
  userId: string;
  w: Writer;
  timeZone: string;
  now(): Date;
  setNow(at: Date | string): void;
  /** The instant `hour`:00 local time, `days` calendar days before today in the workspace's zone. */
  daysAgo(days: number, hour?: number): string;
  contact(): string;
  convert(contactId: string, values?: { at?: string; cents?: number; billingStatus?: string | null; type?: string }): string;
  /** What a reader sees: refreshIfPending, then the contact's row (or the no-conversion default). */
  score(contactId: string): NonNullable<ReturnType<typeof contactRfm>>;
  ok<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>>;
  fail(method: MethodName, input: unknown): Promise<ApiError>;
  close(): void;
}

export async function createRfmApp(start: string, timeZone = 'America/New_York'): Promise<RfmTestApp> {
  let clock = new Date(start);
  const ctx = await createAppContext({ dbPath: ':memory:', migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, now: () => clock });
  const dispatcher = createDispatcher(ctx);
  const userId = getMeta(ctx.db, 'current_user_id')!;
  const workspaceId = getMeta(ctx.db, 'current_workspace_id')!;
  ctx.db.sqlite.prepare('UPDATE workspaces SET timezone = ? WHERE id = ?').run(timeZone, workspaceId);
  const w = ctx.writer(userId);
  let codes = 0;
  const app: RfmTestApp = {
    ctx,
    dispatcher,
    workspaceId,
    userId,
    w,
    timeZone,
    now: () => clock,
    setNow: (at) => void (clock = new Date(at)),
    daysAgo: (days, hour = 12) => new Date(startOfLocalDay(addDays(localDay(clock, timeZone), -days), timeZone).getTime() + hour * 3_600_000).toISOString(),
    contact: () => insertRow(w, contacts, { workspaceId, contactCode: contactCodeForIndex(codes++, 4242), firstName: `C${codes}` }).id,
    convert: (contactId, v = {}) =>
      insertRow(w, conversions, {
        workspaceId,
        contactId,
        convertedAt: v.at ?? app.daysAgo(0),
        valueCents: v.cents ?? 0,
        billingStatus: v.billingStatus ?? 'paid',
        conversionType: v.type ?? 'sale',
      }).id,
    score: (contactId) => {
      refreshIfPending(ctx.db, workspaceId, clock);
      return contactRfm(ctx.db, contactId, clock)!;
    },
    async ok(method, input) {
      const result = await dispatcher.call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
      return result.value as never;
    },
    async fail(method, input) {
      const result = await dispatcher.call(method, input);
      if (result.ok) throw new Error(`${method} succeeded but should have failed`);
      return result.error;
    },
    close: () => ctx.close(),
  };
  return app;
}
