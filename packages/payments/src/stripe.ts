import Stripe from 'stripe';
import { percentOf, ruleViolation, type Payment, type Tenant } from '@lieu/core';
import type { StripeSettings } from '@lieu/db';
import type { BeginOptions, BeginResult, PaymentGateway } from './types';

/**
 * Stripe Connect. Every call for a tenant is made on its connected account (`Stripe-Account`
 * header) and the platform's fee (basis points per tenant) is taken as an application fee. Only
 * functions/webhooks imports this module: it alone carries the Stripe SDK.
 */
export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** Another API base (tests point the real SDK at a local server): `http://127.0.0.1:12345`. */
  apiBase?: string | undefined;
  /** The platform fee for newly connected spaces, in basis points (150 = 1.5 %). */
  defaultFeeBp: number;
}

/** Reads the configuration from the environment; null without a key (then everything is paid at the desk). */
export function stripeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StripeConfig | null {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return null;
  return {
    secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE,
    defaultFeeBp: Number(env.STRIPE_PLATFORM_FEE_BP ?? 0),
  };
}

export function stripeClient(cfg: StripeConfig): Stripe {
  const base = cfg.apiBase ? new URL(cfg.apiBase) : null;
  return new Stripe(cfg.secretKey, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'http:' ? 80 : 443)), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
}

/** Metadata carried by every Stripe object we create: the webhook finds the item by these, in this tenant only. */
export interface LieuMetadata { tenantId: string; memberId: string; paymentId: string; itemKind: string; itemId: string }
export const metadataOf = (tenantId: string, p: Payment): LieuMetadata & Record<string, string> => ({
  tenantId, memberId: p.memberId, paymentId: p.id, itemKind: p.item.kind, itemId: p.item.refId,
});

export class StripeGateway implements PaymentGateway {
  readonly channel = 'stripe' as const;
  constructor(readonly stripe: Stripe, private readonly settings: StripeSettings | null) {}

  private account(): string {
    if (!this.settings?.chargesEnabled) throw ruleViolation('stripe_not_ready', 'This space does not take online payments yet: pay at the desk');
    return this.settings.accountId;
  }

  /**
   * A Checkout Session for a pending payment, on the space's account. One-off items are paid in
   * `payment` mode with the platform fee as `application_fee_amount`; plans and dues become
   * subscriptions (`subscription` mode, `application_fee_percent`).
   */
  async begin(tenant: Tenant, payment: Payment, opts: BeginOptions & { stripeCustomerId?: string | undefined }): Promise<BeginResult> {
    const stripeAccount = this.account();
    if (payment.totalCents <= 0) throw ruleViolation('nothing_to_pay', 'Nothing to pay online');
    const currency = payment.currency.toLowerCase();
    const metadata = metadataOf(tenant.id, payment);
    const recurring = payment.effect?.kind === 'subscription' ? payment.effect.plan.interval : payment.effect?.kind === 'dues' ? payment.effect.interval : null;
    const lines = payment.lines.filter((l) => l.amountCents > 0).map((l) => ({
      quantity: 1,
      price_data: { currency, unit_amount: l.amountCents, product_data: { name: l.label }, ...(recurring ? { recurring: { interval: recurring } } : {}) },
    }));
    const fee = this.settings?.feeBp ?? 0;
    const common = {
      line_items: lines, metadata, client_reference_id: payment.id,
      success_url: `${opts.returnUrl}?paid=${payment.id}`, cancel_url: `${opts.returnUrl}?cancelled=${payment.id}`,
      ...(opts.stripeCustomerId ? { customer: opts.stripeCustomerId } : opts.customerEmail ? { customer_email: opts.customerEmail } : {}),
    };
    const params: Stripe.Checkout.SessionCreateParams = recurring
      ? { ...common, mode: 'subscription', subscription_data: { metadata, ...(fee ? { application_fee_percent: fee / 100 } : {}) } }
      : {
        ...common, mode: 'payment',
        ...(opts.stripeCustomerId ? {} : { customer_creation: 'always' as const }),
        payment_intent_data: { metadata, ...(fee ? { application_fee_amount: percentOf(payment.totalCents, fee) } : {}) },
      };
    const session = await this.stripe.checkout.sessions.create(params, { stripeAccount, ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}) });
    return { kind: 'redirect', url: session.url ?? '', sessionId: session.id };
  }

  /** The Customer Portal (cards, invoices) for a member who already paid online once. */
  async portal(customerId: string, returnUrl: string): Promise<string> {
    const s = await this.stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }, { stripeAccount: this.account() });
    return s.url;
  }
}

/** Connect onboarding: creates the space's account once, then an account link (also to resume an incomplete one). */
export async function onboardingLink(stripe: Stripe, tenant: Tenant, existing: StripeSettings | null, urls: { returnUrl: string; refreshUrl: string }) {
  const accountId = existing?.accountId ?? (await stripe.accounts.create({
    type: 'standard', country: tenant.address?.country ?? 'FR', business_profile: { name: tenant.name }, metadata: { tenantId: tenant.id },
  })).id;
  const link = await stripe.accountLinks.create({ account: accountId, type: 'account_onboarding', return_url: urls.returnUrl, refresh_url: urls.refreshUrl });
  return { accountId, url: link.url };
}

/** The account's status as Stripe reports it. */
export async function accountStatus(stripe: Stripe, accountId: string) {
  const a = await stripe.accounts.retrieve(accountId);
  return { chargesEnabled: !!a.charges_enabled, detailsSubmitted: !!a.details_submitted };
}

export { Stripe };
