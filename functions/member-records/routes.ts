import { effectiveOrder } from '@lieu/core';
import * as api from '@lieu/api/memberRecords';
import { memberBookings } from '@lieu/app/bookings';
import { implement, type Route } from '@lieu/http';

/**
 * A member's bookings and orders, for the back office's member page (staff only: the specs say
 * `operator`). The member is read first, so another space's id is a 404 here like everywhere.
 */
export const routes: Route[] = [
  implement(api.memberBookings, ({ params, query, scope }) => memberBookings(scope, params.memberId, query)),
  implement(api.memberOrders, async ({ params, query, scope }) => {
    await scope.memberOrFail(params.memberId);
    const page = await scope.repos.shop.ordersOf(params.memberId, { limit: query.limit, cursor: query.cursor });
    return { ...page, items: page.items.map((o) => effectiveOrder(o, scope.now)) };
  }),
];
