import * as z from 'zod/mini';
import { idSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';

const instant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'An ISO date or UTC instant'));

export const auditEntrySchema = z.object({
  id: z.string(), at: z.string(), actorId: z.string(), action: z.string(), targetType: z.string(), targetId: z.string(),
  summary: z.string(), changes: z.optional(z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))),
});

export const listAudit = defineSpec({
  operationId: 'listAudit', method: 'get', path: '/api/v1/audit', tags: ['audit'],
  summary: 'Who changed what and when (prices, qualifications, refunds, roles, settings), newest first (staff)',
  host: 'tenant', access: 'operator',
  query: z.object({
    ...pageQuery.def.shape,
    from: z.optional(instant), to: z.optional(instant),
    action: z.optional(z.string().check(z.regex(/^[a-z_.]{1,60}$/, 'An action or its prefix, e.g. member.'))),
    actorId: z.optional(idSchema), targetId: z.optional(idSchema),
  }),
  response: pageOf(auditEntrySchema), errors: [401, 403],
});
