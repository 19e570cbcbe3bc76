import { AppError, forbidden, newId, notFound, ruleViolation } from '@lieu/core';
import {
  addDays, blockedSpan, checkBookingRules, checkQualified, isMultiSeat, missingTraining, localDateOf, localTimeOf, zonedInstant,
  type Booking, type Interval,
} from '@lieu/core/booking';
import { auditPut } from '@lieu/db';
import { bookingBillingFrom, bookingBillingKeys, priceBooking } from '@lieu/payments';
import type { SignedScope } from '../scope';
import { bookingEmail, bookingMailPut } from './notify';
import { rulesFor, type CacheSetting } from './rules';

/** How long a held booking (awaiting payment) keeps its slots. */
export const HOLD_MINUTES = 15;

export interface BookingRequest {
  resourceId: string; start: string; end: string; memberId?: string | undefined; hold?: boolean | undefined;
  /** Staff only: books a machine for a member who lacks its training, for this reason (audited). */
  overrideReason?: string | undefined;
}

/**
 * Everything a booking needs besides its time: the rules read (cached) and, in one BatchGetItem,
 * the member with the trainings the resource requires and the member's qualifications for them.
 * For a single booking (`billingOn` = its local date) the same BatchGetItem reads the member's billing
 * items by key (profile, credits index, that month's quota used), so that with the catalogue cached
 * the booking is that read and its transaction: 2 round trips. A series prices each week against
 * what the previous one consumed, so it reads the billing partition per week instead.
 */
async function prepare(scope: SignedScope, req: BookingRequest, cache: CacheSetting, billingOn?: string) {
  const { actor } = scope;
  if (req.memberId && req.memberId !== actor.id && !actor.isStaff) throw forbidden('Only staff book on someone else’s behalf');
  if (req.overrideReason !== undefined && !actor.isStaff) throw forbidden('Only staff may book past a missing training');
  const { resource, calendar } = await rulesFor(scope, req.resourceId, cache);
  if (!resource || (!resource.active && !actor.isStaff)) throw notFound('Resource');
  const memberId = req.memberId ?? actor.id;
  const billingKeys = billingOn ? bookingBillingKeys(scope.tenantId, memberId, resource.kind, billingOn) : [];
  const member = await scope.repos.bookings.loadMember(memberId, resource.requiredTrainingIds, billingKeys);
  const user = member.user;
  if (!user || user.status !== 'active' || user.tenantId !== scope.tenantId) throw notFound('Member');
  const billing = billingOn ? bookingBillingFrom(member.extra, memberId, billingOn) ?? undefined : undefined;
  return { resource, calendar, user, member, billing };
}
type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Checks the rules for one span and writes the booking with its slot items and its pricing (one transaction). */
async function bookSpan(
  scope: SignedScope, p: Prepared, span: Interval, hold: boolean, cache: CacheSetting, seriesId?: string, beforeCommit?: (b: Booking) => void,
  override?: string, notify = false,
): Promise<Booking> {
  const { resource, calendar, member, user } = p;
  const now = scope.now;
  checkBookingRules(span, {
    resource, timeZone: scope.zone, openingHours: scope.tenant.openingHours, calendar, now: now.getTime(), actorRole: scope.actor.role,
  });
  const onBehalf = user.id !== scope.actor.id;
  const missing = missingTraining(resource, member.trainings, member.qualifications, localDateOf(span.start, scope.zone));
  const overridden = missing !== null && onBehalf && override !== undefined;
  if (!overridden) checkQualified(resource, member.trainings, member.qualifications, localDateOf(span.start, scope.zone), onBehalf ? { name: user.name } : undefined);
  const minutes = (span.end - span.start) / 60_000;
  const id = newId(now.getTime());
  const priced = await priceBooking(scope.db, {
    tenant: scope.tenant, bookingId: id, member: { id: user.id, name: user.name }, resource, start: new Date(span.start), minutes,
    now, createdBy: scope.actor.id, cacheMs: cache.cacheMs, billing: p.billing,
  });
  const booking: Booking = {
    id, resourceId: resource.id, resourceName: resource.name, resourceKind: resource.kind,
    memberId: user.id, memberName: user.name,
    start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(),
    blockedUntil: new Date(blockedSpan(span.start, span.end, resource.rules.bufferMinutes).end).toISOString(),
    seats: isMultiSeat(resource),
    cancelBeforeHours: resource.rules.cancelBeforeHours,
    status: hold ? 'held' : 'confirmed',
    ...(hold ? { holdExpiresAt: new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString() } : {}),
    quote: priced.quote, pricing: priced.pricing,
    createdAt: now.toISOString(), createdBy: scope.actor.id,
    ...(seriesId ? { seriesId } : {}),
    version: 1,
  };
  beforeCommit?.(booking);
  // Staff booked past a missing training: who, for whom, which training and why, with the booking.
  const extra = priced.writes;
  if (overridden) extra.add('audit', auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: 'booking.training_overridden', targetType: 'member', targetId: user.id,
    summary: `${resource.name}, ${booking.start}: training '${missing}' missing — ${override}`,
    changes: { training: { from: missing, to: override } },
  }, now));
  // The member's confirmation leaves with the booking (a hold is confirmed later, by its payment).
  const email = notify && booking.status === 'confirmed' ? bookingMailPut(scope, user, { kind: 'bookingConfirmed', booking }) : null;
  if (email) extra.add('email', email);
  await scope.repos.bookings.create(booking, resource.capacity, now, { extra, clientRequestToken: `${scope.requestId}:${id}` });
  return booking;
}

const spanOf = (req: BookingRequest): Interval => ({ start: Date.parse(req.start), end: Date.parse(req.end) });

/**
 * Books one span for the caller (or, staff, for a member). `beforeCommit` sees the booking as it
 * will be written (to record the answer of an idempotent request in the same transaction).
 */
export async function createBooking(scope: SignedScope, req: BookingRequest, cache: CacheSetting, beforeCommit?: (b: Booking) => void): Promise<Booking> {
  const span = spanOf(req);
  const day = Number.isFinite(span.start) ? localDateOf(span.start, scope.zone) : undefined;
  return bookSpan(scope, await prepare(scope, req, cache, day), span, req.hold ?? false, cache, undefined, beforeCommit, req.overrideReason, true);
}

export interface SeriesConflict { start: string; end: string; code: string; rule?: string | undefined; message: string }

/**
 * The same local time every week (so 10:00 stays 10:00 across a DST change). `all_or_nothing` books
 * the weeks one transaction each and erases what it booked at the first refusal; `partial` keeps
 * what succeeded and reports the refusals.
 */
export async function createSeries(scope: SignedScope, req: BookingRequest & { weeks: number; mode: 'all_or_nothing' | 'partial' }, cache: CacheSetting) {
  const tz = scope.zone;
  const first = spanOf(req);
  if (!(first.end > first.start)) throw ruleViolation('range', 'A booking ends after it starts');
  const p = await prepare(scope, req, cache);
  const [d0, t0, d1, t1] = [localDateOf(first.start, tz), localTimeOf(first.start, tz), localDateOf(first.end, tz), localTimeOf(first.end, tz)];
  const endDayShift = Math.round((Date.parse(`${d1}T00:00:00Z`) - Date.parse(`${d0}T00:00:00Z`)) / 86_400_000);
  const seriesId = newId(scope.now.getTime());
  const booked: Booking[] = [];
  const conflicts: SeriesConflict[] = [];
  for (let w = 0; w < req.weeks; w++) {
    const day = addDays(d0, 7 * w);
    const span = { start: zonedInstant(day, t0, tz), end: zonedInstant(addDays(day, endDayShift), t1, tz) };
    try {
      booked.push(await bookSpan(scope, p, span, req.hold ?? false, cache, seriesId));
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'conflict' && e.code !== 'rule_violation')) throw e;
      conflicts.push({ start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(), code: e.code, rule: e.details?.rule, message: e.message });
      if (req.mode === 'all_or_nothing') break;
    }
  }
  if (conflicts.length && req.mode === 'all_or_nothing') {
    for (const b of booked) await scope.repos.bookings.erase(b, scope.now);
    throw new AppError('conflict', `Week of ${localDateOf(Date.parse(conflicts[0]!.start), tz)} is not available: ${conflicts[0]!.message}; nothing was booked`, { rule: 'series_conflict', conflicts });
  }
  if (!booked.length) throw new AppError('conflict', 'None of these weeks is available', { rule: 'series_conflict', conflicts });
  // One email for the series, written once it stands (each week is its own transaction, and an
  // all-or-nothing series may still be erased until the last week): the weeks confirmed, in one .ics.
  const confirmed = booked.filter((b) => b.status === 'confirmed');
  const email = confirmed.length
    ? bookingEmail(scope, p.user, { kind: 'bookingConfirmed', booking: confirmed[0]!, series: { booked: confirmed, refused: conflicts.length } })
    : null;
  if (email) await scope.repos.outbox.enqueue(email, scope.now);
  return { seriesId, booked, conflicts };
}
