import { localIso } from '@lieu/core/booking';
import type { EventRecord, Registration } from '@lieu/core/events';
import type { TenantScope } from '../scope';

/** The event as the API shows it: local times in the space's zone, places left, no storage fields. */
export function presentEvent(scope: Pick<TenantScope, 'zone'>, e: EventRecord) {
  const tz = scope.zone;
  return {
    id: e.id, title: e.title, ...(e.description ? { description: e.description } : {}), ...(e.imageUrl ? { imageUrl: e.imageUrl } : {}),
    start: e.start, end: e.end, localStart: localIso(Date.parse(e.start), tz), localEnd: localIso(Date.parse(e.end), tz), timeZone: tz,
    ...(e.placeId ? { placeId: e.placeId, placeName: e.placeName } : {}),
    capacity: e.capacity, registered: e.registered, placesLeft: Math.max(0, e.capacity - e.registered),
    audience: e.audience, price: e.price, tags: e.tags, published: e.published, cancelBeforeHours: e.cancelBeforeHours,
    ...(e.trainingId ? { trainingId: e.trainingId, trainingName: e.trainingName } : {}),
    ...(e.seriesId ? { seriesId: e.seriesId } : {}),
    status: e.status, version: e.version,
  };
}

/** A registration as the API shows it (`waitlistPosition` when waitlisted and known). */
export function presentRegistration(r: Registration, waitlistPosition?: number) {
  return {
    id: r.id, eventId: r.eventId, ...(r.memberId ? { memberId: r.memberId } : {}), name: r.name, email: r.email, status: r.status,
    ...(r.status === 'waitlisted' && waitlistPosition ? { waitlistPosition } : {}),
    ...(r.attendance ? { attendance: r.attendance, attendanceAt: r.attendanceAt } : {}),
    priceCents: r.priceCents, ...(r.paymentId ? { paymentId: r.paymentId } : {}),
    createdAt: r.createdAt, ...(r.promotedAt ? { promotedAt: r.promotedAt } : {}), ...(r.cancelledAt ? { cancelledAt: r.cancelledAt } : {}),
  };
}
