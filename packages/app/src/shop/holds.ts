import { AppError, conflict, localDate, saleMoves, type Order } from '@lieu/core';
import { commit, WriteSet } from '@lieu/db';
import type { TenantScope } from '../scope';

export interface HoldsReconciled {
  /** Holds looked at (expired ones, and online ones that may have been paid). */
  examined: number;
  /** Orders that went `expired`, their stock back on the shelf. */
  released: number;
  /** Orders paid online meanwhile, now `paid` with their sales moves. */
  settled: number;
}

/**
 * Looks at every current hold of the space (one Query of the hold markers): an order paid online
 * meanwhile becomes `paid` (with its sales moves); one past its hold goes `expired` and its stock back
 * on the shelf, in one transaction with its payment released (under the payment's version, so a payment
 * that arrives at the same moment wins and nothing is released). The hold marker is deleted in the
 * same transaction, so a second pass finds nothing to do. The shop's routes and the expire-orders job
 * both call this, so a hold is settled or released by one piece of code whoever asks.
 */
export async function reconcileHolds(scope: TenantScope): Promise<HoldsReconciled> {
  const { shop, payments } = scope.repos;
  const now = scope.now.toISOString();
  const out: HoldsReconciled = { examined: 0, released: 0, settled: 0 };
  for (const hold of await shop.holds()) {
    const expired = hold.holdUntil < now;
    if (!expired && hold.channel !== 'stripe') continue; // a desk hold still running: nothing to do
    out.examined++;
    const order = await shop.order(hold.orderId);
    if (!order || order.status !== 'held') continue;
    const payment = await payments.get(order.buyerId, order.paymentId);
    if (!payment) continue;
    try {
      if (payment.status === 'paid') {
        const paid: Order = { ...order, status: 'paid', paidAt: payment.paidAt ?? now };
        const paidAt = new Date(paid.paidAt!);
        const set = new WriteSet()
          .add('order', shop.updateOrderOp(order, paid))
          .add('hold', shop.holdDeleteOp(order))
          .add('moves', ...saleMoves(order, paidAt, localDate(paidAt, scope.zone)).map((m) => shop.moveOp(m)));
        await commit(scope.db, set, () => conflict('The order was settled meanwhile', { rule: 'order_changed' }));
        out.settled++;
      } else if (expired) {
        const set = new WriteSet()
          .add('order', shop.updateOrderOp(order, { ...order, status: 'expired' }))
          .add('hold', shop.holdDeleteOp(order))
          .add('payment', payments.updateOp(payment, { ...payment, releasedAt: now }))
          .add('stock', ...order.lines.map((l) => shop.giveStockOp(l.productId, l.quantity)));
        await commit(scope.db, set, () => conflict('The order was paid or released meanwhile', { rule: 'order_changed' }));
        out.released++;
      }
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'conflict')) throw e; // another request did it first
    }
  }
  return out;
}
