import { commissionOf, conflict, newId, notFound, ruleViolation, type Consignor, type PayoutDetails, type User } from '@lieu/core';
import { auditPut, commit, WriteSet, type Shop, type StockMovement } from '@lieu/db';
import type { SignedScope, TenantScope } from '../scope';

/** An agreement as staff see it, with the rate that applies (its own or the shop's default). */
export const consignorView = (shop: Shop, c: Consignor) => ({ ...c, effectiveCommissionBp: commissionOf(shop.settings.defaultCommissionBp, c) });

export async function consignorOrFail(scope: TenantScope, memberId: string): Promise<Consignor> {
  const c = await scope.repos.shop.consignor(memberId);
  if (!c) throw notFound('Consignor');
  return c;
}

/** A member of this space who can still take part (an erased account cannot). */
export async function activeMember(scope: TenantScope, id: string): Promise<User> {
  const u = await scope.memberOrFail(id);
  if (u.status === 'erased') throw notFound('Member');
  return u;
}

export async function shopSettings(scope: TenantScope) {
  const { defaultCommissionBp, holdHours } = (await scope.repos.shop.load()).settings;
  return { defaultCommissionBp, holdHours };
}

export async function saveShopSettings(scope: SignedScope, body: { defaultCommissionBp: number; holdHours: number }) {
  const shop = await scope.repos.shop.load();
  const s = await scope.repos.shop.saveSettings(shop.settings, body);
  return { defaultCommissionBp: s.defaultCommissionBp, holdHours: s.holdHours };
}

export async function listConsignors(scope: SignedScope) {
  const shop = await scope.repos.shop.load();
  return { items: shop.consignors.map((c) => consignorView(shop, c)) };
}

export interface AgreementInput { commissionBp?: number | undefined; startDate: string; endDate?: string | undefined; payout: PayoutDetails }

const checkDates = (a: AgreementInput) => {
  if (a.endDate && a.endDate < a.startDate) throw ruleViolation('dates', 'The agreement ends before it starts');
};

export async function createConsignor(scope: SignedScope, body: AgreementInput & { memberId: string }) {
  const member = await activeMember(scope, body.memberId);
  checkDates(body);
  const c = await scope.repos.shop.saveConsignor(null, {
    memberId: member.id, name: member.name, commissionBp: body.commissionBp, startDate: body.startDate, endDate: body.endDate, payout: body.payout,
    createdAt: scope.now.toISOString(), version: 1,
  });
  return consignorView(await scope.repos.shop.load(), c);
}

export async function updateConsignor(scope: SignedScope, memberId: string, body: AgreementInput) {
  const before = await consignorOrFail(scope, memberId);
  checkDates(body);
  // A commission change goes to the audit log with the agreement, in one transaction.
  const audit = (before.commissionBp ?? null) === (body.commissionBp ?? null) ? [] : [auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: 'consignor.commission_changed', targetType: 'consignor', targetId: before.memberId,
    summary: `${before.name}: commission ${before.commissionBp ?? 'default'} → ${body.commissionBp ?? 'default'} bp`,
    changes: { commissionBp: { from: before.commissionBp ?? null, to: body.commissionBp ?? null } },
  }, scope.now)];
  const c = await scope.repos.shop.saveConsignor(before, { ...before, commissionBp: body.commissionBp, startDate: body.startDate, endDate: body.endDate, payout: body.payout }, audit);
  return consignorView(await scope.repos.shop.load(), c);
}

/** A deposit (units onto the shelf) or a return (units back to the maker), recorded with the stock change. */
export async function recordStockMove(scope: SignedScope, kind: 'deposit' | 'return', memberId: string, body: { productId: string; quantity: number; note?: string | undefined }) {
  const r = scope.repos.shop;
  const [, product] = await Promise.all([consignorOrFail(scope, memberId), r.product(body.productId)]);
  if (!product || product.consignorId !== memberId) throw notFound('Product');
  const movement: StockMovement = { id: newId(scope.now.getTime()), kind, productId: product.id, title: product.title, quantity: body.quantity, at: scope.now.toISOString(), by: scope.actor.id, note: body.note };
  const set = new WriteSet()
    .add('stock', kind === 'deposit' ? r.giveStockOp(product.id, body.quantity) : r.takeStockOp(product.id, body.quantity, { published: false }))
    .add('movement', r.stockMovementOp(memberId, movement));
  await commit(scope.db, set, () => conflict(`Only ${product.stock} of ${product.title} on the shelf`, { rule: 'not_enough_stock' }, { stock: product.stock, title: product.title }));
  return { movement, stock: (await r.product(product.id))!.stock };
}

export async function stockMovements(scope: SignedScope, memberId: string) {
  await consignorOrFail(scope, memberId);
  return { items: await scope.repos.shop.stockMovements(memberId) };
}
