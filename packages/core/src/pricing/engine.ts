import { splitGross } from '../money';
import { VAT_293B_MENTION, vatRateBp, type VatSetting } from '../tenant';
import type { AllowanceUnit, MemberCategory, Plan, Rate, RevenueCategory } from './catalogue';
import { BOOKING_RULES, NoRate, subscriptionCovers, type BookingPricingState, type BookingRule } from './rules';

/**
 * The pricing engine: pure, no I/O. Given what the space sells (rates), who buys (category, plan,
 * credits, what the plan already used this month) and what is bought (bookings, tickets, shop lines,
 * passes and plans), it returns the quote: lines in integer cents VAT included, what the plan or the
 * credits cover, the VAT, the total, and exactly what the quote consumes (credit units, quota
 * amounts) so that the caller can write those in the same transaction as the booking or order.
 *
 * Order of coverage for a booking: included in the plan (0 €) → the plan's monthly quota → credits,
 * soonest expiring first → the plan's discount on what is left to pay.
 */

/** A member's subscription as the engine needs it. `validUntil` is the last day it covers, if it ends. */
export interface SubscriptionTerms {
  planId: string;
  plan: Pick<Plan, 'id' | 'name' | 'entitlements'>;
  status: 'pending' | 'active' | 'past_due' | 'canceled';
  /** First day covered (YYYY-MM-DD, the space's local date). */
  validFrom: string;
  /** Last day covered, when the subscription has an end (cancelled, or a yearly plan not renewed). */
  validUntil?: string | undefined;
}

/**
 * Credits held by a member: what is left of a pass or pack (or of credits a plan granted). They can
 * only be spent on a day within [validFrom, validUntil]; credits granted by a plan also need that
 * plan's subscription to cover the day (they expire with what granted them).
 */
export interface CreditGrant {
  id: string;
  name: string;
  unit: AllowanceUnit;
  remaining: number;
  resourceKinds: readonly string[];
  validFrom: string;
  validUntil: string;
  grantedBy: { kind: 'pass'; passId: string; /** the payment that bought it (taken back with a refund) */ paymentId?: string | undefined } | { kind: 'plan'; planId: string };
}

export interface MemberTerms {
  category: MemberCategory;
  subscription: SubscriptionTerms | null;
  credits: readonly CreditGrant[];
  /** What the plan's quotas already used, by quota key (see `quotaKey`). */
  usage: Readonly<Record<string, number>>;
}

export const ANONYMOUS: MemberTerms = { category: 'standard', subscription: null, credits: [], usage: {} };

/** What can be priced. */
export type PriceItem =
  | { kind: 'booking'; label: string; resourceId: string; resourceKind: string; /** local date */ date: string; minutes: number }
  | { kind: 'ticket'; label: string; unitCents: number; quantity: number; categoryPrices?: Partial<Record<MemberCategory, number>> }
  | { kind: 'product'; label: string; unitCents: number; quantity: number; /** a shop line may carry its own VAT rate */ vatRateBp?: number }
  | { kind: 'purchase'; label: string; revenueCategory: 'dues' | 'plans' | 'passes'; unitCents: number; quantity: number };

export type Cover =
  | { source: 'plan'; planId: string; rule: 'included' | 'discount'; cents: number }
  | { source: 'plan'; planId: string; rule: 'quota'; quotaKey: string; amount: number; unit: AllowanceUnit; cents: number }
  | { source: 'credit'; creditId: string; name: string; amount: number; unit: AllowanceUnit; cents: number };

export interface PriceLine {
  kind: PriceItem['kind'];
  label: string;
  revenueCategory: RevenueCategory;
  quantity: number;
  /** Price before anything covers it. */
  grossCents: number;
  /** What the plan and credits cover (Σ covers[].cents). */
  coveredCents: number;
  /** What is left to pay: grossCents − coveredCents. */
  amountCents: number;
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  covers: Cover[];
  /** The booked length, for booking lines. */
  minutes?: number;
}

export interface QuotaConsumption { quotaKey: string; resourceKind: string; period: string; amount: number; unit: AllowanceUnit; limit: number }
export interface CreditConsumption { creditId: string; amount: number; unit: AllowanceUnit }

export interface PriceQuote {
  currency: string;
  category: MemberCategory;
  lines: PriceLine[];
  grossCents: number;
  coveredCents: number;
  totalCents: number;
  netCents: number;
  vatCents: number;
  vatMention: string | null;
  consumes: { credits: CreditConsumption[]; quotas: QuotaConsumption[] };
}

export interface PriceQuoteInput {
  currency: string;
  vat: VatSetting;
  rates: readonly Rate[];
  member: MemberTerms;
  items: readonly PriceItem[];
  /** Today in the space's time zone (YYYY-MM-DD): an expired credit is not spent, whatever the booked day. */
  today: string;
}

export class PricingError extends Error {
  constructor(readonly rule: 'no_rate' | 'invalid_item', message: string) { super(message); this.name = 'PricingError'; }
}

/** Prices a quote; `rules` are the booking rules (BOOKING_RULES unless a test isolates some). */
export function priceQuote(input: PriceQuoteInput, rules: readonly BookingRule[] = BOOKING_RULES): PriceQuote {
  const { member } = input;
  // Running state across the items of one quote: no credit is spent twice, no quota overrun.
  const creditLeft = new Map(member.credits.map((c) => [c.id, c.remaining]));
  const quotaUsed = new Map<string, number>();
  const creditsSpent = new Map<string, CreditConsumption>();
  const quotasSpent = new Map<string, QuotaConsumption>();
  const exempt = input.vat.mode === 'exempt_293b';
  const tenantRate = vatRateBp(input.vat);

  const lines = input.items.map((item): PriceLine => {
    const vatRate = exempt ? 0 : item.kind === 'product' && item.vatRateBp !== undefined ? item.vatRateBp : tenantRate;
    if (item.kind === 'booking') return finish(priceBooking(item), vatRate);
    checkQuantity(item.quantity, item.unitCents);
    const unit = item.kind === 'ticket' ? (item.categoryPrices?.[member.category] ?? item.unitCents) : item.unitCents;
    const revenueCategory: RevenueCategory = item.kind === 'ticket' ? 'events' : item.kind === 'product' ? 'shop' : item.revenueCategory;
    return finish({ kind: item.kind, label: item.label, revenueCategory, quantity: item.quantity, grossCents: unit * item.quantity, covers: [] }, vatRate);
  });

  function priceBooking(item: Extract<PriceItem, { kind: 'booking' }>): Omit<PriceLine, 'coveredCents' | 'amountCents' | 'vatRateBp' | 'netCents' | 'vatCents'> {
    if (!Number.isSafeInteger(item.minutes) || item.minutes <= 0 || item.minutes > 1440) {
      throw new PricingError('invalid_item', `A booking lasts 1 to 1440 minutes, not ${item.minutes}`);
    }
    const sub = subscriptionCovers(member.subscription, item.date) ? member.subscription : null;
    const state: BookingPricingState = {
      item, member, rates: input.rates, today: input.today, sub, ents: sub?.plan.entitlements ?? [],
      rate: null, prices: null, grossCents: 0, left: item.minutes, priceLeft: 0, covers: [],
      running: { creditLeft, quotaUsed, creditsSpent, quotasSpent },
    };
    for (const rule of rules) {
      try {
        if (rule.apply(state) === 'done') break;
      } catch (e) {
        if (e instanceof NoRate) throw new PricingError('no_rate', e.message);
        throw e;
      }
    }
    return { kind: 'booking', label: item.label, revenueCategory: 'bookings', quantity: 1, grossCents: state.grossCents, covers: state.covers, minutes: item.minutes };
  }

  const total = { grossCents: 0, coveredCents: 0, totalCents: 0, netCents: 0, vatCents: 0 };
  for (const l of lines) {
    total.grossCents += l.grossCents; total.coveredCents += l.coveredCents; total.totalCents += l.amountCents;
    total.netCents += l.netCents; total.vatCents += l.vatCents;
  }
  return {
    currency: input.currency,
    category: member.category,
    lines,
    ...total,
    vatMention: exempt ? VAT_293B_MENTION : null,
    consumes: { credits: [...creditsSpent.values()], quotas: [...quotasSpent.values()] },
  };
}

function finish(l: Omit<PriceLine, 'coveredCents' | 'amountCents' | 'vatRateBp' | 'netCents' | 'vatCents'>, vatRateBp: number): PriceLine {
  const coveredCents = l.covers.reduce((s, c) => s + c.cents, 0);
  const amountCents = l.grossCents - coveredCents;
  const { netCents, vatCents } = splitGross(amountCents, vatRateBp);
  return { ...l, coveredCents, amountCents, vatRateBp, netCents, vatCents };
}

function checkQuantity(quantity: number, unitCents: number) {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > 1000) throw new PricingError('invalid_item', `Quantity must be 1 to 1000, not ${quantity}`);
  if (!Number.isSafeInteger(unitCents) || unitCents < 0) throw new PricingError('invalid_item', `Not a price in cents: ${unitCents}`);
}
