// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { memberFeed, resourceFeed, type Feed } from '@lieu/app/bookings';
import { hashToken, implement, type Route } from '@lieu/http';
import { calendarResponse, icsFeed } from './ical';

/** The iCal feeds (RFC 5545, polled by calendar apps): a member's bookings behind a secret, revocable URL, and a resource's busy times. */
const serve = (feed: Feed, now: Date) => calendarResponse(icsFeed(feed.name, feed.zone, feed.events, now), feed.filename);

export const routes: Route[] = [
  implement(api.memberCalendarFeed, async ({ params, scope }) => serve(await memberFeed(scope, hashToken(params.token)), scope.now)),
  implement(api.resourceCalendarFeed, async ({ params, scope }) => serve(await resourceFeed(scope, params.resourceId), scope.now)),
];
