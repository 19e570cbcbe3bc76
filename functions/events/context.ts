import { hasRole, notFound, type Role } from '@lieu/core';
import { localIso } from '@lieu/core/booking';
import { eventsRepo, outboxRepo, tenantRealm, type Email, type EventRecord, type Registration } from '@lieu/db';
import { tenantOf, type RequestCtx } from '@lieu/http';

/** Shared helpers of the events area: the repository, who is asking, what an event looks like outside. */
export const repo = (ctx: RequestCtx) => eventsRepo(ctx.deps.db, tenantOf(ctx).id);
export const isStaff = (ctx: RequestCtx) => !!ctx.session && hasRole(ctx.session.role as Role, 'operator');

/** An email in the space's outbox, as a write for the caller's transaction. */
export const emailItem = (ctx: RequestCtx, email: Email) => outboxRepo(ctx.deps.db, tenantRealm(tenantOf(ctx).id)).putItem(email, ctx.now);

/**
 * Who may see an event: staff see everything; others only published, active events, and a
 * members-only event only with a session of this space (a session of another space is already 403).
 */
export function visibleTo(ctx: RequestCtx, e: EventRecord): boolean {
  if (isStaff(ctx)) return true;
  if (!e.published || e.status !== 'active') return false;
  return e.audience === 'public' || !!ctx.session;
}

/** An event this caller may see, or 404 (an id of another space, a draft, a members-only event for a visitor). */
export async function eventOf(ctx: RequestCtx, id: string): Promise<EventRecord> {
  const e = await repo(ctx).get(id);
  if (!e || !visibleTo(ctx, e)) throw notFound('Event');
  return e;
}

export const localStartOf = (ctx: RequestCtx, e: EventRecord) => localIso(Date.parse(e.start), tenantOf(ctx).timeZone);

/** The event as the API shows it: local times, places left, no storage fields. */
export function present(ctx: RequestCtx, e: EventRecord) {
  const tz = tenantOf(ctx).timeZone;
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

/** A registration as the API shows it (`waitlistPosition` when known). */
export function presentRegistration(r: Registration, waitlistPosition?: number) {
  return {
    id: r.id, eventId: r.eventId, ...(r.memberId ? { memberId: r.memberId } : {}), name: r.name, email: r.email, status: r.status,
    ...(r.status === 'waitlisted' && waitlistPosition ? { waitlistPosition } : {}),
    ...(r.attendance ? { attendance: r.attendance, attendanceAt: r.attendanceAt } : {}),
    priceCents: r.priceCents, ...(r.paymentId ? { paymentId: r.paymentId } : {}),
    createdAt: r.createdAt, ...(r.promotedAt ? { promotedAt: r.promotedAt } : {}), ...(r.cancelledAt ? { cancelledAt: r.cancelledAt } : {}),
  };
}

/** Registered first (by registration), then the waitlist in order, then cancellations. */
export function ordered(regs: Registration[]): Array<{ r: Registration; position?: number }> {
  const rank = { registered: 0, waitlisted: 1, cancelled: 2 } as const;
  const sorted = [...regs].sort((a, b) => rank[a.status] - rank[b.status]
    || (a.status === 'waitlisted' ? (a.waitSeq ?? 0) - (b.waitSeq ?? 0) : a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)));
  let pos = 0;
  return sorted.map((r) => (r.status === 'waitlisted' ? { r, position: ++pos } : { r }));
}

/** A registration's place on the waitlist (1 = next), from the event's list. */
export async function positionOf(ctx: RequestCtx, r: Registration): Promise<number | undefined> {
  if (r.status !== 'waitlisted') return undefined;
  return ordered(await repo(ctx).registrations(r.eventId)).find((x) => x.r.id === r.id)?.position;
}
