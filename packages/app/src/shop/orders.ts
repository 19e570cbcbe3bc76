import {
  canMoveOrder, conflict, effectiveOrder, newId, noticeEmails, notFound, type Cart, type Order,
} from '@lieu/core';
import { commit, WriteSet, type Page } from '@lieu/db';
import { memberEmail } from '../mail';
import type { SignedScope } from '../scope';
import { paymentOf, priceCart, shortOf } from './cart';
import { orderChanged, soldOut, stockFailure, stockWrite } from './errors';
import { reconcileHolds } from './holds';

/**
 * A member's online order. Stock is a counter on each product, taken with `ADD stock :-n` under
 * `stock >= :n` in the same transaction as the order, so it can never be oversold. An unpaid order
 * holds its stock until `holdUntil`: it then reads as `expired`, and its stock goes back when a buyer
 * meets "sold out", when staff list orders or statements, or when the expire-orders job runs. Nothing
 * here calls Stripe: an order paid online gets a pending payment that the billing area's Checkout
 * pays; the paid order is settled when it is next read.
 */
const HOUR = 3600_000;

export async function placeOrder(scope: SignedScope, cart: Cart, pay: 'online' | 'desk') {
  const { shop: repo, payments } = scope.repos;
  // The shop (one Query) and, in one BatchGetItem beside it, the buyer and the space's Stripe settings.
  const read = await repo.loadForOrder(scope.actor.id, { stripe: pay === 'online' });
  const buyer = read.buyer;
  if (!buyer || buyer.tenantId !== scope.tenantId || buyer.status === 'erased') throw notFound('Member');
  let shop = read.shop;
  let priced = priceCart(scope.tenant, shop, cart, { online: true, day: scope.today });
  // Not enough on the shelf as read: expired holds may be holding it; give those back, then look again.
  if (shortOf(priced) && (await reconcileHolds(scope)).released > 0) {
    shop = await repo.load();
    priced = priceCart(scope.tenant, shop, cart, { online: true, day: scope.today });
  }
  const missing = shortOf(priced);
  if (missing) throw soldOut(missing);

  const channel = pay === 'online' && read.chargesEnabled ? 'stripe' as const : 'desk' as const;
  const holdMs = channel === 'stripe' ? 24 * HOUR : shop.settings.holdHours * HOUR;
  const at = scope.now.getTime();
  const order: Order = {
    id: newId(at), buyerId: buyer.id, buyerName: buyer.name, source: 'online', status: 'held', lines: priced.lines,
    currency: priced.quote.currency, totalCents: priced.quote.totalCents, paymentId: newId(at), channel,
    holdUntil: new Date(at + holdMs).toISOString(), createdAt: scope.now.toISOString(), refunds: [], refundedCents: 0, version: 1,
  };
  const set = new WriteSet()
    .add('order', ...repo.createOrderOps(order))
    .add('hold', repo.holdPutOp(order))
    .add('payment', payments.createOp(paymentOf(scope.tenant, order, priced.quote, 'pending', buyer.id)));
  for (const l of priced.lines) set.add(stockWrite(l.productId), repo.takeStockOp(l.productId, l.quantity, { published: true }));
  await commit(scope.db, set, (failed) => stockFailure(failed, priced.products));
  // Paid at the desk: nothing to start ("to pay on site"); online: the client opens Checkout.
  return { order, paymentId: order.paymentId, payOnline: channel === 'stripe' };
}

/** An order as its buyer or staff see it; a held order paid online is settled first. */
export async function readOrder(scope: SignedScope, id: string): Promise<Order> {
  const { shop, payments } = scope.repos;
  const order = await shop.orderOrFail(id);
  if (order.buyerId !== scope.actor.id && !scope.actor.isStaff) throw notFound('Order');
  if (order.status === 'held' && order.channel === 'stripe') {
    const payment = await payments.get(order.buyerId, order.paymentId);
    if (payment?.status === 'paid') {
      await reconcileHolds(scope);
      return effectiveOrder(await shop.orderOrFail(id), scope.now);
    }
  }
  return effectiveOrder(order, scope.now);
}

export async function myOrders(scope: SignedScope, page: { limit: number; cursor?: string | undefined }): Promise<Page<Order>> {
  const got = await scope.repos.shop.ordersOf(scope.actor.id, page);
  return { ...got, items: got.items.map((o) => effectiveOrder(o, scope.now)) };
}

/** The shop's orders for staff; the first page releases lapsed holds first, so it shows them expired and restocked. */
export async function listOrders(scope: SignedScope, page: { limit: number; cursor?: string | undefined }): Promise<Page<Order>> {
  if (!page.cursor) await reconcileHolds(scope);
  const got = await scope.repos.shop.orders(page);
  return { ...got, items: got.items.map((o) => effectiveOrder(o, scope.now)) };
}

/** The buyer (or staff) cancels a held order: stock back, payment released, in one transaction. */
export async function cancelOrder(scope: SignedScope, id: string): Promise<Order> {
  const { shop, payments } = scope.repos;
  const order = await readOrder(scope, id);
  if (!canMoveOrder(order.status, 'cancelled')) {
    const paid = canMoveOrder(order.status, 'refunded');
    throw conflict(`This order is ${order.status}: ${paid ? 'staff refund it' : 'nothing to cancel'}`, { rule: 'not_cancellable' }, { status: order.status });
  }
  const payment = await payments.get(order.buyerId, order.paymentId);
  const cancelled: Order = { ...order, status: 'cancelled', cancelledAt: scope.now.toISOString(), version: order.version + 1 };
  const set = new WriteSet()
    .add('order', shop.updateOrderOp(order, cancelled))
    .add('hold', shop.holdDeleteOp(order))
    .add('payment', ...(payment ? [payments.updateOp(payment, { ...payment, releasedAt: scope.now.toISOString() })] : []))
    .add('stock', ...order.lines.map((l) => shop.giveStockOp(l.productId, l.quantity)));
  await commit(scope.db, set, () => conflict('The order was paid or changed meanwhile; reload it', { rule: 'order_changed' }));
  return cancelled;
}

/** Staff move a paid order forward: ready for pickup, then collected (core's NEXT_STATUS). */
export async function moveOrder(scope: SignedScope, id: string, status: 'ready' | 'collected'): Promise<Order> {
  const order = await readOrder(scope, id);
  if (!canMoveOrder(order.status, status)) throw conflict(`A ${order.status} order cannot become ${status}`, { rule: 'bad_transition' }, { from: order.status, to: status });
  const at = scope.now.toISOString();
  const next: Order = { ...order, status, ...(status === 'ready' ? { readyAt: at } : { collectedAt: at }), version: order.version + 1 };
  const set = new WriteSet().add('order', scope.repos.shop.updateOrderOp(order, next));
  // Ready for pickup: the buyer is told in the same transaction (once: an order becomes ready once).
  if (status === 'ready') {
    const email = memberEmail(scope, await scope.repos.users.get(order.buyerId), 'orderReady', (l) => noticeEmails.orderReady(
      l, scope.tenant.name, order.lines.map((x) => ({ title: x.title, quantity: x.quantity })), order.totalCents, order.currency, scope.links.to('/shop/orders'),
    ));
    if (email) set.add('ready-email', scope.repos.outbox.putItem(email, scope.now));
  }
  await commit(scope.db, set, orderChanged);
  return next;
}
