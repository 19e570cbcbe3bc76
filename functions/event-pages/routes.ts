import * as api from '@lieu/api/eventPages';
import { feedEvents, publicEvent, publicEvents } from '@lieu/app/events';
import { implement, type Route } from '@lieu/http';
import { eventsCalendar } from './ical';

/**
 * The public side of events, read-only, in its own small Lambda (it carries ical-generator): upcoming
 * events, an event page, the iCal feed. Adapters of packages/app/src/events.
 */
export const routes: Route[] = [
  implement(api.publicEvents, ({ query, scope }) => publicEvents(scope, query)),
  implement(api.publicEvent, ({ params, scope }) => publicEvent(scope, params.eventId)),
  implement(api.eventsFeed, async ({ scope }) =>
    new Response(eventsCalendar(scope.tenant, await feedEvents(scope), scope.links.origin, scope.now), {
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'public, max-age=300' },
    })),
];
