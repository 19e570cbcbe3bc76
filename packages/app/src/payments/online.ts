import { conflict, forbidden, AppError, notFound, ruleViolation } from '@lieu/core';
import { stripeRepo } from '@lieu/db';
import { accountStatus, onboardingLink, StripeGateway, type Stripe, type StripeConfig } from '@lieu/payments/stripe';
import type { SignedScope } from '../scope';

/** The platform's Stripe client and configuration, or null when the platform has none (pay at the desk). */
export type StripePort = { stripe: Stripe; cfg: StripeConfig } | null;

function stripeOrFail(port: StripePort) {
  if (!port) throw ruleViolation('stripe_not_configured', 'Online payments are not configured on this platform: pay at the desk');
  return port;
}

/** The space's Stripe account as its owner sees it, with the platform fee on online payments. */
export async function stripeStatus(scope: SignedScope, port: StripePort) {
  const repo = stripeRepo(scope.db);
  const [s, fee] = await Promise.all([repo.settings(scope.tenantId), repo.platformFee(scope.tenantId)]);
  return {
    configured: !!port, connected: !!s, accountId: s?.accountId ?? null,
    chargesEnabled: !!s?.chargesEnabled, detailsSubmitted: !!s?.detailsSubmitted,
    // Set per space by a platform admin, else the platform default.
    feeBp: s?.feeBp ?? fee?.feeBp ?? port?.cfg.defaultFeeBp ?? 0,
  };
}

/** Connects the space's Stripe account (or resumes its onboarding): a link to follow. */
export async function connectStripe(scope: SignedScope, port: StripePort) {
  const { stripe, cfg } = stripeOrFail(port);
  const repo = stripeRepo(scope.db);
  const existing = await repo.settings(scope.tenantId);
  const link = await onboardingLink(stripe, scope.tenant, existing, {
    returnUrl: scope.links.to('/settings/payments'), refreshUrl: scope.links.to('/settings/payments', { refresh: '1' }),
  });
  const status = existing ? await accountStatus(stripe, link.accountId) : { chargesEnabled: false, detailsSubmitted: false };
  await repo.link(scope.tenantId, { accountId: link.accountId, ...status, feeBp: existing?.feeBp ?? cfg.defaultFeeBp, updatedAt: scope.now.toISOString() });
  return link;
}

/** A Checkout Session for a pending payment of the caller's (or, staff, of a member's). */
export async function startCheckout(scope: SignedScope, port: StripePort, input: { paymentId: string; memberId?: string | undefined }, idempotencyKey?: string) {
  const { stripe } = stripeOrFail(port);
  const memberId = input.memberId ?? scope.actor.id;
  if (memberId !== scope.actor.id && !scope.actor.isStaff) throw forbidden('Only staff act for another member');
  if (idempotencyKey !== undefined && !/^[\w-]{8,100}$/.test(idempotencyKey)) throw new AppError('invalid_input', 'Idempotency-Key: 8 to 100 letters, digits, - or _');
  const [payment, settings, billing, member] = await Promise.all([
    scope.repos.payments.get(memberId, input.paymentId),
    stripeRepo(scope.db).settings(scope.tenantId),
    scope.repos.memberBilling.load(memberId),
    scope.repos.users.get(memberId),
  ]);
  if (!payment || !member || member.tenantId !== scope.tenantId) throw notFound('Payment');
  if (payment.status !== 'pending') throw conflict(`This payment is already ${payment.status}`, { rule: 'payment_not_pending' }, { status: payment.status });
  const started = await new StripeGateway(stripe, settings).begin(scope.tenant, payment, {
    returnUrl: scope.links.to('/billing'), customerEmail: member.email ?? undefined, stripeCustomerId: billing.profile.stripeCustomerId,
    // Stripe keeps the client's key (scoped to this payment) for 24 h: a retried click opens the same session.
    idempotencyKey: idempotencyKey ? `${payment.id}:${idempotencyKey}` : `checkout:${payment.id}:v${payment.version}`,
  });
  if (started.kind !== 'redirect') throw new Error('unreachable');
  return { url: started.url, sessionId: started.sessionId };
}

/** The Stripe Customer Portal for a member who already paid online here. */
export async function openCustomerPortal(scope: SignedScope, port: StripePort) {
  const { stripe } = stripeOrFail(port);
  const [settings, billing] = await Promise.all([stripeRepo(scope.db).settings(scope.tenantId), scope.repos.memberBilling.load(scope.actor.id)]);
  if (!billing.profile.stripeCustomerId) throw ruleViolation('no_stripe_customer', 'You have not paid online here yet');
  return { url: await new StripeGateway(stripe, settings).portal(billing.profile.stripeCustomerId, scope.links.to('/billing')) };
}

/** How far in the future a signature's timestamp may be (clock skew), like the SDK's tolerance for old ones. */
export const SIGNATURE_FUTURE_TOLERANCE_S = 300;

/**
 * A Stripe event whose signature holds (on the raw body, with the platform's webhook secret), or a
 * 400: missing, altered, stale (the SDK's tolerance) or dated more than five minutes ahead of `now`.
 */
export function verifiedStripeEvent(port: NonNullable<StripePort>, raw: string, signature: string | undefined, now: Date): Stripe.Event {
  const invalid = () => new AppError('invalid_input', 'Invalid Stripe signature');
  if (!signature) throw invalid();
  const t = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1] ?? NaN);
  if (!Number.isFinite(t) || t > Math.floor(now.getTime() / 1000) + SIGNATURE_FUTURE_TOLERANCE_S) throw invalid();
  try {
    return port.stripe.webhooks.constructEvent(raw, signature, port.cfg.webhookSecret);
  } catch {
    throw invalid();
  }
}
