import { notFound } from '@lieu/core';
// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { hashToken, implement, tenantOf, type Route } from '@lieu/http';
import { present, repo } from '../bookings/context';
import { calendarResponse, icsFeed } from './ical';

/**
 * The iCal feeds (RFC 5545, polled by calendar apps): a member's bookings behind a secret,
 * revocable URL, and a resource's busy times. Their own Lambda, so that the calendar views and
 * the booking path do not carry the iCalendar writer.
 */
export const routes: Route[] = [
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
  }),
];
