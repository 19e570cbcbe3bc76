import { notFound, ruleViolation, type Payment } from '@lieu/core';
import { checkCancellable, effectiveBooking, type Booking } from '@lieu/core/booking';
import { pricingReleaseItems, WriteSet } from '@lieu/db';
import type { SignedScope, TenantScope } from '../scope';
import { bookingMailPut } from './notify';
import { maySee, nextVersion } from './present';
import { rulesFor, type CacheSetting } from './rules';

/**
 * What cancelling does besides freeing the slots: the credits and quota the booking consumed come
 * back, and its payment is released — a pending one expires, one paid online gets a refund request
 * in the same transaction, one paid at the desk reads as refund due (credit note by staff).
 */
export function cancellationEffects(scope: TenantScope, before: Booking, payment: Payment | null | undefined): WriteSet {
  return new WriteSet().add('pricing', ...pricingReleaseItems(scope.db, scope.tenantId, before, scope.now, payment));
}

/**
 * Reads the booking and its payment. A booking's payment carries the booking's id and lives in its
 * member's billing partition, so for the caller's own booking both ride in one BatchGetItem; a staff
 * cancel of someone else's paid booking reads the payment by key after.
 */
async function loadForCancel(scope: SignedScope, id: string) {
  const { booking, payment, member } = await scope.repos.bookings.getWithPayment(id, scope.actor.id, id);
  if (!booking || !maySee(scope, booking)) throw notFound('Booking');
  const paymentId = booking.pricing?.paymentId;
  // Someone else's booking (staff): its member (for the email) and payment are read by key, together.
  const [paid, owner] = await Promise.all([
    !paymentId ? null : payment && paymentId === id ? payment : scope.repos.payments.get(booking.memberId, paymentId),
    member ?? scope.repos.users.get(booking.memberId),
  ]);
  return { stored: booking, payment: paid, member: owner };
}

/**
 * Cancels a booking: members until the resource's deadline, staff at any time with a reason when it
 * is someone else's. Two round trips when the rules are cached: the read and the transaction.
 */
export async function cancelBooking(scope: SignedScope, id: string, body: { reason?: string | undefined }, cache: CacheSetting): Promise<Booking> {
  const { stored, payment, member } = await loadForCancel(scope, id);
  const b = effectiveBooking(stored, scope.now.getTime());
  const { isStaff } = scope.actor;
  const own = b.memberId === scope.actor.id;
  if (isStaff && !own && !body.reason) throw ruleViolation('reason_required', 'Staff give a reason when cancelling a member’s booking');
  // The deadline the member was shown (the rule when booked); older bookings take the resource's.
  const hours = b.cancelBeforeHours ?? (await rulesFor(scope, b.resourceId, cache)).resource?.rules.cancelBeforeHours ?? 0;
  checkCancellable(b, hours, scope.now.getTime(), isStaff);
  const after = nextVersion(b, {
    status: 'cancelled', cancelledAt: scope.now.toISOString(), cancelledBy: scope.actor.id,
    cancelReason: body.reason ?? (own ? 'cancelled by the member' : 'cancelled by staff'),
  });
  const effects = cancellationEffects(scope, b, payment);
  // A hold awaiting payment was never confirmed to the member: no email for it.
  const email = b.status === 'confirmed'
    ? bookingMailPut(scope, member, { kind: 'bookingCancelled', booking: after, staffReason: !own && body.reason ? body.reason : null })
    : null;
  if (email) effects.add('email', email);
  await scope.repos.bookings.cancel(b, after, scope.now, effects);
  return after;
}

/** A hold past its expiry, cancelled by the expire-holds job (reason `hold_expired`). */
export async function expireHold(scope: TenantScope, stored: Booking): Promise<boolean> {
  const eff = effectiveBooking(stored, scope.now.getTime());
  if (stored.status !== 'held' || eff.status === 'held') return false;
  const paymentId = stored.pricing?.paymentId;
  const payment = paymentId ? await scope.repos.payments.get(stored.memberId, paymentId) : null;
  await scope.repos.bookings.cancel(stored, { ...eff, version: stored.version + 1 }, scope.now, cancellationEffects(scope, stored, payment));
  return true;
}
