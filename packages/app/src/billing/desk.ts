import { notFound, type DeskMethod, type Payment, type User } from '@lieu/core';
import { WriteSet } from '@lieu/db';
import { DeskGateway, recordDeskRefund } from '@lieu/payments';
import { receiptEmailPut } from '../notices';
import type { SignedScope } from '../scope';
import { billedMember } from './members';
import { presentSettled } from './present';

async function paymentOf(scope: SignedScope, memberId: string, paymentId: string): Promise<{ member: User; payment: Payment }> {
  const member = await billedMember(scope, memberId);
  const payment = await scope.repos.payments.get(memberId, paymentId);
  if (!payment) throw notFound('Payment');
  return { member, payment };
}

/**
 * Records money received at the desk: the numbered receipt, the payment paid and what it grants, in
 * one transaction, with the member's receipt email (a desk payment is never also paid online, so
 * this is the payment's only receipt email).
 */
export async function recordDeskPayment(scope: SignedScope, memberId: string, paymentId: string, input: { method: DeskMethod; reference?: string | undefined }) {
  const { member, payment } = await paymentOf(scope, memberId, paymentId);
  return presentSettled(await new DeskGateway(scope.db).record(scope.tenant, payment, {
    ...input, by: scope.actor.id, now: scope.now, today: scope.today,
    also: (paid) => new WriteSet().add('receipt-email', ...receiptEmailPut(scope, member, paid)),
  }));
}

/** Gives money back at the desk: a credit note from the receipts' counter, under the payment's version. */
export async function refundDeskPayment(
  scope: SignedScope, memberId: string, paymentId: string,
  input: { method: DeskMethod; amountCents?: number | undefined; reference?: string | undefined; reason?: string | undefined },
) {
  const { payment } = await paymentOf(scope, memberId, paymentId);
  return presentSettled(await recordDeskRefund(scope.db, scope.tenant, payment, { ...input, by: scope.actor.id, now: scope.now, today: scope.today }));
}
