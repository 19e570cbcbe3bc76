import { TZDate, tzOffset, tzScan } from '@date-fns/tz';
import ical, { ICalEventStatus } from 'ical-generator';

export interface FeedEvent { id: string; start: string; end: string; summary: string; description?: string; cancelled?: boolean }

const two = (n: number) => String(Math.abs(n)).padStart(2, '0');
const offsetText = (minutes: number) => `${minutes < 0 ? '-' : '+'}${two(Math.trunc(minutes / 60))}${two(minutes % 60)}`;
const offsetZone = (minutes: number) => `${minutes < 0 ? '-' : '+'}${two(Math.trunc(minutes / 60))}:${two(minutes % 60)}`;
/** A wall-clock time as iCalendar's local DATE-TIME (`20261025T030000`). */
const wallClock = (d: TZDate) =>
  `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}T${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;

/**
 * The VTIMEZONE of a zone (RFC 5545 §3.6.5), one observance per offset change that @date-fns/tz
 * (Intl) reports from a year back to two years ahead: enough for a feed of recent and coming bookings.
 * DTSTART of an observance is the local time of the change under the offset in force before it.
 */
export function vtimezone(tz: string, now = new Date()): string {
  const from = new Date(now.getTime() - 366 * 86_400_000);
  const changes = tzScan(tz, { start: from, end: new Date(now.getTime() + 2 * 366 * 86_400_000) });
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  if (!changes.length) {
    const off = offsetText(tzOffset(tz, now));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${off}`, `TZOFFSETTO:${off}`, 'END:STANDARD');
  }
  for (const c of changes) {
    const before = c.offset - c.change;
    const kind = c.change > 0 ? 'DAYLIGHT' : 'STANDARD';
    // The change's instant read on a clock still at the old offset (@date-fns/tz takes `+01:00` zones).
    const onset = wallClock(new TZDate(c.date.getTime(), offsetZone(before)));
    lines.push(`BEGIN:${kind}`, `DTSTART:${onset}`, `TZOFFSETFROM:${offsetText(before)}`, `TZOFFSETTO:${offsetText(c.offset)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

/**
 * An iCalendar document (ical-generator) whose events are written in the space's zone with its
 * VTIMEZONE, so calendar apps show local times and follow DST.
 */
export function icsFeed(name: string, tz: string, events: FeedEvent[], now: Date): string {
  const cal = ical({
    name, prodId: { company: 'Lieu', product: 'bookings', language: 'FR' }, ttl: 15 * 60,
    timezone: { name: tz, generator: (zone) => vtimezone(zone, now) },
  });
  for (const e of events) {
    cal.createEvent({
      id: e.id, stamp: now, summary: e.summary, ...(e.description ? { description: e.description } : {}),
      // TZDate carries the zone: ical-generator reads its wall clock for DTSTART;TZID=….
      start: new TZDate(Date.parse(e.start), tz), end: new TZDate(Date.parse(e.end), tz), timezone: tz,
      ...(e.cancelled ? { status: ICalEventStatus.CANCELLED } : { status: ICalEventStatus.CONFIRMED }),
    });
  }
  // DTSTAMP must be UTC (RFC 5545 §3.8.7.2); ical-generator writes it in the calendar's zone.
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
  return cal.toString().replace(/^DTSTAMP:.*$/gm, `DTSTAMP:${stamp}`);
}

export const calendarResponse = (body: string, filename: string) =>
  new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="${filename}.ics"`,
      'cache-control': 'private, max-age=300',
    },
  });
