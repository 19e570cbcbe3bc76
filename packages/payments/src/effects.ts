import { addInterval, newId, type BillingProfile, type CreditGrant, type Payment } from '@lieu/core';
import { memberBillingRepo, WriteSet, type Db, type MemberBilling } from '@lieu/db';
import { creditsIndexOp } from './bookingPricing';

/**
 * What paying a payment changes for its member, as writes for the same transaction as the payment's
 * status change (so a payment is never paid without its effect, or the reverse):
 * - a pass → a credit grant valid `validityDays` from today;
 * - a plan → the subscription, active for one period from today (or from the end of the current one);
 * - dues → paid-up membership for one period, and the category they grant.
 */
export interface SettlementOptions {
  channel?: 'desk' | 'stripe';
  stripeSubscriptionId?: string | undefined;
  stripeCustomerId?: string | undefined;
}

export function settlementWrites(db: Db, tenantId: string, payment: Payment, billing: MemberBilling, today: string, now: Date, opts: SettlementOptions = {}) {
  const repo = memberBillingRepo(db, tenantId);
  const effect = payment.effect ?? { kind: 'none' as const };
  const items: unknown[] = [];
  let profile: BillingProfile | null = null;
  if (effect.kind === 'credit') {
    const grant: CreditGrant & { createdAt: string } = {
      id: newId(now.getTime()), name: effect.name, unit: effect.unit, remaining: effect.amount, resourceKinds: effect.resourceKinds,
      validFrom: today, validUntil: addInterval(today, 'day', effect.validityDays - 1), grantedBy: { kind: 'pass', passId: effect.passId, paymentId: payment.id }, createdAt: now.toISOString(),
    };
    items.push(repo.creditPut(payment.memberId, grant));
    items.push(creditsIndexOp(db, tenantId, payment.memberId, grant.validUntil)); // bookings read it by key (bookingPricing.ts)
  } else if (effect.kind === 'subscription') {
    const current = billing.profile.subscription;
    const extending = current && current.planId === effect.plan.id && current.status === 'active' && current.validUntil && current.validUntil >= today;
    const from = extending ? addInterval(current.validUntil!, 'day', 1) : today;
    const until = addInterval(addInterval(from, effect.plan.interval, 1), 'day', -1);
    profile = {
      ...billing.profile,
      subscription: {
        id: extending ? current.id : newId(now.getTime()), planId: effect.plan.id, planName: effect.plan.name, interval: effect.plan.interval,
        priceCents: effect.plan.priceCents, plan: { id: effect.plan.id, name: effect.plan.name, entitlements: effect.plan.entitlements },
        status: 'active', channel: opts.channel ?? 'desk', stripeSubscriptionId: opts.stripeSubscriptionId, validFrom: extending ? current.validFrom : from,
        // A Stripe subscription renews itself: it covers until Stripe says it ended.
        validUntil: opts.channel === 'stripe' ? undefined : until, renewsOn: addInterval(until, 'day', 1),
      },
    };
  } else if (effect.kind === 'dues') {
    const current = billing.profile.duesValidUntil;
    const from = current && current >= today ? addInterval(current, 'day', 1) : today;
    profile = {
      ...billing.profile,
      duesValidUntil: addInterval(addInterval(from, effect.interval, 1), 'day', -1),
      ...(effect.grantsCategory && billing.profile.category === 'standard' ? { category: effect.grantsCategory } : {}),
    };
  }
  if (opts.stripeCustomerId && opts.stripeCustomerId !== billing.profile.stripeCustomerId) {
    profile = { ...(profile ?? billing.profile), stripeCustomerId: opts.stripeCustomerId };
  }
  if (profile) items.push(repo.profilePut(billing.profile, profile).op);
  return items as Parameters<typeof import('@lieu/db').transact>[1];
}

/** `settlementWrites` as named writes: `grant` (credits), `profile` (plan, dues, category). */
export function settlementSet(db: Db, tenantId: string, payment: Payment, billing: MemberBilling, today: string, now: Date, opts: SettlementOptions = {}): WriteSet {
  const set = new WriteSet();
  for (const op of settlementWrites(db, tenantId, payment, billing, today, now, opts)) {
    set.add('Put' in op && (op.Put?.Item as { SK?: string } | undefined)?.SK === 'PROFILE' ? 'profile' : 'grant', op);
  }
  return set;
}

/**
 * What taking back a payment's grant writes (a refund in full, or a lost chargeback): the reverse of
 * `settlementWrites`, for the same transaction as the payment's change, once (the caller sets the
 * payment's `takenBackAt`):
 * - a pass → what is left of its credits is withdrawn (what was already used stays used);
 * - a plan → the subscription ends yesterday (a Stripe one must also be cancelled on Stripe);
 * - dues → the membership loses the period paid, and the category it granted once it has lapsed.
 * Returns the credit writes and the profile as it becomes (null: unchanged), so the caller can merge
 * other profile changes into one conditional put.
 */
export function takeBackChanges(db: Db, tenantId: string, payment: Payment, billing: MemberBilling, today: string): { items: TxItems; profile: BillingProfile | null } {
  const effect = payment.effect ?? { kind: 'none' as const };
  const items: TxItems = [];
  let profile: BillingProfile | null = null;
  if (effect.kind === 'credit') {
    // Grants name their payment; those stored before that are found by pass and settlement instant.
    const grants = billing.credits.filter((c) => c.grantedBy.kind === 'pass' && (c.grantedBy.paymentId === payment.id
      || (!c.grantedBy.paymentId && c.grantedBy.passId === effect.passId && c.createdAt === payment.paidAt)));
    for (const g of grants) if (g.remaining > 0) items.push(memberBillingRepo(db, tenantId).creditWithdrawOp(payment.memberId, g.id));
  } else if (effect.kind === 'subscription') {
    const s = billing.profile.subscription;
    if (s && s.planId === effect.plan.id && s.status !== 'canceled') {
      profile = {
        ...billing.profile,
        subscription: {
          ...s, status: 'canceled', validUntil: addInterval(today, 'day', -1), cancelAtPeriodEnd: false,
          // Stripe would charge it again at its renewal: the Stripe worker cancels it there.
          ...(s.stripeSubscriptionId ? { stripeCancel: 'requested' as const } : {}),
        },
      };
    }
  } else if (effect.kind === 'dues' && billing.profile.duesValidUntil) {
    const until = addInterval(billing.profile.duesValidUntil, effect.interval, -1);
    const lapsed = until < today;
    profile = {
      ...billing.profile, duesValidUntil: until,
      ...(lapsed && effect.grantsCategory && billing.profile.category === effect.grantsCategory ? { category: 'standard' as const } : {}),
    };
  }
  return { items, profile };
}

type TxItems = Parameters<typeof import('@lieu/db').transact>[1];
