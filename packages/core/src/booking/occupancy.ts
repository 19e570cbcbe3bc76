import type { OpeningHours } from '../tenant';
import { openIntervals, type Interval } from './hours';
import type { Booking, OpeningCalendar, Resource } from './schemas';
import { addDays, zonedInstant, type LocalDate } from './time';

/**
 * Occupancy for the back office's dashboard: booked minutes ÷ open minutes of a resource over a
 * span of local days, in basis points. Open minutes come from the opening calendar in the tenant's
 * zone (the resource's own hours and closures when it has them; a 23-hour spring day counts 23 h),
 * times the seats of a desk area, so 10 of 20 seats booked all day reads 50 %. A booking counts for
 * the part of it that falls in opening hours (staff may book outside them), whatever its status
 * except cancelled (a no-show still kept the slot from others); an expired hold never held anything.
 */
export const COUNTED_STATUSES: ReadonlySet<Booking['status']> = new Set(['confirmed', 'checked_in', 'no_show', 'held']);

export interface OccupancyInput {
  resource: Pick<Resource, 'id' | 'kind' | 'capacity' | 'rules'>;
  bookings: ReadonlyArray<Pick<Booking, 'start' | 'end' | 'status' | 'holdExpiresAt'>>;
  weekly: OpeningHours;
  calendar: OpeningCalendar;
  timeZone: string;
  now: number;
}

/** Open and booked minutes of one resource over the local days [from, to). */
export function occupancyMinutes(input: OccupancyInput, from: LocalDate, to: LocalDate): { openMinutes: number; bookedMinutes: number } {
  const { resource, timeZone } = input;
  const seats = resource.kind === 'desk_area' ? resource.capacity : 1;
  const open: Interval[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) open.push(...openIntervals(d, timeZone, resource.rules.hours ?? input.weekly, input.calendar, resource.rules.closures));
  const openMs = open.reduce((s, i) => s + (i.end - i.start), 0);
  const span = { start: zonedInstant(from, '00:00', timeZone), end: zonedInstant(to, '00:00', timeZone) };
  let bookedMs = 0;
  for (const b of input.bookings) {
    if (!COUNTED_STATUSES.has(b.status)) continue;
    if (b.status === 'held' && (!b.holdExpiresAt || Date.parse(b.holdExpiresAt) < input.now)) continue;
    const s = Math.max(Date.parse(b.start), span.start);
    const e = Math.min(Date.parse(b.end), span.end);
    for (const i of open) bookedMs += Math.max(0, Math.min(e, i.end) - Math.max(s, i.start));
  }
  return { openMinutes: Math.round((openMs * seats) / 60_000), bookedMinutes: Math.round(bookedMs / 60_000) };
}

/** Booked ÷ open in basis points (0 when closed all along), never above 100 %. */
export const occupancyBp = (m: { openMinutes: number; bookedMinutes: number }): number =>
  m.openMinutes <= 0 ? 0 : Math.min(10_000, Math.round((m.bookedMinutes * 10_000) / m.openMinutes));
