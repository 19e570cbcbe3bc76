import { AppError, conflict, localDate, type Order, type OrderLine, type ShopMove, type Tenant } from '@lieu/core';
import { paymentsRepo, shopRepo, transact, type Db } from '@lieu/db';

/**
 * Shop holds, shared by the shop's routes and the `expire-orders` job (functions/jobs), so that an
 * order's hold is settled or released by one piece of code whoever asks.
 */

/** One sale (or refund) move per consignor of the order, for the statements. */
export function movesOf(order: Order, kind: 'sale' | 'refund', at: Date, day: string, lines: { line: OrderLine; quantity: number; amountCents: number }[]): ShopMove[] {
  const byConsignor = new Map<string, ShopMove>();
  for (const { line, quantity, amountCents } of lines) {
    if (quantity <= 0) continue;
    const m = byConsignor.get(line.consignorId)
      ?? { kind, orderId: order.id, ...(kind === 'refund' ? { refundNo: order.refunds.length + 1 } : {}), consignorId: line.consignorId, at: at.toISOString(), day, lines: [] };
    m.lines.push({ productId: line.productId, title: line.title, quantity, amountCents, commissionBp: line.commissionBp });
    byConsignor.set(line.consignorId, m);
  }
  return [...byConsignor.values()];
}
export const saleMoves = (order: Order, at: Date, day: string) => movesOf(order, 'sale', at, day, order.lines.map((line) => ({ line, quantity: line.quantity, amountCents: line.amountCents })));

export interface HoldsReconciled {
  /** Holds looked at (expired ones, and online ones that may have been paid). */
  examined: number;
  /** Orders that went `expired`, their stock back on the shelf. */
  released: number;
  /** Orders paid online meanwhile, now `paid` with their sales moves. */
  settled: number;
}

/**
 * Looks at every current hold of a tenant (one Query of the hold markers): an order paid online
 * meanwhile becomes `paid` (with its sales moves); one past its hold goes `expired` and its stock back
 * on the shelf, in one transaction with its payment released (under the payment's version, so a payment
 * that arrives at the same moment wins and nothing is released). The hold marker is deleted in the
 * same transaction, so a second pass finds nothing to do.
 */
export async function reconcileTenantHolds(db: Db, tenant: Tenant, at: Date): Promise<HoldsReconciled> {
  const r = shopRepo(db, tenant.id);
  const payments = paymentsRepo(db, tenant.id);
  const now = at.toISOString();
  const out: HoldsReconciled = { examined: 0, released: 0, settled: 0 };
  for (const hold of await r.holds()) {
    const expired = hold.holdUntil < now;
    if (!expired && hold.channel !== 'stripe') continue; // a desk hold still running: nothing to do
    out.examined++;
    const order = await r.order(hold.orderId);
    if (!order || order.status !== 'held') continue;
    const payment = await payments.get(order.buyerId, order.paymentId);
    if (!payment) continue;
    try {
      if (payment.status === 'paid') {
        const paid: Order = { ...order, status: 'paid', paidAt: payment.paidAt ?? now };
        const paidAt = new Date(paid.paidAt!);
        await transact(db, [r.updateOrderOp(order, paid), r.holdDeleteOp(order), ...saleMoves(order, paidAt, localDate(paidAt, tenant.timeZone)).map((m) => r.moveOp(m))], () => conflict('settled meanwhile'));
        out.settled++;
      } else if (expired) {
        await transact(db, [
          r.updateOrderOp(order, { ...order, status: 'expired' }),
          r.holdDeleteOp(order),
          payments.updateOp(payment, { ...payment, releasedAt: now }),
          ...order.lines.map((l) => r.giveStockOp(l.productId, l.quantity)),
        ], () => conflict('paid or released meanwhile'));
        out.released++;
      }
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'conflict')) throw e; // another request did it first
    }
  }
  return out;
}
