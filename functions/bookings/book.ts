import { AppError, forbidden, newId, notFound, ruleViolation } from '@lieu/core';
import {
  addDays, blockedSpan, checkBookingRules, checkQualified, isMultiSeat, localDateOf, localTimeOf, zonedInstant,
  type Booking, type Interval,
} from '@lieu/core/booking';
import { tenantOf, type RequestCtx } from '@lieu/http';
import { bookingBillingFrom, bookingBillingKeys, priceBooking } from '@lieu/payments';
import { isStaff, repo, rulesFor } from './context';

/** How long a held booking (awaiting payment) keeps its slots. */
export const HOLD_MINUTES = 15;

export interface BookingRequest { resourceId: string; start: string; end: string; memberId?: string | undefined; hold?: boolean | undefined }

/**
 * Everything a booking needs besides its time: the rules read (cached) and, in one BatchGetItem,
 * the member with the trainings the resource requires and the member's qualifications for them.
 * For a single booking (`billingOn` = its local date) the same BatchGetItem reads the member's billing
 * items by key (profile, credits index, that month's quota used), so that with the catalogue cached
 * the booking is that read and its transaction: 2 round trips. A series prices each week against
 * what the previous one consumed, so it reads the billing partition per week instead.
 */
async function prepare(ctx: RequestCtx, req: BookingRequest, billingOn?: string) {
  const session = ctx.session!;
  const staff = isStaff(ctx);
  if (req.memberId && req.memberId !== session.sub && !staff) throw forbidden('Only staff book on someone else’s behalf');
  const { resource, calendar } = await rulesFor(ctx, req.resourceId);
  if (!resource || (!resource.active && !staff)) throw notFound('Resource');
  const memberId = req.memberId ?? session.sub;
  const billingKeys = billingOn ? bookingBillingKeys(tenantOf(ctx).id, memberId, resource.kind, billingOn) : [];
  const member = await repo(ctx).loadMember(memberId, resource.requiredTrainingIds, billingKeys);
  if (!member.user || member.user.status !== 'active' || member.user.tenantId !== tenantOf(ctx).id) throw notFound('Member');
  const billing = billingOn ? bookingBillingFrom(member.extra, memberId, billingOn) ?? undefined : undefined;
  return { resource, calendar, member, staff, billing };
}
type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Checks the rules for one span and writes the booking with its slot items (one transaction). */
async function bookSpan(ctx: RequestCtx, p: Prepared, span: Interval, hold: boolean, seriesId?: string): Promise<Booking> {
  const tenant = tenantOf(ctx);
  const { resource, calendar, member } = p;
  checkBookingRules(span, {
    resource, timeZone: tenant.timeZone, openingHours: tenant.openingHours, calendar, now: ctx.now.getTime(),
    actorRole: ctx.session!.role as 'member',
  });
  checkQualified(resource, member.trainings, member.qualifications, localDateOf(span.start, tenant.timeZone));
  const minutes = (span.end - span.start) / 60_000;
  const id = newId(ctx.now.getTime());
  // The price, fixed now, through the pricing engine (issue 4): the member's plan, credits and quota.
  const priced = await priceBooking(ctx.deps.db, {
    tenant, bookingId: id, member: { id: member.user!.id, name: member.user!.name }, resource, start: new Date(span.start), minutes,
    now: ctx.now, createdBy: ctx.session!.sub, cacheMs: ctx.deps.tenantCacheMs, billing: p.billing,
  });
  const booking: Booking = {
    id, resourceId: resource.id, resourceName: resource.name, resourceKind: resource.kind,
    memberId: member.user!.id, memberName: member.user!.name,
    start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(),
    blockedUntil: new Date(blockedSpan(span.start, span.end, resource.rules.bufferMinutes).end).toISOString(),
    seats: isMultiSeat(resource),
    status: hold ? 'held' : 'confirmed',
    ...(hold ? { holdExpiresAt: new Date(ctx.now.getTime() + HOLD_MINUTES * 60_000).toISOString() } : {}),
    quote: priced.quote, pricing: priced.pricing,
    createdAt: ctx.now.toISOString(), createdBy: ctx.session!.sub,
    ...(seriesId ? { seriesId } : {}),
    version: 1,
  };
  await repo(ctx).create(booking, resource.capacity, ctx.now, { extra: priced.writes });
  return booking;
}

const spanOf = (req: BookingRequest): Interval => ({ start: Date.parse(req.start), end: Date.parse(req.end) });

export async function createBooking(ctx: RequestCtx, req: BookingRequest): Promise<Booking> {
  const span = spanOf(req);
  const day = Number.isFinite(span.start) ? localDateOf(span.start, tenantOf(ctx).timeZone) : undefined;
  return bookSpan(ctx, await prepare(ctx, req, day), span, req.hold ?? false);
}

export interface Conflict { start: string; end: string; code: string; rule?: string | undefined; message: string }

/**
 * The same local time every week (so 10:00 stays 10:00 across a DST change). `all_or_nothing` books
 * the weeks one transaction each and erases what it booked at the first refusal; `partial` keeps
 * what succeeded and reports the refusals.
 */
export async function createSeries(ctx: RequestCtx, req: BookingRequest & { weeks: number; mode: 'all_or_nothing' | 'partial' }) {
  const tz = tenantOf(ctx).timeZone;
  const first = spanOf(req);
  if (!(first.end > first.start)) throw ruleViolation('range', 'A booking ends after it starts');
  const p = await prepare(ctx, req);
  const [d0, t0, d1, t1] = [localDateOf(first.start, tz), localTimeOf(first.start, tz), localDateOf(first.end, tz), localTimeOf(first.end, tz)];
  const endDayShift = Math.round((Date.parse(`${d1}T00:00:00Z`) - Date.parse(`${d0}T00:00:00Z`)) / 86_400_000);
  const seriesId = newId(ctx.now.getTime());
  const booked: Booking[] = [];
  const conflicts: Conflict[] = [];
  for (let w = 0; w < req.weeks; w++) {
    const day = addDays(d0, 7 * w);
    const span = { start: zonedInstant(day, t0, tz), end: zonedInstant(addDays(day, endDayShift), t1, tz) };
    try {
      booked.push(await bookSpan(ctx, p, span, req.hold ?? false, seriesId));
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'conflict' && e.code !== 'rule_violation')) throw e;
      conflicts.push({ start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(), code: e.code, rule: e.details?.rule as string | undefined, message: e.message });
      if (req.mode === 'all_or_nothing') break;
    }
  }
  if (conflicts.length && req.mode === 'all_or_nothing') {
    for (const b of booked) await repo(ctx).erase(b);
    throw new AppError('conflict', `Week of ${localDateOf(Date.parse(conflicts[0]!.start), tz)} is not available: ${conflicts[0]!.message}; nothing was booked`, { rule: 'series_conflict', conflicts });
  }
  if (!booked.length) throw new AppError('conflict', 'None of these weeks is available', { rule: 'series_conflict', conflicts });
  return { seriesId, booked, conflicts };
}
