import { TZDate, tzOffset, tzScan } from '@date-fns/tz';

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

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
const text = (v: string) => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (octets + n > (out.length ? 74 : 75)) { out.push(current); current = ''; octets = 0; }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';

/**
 * An iCalendar document whose events are written in the space's zone with its VTIMEZONE, so
 * calendar apps show local times and follow DST. Written here rather than with ical-generator:
 * the zone block was already ours, and the library's 36 KB put this Lambda over its budget
 * (DESIGN.md §8). Validity is checked in the tests with a real parser (ical.js).
 */
export function icsFeed(name: string, tz: string, events: FeedEvent[], now: Date): string {
  const local = (iso: string) => wallClock(new TZDate(Date.parse(iso), tz));
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Lieu//bookings//FR', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `NAME:${text(name)}`, `X-WR-CALNAME:${text(name)}`, `X-WR-TIMEZONE:${tz}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M', 'X-PUBLISHED-TTL:PT15M',
    ...vtimezone(tz, now).split('\r\n'),
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT', `UID:${text(e.id)}`, `DTSTAMP:${utcStamp(now)}`,
      `DTSTART;TZID=${tz}:${local(e.start)}`, `DTEND;TZID=${tz}:${local(e.end)}`,
      `SUMMARY:${text(e.summary)}`, ...(e.description ? [`DESCRIPTION:${text(e.description)}`] : []),
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

export const calendarResponse = (body: string, filename: string) =>
  new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="${filename}.ics"`,
      'cache-control': 'private, max-age=300',
    },
  });
