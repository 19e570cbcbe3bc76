import { notFound } from '@lieu/core';
import { cancelDeadlineOf, effectiveBooking, localIso, type Booking } from '@lieu/core/booking';
import type { SignedScope, TenantScope } from '../scope';

/** The booking as the API shows it: effective status, local times, no storage fields. */
export function presentBooking(scope: TenantScope, stored: Booking) {
  const tz = scope.zone;
  const b = effectiveBooking(stored, scope.now.getTime());
  return {
    id: b.id, resourceId: b.resourceId, resourceName: b.resourceName, resourceKind: b.resourceKind,
    memberId: b.memberId, memberName: b.memberName, start: b.start, end: b.end,
    localStart: localIso(Date.parse(b.start), tz), localEnd: localIso(Date.parse(b.end), tz),
    status: b.status, quote: b.quote, createdAt: b.createdAt, createdBy: b.createdBy,
    ...(b.holdExpiresAt && b.status === 'held' ? { holdExpiresAt: b.holdExpiresAt } : {}),
    ...(b.seriesId ? { seriesId: b.seriesId } : {}),
    ...((b.status === 'held' || b.status === 'confirmed') && b.cancelBeforeHours !== undefined ? { cancelDeadline: cancelDeadlineOf(b, b.cancelBeforeHours) } : {}),
    ...(b.cancelledAt ? { cancelledAt: b.cancelledAt, cancelReason: b.cancelReason } : {}),
    ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
    ...(b.checkedInAt ? { checkedInAt: b.checkedInAt } : {}),
  };
}
export type PresentedBooking = ReturnType<typeof presentBooking>;

/** Whether this caller may see the booking: its member, or staff. */
export const maySee = (scope: SignedScope, b: Booking) => scope.actor.isStaff || b.memberId === scope.actor.id;

/** A booking this caller may see (its member's own, or any for staff), effective now; otherwise 404. */
export async function bookingOf(scope: SignedScope, id: string): Promise<Booking> {
  const b = await scope.repos.bookings.get(id);
  if (!b || !maySee(scope, b)) throw notFound('Booking');
  return effectiveBooking(b, scope.now.getTime());
}

/** The next version of a booking with `change` applied. */
export const nextVersion = (b: Booking, change: Partial<Booking>): Booking => ({ ...b, ...change, version: b.version + 1 });
