import * as z from 'zod/mini';
import { defineSpec } from './spec';

export const devMailbox = defineSpec({
  operationId: 'devMailbox', method: 'get', path: '/api/v1/dev/mailbox', tags: ['dev'],
  summary: "Local only: the emails this host's realm has sent (newest first)", host: 'any', access: 'public',
  response: z.object({ emails: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.optional(z.string()), createdAt: z.string(), status: z.string(),
    attachments: z.optional(z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() }))),
  })) }),
});

export const devSetTxt = defineSpec({
  operationId: 'devSetTxt', method: 'put', path: '/api/v1/dev/dns', tags: ['dev'],
  summary: 'Local only: publish TXT records at a name for the local resolver (custom-domain checks); an empty list removes them',
  host: 'any', access: 'public',
  body: z.object({ name: z.string().check(z.minLength(1), z.maxLength(253)), txt: z.array(z.string().check(z.maxLength(255))).check(z.maxLength(10)) }),
  response: z.object({ name: z.string(), txt: z.array(z.string()) }),
});
