import { AppError, effectiveOrder } from '@lieu/core';
import * as api from '@lieu/api/memberRecords';
import { shopRepo, usersRepo } from '@lieu/db';
import { implement, type RequestCtx, type Route } from '@lieu/http';
import { present, repo } from '../bookings/context';

/**
 * A member's bookings and orders, for the back office's member page (staff only: the specs say
 * `operator`). The member is read first, so another tenant's id is a 404 here like everywhere.
 */
async function memberOf(ctx: RequestCtx, id: string): Promise<void> {
  const u = await usersRepo(ctx.deps.db, ctx.realm).get(id);
  if (!u || u.tenantId !== ctx.tenant!.id) throw new AppError('not_found', 'Member not found');
}

export const routes: Route[] = [
  implement(api.memberBookings, async ({ params, query, ctx }) => {
    await memberOf(ctx, params.memberId);
    const page = await repo(ctx).forMember(params.memberId, query.when, ctx.now, query.limit, query.cursor);
    return { items: page.items.map((b) => present(ctx, b)), nextCursor: page.nextCursor };
  }),

  implement(api.memberOrders, async ({ params, query, ctx }) => {
    await memberOf(ctx, params.memberId);
    const page = await shopRepo(ctx.deps.db, ctx.tenant!.id).ordersOf(params.memberId, { limit: query.limit, cursor: query.cursor });
    return { ...page, items: page.items.map((o) => effectiveOrder(o, ctx.now)) };
  }),
];
