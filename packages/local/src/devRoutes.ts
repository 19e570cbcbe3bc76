import { dev } from '@lieu/api';
import { devDnsRepo, outboxRepo } from '@lieu/db';
import { implement, type Route } from '@lieu/http';
import type { Db } from '@lieu/db';
import type { TxtResolver } from '@lieu/core';

/** Routes that exist only on the local server: the dev mailbox, the dev DNS's TXT records. */
export const devRoutes: Route[] = [
  implement(dev.devMailbox, async ({ ctx }) => {
    const items = await outboxRepo(ctx.deps.db, ctx.realm).list(50);
    return { emails: items.map((e) => ({ id: e.id, to: e.to, subject: e.subject, text: e.text, ...(e.html ? { html: e.html } : {}), createdAt: e.createdAt, status: e.status, ...(e.attachments?.length ? { attachments: e.attachments } : {}) })) };
  }),
  implement(dev.devSetTxt, async ({ body, ctx }) => {
    await devDnsRepo(ctx.deps.db).setTxt(body.name, body.txt);
    return { name: body.name.toLowerCase(), txt: body.txt };
  }),
];

/** The local resolver: the records set with `PUT /api/v1/dev/dns` (the local server, `pnpm job`, tests). */
export const devTxtResolver = (db: Db): TxtResolver => (name) => devDnsRepo(db).txt(name);
