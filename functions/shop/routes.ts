import {
  AppError, ANONYMOUS, conflict, effectiveOrder, hasRole, localDate, newId, notFound, priceQuote, PricingError, ruleViolation,
  type Consignor, type DeskMethod, type Order, type OrderLine, type Payment, type Product, type Receipt, type Role, type Tenant, type User,
} from '@lieu/core';
import { shop as api } from '@lieu/api';
import { auditPut, diff, paymentsRepo, receiptsRepo, refundRequestOf, refundRequestOp, shopRepo, stripeRepo, tenantRealm, transact, usersRepo, type CancellationReason, type Shop } from '@lieu/db';
import { implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { DeskGateway, sellerOf } from '@lieu/payments';
import { movesOf, reconcileTenantHolds, saleMoves } from './holds';

/**
 * The CoBoutique (issue 7). Stock is a counter on each product, taken with `ADD stock :-n` under
 * `stock >= :n` in the same TransactWriteItems as the order, so it can never be oversold. An unpaid
 * order holds its stock until `holdUntil`: it then reads as `expired`, and its stock goes back when a
 * buyer meets "sold out", when staff list orders or statements, or when a job calls the release route.
 * Sales and refunds are written as moves in each consignor's partition in the same transaction as the
 * order's status change; statements and the maker's figures are computed from them (core/shop.ts).
 * Nothing here imports Stripe: an order paid online gets a pending payment that the billing area's
 * Checkout route (functions/webhooks) pays; the paid order is settled when it is next read.
 */
type Items = Parameters<typeof transact>[1];
const repo = (ctx: RequestCtx) => shopRepo(ctx.deps.db, tenantOf(ctx).id);
const isStaff = (ctx: RequestCtx) => !!ctx.session && hasRole(ctx.session.role as Role, 'operator');
const today = (ctx: RequestCtx) => localDate(ctx.now, tenantOf(ctx).timeZone);
const soldOut = (p: { id: string; title: string }) => conflict(`Sold out: ${p.title}`, { rule: 'sold_out', productId: p.id });
const HOUR = 3600_000;

async function memberOf(ctx: RequestCtx, id: string): Promise<User> {
  const u = await usersRepo(ctx.deps.db, tenantRealm(tenantOf(ctx).id)).get(id);
  if (!u || u.tenantId !== tenantOf(ctx).id || u.status === 'erased') throw notFound('Member');
  return u;
}

/** The agreement covers `day` (the online shop sells only then; the till may still sell what is on the shelf). */
const agreementActive = (c: Consignor, day: string) => c.startDate <= day && (!c.endDate || day <= c.endDate);
const commissionOf = (shop: Shop, c: Consignor) => c.commissionBp ?? shop.settings.defaultCommissionBp;
const consignorView = (shop: Shop, c: Consignor) => ({ ...c, effectiveCommissionBp: commissionOf(shop, c) });

async function consignorOrFail(ctx: RequestCtx, memberId: string): Promise<Consignor> {
  const c = await repo(ctx).consignor(memberId);
  if (!c) throw notFound('Consignor');
  return c;
}

// ---- pricing a cart ----------------------------------------------------------------------------------
type Cart = readonly { productId: string; quantity: number }[];

/** Same product twice in a cart = one line (one transaction cannot touch an item twice). */
function mergeCart(cart: Cart): { productId: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of cart) m.set(l.productId, (m.get(l.productId) ?? 0) + l.quantity);
  if ([...m.values()].some((q) => q > 1000)) throw new AppError('invalid_input', 'At most 1000 units of a product per order', { fields: [{ path: 'lines', message: 'Too many units' }] });
  return [...m].map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * Prices a cart through the pricing engine (shop lines, each with its VAT rate) and snapshots each
 * line's consignor and commission rate. A product of another tenant, or unpublished for the online
 * shop, is simply not found here.
 */
function priceCart(tenant: Tenant, shop: Shop, cart: Cart, opts: { online: boolean; day: string }) {
  const lines = mergeCart(cart).map((l) => {
    const product = shop.products.find((p) => p.id === l.productId);
    if (!product || (opts.online && !product.published)) throw notFound('Product');
    const consignor = shop.consignors.find((c) => c.memberId === product.consignorId);
    if (!consignor) throw notFound('Consignor');
    if (opts.online && !agreementActive(consignor, opts.day)) throw ruleViolation('consignment_not_active', `${product.title} is not on sale: its consignment agreement is not running`);
    return { product, consignor, quantity: l.quantity };
  });
  let quote;
  try {
    quote = priceQuote({
      currency: tenant.currency, vat: tenant.vat, rates: [], member: ANONYMOUS, today: opts.day,
      items: lines.map((l) => ({ kind: 'product' as const, label: l.product.title, unitCents: l.product.priceCents, quantity: l.quantity, vatRateBp: l.product.vatRateBp })),
    });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
  const orderLines: OrderLine[] = lines.map((l, i) => {
    const q = quote.lines[i]!;
    return {
      productId: l.product.id, title: l.product.title, consignorId: l.consignor.memberId, quantity: l.quantity, unitCents: l.product.priceCents,
      amountCents: q.amountCents, vatRateBp: q.vatRateBp, netCents: q.netCents, vatCents: q.vatCents, commissionBp: commissionOf(shop, l.consignor), refunded: 0,
    };
  });
  return { lines: orderLines, products: lines.map((l) => l.product), quote };
}

function paymentOf(order: Order, quote: ReturnType<typeof priceCart>['quote'], status: 'pending' | 'paid', by: string): Payment {
  return {
    id: order.paymentId, memberId: order.buyerId, memberName: order.buyerName,
    item: { kind: 'order', refId: order.id, label: `Boutique — commande ${order.id.slice(-6).toUpperCase()}` }, revenueCategory: 'shop',
    lines: quote.lines.map((l) => ({ label: l.label, revenueCategory: l.revenueCategory, quantity: l.quantity, amountCents: l.amountCents, vatRateBp: l.vatRateBp, netCents: l.netCents, vatCents: l.vatCents })),
    currency: quote.currency, totalCents: quote.totalCents, netCents: quote.netCents, vatCents: quote.vatCents, ...(quote.vatMention ? { vatMention: quote.vatMention } : {}),
    status, channel: order.channel, createdAt: order.createdAt, createdBy: by, effect: { kind: 'none' }, version: 1,
  };
}

/** Which stock line of a cancelled order transaction failed: that product is sold out. */
function stockFailure(reasons: CancellationReason[], firstStockIndex: number, products: Product[]): Error {
  for (let i = 0; i < products.length; i++) if (reasons[firstStockIndex + i]?.Code === 'ConditionalCheckFailed') return soldOut(products[i]!);
  return conflict('The shop changed meanwhile; try again');
}

// ---- holds: settle (paid online) or release (expired): holds.ts, shared with the expire-orders job ----
const reconcileHolds = async (ctx: RequestCtx): Promise<number> => (await reconcileTenantHolds(ctx.deps.db, tenantOf(ctx), ctx.now)).released;

/** An order as its buyer or staff see it; a held order paid online is settled first. */
async function readOrder(ctx: RequestCtx, id: string): Promise<Order> {
  const order = await repo(ctx).orderOrFail(id);
  if (order.buyerId !== ctx.session!.sub && !isStaff(ctx)) throw notFound('Order');
  if (order.status === 'held' && order.channel === 'stripe') {
    const payment = await paymentsRepo(ctx.deps.db, tenantOf(ctx).id).get(order.buyerId, order.paymentId);
    if (payment?.status === 'paid') {
      await reconcileHolds(ctx);
      return effectiveOrder((await repo(ctx).orderOrFail(id)), ctx.now);
    }
  }
  return effectiveOrder(order, ctx.now);
}

// ---- orders --------------------------------------------------------------------------------------------
async function placeOrder(ctx: RequestCtx, cart: Cart, pay: 'online' | 'desk') {
  const tenant = tenantOf(ctx);
  const r = repo(ctx);
  const day = today(ctx);
  const [shop0, buyer, stripe] = await Promise.all([r.load(), memberOf(ctx, ctx.session!.sub), stripeRepo(ctx.deps.db).settings(tenant.id)]);
  let shop = shop0;
  let priced = priceCart(tenant, shop, cart, { online: true, day });
  const short = () => priced.products.find((p, i) => p.stock < priced.lines[i]!.quantity);
  // Not enough on the shelf as read: expired holds may be holding it; give those back, then look again.
  if (short() && (await reconcileHolds(ctx)) > 0) {
    shop = await r.load();
    priced = priceCart(tenant, shop, cart, { online: true, day });
  }
  const missing = short();
  if (missing) throw soldOut(missing);

  const channel = pay === 'online' && stripe?.chargesEnabled ? 'stripe' as const : 'desk' as const;
  const holdMs = channel === 'stripe' ? 24 * HOUR : shop.settings.holdHours * HOUR;
  const order: Order = {
    id: newId(ctx.now.getTime()), buyerId: buyer.id, buyerName: buyer.name, source: 'online', status: 'held', lines: priced.lines,
    currency: priced.quote.currency, totalCents: priced.quote.totalCents, paymentId: newId(ctx.now.getTime()), channel,
    holdUntil: new Date(ctx.now.getTime() + holdMs).toISOString(), createdAt: ctx.now.toISOString(), refunds: [], refundedCents: 0, version: 1,
  };
  const head: Items = [...r.createOrderOps(order), r.holdPutOp(order), paymentsRepo(ctx.deps.db, tenant.id).createOp(paymentOf(order, priced.quote, 'pending', buyer.id))];
  await transact(ctx.deps.db, [...head, ...priced.lines.map((l) => r.takeStockOp(l.productId, l.quantity, { published: true }))],
    (reasons) => stockFailure(reasons, head.length, priced.products));
  // Paid at the desk: nothing to start (DeskGateway reserves "to pay on site"); online: the client opens Checkout.
  if (channel === 'desk') await new DeskGateway(ctx.deps.db).begin();
  return { order, paymentId: order.paymentId, payOnline: channel === 'stripe' };
}

/** Issues the receipt of a shop payment in the same transaction as `items` (order, payment, stock, moves). */
async function issueReceipt(ctx: RequestCtx, payment: Payment, method: DeskMethod, reference: string | undefined, items: (receiptNumber: string) => Items, onConflict: (reasons: CancellationReason[]) => Error): Promise<Receipt> {
  const tenant = tenantOf(ctx);
  return receiptsRepo(ctx.deps.db, tenant.id).issue((sequence, number) => ({
    receipt: {
      number, sequence, paymentId: payment.id, issuedAt: ctx.now.toISOString(), seller: sellerOf(tenant), buyer: { id: payment.memberId, name: payment.memberName },
      lines: payment.lines, currency: payment.currency, totalCents: payment.totalCents, netCents: payment.netCents, vatCents: payment.vatCents,
      vatMention: payment.vatMention, method, reference,
    },
    items: items(number),
  }), onConflict);
}

function refundLines(order: Order, asked: Cart | undefined) {
  const wanted = asked ? mergeCart(asked) : order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity - l.refunded }));
  return wanted.filter((w) => w.quantity > 0).map((w) => {
    const line = order.lines.find((l) => l.productId === w.productId);
    if (!line) throw notFound('Order line');
    if (w.quantity > line.quantity - line.refunded) throw ruleViolation('refund_exceeds_sale', `Only ${line.quantity - line.refunded} of ${line.title} can still be refunded`);
    // A partial refund is priced at the line's unit amount; the last unit takes what rounding left.
    const left = line.quantity - line.refunded - w.quantity;
    const alreadyRefunded = order.refunds.flatMap((r) => r.lines).filter((x) => x.productId === line.productId).reduce((s, x) => s + x.amountCents, 0);
    const amountCents = left === 0 ? line.amountCents - alreadyRefunded : Math.round((line.amountCents * w.quantity) / line.quantity);
    return { line, quantity: w.quantity, amountCents };
  });
}

export const routes: Route[] = [
  // ---- settings and consignors ----
  implement(api.getSettings, async ({ ctx }) => {
    const { defaultCommissionBp, holdHours } = (await repo(ctx).load()).settings;
    return { defaultCommissionBp, holdHours };
  }),
  implement(api.putSettings, async ({ body, ctx }) => {
    const shop = await repo(ctx).load();
    const s = await repo(ctx).saveSettings(shop.settings, body);
    return { defaultCommissionBp: s.defaultCommissionBp, holdHours: s.holdHours };
  }),
  implement(api.listConsignors, async ({ ctx }) => {
    const shop = await repo(ctx).load();
    return { items: shop.consignors.map((c) => consignorView(shop, c)) };
  }),
  implement(api.createConsignor, async ({ body, ctx }) => {
    const member = await memberOf(ctx, body.memberId);
    if (body.endDate && body.endDate < body.startDate) throw ruleViolation('dates', 'The agreement ends before it starts');
    const c = await repo(ctx).saveConsignor(null, {
      memberId: member.id, name: member.name, commissionBp: body.commissionBp, startDate: body.startDate, endDate: body.endDate, payout: body.payout,
      createdAt: ctx.now.toISOString(), version: 1,
    });
    return consignorView(await repo(ctx).load(), c);
  }),
  implement(api.updateConsignor, async ({ params, body, ctx }) => {
    const before = await consignorOrFail(ctx, params.memberId);
    if (body.endDate && body.endDate < body.startDate) throw ruleViolation('dates', 'The agreement ends before it starts');
    // A commission change goes to the audit log with the agreement, in one transaction.
    const audit = (before.commissionBp ?? null) === (body.commissionBp ?? null) ? [] : [auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: 'consignor.commission_changed', targetType: 'consignor', targetId: before.memberId,
      summary: `${before.name}: commission ${before.commissionBp ?? 'default'} → ${body.commissionBp ?? 'default'} bp`,
      changes: { commissionBp: { from: before.commissionBp ?? null, to: body.commissionBp ?? null } },
    }, ctx.now)];
    const c = await repo(ctx).saveConsignor(before, { ...before, commissionBp: body.commissionBp, startDate: body.startDate, endDate: body.endDate, payout: body.payout }, audit);
    return consignorView(await repo(ctx).load(), c);
  }),
  ...(['deposit', 'return'] as const).map((kind) => implement(kind === 'deposit' ? api.recordDeposit : api.recordReturn, async ({ params, body, ctx }) => {
    const r = repo(ctx);
    const [, product] = await Promise.all([consignorOrFail(ctx, params.memberId), r.product(body.productId)]);
    if (!product || product.consignorId !== params.memberId) throw notFound('Product');
    const movement = { id: newId(ctx.now.getTime()), kind, productId: product.id, title: product.title, quantity: body.quantity, at: ctx.now.toISOString(), by: ctx.session!.sub, note: body.note };
    await transact(ctx.deps.db, [
      kind === 'deposit' ? r.giveStockOp(product.id, body.quantity) : r.takeStockOp(product.id, body.quantity, { published: false }),
      r.stockMovementOp(params.memberId, movement),
    ], () => conflict(`Only ${product.stock} of ${product.title} on the shelf`, { rule: 'not_enough_stock' }));
    return { movement, stock: (await r.product(product.id))!.stock };
  })),
  implement(api.listStockMovements, async ({ params, ctx }) => {
    await consignorOrFail(ctx, params.memberId);
    return { items: await repo(ctx).stockMovements(params.memberId) };
  }),

  // ---- products ----
  implement(api.catalogue, async ({ query, ctx }) => {
    const shop = await repo(ctx).load();
    const day = today(ctx);
    const names = new Map(shop.consignors.filter((c) => agreementActive(c, day)).map((c) => [c.memberId, c.name]));
    const published = shop.products.filter((p) => p.published && names.has(p.consignorId));
    const needle = query.q?.toLocaleLowerCase('fr');
    const items = published
      .filter((p) => !query.category || p.category === query.category)
      .filter((p) => !needle || `${p.title} ${p.description} ${names.get(p.consignorId) ?? ''}`.toLocaleLowerCase('fr').includes(needle))
      .sort((a, b) => a.title.localeCompare(b.title, 'fr'))
      .map((p) => ({ id: p.id, title: p.title, description: p.description, priceCents: p.priceCents, vatRateBp: p.vatRateBp, category: p.category, available: Math.max(0, p.stock), maker: names.get(p.consignorId)!, photos: p.photos }));
    return { items, categories: [...new Set(published.map((p) => p.category))].sort(), currency: tenantOf(ctx).currency };
  }),
  implement(api.getProduct, async ({ params, ctx }) => {
    const shop = await repo(ctx).load();
    const p = shop.products.find((x) => x.id === params.productId && x.published);
    const consignor = p && shop.consignors.find((c) => c.memberId === p.consignorId);
    if (!p || !consignor || !agreementActive(consignor, today(ctx))) throw notFound('Product');
    const maker = consignor.name;
    return { id: p.id, title: p.title, description: p.description, priceCents: p.priceCents, vatRateBp: p.vatRateBp, category: p.category, available: Math.max(0, p.stock), maker, photos: p.photos };
  }),
  implement(api.manageProducts, async ({ query, ctx }) => {
    const shop = await repo(ctx).load();
    return { items: shop.products.filter((p) => !query.consignorId || p.consignorId === query.consignorId) };
  }),
  implement(api.createProduct, async ({ body, ctx }) => {
    await consignorOrFail(ctx, body.consignorId);
    const p: Product = { id: newId(ctx.now.getTime()), ...body, stock: 0, photos: [], createdAt: ctx.now.toISOString(), version: 1 };
    await repo(ctx).createProduct(p);
    return p;
  }),
  implement(api.updateProduct, async ({ params, body, ctx }) => {
    const before = await repo(ctx).product(params.productId);
    if (!before) throw notFound('Product');
    if (before.version !== body.version) throw conflict('The product changed meanwhile; reload and retry');
    await consignorOrFail(ctx, body.consignorId);
    const { version: _v, ...fields } = body;
    // A price or VAT change goes to the audit log, in the same transaction as the change.
    const changes = diff({ ...before }, fields, ['priceCents', 'vatRateBp']);
    const audit = changes && Object.keys(changes).length ? [auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: 'product.price_changed', targetType: 'product', targetId: before.id,
      summary: `${fields.title}: ${before.priceCents} → ${fields.priceCents} cents, VAT ${before.vatRateBp} → ${fields.vatRateBp} bp`, changes,
    }, ctx.now)] : [];
    return repo(ctx).updateProduct(before, { ...fields, photos: before.photos }, audit);
  }),

  // ---- orders ----
  implement(api.placeOrder, async ({ body, ctx }) => placeOrder(ctx, body.lines, body.pay)),
  implement(api.myOrders, async ({ query, ctx }) => {
    const page = await repo(ctx).ordersOf(ctx.session!.sub, { limit: query.limit, cursor: query.cursor });
    return { ...page, items: page.items.map((o) => effectiveOrder(o, ctx.now)) };
  }),
  implement(api.listOrders, async ({ query, ctx }) => {
    if (!query.cursor) await reconcileHolds(ctx);
    const page = await repo(ctx).orders({ limit: query.limit, cursor: query.cursor });
    return { ...page, items: page.items.map((o) => effectiveOrder(o, ctx.now)) };
  }),
  implement(api.getOrder, async ({ params, ctx }) => readOrder(ctx, params.orderId)),
  implement(api.cancelOrder, async ({ params, ctx }) => {
    const order = await readOrder(ctx, params.orderId);
    if (order.status !== 'held') throw conflict(`This order is ${order.status}: ${order.status === 'paid' || order.status === 'ready' || order.status === 'collected' ? 'staff refund it' : 'nothing to cancel'}`, { rule: 'not_cancellable' });
    const payments = paymentsRepo(ctx.deps.db, tenantOf(ctx).id);
    const payment = await payments.get(order.buyerId, order.paymentId);
    const r = repo(ctx);
    const cancelled: Order = { ...order, status: 'cancelled', cancelledAt: ctx.now.toISOString(), version: order.version + 1 };
    await transact(ctx.deps.db, [
      r.updateOrderOp(order, cancelled),
      r.holdDeleteOp(order),
      ...(payment ? [payments.updateOp(payment, { ...payment, releasedAt: ctx.now.toISOString() })] : []),
      ...order.lines.map((l) => r.giveStockOp(l.productId, l.quantity)),
    ], () => conflict('The order was paid or changed meanwhile; reload it', { rule: 'order_changed' }));
    return cancelled;
  }),
  implement(api.payOrder, async ({ params, body, ctx }) => {
    const tenant = tenantOf(ctx);
    const order = await readOrder(ctx, params.orderId);
    if (order.status !== 'held') throw conflict(`This order is ${order.status}`, { rule: 'order_not_held' });
    const payments = paymentsRepo(ctx.deps.db, tenant.id);
    const payment = await payments.get(order.buyerId, order.paymentId);
    if (!payment || payment.status !== 'pending') throw conflict('This order is not waiting for a payment', { rule: 'payment_not_pending' });
    const r = repo(ctx);
    let paid!: Order;
    const receipt = await issueReceipt(ctx, payment, body.method, body.reference, (number) => {
      paid = { ...order, status: 'paid', paidAt: ctx.now.toISOString(), holdUntil: undefined, version: order.version + 1 };
      return [
        r.updateOrderOp(order, paid),
        r.holdDeleteOp(order),
        payments.updateOp(payment, { ...payment, status: 'paid', method: body.method, reference: body.reference, receiptNumber: number, paidAt: ctx.now.toISOString(), recordedBy: ctx.session!.sub }),
        ...saleMoves(order, ctx.now, today(ctx)).map((m) => r.moveOp(m)),
      ];
    }, () => conflict('The order changed meanwhile; reload it', { rule: 'order_changed' }));
    return { order: paid, receipt };
  }),
  implement(api.moveOrder, async ({ params, body, ctx }) => {
    const order = await readOrder(ctx, params.orderId);
    const allowed = body.status === 'ready' ? order.status === 'paid' : order.status === 'paid' || order.status === 'ready';
    if (!allowed) throw conflict(`A ${order.status} order cannot become ${body.status}`, { rule: 'bad_transition' });
    const next: Order = { ...order, status: body.status, ...(body.status === 'ready' ? { readyAt: ctx.now.toISOString() } : { collectedAt: ctx.now.toISOString() }), version: order.version + 1 };
    await transact(ctx.deps.db, [repo(ctx).updateOrderOp(order, next)], () => conflict('The order changed meanwhile; reload it', { rule: 'order_changed' }));
    return next;
  }),
  implement(api.refundOrder, async ({ params, body, ctx }) => {
    const tenant = tenantOf(ctx);
    const order = await readOrder(ctx, params.orderId);
    if (!['paid', 'ready', 'collected'].includes(order.status)) throw conflict(`A ${order.status} order cannot be refunded`, { rule: 'not_refundable' });
    const lines = refundLines(order, body.lines);
    if (!lines.length) throw ruleViolation('nothing_to_refund', 'Nothing left to refund');
    const r = repo(ctx);
    const amountCents = lines.reduce((s, l) => s + l.amountCents, 0);
    const refundedLines = order.lines.map((l) => ({ ...l, refunded: l.refunded + (lines.find((x) => x.line.productId === l.productId)?.quantity ?? 0) }));
    const all = refundedLines.every((l) => l.refunded === l.quantity);
    const next: Order = {
      ...order, lines: refundedLines, status: all ? 'refunded' : order.status, refundedCents: order.refundedCents + amountCents, version: order.version + 1,
      refunds: [...order.refunds, { at: ctx.now.toISOString(), lines: lines.map((l) => ({ productId: l.line.productId, quantity: l.quantity, amountCents: l.amountCents })), amountCents, restocked: body.restock, by: ctx.session!.sub, reason: body.reason }],
    };
    const items: Items = [
      r.updateOrderOp(order, next),
      auditPut(ctx.deps.db, tenant.id, {
        actorId: ctx.session!.sub, action: 'order.refunded', targetType: 'order', targetId: order.id,
        summary: `${order.buyerName}: ${amountCents} cents refunded (${lines.map((l) => `${l.quantity} × ${l.line.title}`).join(', ')})${body.restock ? ', restocked' : ''}${body.reason ? ` — ${body.reason}` : ''}`,
        changes: { refundedCents: { from: order.refundedCents, to: next.refundedCents }, ...(next.status !== order.status ? { status: { from: order.status, to: next.status } } : {}) },
      }, ctx.now),
      ...movesOf(order, 'refund', ctx.now, localDate(ctx.now, tenant.timeZone), lines).map((m) => r.moveOp(m)),
      ...(body.restock ? lines.map((l) => r.giveStockOp(l.line.productId, l.quantity)) : []),
    ];
    const payments = paymentsRepo(ctx.deps.db, tenant.id);
    const payment = await payments.get(order.buyerId, order.paymentId);
    // Paid online: the money goes back through Stripe (a refund request, sent by the Stripe worker).
    if (payment?.status === 'paid' && payment.channel === 'stripe' && payment.stripe?.paymentIntentId) {
      items.push(refundRequestOp(ctx.deps.db, refundRequestOf(tenant.id, payment, { kind: 'order', id: order.id }, `order_${order.id}_${next.refunds.length}`, amountCents, ctx.now)));
    }
    if (all && payment?.status === 'paid') items.push(payments.updateOp(payment, { ...payment, status: 'refunded' }));
    await transact(ctx.deps.db, items, () => conflict('The order changed meanwhile; reload it', { rule: 'order_changed' }));
    return next;
  }),
  implement(api.tillSale, async ({ body, ctx }) => {
    const tenant = tenantOf(ctx);
    const r = repo(ctx);
    const [shop, buyer] = await Promise.all([r.load(), memberOf(ctx, body.buyerId ?? ctx.session!.sub)]);
    const priced = priceCart(tenant, shop, body.lines, { online: false, day: today(ctx) });
    const missing = priced.products.find((p, i) => p.stock < priced.lines[i]!.quantity);
    if (missing) throw soldOut(missing);
    const order: Order = {
      id: newId(ctx.now.getTime()), buyerId: buyer.id, buyerName: buyer.name, source: 'till', status: 'collected', lines: priced.lines,
      currency: priced.quote.currency, totalCents: priced.quote.totalCents, paymentId: newId(ctx.now.getTime()), channel: 'desk',
      createdAt: ctx.now.toISOString(), paidAt: ctx.now.toISOString(), collectedAt: ctx.now.toISOString(), refunds: [], refundedCents: 0, version: 1,
    };
    const payment = paymentOf(order, priced.quote, 'paid', ctx.session!.sub);
    const receipt = await issueReceipt(ctx, payment, body.method, body.reference, (number) => {
      const head: Items = [
        ...r.createOrderOps(order),
        paymentsRepo(ctx.deps.db, tenant.id).createOp({ ...payment, method: body.method, reference: body.reference, receiptNumber: number, paidAt: order.paidAt, recordedBy: ctx.session!.sub }),
        ...saleMoves(order, ctx.now, today(ctx)).map((m) => r.moveOp(m)),
      ];
      return [...head, ...priced.lines.map((l) => r.takeStockOp(l.productId, l.quantity, { published: false }))];
    }, (reasons) => {
      // `reasons` are those of our items (the receipt's own two come first and are cut off).
      const first = 3 + new Set(priced.lines.map((l) => l.consignorId)).size;
      return stockFailure(reasons, first, priced.products);
    });
    return { order, receipt };
  }),
  implement(api.releaseHolds, async ({ ctx }) => ({ released: await reconcileHolds(ctx) })),

  // Statements, payouts and the maker's view: functions/shop-statements (its own Lambda, for the size budget).

];
