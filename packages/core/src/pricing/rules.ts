import { percentOf } from '../money';
import type { AllowanceUnit, Entitlement, Rate, UnitPrices } from './catalogue';
import { findRate, priceForMinutes, pricesFor } from './duration';
import type { Cover, CreditConsumption, CreditGrant, MemberTerms, QuotaConsumption, SubscriptionTerms } from './engine';

/**
 * The rules that price a booking, one named entry each, applied in order. Each reads and updates the
 * booking's pricing state: the price of what is left to cover, and the covers so far. A new rule is
 * one entry here (and its tests); nothing else prices a booking.
 */
export interface BookingPricingState {
  readonly item: { label: string; resourceId: string; resourceKind: string; date: string; minutes: number };
  readonly member: MemberTerms;
  readonly rates: readonly Rate[];
  /** Today in the space's zone: an expired credit is not spent, whatever the booked day. */
  readonly today: string;
  /** The subscription covering the booked day, if any. */
  readonly sub: SubscriptionTerms | null;
  readonly ents: readonly Entitlement[];
  rate: Rate | null;
  prices: UnitPrices | null;
  grossCents: number;
  /** Minutes not yet covered, and the price of those minutes. */
  left: number;
  priceLeft: number;
  readonly covers: Cover[];
  /** Running state across the items of one quote: no credit spent twice, no quota overrun. */
  readonly running: {
    creditLeft: Map<string, number>;
    quotaUsed: Map<string, number>;
    creditsSpent: Map<string, CreditConsumption>;
    quotasSpent: Map<string, QuotaConsumption>;
  };
}

export type BookingRuleName = 'rate' | 'category' | 'plan_inclusion' | 'quota' | 'credits' | 'discount';
export interface BookingRule {
  name: BookingRuleName;
  /** Returns `'done'` when nothing is left for the later rules (the booking is fully covered). */
  apply(s: BookingPricingState): void | 'done';
}

export class NoRate extends Error {}

/** The price of `minutes` of the booking under the state's rate and the member's category. */
const priceOf = (s: BookingPricingState, minutes: number) => priceForMinutes(s.prices!, minutes, s.rate!);

/** Covers `amount` of the booking (a day covers all of it) and says what that took off the price. */
function take(s: BookingPricingState, amount: number, unit: AllowanceUnit): number {
  s.left = unit === 'day' ? 0 : s.left - amount;
  const before = s.priceLeft;
  s.priceLeft = priceOf(s, s.left);
  return before - s.priceLeft;
}

export const quotaKey = (resourceKind: string, period: string) => `${resourceKind}#${period}`;
export const periodOf = (date: string) => date.slice(0, 7);

export function subscriptionCovers(sub: SubscriptionTerms | null, date: string): sub is SubscriptionTerms {
  return !!sub && sub.status === 'active' && sub.validFrom <= date && (sub.validUntil === undefined || date <= sub.validUntil);
}

function creditUsableOn(c: CreditGrant, member: MemberTerms, date: string, today: string): boolean {
  if (c.validFrom > date || c.validUntil < date || c.validUntil < today) return false;
  if (c.grantedBy.kind === 'plan') {
    const sub = member.subscription;
    return subscriptionCovers(sub, date) && sub.planId === c.grantedBy.planId;
  }
  return true;
}

/** The resource's rate from the catalogue: its own first, else its kind's. */
export const rateRule: BookingRule = {
  name: 'rate',
  apply(s) {
    s.rate = findRate(s.rates, s.item.resourceId, s.item.resourceKind);
    if (!s.rate) throw new NoRate(`No rate is set for ${s.item.label}`);
  },
};

/** The member's category picks its prices in the rate (`standard` when the rate has none for it). */
export const categoryRule: BookingRule = {
  name: 'category',
  apply(s) {
    s.prices = pricesFor(s.rate!, s.member.category);
    s.grossCents = priceOf(s, s.item.minutes);
    s.priceLeft = s.grossCents;
  },
};

/** A plan that includes the resource's kind covers the whole booking. */
export const planInclusionRule: BookingRule = {
  name: 'plan_inclusion',
  apply(s) {
    if (!s.sub || !s.ents.some((e) => e.kind === 'included' && e.resourceKinds.includes(s.item.resourceKind))) return;
    if (s.grossCents > 0) s.covers.push({ source: 'plan', planId: s.sub.planId, rule: 'included', cents: s.grossCents });
    s.left = 0;
    s.priceLeft = 0;
    return 'done';
  },
};

/** The plan's monthly quota of the kind covers what it has left this month. */
export const quotaRule: BookingRule = {
  name: 'quota',
  apply(s) {
    const quota = s.sub ? s.ents.find((e) => e.kind === 'quota' && e.resourceKind === s.item.resourceKind) : undefined;
    if (!s.sub || quota?.kind !== 'quota') return;
    const period = periodOf(s.item.date);
    const key = quotaKey(s.item.resourceKind, period);
    const { quotaUsed, quotasSpent } = s.running;
    const used = (s.member.usage[key] ?? 0) + (quotaUsed.get(key) ?? 0);
    const available = Math.max(0, quota.amount - used);
    const amount = quota.unit === 'day' ? Math.min(1, available) : Math.min(available, s.left);
    if (amount <= 0) return;
    const cents = take(s, amount, quota.unit);
    quotaUsed.set(key, (quotaUsed.get(key) ?? 0) + amount);
    const spent = quotasSpent.get(key);
    if (spent) spent.amount += amount;
    else quotasSpent.set(key, { quotaKey: key, resourceKind: s.item.resourceKind, period, amount, unit: quota.unit, limit: quota.amount });
    s.covers.push({ source: 'plan', planId: s.sub.planId, rule: 'quota', quotaKey: key, amount, unit: quota.unit, cents });
  },
};

/** Credits (passes, packs, a plan's credits) usable that day, soonest expiring first. */
export const creditsRule: BookingRule = {
  name: 'credits',
  apply(s) {
    const { creditLeft, creditsSpent } = s.running;
    const usable = s.member.credits
      .filter((c) => c.resourceKinds.includes(s.item.resourceKind) && creditUsableOn(c, s.member, s.item.date, s.today))
      .sort((a, b) => (a.validUntil < b.validUntil ? -1 : a.validUntil > b.validUntil ? 1 : a.id < b.id ? -1 : 1));
    for (const c of usable) {
      if (s.left <= 0) break;
      const available = creditLeft.get(c.id) ?? 0;
      const amount = c.unit === 'day' ? Math.min(1, available) : Math.min(available, s.left);
      if (amount <= 0) continue;
      const cents = take(s, amount, c.unit);
      creditLeft.set(c.id, available - amount);
      const spent = creditsSpent.get(c.id);
      if (spent) spent.amount += amount;
      else creditsSpent.set(c.id, { creditId: c.id, amount, unit: c.unit });
      s.covers.push({ source: 'credit', creditId: c.id, name: c.name, amount, unit: c.unit, cents });
    }
  },
};

/** The plan's best discount on the kind, off what is still to pay. */
export const discountRule: BookingRule = {
  name: 'discount',
  apply(s) {
    if (!s.sub || s.priceLeft <= 0) return;
    let bestBp = 0;
    for (const e of s.ents) if (e.kind === 'discount' && e.resourceKinds.includes(s.item.resourceKind)) bestBp = Math.max(bestBp, e.percentBp);
    const cents = Math.min(s.priceLeft, percentOf(s.priceLeft, bestBp));
    if (cents > 0) s.covers.push({ source: 'plan', planId: s.sub.planId, rule: 'discount', cents });
  },
};

/** The order in which a booking is priced: rate → category → included in the plan → quota → credits → discount. */
export const BOOKING_RULES: readonly BookingRule[] = [rateRule, categoryRule, planInclusionRule, quotaRule, creditsRule, discountRule];
