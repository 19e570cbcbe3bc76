import { notFound, ruleViolation } from '@lieu/core';
import {
  blockedSpan, checkBookingRules, checkMovable, checkQualified, isMultiSeat, localDateOf, type Booking,
} from '@lieu/core/booking';
import type { SignedScope } from '../scope';
import { bookingMailPut } from './notify';
import { bookingOf } from './present';
import { rulesFor, type CacheSetting } from './rules';

/**
 * Staff move a booking to another start and/or resource; a member moves their own (another's is not
 * found) until its cancellation deadline, since a move gives the old time back like a cancel does.
 * A booking's price is fixed when it is made, so a move never reprices it. Hence what a move may do:
 * - keep the length (the new end is the new start plus the old length);
 * - go to another resource only of the same kind and the same hourly rate;
 * - a booking paid with credits or a monthly quota stays in its local month (what it consumed
 *   belongs to that month);
 * anything else is a cancel and a new booking. The new span passes the same rules as a booking
 * made by the caller (hours, closures, grid, lead, qualification of the member for the target).
 */
export async function moveBooking(scope: SignedScope, bookingId: string, req: { start: string; resourceId?: string | undefined }, cache: CacheSetting): Promise<Booking> {
  const tz = scope.zone;
  const now = scope.now.getTime();
  const before = await bookingOf(scope, bookingId);
  if (before.status !== 'confirmed') throw ruleViolation('status', `A ${before.status.replace('_', ' ')} booking cannot be moved`, { status: before.status });
  if (Date.parse(before.start) < now) throw ruleViolation('started', 'A booking that has started cannot be moved');
  const { isStaff } = scope.actor;
  const { resource, calendar } = await rulesFor(scope, req.resourceId ?? before.resourceId, cache);
  if (!resource || (!resource.active && !isStaff)) throw notFound('Resource');
  if (!isStaff) {
    // The deadline the member was shown (the rule when booked); older bookings take the resource's.
    const hours = before.cancelBeforeHours
      ?? (resource.id === before.resourceId ? resource : (await rulesFor(scope, before.resourceId, cache)).resource)?.rules.cancelBeforeHours ?? 0;
    checkMovable(before, hours, now, false);
  }
  if (resource.id !== before.resourceId) {
    const { resource: from } = await rulesFor(scope, before.resourceId, cache);
    if (resource.kind !== before.resourceKind || resource.priceCentsPerHour !== from?.priceCentsPerHour) {
      throw ruleViolation('move_other_price', `A move keeps the price: ${resource.name} is not of the same kind and rate; cancel and book anew`, { resource: resource.name });
    }
  }
  const length = Date.parse(before.end) - Date.parse(before.start);
  const span = { start: Date.parse(req.start), end: Date.parse(req.start) + length };
  const consumed = before.pricing?.consumes;
  if ((consumed?.credits.length || consumed?.quotas.length)
    && localDateOf(span.start, tz).slice(0, 7) !== localDateOf(Date.parse(before.start), tz).slice(0, 7)) {
    throw ruleViolation('move_other_month', 'This booking was paid with credits or a monthly allowance: it moves within its month');
  }
  checkBookingRules(span, { resource, timeZone: tz, openingHours: scope.tenant.openingHours, calendar, now, actorRole: scope.actor.role });
  // One BatchGetItem: the member (the email's address and preferences) and the target's trainings.
  const member = await scope.repos.bookings.loadMember(before.memberId, resource.requiredTrainingIds);
  if (resource.requiredTrainingIds.length) checkQualified(resource, member.trainings, member.qualifications, localDateOf(span.start, tz));
  const after: Booking = {
    ...before, resourceId: resource.id, resourceName: resource.name, resourceKind: resource.kind,
    start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(),
    blockedUntil: new Date(blockedSpan(span.start, span.end, resource.rules.bufferMinutes).end).toISOString(),
    seats: isMultiSeat(resource), cancelBeforeHours: resource.rules.cancelBeforeHours, version: before.version + 1,
  };
  const email = bookingMailPut(scope, member.user, { kind: 'bookingMoved', before, booking: after });
  await scope.repos.bookings.move(before, after, resource.capacity, scope.now, email ? [email] : []);
  return after;
}
