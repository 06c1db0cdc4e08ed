import type { Api, MethodName, MethodOutput } from '../../../shared/api';
import type { Contract, ParsedInputOf } from '../../../shared/api/contract';
import type { Role } from '../../../shared/domain/leads';
import type { Writer } from '../../../db/write';
import type { AppContext } from '../context';

/** What every handler gets besides its validated input. */
export interface HandlerContext {
  app: AppContext;
  /** The person acting: the current user of this device. */
  userId: string;
  writer(): Writer;
  /** Throws forbidden unless the user is an active member with at least this role; returns the role. */
  requireMember(workspaceId: string, atLeast?: Role): Role;
  /** Records that these tables changed, so views showing them refresh after the call succeeds. */
  changed(tables: string[], workspaceId: string | null): void;
}

export type Handler<M extends MethodName> = (
  input: ParsedInputOf<Api[M]>,
  ctx: HandlerContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** A handler for every method of one contract area, checked with `satisfies`. */
export type AreaHandlers<Area extends Contract> = { [K in keyof Area & MethodName]: Handler<K> };
