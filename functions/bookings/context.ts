import { hasRole, notFound, type Role, type Tenant } from '@lieu/core';
import { localIso, effectiveBooking, type Booking, type OpeningCalendar, type Resource } from '@lieu/core/booking';
import { bookingsRepo } from '@lieu/db';
import { tenantOf, type RequestCtx } from '@lieu/http';

/** Shared helpers of the bookings area: the repository, who is asking, what a booking looks like outside. */
export const repo = (ctx: RequestCtx) => bookingsRepo(ctx.deps.db, tenantOf(ctx).id, tenantOf(ctx).timeZone);
export const isStaff = (ctx: RequestCtx) => hasRole(ctx.session!.role as Role, 'operator');

/**
 * The rules read (resource + opening calendar), reused in this process for as long as a resolved
 * tenant is (`tenantCacheMs`): a warm Lambda books in two round trips. Staff edits drop the entries.
 */
const rulesCache = new Map<string, { at: number; value: { resource: Resource | null; calendar: OpeningCalendar } }>();
export async function rulesFor(ctx: RequestCtx, resourceId: string) {
  const key = `${tenantOf(ctx).id}:${resourceId}`;
  const hit = rulesCache.get(key);
  const nowMs = ctx.now.getTime();
  if (hit && nowMs - hit.at < ctx.deps.tenantCacheMs) return hit.value;
  const value = await repo(ctx).loadForBooking(resourceId);
  if (ctx.deps.tenantCacheMs > 0) {
    if (rulesCache.size > 5000) rulesCache.clear();
    rulesCache.set(key, { at: nowMs, value });
  }
  return value;
}
export function forgetRules(tenant: Tenant) {
  for (const k of rulesCache.keys()) if (k.startsWith(`${tenant.id}:`)) rulesCache.delete(k);
}

/** A resource of this space, or 404 (an id from another space is simply not here). */
export async function resourceOf(ctx: RequestCtx, id: string, opts: { activeOnly?: boolean } = {}): Promise<Resource> {
  const r = await repo(ctx).getResource(id);
  if (!r || (opts.activeOnly && !r.active && !isStaff(ctx))) throw notFound('Resource');
  return r;
}

/** A booking this caller may see: its member's own, or any for staff; otherwise 404. */
export async function bookingOf(ctx: RequestCtx, id: string): Promise<Booking> {
  const b = await repo(ctx).get(id);
  if (!b || (!isStaff(ctx) && b.memberId !== ctx.session!.sub)) throw notFound('Booking');
  return effectiveBooking(b, ctx.now.getTime());
}

/** The booking as the API shows it: effective status, local times, no storage fields. */
export function present(ctx: RequestCtx, stored: Booking) {
  const tz = tenantOf(ctx).timeZone;
  const b = effectiveBooking(stored, ctx.now.getTime());
  return {
    id: b.id, resourceId: b.resourceId, resourceName: b.resourceName, resourceKind: b.resourceKind,
    memberId: b.memberId, memberName: b.memberName, start: b.start, end: b.end,
    localStart: localIso(Date.parse(b.start), tz), localEnd: localIso(Date.parse(b.end), tz),
    status: b.status, quote: b.quote, createdAt: b.createdAt, createdBy: b.createdBy,
    ...(b.holdExpiresAt && b.status === 'held' ? { holdExpiresAt: b.holdExpiresAt } : {}),
    ...(b.seriesId ? { seriesId: b.seriesId } : {}),
    ...(b.cancelledAt ? { cancelledAt: b.cancelledAt, cancelReason: b.cancelReason } : {}),
    ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
    ...(b.checkedInAt ? { checkedInAt: b.checkedInAt } : {}),
  };
}
