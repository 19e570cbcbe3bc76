import { dev } from '@lieu/api';
import { outboxRepo } from '@lieu/db';
import { implement, type Route } from '@lieu/http';

/** Routes that exist only on the local server: the dev mailbox. */
export const devRoutes: Route[] = [
  implement(dev.devMailbox, async ({ ctx }) => {
    const items = await outboxRepo(ctx.deps.db, ctx.realm).list(50);
    return { emails: items.map((e) => ({ id: e.id, to: e.to, subject: e.subject, text: e.text, createdAt: e.createdAt, status: e.status, ...(e.attachments?.length ? { attachments: e.attachments } : {}) })) };
  }),
];
