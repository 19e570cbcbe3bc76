import { periodOf, quotaKey } from '@lieu/core';
import { stripeRepo, type MemberBilling } from '@lieu/db';
import { isActiveSubscription } from '@lieu/payments';
import type { SignedScope, TenantScope } from '../scope';
import { billedMember } from './members';
import { presentPayment, presentProfile } from './present';

/** A member's billing page: plan and renewal, credits left, this month's quotas, payments, invoices. */
export function presentBillingPage(b: MemberBilling, day: string, stripeConnected: boolean) {
  const s = b.profile.subscription;
  const quotas = s && s.status === 'active'
    ? s.plan.entitlements.flatMap((e) => e.kind === 'quota'
      ? [{ resourceKind: e.resourceKind, period: periodOf(day), unit: e.unit, limit: e.amount, used: b.usage[quotaKey(e.resourceKind, periodOf(day))] ?? 0 }]
      : [])
    : [];
  return {
    profile: presentProfile(b.profile),
    plan: s ? { name: s.planName, status: isActiveSubscription(s, day) ? s.status : 'ended', renewsOn: s.cancelAtPeriodEnd ? null : (s.renewsOn ?? null), validUntil: s.validUntil ?? null, channel: s.channel } : null,
    credits: b.credits.filter((c) => c.remaining > 0 && c.validUntil >= day)
      .map((c) => ({ id: c.id, name: c.name, unit: c.unit, remaining: c.remaining, validUntil: c.validUntil, resourceKinds: [...c.resourceKinds] })),
    quotas,
    payments: b.payments.map(presentPayment),
    // Stripe invoices as the webhooks stored them (no Stripe call on this read).
    invoices: (b.invoices ?? []).map(({ stripeEventAt: _e, ...i }) => i),
    stripe: { connected: stripeConnected },
  };
}

async function stripeConnected(scope: TenantScope): Promise<boolean> {
  const s = await stripeRepo(scope.db).settings(scope.tenantId);
  return !!s?.chargesEnabled;
}

/** The caller's own billing page. */
export async function myBillingPage(scope: SignedScope) {
  const [b, connected] = await Promise.all([scope.repos.memberBilling.load(scope.actor.id), stripeConnected(scope)]);
  return presentBillingPage(b, scope.today, connected);
}

/** A member's billing page, as staff see it. */
export async function memberBillingPage(scope: SignedScope, memberId: string) {
  await billedMember(scope, memberId);
  const [b, connected] = await Promise.all([scope.repos.memberBilling.load(memberId), stripeConnected(scope)]);
  return presentBillingPage(b, scope.today, connected);
}
