// Binds the contract to handlers. One place validates every input with the shared zod schema and
// turns every outcome into a Result, for every transport (Electron IPC, the HTTP host, the CLI).
import type { z } from 'zod';
import { api, isMethodName, type MethodName } from '../../shared/api';
import { AppError, type ApiError, type Result } from '../../shared/api/contract';
import { roleAtLeast, type Role } from '../../shared/domain/leads';
import { getMeta } from '../../db/queries/meta';
import { roleIn } from '../../db/queries/workspaces';
import type { AppContext } from './context';
import type { Handler, HandlerContext } from './handlers/types';

type AnyHandler = (input: unknown, ctx: HandlerContext) => unknown;

export interface Dispatcher {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  readonly methods: readonly MethodName[];
}

export function formatZodError(method: string, error: z.ZodError): ApiError {
  const fields = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return { code: 'invalid_input', message: `Invalid input for ${method}: ${summary}`, fields };
}

/** SQLite constraint errors become conflicts with a plain message; anything else is internal. */
function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'conflict', message: `The change was refused by a database rule (${e.message ?? e.code}); nothing was saved.` };
  }
  return { code: 'internal', message: `Unexpected error: ${e?.message ?? String(err)}` };
}

export function registerHandlers(app: AppContext, areas: Record<string, unknown>[]): Dispatcher {
  const handlers = new Map<string, AnyHandler>();
  for (const area of areas) {
    for (const [name, handler] of Object.entries(area)) {
      if (handlers.has(name)) throw new Error(`Handler ${name} is registered twice`);
      if (!isMethodName(name)) throw new Error(`Handler ${name} has no method in the contract`);
      handlers.set(name, handler as AnyHandler);
    }
  }
  const missing = (Object.keys(api) as MethodName[]).filter((m) => !handlers.has(m));
  if (missing.length > 0) throw new Error(`Contract methods without a handler: ${missing.join(', ')}`);

  return {
    methods: [...handlers.keys()] as MethodName[],
    async call(method, rawInput) {
      if (!isMethodName(method)) return { ok: false, error: { code: 'unknown_method', message: `Unknown method "${method}"` } };
      const parsed = api[method].input.safeParse(rawInput ?? {});
      if (!parsed.success) return { ok: false, error: formatZodError(method, parsed.error) };
      const touched: { tables: Set<string>; workspaceId: string | null } = { tables: new Set(), workspaceId: null };
      try {
        const ctx = handlerContext(app, touched);
        const value = await (handlers.get(method) as AnyHandler)(parsed.data, ctx);
        if (touched.tables.size > 0) {
          app.events.emit('data.changed', { tables: [...touched.tables], workspaceId: touched.workspaceId });
          app.events.emit('app.status', app.status());
        }
        return { ok: true, value };
      } catch (err) {
        const error = toApiError(err);
        if (error.code === 'internal') console.error(`[${method}]`, err);
        return { ok: false, error };
      }
    },
  };
}

function handlerContext(app: AppContext, touched: { tables: Set<string>; workspaceId: string | null }): HandlerContext {
  const userId = getMeta(app.db, 'current_user_id');
  if (!userId) throw new AppError('forbidden', 'No user is signed in on this device');
  return {
    app,
    userId,
    writer: () => app.writer(userId),
    requireMember(workspaceId, atLeast: Role = 'sdr') {
      const role = roleIn(app.db, userId, workspaceId);
      if (!role) throw new AppError('forbidden', 'You are not a member of that workspace');
      if (!roleAtLeast(role, atLeast)) throw new AppError('forbidden', `This needs the ${atLeast} role; you are ${role === 'sdr' ? 'an SDR' : `a ${role}`} here`);
      return role;
    },
    changed(tables, workspaceId) {
      for (const t of tables) touched.tables.add(t);
      touched.workspaceId = workspaceId;
    },
  };
}

export type { Handler };
