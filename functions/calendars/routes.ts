import { notFound } from '@lieu/core';
import { addDays, zonedInstant } from '@lieu/core/booking';
// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { hashToken, implement, newLinkToken, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { present, repo } from '../bookings/context';
import { calendarResponse, icsFeed } from './ical';

/**
 * Views over many bookings: my bookings, the operator's calendar and the iCal feeds (RFC 5545,
 * polled by calendar apps). Their own Lambda, so that the booking path stays small and
 * ical-generator stays out of its bundle and cold starts.
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

  implement(api.memberCalendarFeed, async ({ params, ctx }) => {
    const userId = await repo(ctx).memberOfFeed(hashToken(params.token));
    if (!userId) throw notFound('Calendar');
    const tenant = tenantOf(ctx);
    const since = new Date(ctx.now.getTime() - 30 * 86_400_000);
    const items = (await repo(ctx).forMember(userId, 'upcoming', since, 100)).items.map((b) => present(ctx, b));
    const events = items.map((b) => ({
      id: `${b.id}@${tenant.slug}.lieu`, start: b.start, end: b.end, summary: `${b.resourceName} — ${tenant.name}`,
      description: `${b.status}`, cancelled: b.status === 'cancelled',
    }));
    return calendarResponse(icsFeed(`${tenant.name} — mes réservations`, tenant.timeZone, events, ctx.now), 'bookings');
  }),

  implement(api.resourceCalendarFeed, async ({ params, ctx }) => {
    const resource = await repo(ctx).getResource(params.resourceId);
    if (!resource || !resource.active) throw notFound('Resource');
    const tenant = tenantOf(ctx);
    const from = new Date(ctx.now.getTime() - 7 * 86_400_000).toISOString();
    const to = new Date(ctx.now.getTime() + 90 * 86_400_000).toISOString();
    const busy = (await repo(ctx).forResource(resource.id, from, to)).map((b) => present(ctx, b)).filter((b) => b.status !== 'cancelled');
    // Busy blocks only: a resource feed may hang on a door screen, so it names no one.
    const events = busy.map((b) => ({ id: `${b.id}@${tenant.slug}.lieu`, start: b.start, end: b.end, summary: tenant.locale === 'fr' ? 'Réservé' : 'Booked' }));
    return calendarResponse(icsFeed(`${resource.name} — ${tenant.name}`, tenant.timeZone, events, ctx.now), resource.id);
  }),];
