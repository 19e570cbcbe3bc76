import {
  AppError, buildStatement, jobEmails, notFound, ruleViolation, salesByProduct, sellThroughBp, statementCsv, vatRateBp,
  type Consignor, type CsvFormat,
} from '@lieu/core';
import { commit, WriteSet, type PayoutRecord } from '@lieu/db';
import type { SignedScope, TenantScope } from '../scope';
import { consignorOrFail, consignorView } from './consignors';
import { reconcileHolds } from './holds';

/**
 * Consignors' statements, payouts and the maker's own view. They read the sales and refund moves the
 * orders write in their transactions (core's `buildStatement` computes them); unpaid holds are
 * settled or released first, so a statement counts what was paid online meanwhile.
 */

/** Staff see any consignor; a member only themselves (anyone else is "not found"). */
export async function ownConsignor(scope: SignedScope, memberId: string): Promise<Consignor> {
  if (!scope.actor.isStaff && memberId !== scope.actor.id) throw notFound('Consignor');
  return consignorOrFail(scope, memberId);
}

export async function statementOf(scope: TenantScope, c: Consignor, month: string) {
  const r = scope.repos.shop;
  const [moves, payouts] = await Promise.all([r.moves(c.memberId, `${month}-01`, `${month}-31`), r.payouts(c.memberId)]);
  const vat = vatRateBp(scope.tenant.vat);
  return { consignorId: c.memberId, consignorName: c.name, month, currency: scope.tenant.currency, spaceVatRateBp: vat, ...buildStatement(moves, vat), paid: payouts.find((p) => p.month === month) ?? null };
}

/** Every consignor's totals for a month (staff). */
export async function monthStatements(scope: SignedScope, month: string) {
  const shop = await scope.repos.shop.load();
  await reconcileHolds(scope);
  const items = await Promise.all(shop.consignors.map(async (c) => {
    const s = await statementOf(scope, c, month);
    return { consignorId: c.memberId, consignorName: c.name, totals: s.totals, paid: s.paid };
  }));
  return { month, currency: scope.tenant.currency, items };
}

export async function consignorStatement(scope: SignedScope, memberId: string, month: string) {
  return statementOf(scope, await ownConsignor(scope, memberId), month);
}

/** A statement as a CSV file (through the shared CSV writer) and the file's name. */
export async function statementFile(scope: SignedScope, memberId: string, month: string, format: CsvFormat) {
  const c = await ownConsignor(scope, memberId);
  const s = await statementOf(scope, c, month);
  return { text: statementCsv(c.name, month, s, format), filename: `releve-${month}-${memberId}.csv` };
}

/** Marks a closed month's statement paid, once, with the net due as computed now. */
export async function markStatementPaid(scope: SignedScope, memberId: string, month: string, body: { method: PayoutRecord['method']; paidOn: string; reference?: string | undefined }): Promise<PayoutRecord> {
  const c = await consignorOrFail(scope, memberId);
  if (month >= scope.today.slice(0, 7)) throw ruleViolation('month_not_closed', 'A statement is paid once its month is over', { month });
  const s = await statementOf(scope, c, month);
  const record: PayoutRecord = { month, method: body.method, paidOn: body.paidOn, reference: body.reference, netDueCents: s.totals.netDueCents, by: scope.actor.id, at: scope.now.toISOString() };
  await scope.repos.shop.markPaid(c.memberId, record);
  return record;
}

/** The maker's own view: their products (stock, units per week, sell-through) and last 12 months' statements. */
export async function makerView(scope: SignedScope) {
  const me = scope.actor.id;
  const r = scope.repos.shop;
  const shop = await r.load();
  const consignor = shop.consignors.find((c) => c.memberId === me);
  if (!consignor) throw notFound('Consignor');
  await reconcileHolds(scope);
  const months = lastMonths(scope.today, 12);
  const [moves, payouts, fresh] = await Promise.all([r.moves(me, `${months[0]}-01`, `${months[months.length - 1]}-31`), r.payouts(me), r.load()]);
  const sales = salesByProduct(moves);
  const products = fresh.products.filter((p) => p.consignorId === me).map((p) => {
    const s = sales.get(p.id);
    const sold = s?.sold ?? 0;
    return {
      id: p.id, title: p.title, priceCents: p.priceCents, published: p.published, stockLeft: p.stock, sold,
      soldByWeek: Object.entries(s?.byWeek ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([week, units]) => ({ week, units })),
      sellThroughBp: sellThroughBp(sold, p.stock),
    };
  });
  const vat = vatRateBp(scope.tenant.vat);
  const statements = months.map((month) => ({
    month, totals: buildStatement(moves.filter((m) => m.day.startsWith(month)), vat).totals, paid: payouts.find((p) => p.month === month) ?? null,
  })).filter((s) => s.totals.units !== 0 || s.totals.salesCents !== 0 || s.paid);
  return { consignor: consignorView(shop, consignor), currency: scope.tenant.currency, products, statements };
}

/**
 * Emails each consignor with sales or refunds last month (the month before the space's current one)
 * its statement, in their language, once: the email and a "sent" marker (under
 * `attribute_not_exists`) are written in one transaction, so a second run sends nothing.
 */
export async function emailLastMonthStatements(scope: TenantScope): Promise<{ examined: number; sent: number }> {
  const month = previousMonth(scope.today);
  const r = scope.repos.shop;
  const { consignors } = await r.load();
  const vat = vatRateBp(scope.tenant.vat);
  let examined = 0;
  let sent = 0;
  for (const c of consignors) {
    const moves = await r.moves(c.memberId, `${month}-01`, `${month}-31`);
    if (!moves.length) continue;
    examined++;
    const statement = buildStatement(moves, vat);
    const user = await scope.repos.users.get(c.memberId);
    if (!user || user.status === 'erased' || !user.email) continue;
    const email = jobEmails.consignorStatement(user.locale ?? scope.tenant.locale, scope.tenant.name, month, scope.tenant.currency, statement.lines, statement.totals);
    const set = new WriteSet()
      .add('sent', r.statementSentOp(c.memberId, month, statement.totals.netDueCents, scope.now))
      .add('email', scope.repos.outbox.putItem({ to: user.email, ...email }, scope.now));
    try {
      await commit(scope.db, set, (failed) => new AppError('conflict', 'Statement already sent', { rule: failed.has('sent') ? 'already_exists' : 'conflict' }));
      sent++;
    } catch (err) {
      if (!(err instanceof AppError && err.reason === 'already_exists')) throw err;
    }
  }
  return { examined, sent };
}

/** The month before the one of `date` (YYYY-MM-DD → YYYY-MM). */
export function previousMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The `n` months up to the one of `day`, oldest first (YYYY-MM). */
function lastMonths(day: string, n: number): string[] {
  let y = Number(day.slice(0, 4));
  let m = Number(day.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) { m = 12; y--; }
  }
  return out;
}
