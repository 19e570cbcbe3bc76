import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { FeedEvent } from '@lieu/app/bookings';

export type { FeedEvent };

/**
 * An iCalendar document written by ical-generator with every instant in UTC (`DTSTART:…Z`). A local
 * time with a TZID cannot tell the two 02:30s of an autumn night apart (RFC 5545 reads it as the
 * first), so a booking in the repeated hour would come out zero-length; UTC instants are exact and
 * calendar apps show them in their own zone. `X-WR-TIMEZONE` names the space's zone for apps that
 * display a calendar in it. Validity is checked in the tests with two parsers (ical.js, node-ical).
 */
export function icsFeed(name: string, tz: string, events: FeedEvent[], now: Date): string {
  const cal = new ICalCalendar({
    name, prodId: { company: 'Lieu', product: 'bookings' }, method: ICalCalendarMethod.PUBLISH, ttl: 15 * 60,
    x: [['X-WR-TIMEZONE', tz]],
  });
  for (const e of events) {
    cal.createEvent({
      id: e.id, stamp: now, start: new Date(e.start), end: new Date(e.end), summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

export const calendarResponse = (body: string, filename: string) =>
  new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="${filename}.ics"`,
      'cache-control': 'private, max-age=300',
    },
  });
