// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import {
  cancelBooking, checkIn, confirmBooking, createBooking, createSeries, kindAvailability, markNoShow, presentBooking,
  bookingOf, resourceAvailability,
} from '@lieu/app/bookings';
import { implement, type RequestCtx, type Route } from '@lieu/http';

/** The booking path: availability, booking (one or a series), and a booking's life (cancel, confirm, check-in, no-show). */
const cache = (ctx: RequestCtx) => ({ cacheMs: ctx.deps.tenantCacheMs });

export const routes: Route[] = [
  implement(api.resourceAvailability, ({ params, query, scope, ctx }) => resourceAvailability(scope, params.resourceId, query, cache(ctx))),
  implement(api.kindAvailability, ({ query, scope }) => kindAvailability(scope, query)),

  implement(api.createBooking, async ({ body, scope, ctx }) =>
    presentBooking(scope, await createBooking(scope, body, cache(ctx), (b) => ctx.answerEarly?.(presentBooking(scope, b))))),
  implement(api.createRecurringBooking, async ({ body, scope, ctx }) => {
    const r = await createSeries(scope, body, cache(ctx));
    return { seriesId: r.seriesId, booked: r.booked.map((b) => presentBooking(scope, b)), conflicts: r.conflicts };
  }),
  implement(api.getBooking, async ({ params, scope }) => presentBooking(scope, await bookingOf(scope, params.bookingId))),
  implement(api.cancelBooking, async ({ params, body, scope, ctx }) => presentBooking(scope, await cancelBooking(scope, params.bookingId, body, cache(ctx)))),
  implement(api.confirmBooking, async ({ params, scope }) => presentBooking(scope, await confirmBooking(scope, params.bookingId))),
  implement(api.checkInBooking, async ({ params, scope }) => presentBooking(scope, await checkIn(scope, params.bookingId))),
  implement(api.markNoShow, async ({ params, scope }) => presentBooking(scope, await markNoShow(scope, params.bookingId))),
];
