import { canMoveOrder, conflict, newId, notFound, saleMoves, type Cart, type DeskMethod, type Order, type Receipt } from '@lieu/core';
import { WriteSet } from '@lieu/db';
import type { SignedScope } from '../scope';
import { paymentOf, priceCart, shortOf } from './cart';
import { orderChanged, soldOut, stockFailure, stockWrite } from './errors';
import { readOrder } from './orders';
import { issueShopReceipt } from './receipt';
import { receiptEmailPut } from '../notices';

/** Staff take payment at the desk for a held order: receipt, payment, order and sales moves in one transaction. */
export async function payOrder(scope: SignedScope, id: string, body: { method: DeskMethod; reference?: string | undefined }): Promise<{ order: Order; receipt: Receipt }> {
  const { shop, payments } = scope.repos;
  const order = await readOrder(scope, id);
  if (!canMoveOrder(order.status, 'paid')) throw conflict(`This order is ${order.status}`, { rule: 'order_not_held' }, { status: order.status });
  const [payment, buyer] = await Promise.all([payments.get(order.buyerId, order.paymentId), scope.repos.users.get(order.buyerId)]);
  if (!payment || payment.status !== 'pending') throw conflict('This order is not waiting for a payment', { rule: 'payment_not_pending' });
  const at = scope.now.toISOString();
  const paid: Order = { ...order, status: 'paid', paidAt: at, holdUntil: undefined, version: order.version + 1 };
  const receipt = await issueShopReceipt(scope, payment, body.method, body.reference, (number) => {
    const settled = { ...payment, status: 'paid' as const, method: body.method, reference: body.reference, receiptNumber: number, paidAt: at, recordedBy: scope.actor.id };
    return new WriteSet()
      .add('order', shop.updateOrderOp(order, paid))
      .add('hold', shop.holdDeleteOp(order))
      .add('payment', payments.updateOp(payment, settled))
      .add('moves', ...saleMoves(order, scope.now, scope.today).map((m) => shop.moveOp(m)))
      .add('receipt-email', ...receiptEmailPut(scope, buyer, settled));
  }, orderChanged);
  return { order: paid, receipt };
}

/** An operator's in-store sale: collected at once, paid at the desk, stock taken, receipt issued, in one transaction. */
export async function tillSale(scope: SignedScope, body: { lines: Cart; method: DeskMethod; reference?: string | undefined; buyerId?: string | undefined }): Promise<{ order: Order; receipt: Receipt }> {
  const { shop: repo, payments } = scope.repos;
  const buyerId = body.buyerId ?? scope.actor.id;
  const read = await repo.loadForOrder(buyerId, { stripe: false });
  const buyer = read.buyer;
  if (!buyer || buyer.tenantId !== scope.tenantId || buyer.status === 'erased') throw notFound('Member');
  const priced = priceCart(scope.tenant, read.shop, body.lines, { online: false, day: scope.today });
  const missing = shortOf(priced);
  if (missing) throw soldOut(missing);
  const at = scope.now.toISOString();
  const order: Order = {
    id: newId(scope.now.getTime()), buyerId: buyer.id, buyerName: buyer.name, source: 'till', status: 'collected', lines: priced.lines,
    currency: priced.quote.currency, totalCents: priced.quote.totalCents, paymentId: newId(scope.now.getTime()), channel: 'desk',
    createdAt: at, paidAt: at, collectedAt: at, refunds: [], refundedCents: 0, version: 1,
  };
  const payment = paymentOf(scope.tenant, order, priced.quote, 'paid', scope.actor.id);
  const receipt = await issueShopReceipt(scope, payment, body.method, body.reference, (number) => {
    const settled = { ...payment, method: body.method, reference: body.reference, receiptNumber: number, paidAt: at, recordedBy: scope.actor.id };
    const set = new WriteSet()
      .add('order', ...repo.createOrderOps(order))
      .add('payment', payments.createOp(settled))
      .add('moves', ...saleMoves(order, scope.now, scope.today).map((m) => repo.moveOp(m)))
      // A sale to a named member emails them its receipt; a walk-in sale (to the operator's own account) none.
      .add('receipt-email', ...(body.buyerId ? receiptEmailPut(scope, buyer, settled) : []));
    for (const l of priced.lines) set.add(stockWrite(l.productId), repo.takeStockOp(l.productId, l.quantity, { published: false }));
    return set;
  }, (failed) => stockFailure(failed, priced.products), !body.buyerId);
  return { order, receipt };
}
