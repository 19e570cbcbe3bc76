import { addDays, zonedInstant } from '@lieu/core/booking';
// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { implement, newLinkToken, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { present, repo } from '../bookings/context';
import { moveBooking } from './move';

/**
 * Views over many bookings: my bookings, the operator's calendar (and its move action), and the member's secret iCal
 * feed URL (created, revoked). Their own Lambda, so that the booking path stays small; the feeds
 * themselves are served by functions/feeds.
 */

/** [from, to) of `days` local days from `date`, as instants. */
function localRange(ctx: RequestCtx, date: string, days: number) {
  const tz = tenantOf(ctx).timeZone;
  return { from: new Date(zonedInstant(date, '00:00', tz)).toISOString(), to: new Date(zonedInstant(addDays(date, days), '00:00', tz)).toISOString() };
}

export const routes: Route[] = [
  implement(api.myBookings, async ({ query, ctx }) => {
    const page = await repo(ctx).forMember(ctx.session!.sub, query.when, ctx.now, query.limit, query.cursor);
    return { items: page.items.map((b) => present(ctx, b)), nextCursor: page.nextCursor };
  }),

  implement(api.operatorCalendar, async ({ query, ctx }) => {
    const { from, to } = localRange(ctx, query.date, query.days);
    const resources = await repo(ctx).listResources();
    return {
      from, to, timeZone: tenantOf(ctx).timeZone,
      resources: await Promise.all(resources.map(async (r) => ({
        resourceId: r.id, name: r.name, kind: r.kind,
        bookings: (await repo(ctx).forResource(r.id, from, to)).map((b) => present(ctx, b)),
      }))),
    };
  }),

  // A staff action of the calendar, here rather than on the booking hot path (functions/bookings' budget).
  implement(api.moveBooking, async ({ params, body, ctx }) => present(ctx, await moveBooking(ctx, params.bookingId, body))),

  // ——— iCal feeds: a secret, revocable URL per member; busy times per resource ———
  implement(api.createCalendarFeed, async ({ ctx }) => {
    const { token, hash } = newLinkToken();
    await repo(ctx).setFeedToken(ctx.session!.sub, hash, ctx.now);
    return { url: `${ctx.origin}${api.memberCalendarFeed.path.replace(':token', token)}` };
  }),

  implement(api.revokeCalendarFeed, async ({ ctx }) => {
    await repo(ctx).setFeedToken(ctx.session!.sub, null, ctx.now);
    return { ok: true as const };
  }),
];
