import * as z from 'zod/mini';
import { ID_PATTERN } from '@lieu/core';

export const idSchema = z.string().check(z.regex(ID_PATTERN, 'Not a valid id'));
export const okSchema = z.object({ ok: z.literal(true) });
export const emptySchema = z.object({});

/** List queries: `limit` (1–100, default 25) and an opaque `cursor`. */
export const pageQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const pageOf = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    /** The precise cause, from @lieu/core's ERROR_REASONS; clients word it from their catalogues. */
    reason: z.string(),
    params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
    message: z.string(),
    requestId: z.optional(z.string()),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});
