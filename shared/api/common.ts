import { z } from 'zod';

export const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an id (UUID)');
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Empty = z.object({}).strict();

/** A trimmed text field with a length cap; empty allowed. */
export const Text = (max = 200) => z.string().trim().max(max, `must be at most ${max} characters`);
export const Cents = z.number().int('must be whole cents').min(0, 'must not be negative').max(1e13);
