import type { z } from 'zod';

/** One method of the contract: its zod input schema and (as a type only) its output. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Phantom: carries the output type; never set at run time. */
  readonly __output?: O;
}

/** `method(Schema).returns<Output>()` declares a method without repeating the schema's type. */
export function method<I extends z.ZodType>(input: I): { returns<O>(): MethodDef<I, O> } {
  return { returns: <O>() => ({ input }) as MethodDef<I, O> };
}

export type Contract = Record<string, MethodDef>;
/** What a caller sends (before defaults are applied). */
export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never;
/** What a handler receives (validated, defaults applied). */
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? O : never;

export const ERROR_CODES = ['invalid_input', 'not_found', 'forbidden', 'conflict', 'unknown_method', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path of the field, e.g. "filters.email.value". */
  field: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by handlers and domain code for an error the user should see as is. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export function fieldError(field: string, message: string, code: ErrorCode = 'invalid_input'): AppError {
  return new AppError(code, `${field}: ${message}`, [{ field, message }]);
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/** Merges contract areas into one map; a method name declared twice is a bug, so it throws. */
export function combineAreas<A extends Contract[]>(...areas: A): UnionToIntersection<A[number]> {
  const out: Contract = {};
  for (const area of areas) {
    for (const [name, def] of Object.entries(area)) {
      if (name in out) throw new Error(`Method ${name} is declared twice in the contract`);
      out[name] = def;
    }
  }
  return out as UnionToIntersection<A[number]>;
}
