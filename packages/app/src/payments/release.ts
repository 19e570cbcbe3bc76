import { isRefundable, movesOf, refundedOrder, refundLinesOf, type Payment, type Tenant } from '@lieu/core';
import { checkCancellable, effectiveBooking, type Booking } from '@lieu/core/booking';
import { auditPut, bookingsRepo, memberBillingRepo, outboxRepo, shopRepo, tenantRealm, usersRepo, type Db, type transact } from '@lieu/db';
import { bookingEmail } from '../bookings/notify';
import { registrationCancelWrites } from '../events/cancel';
import { createScope, type Links } from '../scope';

type Items = Parameters<typeof transact>[1];

/** Who released it, in the item's history and the audit log: money given back on Stripe, not a person. */
const BY = 'stripe';

/**
 * What a payment given back in full on Stripe (a refund made in the Stripe dashboard, a lost
 * chargeback) releases, under the rules of a staff cancellation, as writes for the transaction that
 * records the credit note. The payment itself is the caller's (it is changed in that transaction):
 * nothing here touches it, and no refund is requested (the money is back already).
 * - a booking still to come (held or confirmed) is cancelled: its slots freed, the credits and quota
 *   it used given back, the member's cancellation email (if they take them);
 * - an event ticket is cancelled: the place goes to the first person waiting, or is freed;
 * - a shop order is refunded for what is left of it, its units back on sale when the space says so
 *   (`refundRestocks`, default yes), with its consignors' refund moves and an audit entry.
 * Anything already cancelled, past or refunded releases nothing.
 */
export async function releaseOnRefund(ctx: { db: Db; tenant: Tenant; now: Date; today: string; links: Links }, p: Payment, eventId: string): Promise<Items> {
  const { db, tenant, now } = ctx;
  const at = now.toISOString();
  if (p.item.kind === 'booking') {
    const bookings = bookingsRepo(db, tenant.id, tenant.timeZone);
    const stored = await bookings.get(p.item.refId);
    if (!stored) return [];
    const b = effectiveBooking(stored, now.getTime());
    try { checkCancellable(b, 0, now.getTime(), true); } catch { return []; }
    if (b.status === 'held' && !(Date.parse(b.holdExpiresAt ?? '') > now.getTime())) return [];
    const after: Booking = { ...b, status: 'cancelled', cancelledAt: at, cancelledBy: BY, cancelReason: 'refunded', holdExpiresAt: undefined, version: stored.version + 1 };
    const items: Items = [...bookings.cancelItems(stored, after)];
    if (stored.pricing) items.push(...memberBillingRepo(db, tenant.id).refundItems(stored.memberId, stored.pricing.consumes));
    if (b.status === 'confirmed') {
      const member = await usersRepo(db, tenantRealm(tenant.id)).get(stored.memberId);
      const mail = member && bookingEmail({ tenant, zone: tenant.timeZone, now, links: ctx.links }, member, { kind: 'bookingCancelled', booking: after, staffReason: null });
      if (mail) items.push(outboxRepo(db, tenantRealm(tenant.id)).putItem(mail, now));
    }
    return items;
  }
  if (p.item.kind === 'ticket') {
    if (!p.item.eventId) return []; // a ticket sold before tickets named their event: staff cancel it
    const scope = createScope({ db, tenant, now, requestId: eventId, actor: null, links: ctx.links });
    const [e, reg] = await Promise.all([scope.repos.events.get(p.item.eventId), scope.repos.events.getRegistration(p.item.eventId, p.item.refId)]);
    if (!e || !reg || reg.status === 'cancelled' || reg.paymentId !== p.id) return [];
    return (await registrationCancelWrites(scope, e, reg, BY)).set.items;
  }
  if (p.item.kind === 'order') {
    const shop = shopRepo(db, tenant.id);
    const order = await shop.order(p.item.refId);
    if (!order || order.paymentId !== p.id) return [];
    const restock = tenant.refundRestocks ?? true;
    const reason = 'refunded on Stripe';
    if (order.status === 'held') {
      // Paid online but never settled here (no sale recorded): it ends refunded, its hold gone.
      const next = { ...order, status: 'refunded' as const, refundedCents: p.totalCents, version: order.version + 1 };
      return [
        shop.updateOrderOp(order, next), shop.holdDeleteOp(order),
        ...(restock ? order.lines.map((l) => shop.giveStockOp(l.productId, l.quantity)) : []),
        auditPut(db, tenant.id, { actorId: BY, action: 'order.refunded', targetType: 'order', targetId: order.id, summary: `${order.buyerName}: refunded on Stripe${restock ? ', restocked' : ''}`, changes: { status: { from: order.status, to: next.status } } }, now),
      ];
    }
    if (!isRefundable(order.status)) return [];
    const lines = refundLinesOf(order, undefined);
    if (!lines.length) return [];
    const next = refundedOrder(order, lines, { at, by: BY, restocked: restock, reason });
    return [
      shop.updateOrderOp(order, next),
      ...movesOf(order, 'refund', now, ctx.today, lines).map((m) => shop.moveOp(m)),
      ...(restock ? lines.map((l) => shop.giveStockOp(l.line.productId, l.quantity)) : []),
      auditPut(db, tenant.id, {
        actorId: BY, action: 'order.refunded', targetType: 'order', targetId: order.id,
        summary: `${order.buyerName}: ${next.refundedCents - order.refundedCents} cents refunded on Stripe${restock ? ', restocked' : ''}`,
        changes: { refundedCents: { from: order.refundedCents, to: next.refundedCents }, status: { from: order.status, to: next.status } },
      }, now),
    ];
  }
  return [];
}
