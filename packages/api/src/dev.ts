import * as z from 'zod/mini';
import { defineSpec } from './spec';

export const devMailbox = defineSpec({
  operationId: 'devMailbox', method: 'get', path: '/api/v1/dev/mailbox', tags: ['dev'],
  summary: "Local only: the emails this host's realm has sent (newest first)", host: 'any', access: 'public',
  response: z.object({ emails: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), createdAt: z.string(), status: z.string(),
    attachments: z.optional(z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() }))),
  })) }),
});
