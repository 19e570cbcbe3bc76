import { conflict, ruleViolation, splitGross, type DeskMethod, type Payment, type Receipt, type Tenant } from '@lieu/core';
import { memberBillingRepo, paymentsRepo, receiptsRepo, WriteSet, type Db } from '@lieu/db';
import { settlementSet } from './effects';
import { sellerOf } from './receipt';
import type { BeginResult, PaymentGateway } from './types';

/**
 * Pay at the desk: the default when a space has no Stripe account, and always available to staff.
 * Beginning a payment only reserves the item "to pay on site"; an operator then records the money
 * (cash, cheque, card terminal, transfer), which issues the next receipt number of the space.
 */
export class DeskGateway implements PaymentGateway {
  readonly channel = 'desk' as const;
  constructor(private readonly db: Db) {}

  async begin(): Promise<BeginResult> {
    return { kind: 'on_site' };
  }

  /**
   * Records a desk payment: in one transaction, the receipt counter moves by one, the receipt is
   * written, the payment becomes `paid` (only from `pending` at the version read) and its effect
   * (credits, subscription, dues) is written. Concurrent records of different payments each get
   * their own number with no gap; a second record of the same payment is a 409.
   */
  async record(tenant: Tenant, payment: Payment, input: RecordInput): Promise<{ payment: Payment; receipt: Receipt }> {
    if (payment.status !== 'pending') throw conflict(`This payment is already ${payment.status}`, { rule: 'payment_not_pending' });
    const billing = await memberBillingRepo(this.db, tenant.id).load(payment.memberId);
    const payments = paymentsRepo(this.db, tenant.id);
    let paid!: Payment;
    const receipt = await receiptsRepo(this.db, tenant.id).issueWith(
      (sequence, number) => {
        paid = {
          ...payment, status: 'paid', method: input.method, reference: input.reference, receiptNumber: number,
          paidAt: input.now.toISOString(), recordedBy: input.by, version: payment.version + 1,
        };
        const receipt: Receipt = {
          number, sequence, paymentId: payment.id, issuedAt: input.now.toISOString(), seller: sellerOf(tenant),
          buyer: { id: payment.memberId, name: payment.memberName }, lines: payment.lines, currency: payment.currency,
          totalCents: payment.totalCents, netCents: payment.netCents, vatCents: payment.vatCents, vatMention: payment.vatMention,
          method: input.method, reference: input.reference,
        };
        const writes = new WriteSet()
          .add('payment', payments.updateOp(payment, paid))
          .merge(settlementSet(this.db, tenant.id, paid, billing, input.today, input.now));
        if (input.also) writes.merge(input.also(paid));
        return { receipt, writes };
      },
      (failed) => failed.has('payment')
        ? conflict('This payment was recorded meanwhile', { rule: 'payment_not_pending' })
        : conflict("The member's billing changed meanwhile; try again", { rule: 'stale_version' }),
    );
    return { payment: paid, receipt };
  }
}

/**
 * Money given back at the desk (a cancelled booking paid on site, a returned pass…): a credit note
 * from the same gap-free counter as receipts (negative amounts, naming the receipt it reverses), and
 * the payment's `refundedCents` moved in the same transaction (under its version: two operators
 * cannot give the same money back twice). Online payments are refunded through Stripe instead.
 */
export async function recordDeskRefund(db: Db, tenant: Tenant, payment: Payment, input: RecordInput & { amountCents?: number | undefined; reason?: string | undefined }): Promise<{ payment: Payment; receipt: Receipt }> {
  if (payment.status !== 'paid' && payment.status !== 'refunded') throw conflict(`This payment is ${payment.status}: nothing was paid`, { rule: 'payment_not_paid' });
  if (payment.channel !== 'desk') throw ruleViolation('refund_through_stripe', 'This payment was made online: it is refunded through Stripe when the item is cancelled');
  const left = payment.totalCents - (payment.refundedCents ?? 0);
  const amount = input.amountCents ?? left;
  if (left <= 0) throw conflict('This payment was already given back in full', { rule: 'already_refunded' });
  if (amount > left) throw ruleViolation('refund_exceeds_payment', `At most ${left} cents can still be given back`);
  const vatRateBp = payment.lines[0]?.vatRateBp ?? 0;
  const { netCents, vatCents } = splitGross(amount, vatRateBp);
  const label = `Avoir — ${payment.item.label}${input.reason ? ` (${input.reason})` : ''}`;
  let refunded!: Payment;
  const receipt = await receiptsRepo(db, tenant.id).issueWith(
    (sequence, number) => {
      const refundedCents = (payment.refundedCents ?? 0) + amount;
      refunded = { ...payment, refundedCents, creditNoteNumbers: [...(payment.creditNoteNumbers ?? []), number], status: refundedCents >= payment.totalCents ? 'refunded' : payment.status, attention: undefined, version: payment.version + 1 };
      const receipt: Receipt = {
        number, sequence, paymentId: payment.id, issuedAt: input.now.toISOString(), seller: sellerOf(tenant),
        buyer: { id: payment.memberId, name: payment.memberName }, kind: 'credit_note', refundOf: payment.receiptNumber,
        lines: [{ label, revenueCategory: payment.revenueCategory, quantity: 1, amountCents: -amount, vatRateBp, netCents: -netCents, vatCents: -vatCents }],
        currency: payment.currency, totalCents: -amount, netCents: -netCents, vatCents: -vatCents, vatMention: payment.vatMention,
        method: input.method, reference: input.reference,
      };
      return { receipt, writes: new WriteSet().add('payment', paymentsRepo(db, tenant.id).updateOp(payment, refunded)) };
    },
    () => conflict('This payment changed meanwhile; reload it', { rule: 'payment_changed' }),
  );
  return { payment: refunded, receipt };
}

export interface RecordInput {
  method: DeskMethod; reference?: string | undefined; by: string; now: Date; today: string;
  /** More writes of the payment's own transaction, given the paid payment (its receipt's email). */
  also?: ((paid: Payment) => WriteSet) | undefined;
}
