import { notFound, type DeskMethod, type Payment } from '@lieu/core';
import { DeskGateway, recordDeskRefund } from '@lieu/payments';
import type { SignedScope } from '../scope';
import { billedMember } from './members';
import { presentSettled } from './present';

async function paymentOf(scope: SignedScope, memberId: string, paymentId: string): Promise<Payment> {
  await billedMember(scope, memberId);
  const payment = await scope.repos.payments.get(memberId, paymentId);
  if (!payment) throw notFound('Payment');
  return payment;
}

/** Records money received at the desk: the numbered receipt, the payment paid and what it grants, in one transaction. */
export async function recordDeskPayment(scope: SignedScope, memberId: string, paymentId: string, input: { method: DeskMethod; reference?: string | undefined }) {
  const payment = await paymentOf(scope, memberId, paymentId);
  return presentSettled(await new DeskGateway(scope.db).record(scope.tenant, payment, { ...input, by: scope.actor.id, now: scope.now, today: scope.today }));
}

/** Gives money back at the desk: a credit note from the receipts' counter, under the payment's version. */
export async function refundDeskPayment(
  scope: SignedScope, memberId: string, paymentId: string,
  input: { method: DeskMethod; amountCents?: number | undefined; reference?: string | undefined; reason?: string | undefined },
) {
  const payment = await paymentOf(scope, memberId, paymentId);
  return presentSettled(await recordDeskRefund(scope.db, scope.tenant, payment, { ...input, by: scope.actor.id, now: scope.now, today: scope.today }));
}
