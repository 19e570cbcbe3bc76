import { notFound } from '@lieu/core';
import * as api from '@lieu/api/eventPages';
import { implement, tenantOf, type Route } from '@lieu/http';
import { present, repo } from '../events/context';
import { eventsCalendar } from './ical';

/**
 * The public side of events, read-only, in its own small Lambda (it carries ical-generator; the
 * events area carries pricing and the booking engine): upcoming events, an event page, the iCal feed.
 * A members-only event shows only to a session of this space (another space's session is 403 before this).
 */
const FAR = '9999-12-31';

export const routes: Route[] = [
  implement(api.publicEvents, async ({ query, ctx }) => {
    const from = new Date(ctx.now.getTime() - 86_400_000).toISOString();
    const page = await repo(ctx).list(from, FAR, query.limit, query.cursor);
    const now = ctx.now.toISOString();
    // What a visitor may see, even for staff: drafts stay in the staff list.
    const items = page.items.filter((e) => e.published && e.status === 'active' && e.end > now && (e.audience === 'public' || !!ctx.session)
      && (!query.tag || e.tags.includes(query.tag)));
    return { items: items.map((e) => present(ctx, e)), nextCursor: page.nextCursor };
  }),

  implement(api.publicEvent, async ({ params, ctx }) => {
    const e = await repo(ctx).get(params.eventId);
    if (!e || !e.published || e.status !== 'active' || (e.audience === 'members' && !ctx.session)) throw notFound('Event');
    return present(ctx, e);
  }),

  implement(api.eventsFeed, async ({ ctx }) => {
    const from = new Date(ctx.now.getTime() - 30 * 86_400_000).toISOString();
    const to = new Date(ctx.now.getTime() + 366 * 86_400_000).toISOString();
    const visible = (await repo(ctx).all(from, to)).filter((e) => e.published && e.status === 'active' && e.audience === 'public');
    return new Response(eventsCalendar(tenantOf(ctx), visible, ctx.origin, ctx.now), {
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'public, max-age=300' },
    });
  }),
];
