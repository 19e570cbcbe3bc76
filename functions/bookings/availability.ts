import {
  blockedSpan, granuleKey, granulesOf, isMultiSeat, localIso, openIntervals, slotGrid, hoursOn,
  type OpeningCalendar, type Resource,
} from '@lieu/core/booking';
import type { SlotState } from '@lieu/db';
import { tenantOf, type RequestCtx } from '@lieu/http';
import { repo } from './context';

/**
 * A resource's slots on one local day: the grid of its bookable hours, each slot free when every
 * granule it would block (its buffer included) has a seat left. One Query of the day's slot items.
 */
export async function dayAvailability(ctx: RequestCtx, resource: Resource, calendar: OpeningCalendar, date: string) {
  const tenant = tenantOf(ctx);
  const tz = tenant.timeZone;
  const weekly = resource.rules.hours ?? tenant.openingHours;
  const occupancy = await repo(ctx).dayOccupancy(resource.id, date, ctx.now);
  const capacity = isMultiSeat(resource) ? resource.capacity : 1;
  const intervals = resource.active ? openIntervals(date, tz, weekly, calendar, resource.rules.closures) : [];
  const slots = slotGrid(intervals, resource.rules.slotMinutes).map((s) => {
    const blocked = granulesOf(blockedSpan(s.start, s.end, resource.rules.bufferMinutes));
    const taken = Math.max(0, ...blocked.map((g) => occupancy.get(granuleKey(g))?.taken ?? 0));
    const seatsLeft = Math.max(0, capacity - taken);
    return {
      start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(),
      localStart: localIso(s.start, tz), localEnd: localIso(s.end, tz),
      free: seatsLeft > 0 && s.start >= ctx.now.getTime(), seatsLeft,
    };
  });
  const { exceptional } = hoursOn(date, weekly, calendar);
  return { date, ...(exceptional ? { exceptional } : {}), slots };
}
