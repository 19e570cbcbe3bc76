import type { Payment } from './pricing';

/** What was given up when a paid item is released: a booking, an order, an event ticket. */
export interface ReleaseSource { kind: 'booking' | 'order' | 'ticket'; id: string }

/**
 * What cancelling a paid item does to its payment (the cancellation rules already allowed it; a
 * refund never goes around them):
 * - nothing, when there is no payment or it was released already;
 * - `refund_online`: paid online with a payment intent → the rest of the money goes back through
 *   Stripe (a refund request named after the source, so one cancellation asks once);
 * - `release`: pending (it then reads as expired) or paid at the desk (it reads as `refund_due` until
 *   an operator records the credit note).
 */
export type ReleaseDecision =
  | { kind: 'none' }
  | { kind: 'release' }
  | { kind: 'refund_online'; requestId: string; amountCents: number };

export function releaseDecision(payment: Payment | null, source: ReleaseSource): ReleaseDecision {
  if (!payment) return { kind: 'none' };
  if (payment.status === 'paid' && payment.channel === 'stripe' && payment.stripe?.paymentIntentId && !payment.releasedAt) {
    return { kind: 'refund_online', requestId: `${source.kind}_${source.id}`, amountCents: payment.totalCents - (payment.refundedCents ?? 0) };
  }
  return { kind: 'release' };
}
