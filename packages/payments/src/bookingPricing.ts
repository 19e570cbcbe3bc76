import {
  localDate, periodOf, priceBooking as priceOne, PricingError, quotaKey, ruleViolation,
  type BillingProfile, type Payment, type Tenant,
} from '@lieu/core';
import type { Quote } from '@lieu/core/booking';
import {
  billingKeys, catalogueRepo, defaultProfile, memberBillingRepo, memberTerms, paymentsRepo,
  WriteSet, type BookingPricingRecord, type Catalogue, type Db, type MemberBilling,
} from '@lieu/db';

/** The quote as a booking stores and shows it (lines, net, VAT, total, source). */
export type BookingQuote = Quote;

/** What a booking keeps about its pricing, to give credits back and release its payment on cancel (see `pricingReleaseItems`). */
export type BookingPricing = BookingPricingRecord;

export interface PriceBookingInput {
  tenant: Tenant;
  bookingId: string;
  member: { id: string; name: string };
  resource: { id: string; name: string; kind: string; priceCentsPerHour: number };
  start: Date;
  minutes: number;
  now: Date;
  createdBy: string;
  /** How long this process may reuse a tenant's catalogue (the same setting as the tenant cache). */
  cacheMs: number;
  /** The member's billing already read (`bookingBillingFrom`); otherwise the billing partition is queried. */
  billing?: MemberBilling | undefined;
}

// ---- a booking's billing data by key (so that creating a booking is a BatchGetItem + its transaction) ----
/**
 * The credits index of a member's billing partition (`T#t#MBILL#<m>` / `CREDITS`): the set of last
 * days (`untils`) of every credit ever granted, written with each grant (`creditsIndexOp`). A booking
 * on a day after all of them cannot use a credit, so its pricing needs no Query of the credits.
 */
export const CREDITS_INDEX_SK = 'CREDITS';

export function creditsIndexOp(db: Db, tenantId: string, memberId: string, validUntil: string) {
  return {
    Update: {
      TableName: db.table, Key: { PK: billingKeys.member(tenantId, memberId), SK: CREDITS_INDEX_SK },
      UpdateExpression: 'SET #t = :type ADD untils :u', ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':type': 'CreditsIndex', ':u': new Set([validUntil]) },
    },
  };
}

/** The keys a booking on local `date` prices with: the member's profile, the credits index, the quota used that month. */
export function bookingBillingKeys(tenantId: string, memberId: string, resourceKind: string, date: string) {
  const PK = billingKeys.member(tenantId, memberId);
  return [{ PK, SK: 'PROFILE' }, { PK, SK: CREDITS_INDEX_SK }, { PK, SK: `USAGE#${quotaKey(resourceKind, periodOf(date))}` }];
}

/**
 * The member's billing as pricing a booking on `date` needs it, from the items of `bookingBillingKeys`
 * (absent items are defaults); null when a credit may still be usable that day, and the pricing then
 * reads the billing partition as before.
 */
export function bookingBillingFrom(items: readonly Record<string, unknown>[], memberId: string, date: string): MemberBilling | null {
  const out: MemberBilling = { profile: defaultProfile(memberId), credits: [], usage: {}, payments: [] };
  for (const item of items) {
    const { PK: _pk, SK, type: _t, ...rest } = item;
    const sk = String(SK);
    if (sk === 'PROFILE') out.profile = rest as unknown as BillingProfile;
    else if (sk === CREDITS_INDEX_SK && [...((rest.untils as Set<string> | undefined) ?? [])].some((until) => until >= date)) return null;
    else if (sk.startsWith('USAGE#')) out.usage[sk.slice(6)] = Number(rest.used ?? 0);
  }
  return out;
}

/** The catalogue, reused in this process for `cacheMs`; concurrent requests share one read. */
const catalogueCache = new Map<string, { at: number; value: Promise<Catalogue> }>();
export function catalogueOf(db: Db, tenantId: string, nowMs: number, cacheMs: number): Promise<Catalogue> {
  const hit = catalogueCache.get(tenantId);
  if (hit && nowMs - hit.at < cacheMs) return hit.value;
  const value = catalogueRepo(db, tenantId).load();
  if (cacheMs > 0) {
    if (catalogueCache.size > 1000) catalogueCache.clear();
    catalogueCache.set(tenantId, { at: nowMs, value });
    value.catch(() => catalogueCache.delete(tenantId));
  }
  return value;
}

/** Drops this process's copy of a tenant's catalogue (after a staff edit in this process). */
export function forgetCatalogue(tenantId: string): void { catalogueCache.delete(tenantId); }

/**
 * Prices a booking with THE pricing function (core's `priceBooking`, the same the quote route and the
 * booking page use) and returns the writes of the booking's own transaction: credits and quota
 * consumed (conditional: a concurrent booking cannot overspend them) and, when something is left to
 * pay, the pending payment "to pay on site" (or online through a Checkout Session).
 */
export async function priceBooking(db: Db, input: PriceBookingInput): Promise<{ quote: BookingQuote; pricing: BookingPricing; writes: WriteSet }> {
  const { tenant, resource } = input;
  const [catalogue, billing] = await Promise.all([
    catalogueOf(db, tenant.id, input.now.getTime(), input.cacheMs),
    input.billing ?? memberBillingRepo(db, tenant.id).load(input.member.id),
  ]);
  // A chargeback under way pauses the member's own new bookings when the space says so; staff still book for them.
  if (billing.profile.bookingsPausedBy?.length && input.createdBy === input.member.id) {
    throw ruleViolation('bookings_paused', 'Your bookings are paused while a payment dispute is open: contact the staff');
  }
  const terms = memberTerms(billing);
  let priced: ReturnType<typeof priceOne>;
  try {
    priced = priceOne({
      currency: tenant.currency, vat: tenant.vat, rates: catalogue.rates, resource, member: terms,
      date: localDate(input.start, tenant.timeZone), minutes: input.minutes, today: localDate(input.now, tenant.timeZone),
    });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
  const { quote: q, stored: quote } = priced;
  const line = q.lines[0]!;
  const writes = new WriteSet().add('consumed', ...memberBillingRepo(db, tenant.id).consumeItems(input.member.id, q.consumes));
  let paymentId: string | undefined;
  if (q.totalCents > 0) {
    const payment: Payment = {
      id: input.bookingId, memberId: input.member.id, memberName: input.member.name,
      item: { kind: 'booking', refId: input.bookingId, label: quote.lines[0]!.label }, revenueCategory: 'bookings',
      lines: [{ label: quote.lines[0]!.label, revenueCategory: 'bookings', quantity: 1, amountCents: line.amountCents, vatRateBp: line.vatRateBp, netCents: line.netCents, vatCents: line.vatCents }],
      currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, ...(q.vatMention ? { vatMention: q.vatMention } : {}),
      status: 'pending', channel: 'desk', createdAt: input.now.toISOString(), createdBy: input.createdBy, effect: { kind: 'none' }, version: 1,
    };
    writes.add('payment', paymentsRepo(db, tenant.id).createOp(payment));
    paymentId = payment.id;
  }
  return { quote, pricing: { consumes: q.consumes, paymentId, category: terms.category }, writes };
}
