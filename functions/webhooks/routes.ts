import { AppError } from '@lieu/core';
import { linksFor } from '@lieu/app';
import { billing as api } from '@lieu/api';
import {
  connectStripe, openCustomerPortal, processStripeEvent, startCheckout, stripeStatus, verifiedStripeEvent, type StripePort,
} from '@lieu/app/payments';
import { implement, publicOrigin, type Route } from '@lieu/http';
import { stripeClient, stripeConfigFromEnv, type Stripe, type StripeConfig } from '@lieu/payments/stripe';

/**
 * Everything that talks to Stripe, in the one Lambda that bundles the SDK: adapters of
 * @lieu/app/payments for Connect onboarding and status, Checkout Sessions, the Customer Portal and the
 * webhook. Without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET these answer "not configured" and
 * spaces are paid at the desk.
 */
let cached: { key: string; cfg: StripeConfig; stripe: Stripe } | null = null;
function stripePort(): StripePort {
  const cfg = stripeConfigFromEnv();
  if (!cfg) return null;
  const key = `${cfg.secretKey}|${cfg.apiBase ?? ''}`;
  if (cached?.key !== key) cached = { key, cfg, stripe: stripeClient(cfg) };
  cached.cfg = cfg;
  return cached;
}

export const routes: Route[] = [
  implement(api.stripeStatus, ({ scope }) => stripeStatus(scope, stripePort())),
  implement(api.stripeConnect, ({ scope }) => connectStripe(scope, stripePort())),
  implement(api.stripeCheckout, ({ body, ctx, scope }) => startCheckout(scope, stripePort(), body, ctx.hono.req.header('idempotency-key'))),
  implement(api.stripePortal, ({ scope }) => openCustomerPortal(scope, stripePort())),

  implement(api.stripeWebhook, async ({ ctx }) => {
    const port = stripePort();
    if (!port) throw new AppError('not_found', 'Stripe is not configured');
    const event = verifiedStripeEvent(port, await ctx.hono.req.text(), ctx.hono.req.header('stripe-signature'), ctx.now);
    const outcome = await processStripeEvent(ctx.deps.db, event, ctx.now, { linksOf: (tenant) => linksFor(publicOrigin(ctx.deps, tenant)) });
    return { received: true as const, ...(outcome === 'duplicate' ? { duplicate: true } : {}), ...(outcome === 'ignored' ? { ignored: true } : {}) };
  }),
];
