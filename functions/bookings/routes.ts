import { notFound, ruleViolation } from '@lieu/core';
import {
  addDays, checkCancellable, checkCheckIn, checkNoShow, type Booking,
} from '@lieu/core/booking';
// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { implement, tenantOf, type Route } from '@lieu/http';
import { dayAvailability } from './availability';
import { createBooking, createSeries } from './book';
import { bookingOf, isStaff, present, repo, rulesFor } from './context';

const next = (b: Booking, change: Partial<Booking>): Booking => ({ ...b, ...change, version: b.version + 1 });

export const routes: Route[] = [
  // ——— availability ———
  implement(api.resourceAvailability, async ({ params, query, ctx }) => {
    const { resource, calendar } = await rulesFor(ctx, params.resourceId);
    if (!resource || (!resource.active && !isStaff(ctx))) throw notFound('Resource');
    const dates = Array.from({ length: query.days }, (_, i) => addDays(query.date, i));
    const days = await Promise.all(dates.map((d) => dayAvailability(ctx, resource, calendar, d)));
    return { resourceId: resource.id, timeZone: tenantOf(ctx).timeZone, days };
  }),

  implement(api.kindAvailability, async ({ query, ctx }) => {
    const [all, calendar] = await Promise.all([repo(ctx).listResources(), repo(ctx).getCalendar()]);
    const ofKind = all.filter((r) => r.active && r.kind === query.kind);
    const resources = await Promise.all(ofKind.map(async (r) => ({
      resourceId: r.id, name: r.name, capacity: r.capacity, slots: (await dayAvailability(ctx, r, calendar, query.date)).slots,
    })));
    return { date: query.date, timeZone: tenantOf(ctx).timeZone, resources };
  }),

  // ——— bookings ———
  implement(api.createBooking, async ({ body, ctx }) => present(ctx, await createBooking(ctx, body))),

  implement(api.createRecurringBooking, async ({ body, ctx }) => {
    const r = await createSeries(ctx, body);
    return { seriesId: r.seriesId, booked: r.booked.map((b) => present(ctx, b)), conflicts: r.conflicts };
  }),

  implement(api.getBooking, async ({ params, ctx }) => present(ctx, await bookingOf(ctx, params.bookingId))),

  implement(api.cancelBooking, async ({ params, body, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    const staff = isStaff(ctx);
    const ownBooking = b.memberId === ctx.session!.sub;
    if (staff && !ownBooking && !body.reason) throw ruleViolation('reason_required', 'Staff give a reason when cancelling a member’s booking');
    const { resource } = await rulesFor(ctx, b.resourceId);
    checkCancellable(b, resource?.rules.cancelBeforeHours ?? 0, ctx.now.getTime(), staff);
    const after = next(b, {
      status: 'cancelled', cancelledAt: ctx.now.toISOString(), cancelledBy: ctx.session!.sub,
      cancelReason: body.reason ?? (ownBooking ? 'cancelled by the member' : 'cancelled by staff'),
    });
    await repo(ctx).cancel(b, after, ctx.now);
    return present(ctx, after);
  }),

  implement(api.confirmBooking, async ({ params, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    if (b.status !== 'held') throw ruleViolation(b.cancelReason === 'hold_expired' ? 'hold_expired' : 'status', b.cancelReason === 'hold_expired' ? 'The hold has expired; book again' : `A ${b.status} booking cannot be confirmed`);
    const after = next(b, { status: 'confirmed', holdExpiresAt: undefined });
    await repo(ctx).confirm(b, after);
    return present(ctx, after);
  }),

  implement(api.checkInBooking, async ({ params, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    checkCheckIn(b, ctx.now.getTime());
    const after = next(b, { status: 'checked_in', checkedInAt: ctx.now.toISOString() });
    await repo(ctx).update(b, after);
    return present(ctx, after);
  }),

  implement(api.markNoShow, async ({ params, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    checkNoShow(b, ctx.now.getTime());
    const after = next(b, { status: 'no_show' });
    await repo(ctx).update(b, after);
    return present(ctx, after);
  }),

];
