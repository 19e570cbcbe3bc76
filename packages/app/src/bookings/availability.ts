import { notFound } from '@lieu/core';
import {
  addDays, blockedSpan, granuleKey, granulesOf, hoursOn, isMultiSeat, localIso, openIntervals, slotGrid,
  type OpeningCalendar, type Resource,
} from '@lieu/core/booking';
import type { TenantScope } from '../scope';
import { rulesFor, type CacheSetting } from './rules';

/**
 * A resource's slots on one local day: the grid of its bookable hours, each slot free when every
 * granule it would block (its buffer included) has a seat left. One Query of the day's slot items.
 */
export async function dayAvailability(scope: TenantScope, resource: Resource, calendar: OpeningCalendar, date: string) {
  const tz = scope.zone;
  const weekly = resource.rules.hours ?? scope.tenant.openingHours;
  const occupancy = await scope.repos.bookings.dayOccupancy(resource.id, date, scope.now);
  const capacity = isMultiSeat(resource) ? resource.capacity : 1;
  const intervals = resource.active ? openIntervals(date, tz, weekly, calendar, resource.rules.closures) : [];
  const slots = slotGrid(intervals, resource.rules.slotMinutes).map((s) => {
    const blocked = granulesOf(blockedSpan(s.start, s.end, resource.rules.bufferMinutes));
    const taken = Math.max(0, ...blocked.map((g) => occupancy.get(granuleKey(g))?.taken ?? 0));
    const seatsLeft = Math.max(0, capacity - taken);
    return {
      start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(),
      localStart: localIso(s.start, tz), localEnd: localIso(s.end, tz),
      free: seatsLeft > 0 && s.start >= scope.now.getTime(), seatsLeft,
    };
  });
  const { exceptional } = hoursOn(date, weekly, calendar);
  return { date, ...(exceptional ? { exceptional } : {}), slots };
}

/** `days` local days of one resource's slots from `date` (an archived resource: staff only). */
export async function resourceAvailability(scope: TenantScope, resourceId: string, q: { date: string; days: number }, cache: CacheSetting) {
  const { resource, calendar } = await rulesFor(scope, resourceId, cache);
  if (!resource || (!resource.active && !scope.actor?.isStaff)) throw notFound('Resource');
  const dates = Array.from({ length: q.days }, (_, i) => addDays(q.date, i));
  const days = await Promise.all(dates.map((d) => dayAvailability(scope, resource, calendar, d)));
  return { resourceId: resource.id, timeZone: scope.zone, days };
}

/** One local day of every active resource of a kind. */
export async function kindAvailability(scope: TenantScope, q: { kind: string; date: string }) {
  const [all, calendar] = await Promise.all([scope.repos.bookings.listResources(), scope.repos.bookings.getCalendar()]);
  const ofKind = all.filter((r) => r.active && r.kind === q.kind);
  const resources = await Promise.all(ofKind.map(async (r) => ({
    resourceId: r.id, name: r.name, capacity: r.capacity, slots: (await dayAvailability(scope, r, calendar, q.date)).slots,
  })));
  return { date: q.date, timeZone: scope.zone, resources };
}
