import { AppError, hasRole, notFound, ruleViolation, type Role } from '@lieu/core';
import { billing as api } from '@lieu/api';
import { memberBillingRepo, paymentsRepo, stripeRepo, tenantRealm, usersRepo } from '@lieu/db';
import { implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import {
  accountStatus, onboardingLink, processStripeEvent, stripeClient, stripeConfigFromEnv, StripeGateway, type Stripe, type StripeConfig,
} from '@lieu/payments/stripe';

/**
 * Everything that talks to Stripe, in the one Lambda that bundles the SDK: Connect onboarding and
 * status, Checkout Sessions, the Customer Portal, and the webhook route. Without STRIPE_SECRET_KEY
 * and STRIPE_WEBHOOK_SECRET these answer "not configured" and spaces are paid at the desk.
 */
let cached: { key: string; cfg: StripeConfig; stripe: Stripe } | null = null;
function stripeOrNull(): { cfg: StripeConfig; stripe: Stripe } | null {
  const cfg = stripeConfigFromEnv();
  if (!cfg) return null;
  const key = `${cfg.secretKey}|${cfg.apiBase ?? ''}`;
  if (cached?.key !== key) cached = { key, cfg, stripe: stripeClient(cfg) };
  cached.cfg = cfg;
  return cached;
}
function stripeOrFail() {
  const s = stripeOrNull();
  if (!s) throw ruleViolation('stripe_not_configured', 'Online payments are not configured on this platform: pay at the desk');
  return s;
}

const billingUrl = (ctx: RequestCtx) => `${ctx.origin}/billing`;

export const routes: Route[] = [
  implement(api.stripeStatus, async ({ ctx }) => {
    const repo = stripeRepo(ctx.deps.db);
    const [s, fee] = await Promise.all([repo.settings(tenantOf(ctx).id), repo.platformFee(tenantOf(ctx).id)]);
    return {
      configured: !!stripeOrNull(), connected: !!s, accountId: s?.accountId ?? null,
      chargesEnabled: !!s?.chargesEnabled, detailsSubmitted: !!s?.detailsSubmitted,
      // The platform's fee on online payments: set per space by a platform admin, else the platform default.
      feeBp: s?.feeBp ?? fee?.feeBp ?? stripeOrNull()?.cfg.defaultFeeBp ?? 0,
    };
  }),

  implement(api.stripeConnect, async ({ ctx }) => {
    const { stripe, cfg } = stripeOrFail();
    const tenant = tenantOf(ctx);
    const repo = stripeRepo(ctx.deps.db);
    const existing = await repo.settings(tenant.id);
    const link = await onboardingLink(stripe, tenant, existing, { returnUrl: `${ctx.origin}/settings/payments`, refreshUrl: `${ctx.origin}/settings/payments?refresh=1` });
    const status = existing ? await accountStatus(stripe, link.accountId) : { chargesEnabled: false, detailsSubmitted: false };
    await repo.link(tenant.id, { accountId: link.accountId, ...status, feeBp: existing?.feeBp ?? cfg.defaultFeeBp, updatedAt: ctx.now.toISOString() });
    return link;
  }),

  implement(api.stripeCheckout, async ({ body, ctx }) => {
    const { stripe } = stripeOrFail();
    const tenant = tenantOf(ctx);
    const memberId = body.memberId ?? ctx.session!.sub;
    if (memberId !== ctx.session!.sub && !hasRole(ctx.session!.role as Role, 'operator')) throw new AppError('forbidden', 'Only staff act for another member');
    const key = ctx.hono.req.header('idempotency-key');
    if (key !== undefined && !/^[\w-]{8,100}$/.test(key)) throw new AppError('invalid_input', 'Idempotency-Key: 8 to 100 letters, digits, - or _');
    const [payment, settings, billing, member] = await Promise.all([
      paymentsRepo(ctx.deps.db, tenant.id).get(memberId, body.paymentId),
      stripeRepo(ctx.deps.db).settings(tenant.id),
      memberBillingRepo(ctx.deps.db, tenant.id).load(memberId),
      usersRepo(ctx.deps.db, tenantRealm(tenant.id)).get(memberId),
    ]);
    if (!payment || !member) throw notFound('Payment');
    if (payment.status !== 'pending') throw new AppError('conflict', `This payment is already ${payment.status}`, { rule: 'payment_not_pending' });
    const started = await new StripeGateway(stripe, settings).begin(tenant, payment, {
      returnUrl: billingUrl(ctx), customerEmail: member.email ?? undefined, stripeCustomerId: billing.profile.stripeCustomerId,
      // Stripe keeps the client's key (scoped to this payment) for 24 h: a retried click opens the same session.
      idempotencyKey: key ? `${payment.id}:${key}` : `checkout:${payment.id}:v${payment.version}`,
    });
    if (started.kind !== 'redirect') throw new Error('unreachable');
    return { url: started.url, sessionId: started.sessionId };
  }),

  implement(api.stripePortal, async ({ ctx }) => {
    const { stripe } = stripeOrFail();
    const tenant = tenantOf(ctx);
    const [settings, billing] = await Promise.all([stripeRepo(ctx.deps.db).settings(tenant.id), memberBillingRepo(ctx.deps.db, tenant.id).load(ctx.session!.sub)]);
    if (!billing.profile.stripeCustomerId) throw ruleViolation('no_stripe_customer', 'You have not paid online here yet');
    return { url: await new StripeGateway(stripe, settings).portal(billing.profile.stripeCustomerId, billingUrl(ctx)) };
  }),

  implement(api.stripeWebhook, async ({ ctx }) => {
    const s = stripeOrNull();
    if (!s) throw new AppError('not_found', 'Stripe is not configured');
    const signature = ctx.hono.req.header('stripe-signature');
    const raw = await ctx.hono.req.text();
    let event: Stripe.Event;
    try {
      if (!signature) throw new Error('missing signature');
      event = s.stripe.webhooks.constructEvent(raw, signature, s.cfg.webhookSecret);
    } catch {
      throw new AppError('invalid_input', 'Invalid Stripe signature');
    }
    const outcome = await processStripeEvent(ctx.deps.db, event, ctx.now);
    return { received: true as const, ...(outcome === 'duplicate' ? { duplicate: true } : {}), ...(outcome === 'ignored' ? { ignored: true } : {}) };
  }),
];
