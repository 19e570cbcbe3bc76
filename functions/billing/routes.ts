import {
  ANONYMOUS, AppError, conflict, hasRole, localDate, newId, notFound, periodOf, priceQuote, PricingError, quotaKey, ruleViolation,
  type Dues, type MemberTerms, type Pass, type Payment, type PaymentEffect, type Plan, type PriceItem, type Rate, type Role, type Tenant, type User,
} from '@lieu/core';
import { billing as api, type Out } from '@lieu/api';
import {
  auditPut, catalogueRepo, diff, idempotencyRepo, memberBillingRepo, memberTerms, nowEpochSeconds, paymentsRepo, receiptsRepo, stripeRepo, tenantRealm, transact, usersRepo,
  type Catalogue, type CatalogueKind, type MemberBilling,
} from '@lieu/db';
import { implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { catalogueOf, DeskGateway, forgetCatalogue, isActiveSubscription, paymentsCsv, receiptHtml, recordDeskRefund, revenueByMonth } from '@lieu/payments';

/**
 * The billing area: catalogue, categories, quotes, purchases paid at the desk, receipts, the billing
 * page and reports. Nothing here talks to Stripe (functions/webhooks does), so without any Stripe
 * configuration the whole flow works with pay at the desk.
 */
const today = (ctx: RequestCtx) => localDate(ctx.now, tenantOf(ctx).timeZone);
const isStaff = (ctx: RequestCtx) => !!ctx.session && hasRole(ctx.session.role as Role, 'operator');

/** A person of this tenant; an id from elsewhere is simply not found here. */
async function memberOf(ctx: RequestCtx, id: string): Promise<User> {
  const u = await usersRepo(ctx.deps.db, tenantRealm(tenantOf(ctx).id)).get(id);
  if (!u || u.tenantId !== tenantOf(ctx).id || u.status === 'erased') throw notFound('Member');
  return u;
}

/** The member a request acts for: yourself, or (staff only) the member named in the request. */
async function actingFor(ctx: RequestCtx, memberId: string | undefined): Promise<User> {
  const me = ctx.session!.sub;
  if (memberId && memberId !== me && !isStaff(ctx)) throw new AppError('forbidden', 'Only staff act for another member');
  return memberOf(ctx, memberId ?? me);
}

// ---- catalogue -------------------------------------------------------------------------------------
/** The catalogue, reused in this process as long as a resolved tenant is (`tenantCacheMs`); staff edits drop it. */
const catalogue = (ctx: RequestCtx) => catalogueOf(ctx.deps.db, tenantOf(ctx).id, ctx.now.getTime(), ctx.deps.tenantCacheMs);

function catalogueCrud<K extends CatalogueKind>(kind: K, specs: typeof api.rates | typeof api.plans | typeof api.passes | typeof api.dues): Route[] {
  const repo = (ctx: RequestCtx) => { forgetCatalogue(tenantOf(ctx).id); return catalogueRepo(ctx.deps.db, tenantOf(ctx).id); };
  // Every change of the price list is audited in its own transaction (who, when, which fields from → to).
  const audit = (ctx: RequestCtx, verb: 'created' | 'updated' | 'removed', before: object | null, after: object | null) => {
    const entry = (after ?? before) as { id: string; name: string };
    const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((f) => f !== 'id');
    return auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: `catalogue.${kind}_${verb}`, targetType: kind, targetId: entry.id,
      summary: `${kind} ${entry.name}: ${verb}`, changes: diff((before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>, fields),
    }, ctx.now);
  };
  const existing = async (ctx: RequestCtx, id: string) => {
    const before = await catalogueRepo(ctx.deps.db, tenantOf(ctx).id).get(kind, id);
    if (!before) throw notFound('Catalogue entry');
    return before;
  };
  return [
    implement(specs.create, async ({ body, ctx }) => {
      const entry = { ...(body as object), id: newId(ctx.now.getTime()) } as Rate & Plan & Pass & Dues;
      await repo(ctx).put(kind, entry, 'create', audit(ctx, 'created', null, entry));
      return entry;
    }),
    implement(specs.update, async ({ params, body, ctx }) => {
      const before = await existing(ctx, params.id);
      const entry = { ...(body as object), id: params.id } as Rate & Plan & Pass & Dues;
      await repo(ctx).put(kind, entry, 'replace', audit(ctx, 'updated', before, entry));
      return entry;
    }),
    implement(specs.remove, async ({ params, ctx }) => {
      const before = await existing(ctx, params.id);
      await repo(ctx).remove(kind, params.id, audit(ctx, 'removed', before, null));
      return { ok: true as const };
    }),
  ];
}

// ---- quotes ------------------------------------------------------------------------------------------
type QuoteItemInput = Out<typeof api.quoteItemSchema>;

/** Turns API quote items into engine items, reading the catalogue for passes, plans and dues. */
function toPriceItems(items: readonly QuoteItemInput[], catalogue: Catalogue, day: string): PriceItem[] {
  return items.map((i): PriceItem => {
    if (i.kind === 'booking') {
      return { kind: 'booking', label: i.label ?? i.resourceKind, resourceId: i.resourceId ?? `kind:${i.resourceKind}`, resourceKind: i.resourceKind, date: i.date ?? day, minutes: i.minutes };
    }
    const entry = findEntry(catalogue, i.kind, i.id);
    return { kind: 'purchase', label: entry.name, revenueCategory: i.kind === 'pass' ? 'passes' : i.kind === 'plan' ? 'plans' : 'dues', unitCents: entry.priceCents, quantity: 1 };
  });
}

function findEntry(catalogue: Catalogue, kind: 'pass' | 'plan' | 'dues', id: string): Pass | Plan | Dues {
  const list: (Pass | Plan | Dues)[] = kind === 'pass' ? catalogue.passes : kind === 'plan' ? catalogue.plans : catalogue.dues;
  const entry = list.find((e) => e.id === id);
  if (!entry) throw notFound(kind === 'pass' ? 'Pass' : kind === 'plan' ? 'Plan' : 'Dues');
  return entry;
}

export function runQuote(tenant: Tenant, catalogue: Catalogue, member: MemberTerms, items: PriceItem[], day: string) {
  try {
    return priceQuote({ currency: tenant.currency, vat: tenant.vat, rates: catalogue.rates, member, items, today: day });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
}

// ---- billing page ------------------------------------------------------------------------------------
function billingPage(b: MemberBilling, day: string, stripeConnected: boolean) {
  const s = b.profile.subscription;
  const quotas = s && s.status === 'active'
    ? s.plan.entitlements.flatMap((e) => e.kind === 'quota'
      ? [{ resourceKind: e.resourceKind, period: periodOf(day), unit: e.unit, limit: e.amount, used: b.usage[quotaKey(e.resourceKind, periodOf(day))] ?? 0 }]
      : [])
    : [];
  return {
    profile: b.profile,
    plan: s ? { name: s.planName, status: isActiveSubscription(s, day) ? s.status : 'ended', renewsOn: s.cancelAtPeriodEnd ? null : (s.renewsOn ?? null), validUntil: s.validUntil ?? null, channel: s.channel } : null,
    credits: b.credits.filter((c) => c.remaining > 0 && c.validUntil >= day)
      .map((c) => ({ id: c.id, name: c.name, unit: c.unit, remaining: c.remaining, validUntil: c.validUntil, resourceKinds: [...c.resourceKinds] })),
    quotas,
    payments: b.payments,
    // Stripe invoices as the webhooks stored them (no Stripe call on this read).
    invoices: (b.invoices ?? []).map(({ stripeEventAt: _e, ...i }) => i),
    stripe: { connected: stripeConnected },
  };
}

async function stripeConnected(ctx: RequestCtx): Promise<boolean> {
  const s = await stripeRepo(ctx.deps.db).settings(tenantOf(ctx).id);
  return !!s?.chargesEnabled;
}

// ---- purchases ----------------------------------------------------------------------------------------
function effectOf(kind: 'pass' | 'plan' | 'dues', entry: Pass | Plan | Dues): PaymentEffect {
  if (kind === 'pass') {
    const p = entry as Pass;
    return { kind: 'credit', passId: p.id, name: p.name, unit: p.unit, amount: p.amount, resourceKinds: p.resourceKinds, validityDays: p.validityDays };
  }
  if (kind === 'plan') {
    const p = entry as Plan;
    return { kind: 'subscription', plan: { id: p.id, name: p.name, interval: p.interval, priceCents: p.priceCents, entitlements: p.entitlements } };
  }
  const d = entry as Dues;
  return { kind: 'dues', duesId: d.id, interval: d.interval, grantsCategory: d.grantsCategory };
}

/** Dues that every purchase needs, or that this plan needs, must cover today. */
function checkDues(catalogue: Catalogue, b: MemberBilling, kind: 'pass' | 'plan' | 'dues', entry: Pass | Plan | Dues, day: string) {
  if (kind === 'dues') return;
  const needed = catalogue.dues.some((d) => d.active && d.requiredForAll) || (kind === 'plan' && (entry as Plan).requiresDues);
  if (needed && !(b.profile.duesValidUntil && b.profile.duesValidUntil >= day)) {
    throw ruleViolation('dues_required', 'Membership dues must be paid first');
  }
}

const IDEMPOTENCY_KEY = /^[\w-]{8,100}$/;

export const routes: Route[] = [
  implement(api.getCatalogue, async ({ ctx }) => catalogue(ctx)),
  ...catalogueCrud('rate', api.rates),
  ...catalogueCrud('plan', api.plans),
  ...catalogueCrud('pass', api.passes),
  ...catalogueCrud('dues', api.dues),

  implement(api.setMemberCategory, async ({ params, body, ctx }) => {
    await memberOf(ctx, params.memberId);
    const repo = memberBillingRepo(ctx.deps.db, tenantOf(ctx).id);
    const b = await repo.load(params.memberId);
    if (b.profile.category === body.category) return b.profile;
    // The category sets the member's prices: the change and its audit entry are one transaction.
    const p = repo.profilePut(b.profile, { ...b.profile, category: body.category });
    await transact(ctx.deps.db, [p.op, auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: 'member.category_changed', targetType: 'member', targetId: params.memberId,
      summary: `category ${b.profile.category} → ${body.category}`, changes: { category: { from: b.profile.category, to: body.category } },
    }, ctx.now)], () => conflict('The billing profile changed meanwhile; reload and try again', { rule: 'stale_version' }));
    return p.item;
  }),

  implement(api.quote, async ({ body, ctx }) => {
    const tenant = tenantOf(ctx);
    const day = today(ctx);
    let member: MemberTerms = ANONYMOUS;
    if (body.memberId) {
      if (!isStaff(ctx)) throw new AppError('forbidden', 'Only staff quote for another member');
      await memberOf(ctx, body.memberId);
      member = memberTerms(await memberBillingRepo(ctx.deps.db, tenant.id).load(body.memberId));
    } else if (body.category || body.planId) {
      member = { ...ANONYMOUS, category: body.category ?? 'standard' };
    } else if (ctx.session) {
      member = memberTerms(await memberBillingRepo(ctx.deps.db, tenant.id).load(ctx.session.sub));
    }
    const cat = await catalogue(ctx);
    if (body.planId && !body.memberId) {
      // "What would a member of this plan pay": a fresh subscription from today, its quotas untouched.
      const plan = cat.plans.find((p) => p.id === body.planId);
      if (!plan) throw notFound('Plan');
      member = { ...member, subscription: { planId: plan.id, plan, status: 'active', validFrom: day } };
    }
    return runQuote(tenant, cat, member, toPriceItems(body.items, cat, day), day);
  }),

  implement(api.purchase, async ({ body, ctx }) => {
    const tenant = tenantOf(ctx);
    const key = ctx.hono.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new AppError('invalid_input', 'Idempotency-Key: 8 to 100 letters, digits, - or _');
    const fingerprint = JSON.stringify({ ...body, by: ctx.session!.sub });
    const idem = idempotencyRepo(ctx.deps.db, tenant.id);
    const nowSec = nowEpochSeconds(ctx.now);
    if (key) {
      const seen = await idem.get(key, nowSec);
      if (seen) {
        if (seen.fingerprint !== fingerprint) throw new AppError('rule_violation', 'This Idempotency-Key was used for another request', { rule: 'idempotency_key_reused' });
        return seen.response as Payment;
      }
    }
    const member = await actingFor(ctx, body.memberId);
    const day = today(ctx);
    const [cat, billing] = await Promise.all([catalogue(ctx), memberBillingRepo(ctx.deps.db, tenant.id).load(member.id)]);
    const entry = findEntry(cat, body.kind, body.id);
    if (!entry.active) throw ruleViolation('not_for_sale', 'This is no longer sold');
    checkDues(cat, billing, body.kind, entry, day);
    const q = runQuote(tenant, cat, memberTerms(billing), toPriceItems([{ kind: body.kind, id: body.id }], cat, day), day);
    const payment: Payment = {
      id: newId(ctx.now.getTime()), memberId: member.id, memberName: member.name,
      item: { kind: body.kind, refId: entry.id, label: entry.name }, revenueCategory: q.lines[0]!.revenueCategory,
      lines: q.lines.map((l) => ({ label: l.label, revenueCategory: l.revenueCategory, quantity: l.quantity, amountCents: l.amountCents, vatRateBp: l.vatRateBp, netCents: l.netCents, vatCents: l.vatCents })),
      currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, ...(q.vatMention ? { vatMention: q.vatMention } : {}),
      status: 'pending', channel: 'desk', createdAt: ctx.now.toISOString(), createdBy: ctx.session!.sub, effect: effectOf(body.kind, entry), version: 1,
    };
    await transact(ctx.deps.db, [
      paymentsRepo(ctx.deps.db, tenant.id).createOp(payment),
      ...(key ? [idem.putOp(key, fingerprint, payment, nowSec)] : []),
    ], () => new AppError('conflict', 'The same request is being processed; retry it with the same Idempotency-Key'));
    return payment;
  }),

  implement(api.recordPayment, async ({ params, body, ctx }) => {
    const tenant = tenantOf(ctx);
    await memberOf(ctx, params.memberId);
    const payment = await paymentsRepo(ctx.deps.db, tenant.id).get(params.memberId, params.paymentId);
    if (!payment) throw notFound('Payment');
    return new DeskGateway(ctx.deps.db).record(tenant, payment, { method: body.method, reference: body.reference, by: ctx.session!.sub, now: ctx.now, today: today(ctx) });
  }),

  implement(api.refundPayment, async ({ params, body, ctx }) => {
    const tenant = tenantOf(ctx);
    await memberOf(ctx, params.memberId);
    const payment = await paymentsRepo(ctx.deps.db, tenant.id).get(params.memberId, params.paymentId);
    if (!payment) throw notFound('Payment');
    return recordDeskRefund(ctx.deps.db, tenant, payment, { ...body, by: ctx.session!.sub, now: ctx.now, today: today(ctx) });
  }),

  implement(api.listPayments, async ({ query, ctx }) => paymentsRepo(ctx.deps.db, tenantOf(ctx).id).list({ limit: query.limit, cursor: query.cursor })),

  implement(api.receiptPage, async ({ params, ctx }) => {
    const r = await receiptsRepo(ctx.deps.db, tenantOf(ctx).id).get(Number(params.number.slice(2)));
    if (!r || (r.buyer.id !== ctx.session!.sub && !isStaff(ctx))) throw notFound('Receipt');
    return ctx.hono.html(receiptHtml(r));
  }),

  implement(api.myBilling, async ({ ctx }) => {
    const [b, connected] = await Promise.all([memberBillingRepo(ctx.deps.db, tenantOf(ctx).id).load(ctx.session!.sub), stripeConnected(ctx)]);
    return billingPage(b, today(ctx), connected);
  }),

  implement(api.memberBilling, async ({ params, ctx }) => {
    await memberOf(ctx, params.memberId);
    const [b, connected] = await Promise.all([memberBillingRepo(ctx.deps.db, tenantOf(ctx).id).load(params.memberId), stripeConnected(ctx)]);
    return billingPage(b, today(ctx), connected);
  }),

  implement(api.revenueReport, async ({ query, ctx }) => {
    const tenant = tenantOf(ctx);
    // Payments are listed by creation time; a payment made in December may be paid in January.
    const payments = await paymentsRepo(ctx.deps.db, tenant.id).all(`${query.year - 1}-12-01`, `${query.year}-12-31`);
    const { months, totalCents } = revenueByMonth(payments, query.year, tenant.timeZone);
    const day = today(ctx);
    const subscribers = new Set<string>();
    for (const p of payments) if (p.item.kind === 'plan' && p.status === 'paid') subscribers.add(p.memberId);
    const profiles = await Promise.all([...subscribers].map((m) => memberBillingRepo(ctx.deps.db, tenant.id).load(m)));
    return {
      year: query.year, currency: tenant.currency, months, totalCents,
      activeSubscriptions: profiles.filter((b) => isActiveSubscription(b.profile.subscription, day)).length,
      unpaid: payments.filter((p) => p.status === 'pending'),
    };
  }),

  implement(api.exportPayments, async ({ query, ctx }) => {
    const payments = await paymentsRepo(ctx.deps.db, tenantOf(ctx).id).all(query.from, query.to);
    const csv = paymentsCsv(payments.reverse(), query.format);
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="paiements-${tenantOf(ctx).slug}.csv"` },
    });
  }),
];
