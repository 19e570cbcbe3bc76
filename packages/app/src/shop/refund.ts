import { conflict, isRefundable, movesOf, refundedOrder, refundLinesOf, ruleViolation, type Cart, type Order } from '@lieu/core';
import { auditPut, commit, refundRequestOf, refundRequestOp, WriteSet } from '@lieu/db';
import type { SignedScope } from '../scope';
import { orderChanged } from './errors';
import { readOrder } from './orders';

/**
 * Staff refund a paid order, all of it or some units: the order, its audit entry, the refund moves
 * (negative on the consignors' statements), the restocking and, paid online, a refund request for
 * the Stripe worker, all in one transaction.
 */
export async function refundOrder(scope: SignedScope, id: string, body: { lines?: Cart | undefined; restock: boolean; reason?: string | undefined }): Promise<Order> {
  const { shop, payments } = scope.repos;
  const order = await readOrder(scope, id);
  if (!isRefundable(order.status)) throw conflict(`A ${order.status} order cannot be refunded`, { rule: 'not_refundable' }, { status: order.status });
  const lines = refundLinesOf(order, body.lines);
  if (!lines.length) throw ruleViolation('nothing_to_refund', 'Nothing left to refund');
  const next = refundedOrder(order, lines, { at: scope.now.toISOString(), by: scope.actor.id, restocked: body.restock, reason: body.reason });
  const amountCents = next.refundedCents - order.refundedCents;
  const set = new WriteSet()
    .add('order', shop.updateOrderOp(order, next))
    .add('audit', auditPut(scope.db, scope.tenantId, {
      actorId: scope.actor.id, action: 'order.refunded', targetType: 'order', targetId: order.id,
      summary: `${order.buyerName}: ${amountCents} cents refunded (${lines.map((l) => `${l.quantity} × ${l.line.title}`).join(', ')})${body.restock ? ', restocked' : ''}${body.reason ? ` — ${body.reason}` : ''}`,
      changes: { refundedCents: { from: order.refundedCents, to: next.refundedCents }, ...(next.status !== order.status ? { status: { from: order.status, to: next.status } } : {}) },
    }, scope.now))
    .add('moves', ...movesOf(order, 'refund', scope.now, scope.today, lines).map((m) => shop.moveOp(m)))
    .add('stock', ...(body.restock ? lines.map((l) => shop.giveStockOp(l.line.productId, l.quantity)) : []));
  const payment = await payments.get(order.buyerId, order.paymentId);
  // Paid online: the money goes back through Stripe (a refund request, sent by the Stripe worker).
  if (payment?.status === 'paid' && payment.channel === 'stripe' && payment.stripe?.paymentIntentId) {
    set.add('refund-request', refundRequestOp(scope.db, refundRequestOf(scope.tenantId, payment, { kind: 'order', id: order.id }, `order_${order.id}_${next.refunds.length}`, amountCents, scope.now)));
  }
  if (next.status === 'refunded' && payment?.status === 'paid') set.add('payment', payments.updateOp(payment, { ...payment, status: 'refunded' }));
  await commit(scope.db, set, orderChanged);
  return next;
}
