import { buildStatement, hasRole, localDate, notFound, ruleViolation, salesByProduct, sellThroughBp, statementCsv, vatRateBp, type Consignor, type Role } from '@lieu/core';
import { shop as api } from '@lieu/api';
import { shopRepo, type Shop } from '@lieu/db';
import { implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { reconcileTenantHolds } from '../shop/holds';

/**
 * The CoBoutique's statements and payouts, and the maker's own view (issue 7), in their own Lambda so
 * that functions/shop (orders, the till, stock) stays within the size budget (DESIGN.md §8). They read
 * the sales and refund moves that functions/shop writes in each order's transaction (core/shop.ts
 * computes the statements); unpaid holds are settled or released first (../shop/holds.ts), so a
 * statement counts what was paid online meanwhile.
 */
const repo = (ctx: RequestCtx) => shopRepo(ctx.deps.db, tenantOf(ctx).id);
const isStaff = (ctx: RequestCtx) => !!ctx.session && hasRole(ctx.session.role as Role, 'operator');
const today = (ctx: RequestCtx) => localDate(ctx.now, tenantOf(ctx).timeZone);
const reconcileHolds = async (ctx: RequestCtx) => (await reconcileTenantHolds(ctx.deps.db, tenantOf(ctx), ctx.now)).released;
const commissionOf = (shop: Shop, c: Consignor) => c.commissionBp ?? shop.settings.defaultCommissionBp;
const consignorView = (shop: Shop, c: Consignor) => ({ ...c, effectiveCommissionBp: commissionOf(shop, c) });

async function consignorOrFail(ctx: RequestCtx, memberId: string): Promise<Consignor> {
  const c = await repo(ctx).consignor(memberId);
  if (!c) throw notFound('Consignor');
  return c;
}

export const routes: Route[] = [
  implement(api.monthStatements, async ({ query, ctx }) => {
    const shop = await repo(ctx).load();
    await reconcileHolds(ctx);
    const items = await Promise.all(shop.consignors.map(async (c) => {
      const s = await statementOf(ctx, c, query.month);
      return { consignorId: c.memberId, consignorName: c.name, totals: s.totals, paid: s.paid };
    }));
    return { month: query.month, currency: tenantOf(ctx).currency, items };
  }),
  implement(api.getStatement, async ({ params, ctx }) => statementOf(ctx, await ownConsignor(ctx, params.memberId), params.month)),
  implement(api.statementCsv, async ({ params, query, ctx }) => {
    const c = await ownConsignor(ctx, params.memberId);
    const s = await statementOf(ctx, c, params.month);
    return new Response(statementCsv(c.name, params.month, s, query.format), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="releve-${params.month}-${params.memberId}.csv"` },
    });
  }),
  implement(api.markStatementPaid, async ({ params, body, ctx }) => {
    const c = await consignorOrFail(ctx, params.memberId);
    if (params.month >= today(ctx).slice(0, 7)) throw ruleViolation('month_not_closed', 'A statement is paid once its month is over');
    const s = await statementOf(ctx, c, params.month);
    const record = { month: params.month, method: body.method, paidOn: body.paidOn, reference: body.reference, netDueCents: s.totals.netDueCents, by: ctx.session!.sub, at: ctx.now.toISOString() };
    await repo(ctx).markPaid(c.memberId, record);
    return record;
  }),

  // ---- the maker's view ----
  implement(api.makerView, async ({ ctx }) => {
    const me = ctx.session!.sub;
    const shop = await repo(ctx).load();
    const consignor = shop.consignors.find((c) => c.memberId === me);
    if (!consignor) throw notFound('Consignor');
    await reconcileHolds(ctx);
    const day = today(ctx);
    const months = lastMonths(day, 12);
    const moves = await repo(ctx).moves(me, `${months[0]}-01`, `${months[months.length - 1]}-31`);
    const payouts = await repo(ctx).payouts(me);
    const sales = salesByProduct(moves);
    const fresh = await repo(ctx).load();
    const products = fresh.products.filter((p) => p.consignorId === me).map((p) => {
      const s = sales.get(p.id);
      const sold = s?.sold ?? 0;
      return {
        id: p.id, title: p.title, priceCents: p.priceCents, published: p.published, stockLeft: p.stock, sold,
        soldByWeek: Object.entries(s?.byWeek ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([week, units]) => ({ week, units })),
        sellThroughBp: sellThroughBp(sold, p.stock),
      };
    });
    const vat = vatRateBp(tenantOf(ctx).vat);
    const statements = months.map((month) => ({
      month, totals: buildStatement(moves.filter((m) => m.day.startsWith(month)), vat).totals, paid: payouts.find((p) => p.month === month) ?? null,
    })).filter((s) => s.totals.units !== 0 || s.totals.salesCents !== 0 || s.paid);
    return { consignor: consignorView(shop, consignor), currency: tenantOf(ctx).currency, products, statements };
  }),
];

/** Staff see any consignor; a member only themselves (anyone else is "not found"). */
async function ownConsignor(ctx: RequestCtx, memberId: string): Promise<Consignor> {
  if (!isStaff(ctx) && memberId !== ctx.session!.sub) throw notFound('Consignor');
  return consignorOrFail(ctx, memberId);
}

async function statementOf(ctx: RequestCtx, c: Consignor, month: string) {
  const tenant = tenantOf(ctx);
  const r = repo(ctx);
  const [moves, payouts] = await Promise.all([r.moves(c.memberId, `${month}-01`, `${month}-31`), r.payouts(c.memberId)]);
  const vat = vatRateBp(tenant.vat);
  return { consignorId: c.memberId, consignorName: c.name, month, currency: tenant.currency, spaceVatRateBp: vat, ...buildStatement(moves, vat), paid: payouts.find((p) => p.month === month) ?? null };
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
