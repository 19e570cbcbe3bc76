// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { moveBooking, myBookings, operatorCalendar, presentBooking, setMyFeedToken } from '@lieu/app/bookings';
import { implement, newLinkToken, type Route } from '@lieu/http';

/**
 * Views over many bookings: my bookings, the operator's calendar (and its move action), and the
 * member's secret iCal feed URL (created, revoked); the feeds themselves are served by functions/feeds.
 */
export const routes: Route[] = [
  implement(api.myBookings, ({ query, scope }) => myBookings(scope, query)),
  implement(api.operatorCalendar, ({ query, scope }) => operatorCalendar(scope, query)),
  implement(api.moveBooking, async ({ params, body, scope, ctx }) =>
    presentBooking(scope, await moveBooking(scope, params.bookingId, body, { cacheMs: ctx.deps.tenantCacheMs }))),

  implement(api.createCalendarFeed, async ({ scope }) => {
    const { token, hash } = newLinkToken();
    await setMyFeedToken(scope, hash);
    return { url: scope.links.to(api.memberCalendarFeed.path.replace(':token', token)) };
  }),
  implement(api.revokeCalendarFeed, async ({ scope }) => {
    await setMyFeedToken(scope, null);
    return { ok: true as const };
  }),
];
