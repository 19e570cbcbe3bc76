import { ruleViolation, type ErrorReason } from '@lieu/core';
import { checkCheckIn, checkNoShow, type Booking } from '@lieu/core/booking';
import type { SignedScope } from '../scope';
import { bookingMailPut } from './notify';
import { bookingOf, nextVersion } from './present';

/** Staff confirm a hold by hand (a payment taken outside the online flow). */
export async function confirmBooking(scope: SignedScope, id: string): Promise<Booking> {
  const b = await bookingOf(scope, id);
  if (b.status !== 'held') {
    const expired = b.cancelReason === 'hold_expired';
    const reason: ErrorReason = expired ? 'hold_expired' : 'status';
    throw ruleViolation(reason, expired ? 'The hold has expired; book again' : `A ${b.status} booking cannot be confirmed`, { status: b.status });
  }
  const after = nextVersion(b, { status: 'confirmed', holdExpiresAt: undefined });
  // The member's confirmation (the hold sent none) leaves with the change.
  const email = bookingMailPut(scope, await scope.repos.users.get(b.memberId), { kind: 'bookingConfirmed', booking: after });
  await scope.repos.bookings.confirm(b, after, email ? [email] : []);
  return after;
}

export async function checkIn(scope: SignedScope, id: string): Promise<Booking> {
  const b = await bookingOf(scope, id);
  checkCheckIn(b, scope.now.getTime());
  const after = nextVersion(b, { status: 'checked_in', checkedInAt: scope.now.toISOString() });
  await scope.repos.bookings.update(b, after);
  return after;
}

export async function markNoShow(scope: SignedScope, id: string): Promise<Booking> {
  const b = await bookingOf(scope, id);
  checkNoShow(b, scope.now.getTime());
  const after = nextVersion(b, { status: 'no_show' });
  await scope.repos.bookings.update(b, after);
  return after;
}
