import {
  findRate, localDate, pricesFor, priceQuote, PricingError, ruleViolation,
  type Cover, type Payment, type PriceQuote, type Rate, type Tenant,
} from '@lieu/core';
import { catalogueRepo, memberBillingRepo, memberTerms, paymentsRepo, type BookingPricingRecord, type Catalogue, type Db, type transact } from '@lieu/db';

/**
 * Bookings price through the engine here (issue 4 replacing issue 3's provisional hourly quote,
 * without changing the booking flow). One call gives the booking's quote — fixed at booking time —
 * and the writes for the booking's own transaction: credits and quota consumed (conditional: a
 * concurrent booking cannot overspend them) and, when something is left to pay, the pending payment
 * "to pay on site" (or to pay online through a Checkout Session).
 */
type Items = Parameters<typeof transact>[1];

/** The quote as a booking stores and shows it (issue 3's shape: lines, net, VAT, total, source). */
export interface BookingQuote {
  currency: string;
  lines: { label: string; quantity: number; unit: string; unitCents: number; amountCents: number }[];
  netCents: number;
  vatRateBp: number;
  vatCents: number;
  totalCents: number;
  vatMention?: string;
  source: string;
}

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

const duration = (minutes: number) => {
  const h = Math.floor(minutes / 60), m = minutes % 60;
  return `${h ? `${h} h` : ''}${m ? ` ${m} min` : ''}`.trim();
};

function coverLabel(c: Cover): string {
  if (c.source === 'credit') return `${c.name} (${c.unit === 'day' ? `${c.amount} j` : duration(c.amount)})`;
  if (c.rule === 'included') return 'Inclus dans le forfait';
  if (c.rule === 'quota') return `Forfait : ${c.unit === 'day' ? `${c.amount} j` : duration(c.amount)} inclus`;
  return 'Remise du forfait';
}

export async function priceBooking(db: Db, input: PriceBookingInput): Promise<{ quote: BookingQuote; pricing: BookingPricing; writes: Items }> {
  const { tenant, resource } = input;
  const [catalogue, billing] = await Promise.all([
    catalogueOf(db, tenant.id, input.now.getTime(), input.cacheMs),
    memberBillingRepo(db, tenant.id).load(input.member.id),
  ]);
  // Without a catalogue rate for it, a resource is priced at its own hourly rate for everyone.
  const own: Rate = { id: `resource:${resource.id}`, name: resource.name, resourceKind: resource.kind, resourceId: resource.id, prices: { standard: { hourCents: resource.priceCentsPerHour } } };
  const rate = findRate(catalogue.rates, resource.id, resource.kind) ?? own;
  const terms = memberTerms(billing);
  let q: PriceQuote;
  try {
    q = priceQuote({
      currency: tenant.currency, vat: tenant.vat, rates: [rate], member: terms, today: localDate(input.now, tenant.timeZone),
      items: [{ kind: 'booking', label: resource.name, resourceId: resource.id, resourceKind: resource.kind, date: localDate(input.start, tenant.timeZone), minutes: input.minutes }],
    });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
  const line = q.lines[0]!;
  const quote: BookingQuote = {
    currency: q.currency,
    lines: [
      { label: `${resource.name} — ${duration(input.minutes)}`, quantity: input.minutes / 60, unit: 'hour', unitCents: pricesFor(rate, terms.category).hourCents, amountCents: line.grossCents },
      ...line.covers.map((c) => ({ label: coverLabel(c), quantity: 1, unit: 'cover', unitCents: -c.cents, amountCents: -c.cents })),
    ],
    netCents: q.netCents, vatRateBp: line.vatRateBp, vatCents: q.vatCents, totalCents: q.totalCents,
    ...(q.vatMention ? { vatMention: q.vatMention } : {}),
    source: 'resource_rate',
  };
  const writes: Items = [...memberBillingRepo(db, tenant.id).consumeItems(input.member.id, q.consumes)];
  let paymentId: string | undefined;
  if (q.totalCents > 0) {
    const payment: Payment = {
      id: input.bookingId, memberId: input.member.id, memberName: input.member.name,
      item: { kind: 'booking', refId: input.bookingId, label: quote.lines[0]!.label }, revenueCategory: 'bookings',
      lines: [{ label: quote.lines[0]!.label, revenueCategory: 'bookings', quantity: 1, amountCents: line.amountCents, vatRateBp: line.vatRateBp, netCents: line.netCents, vatCents: line.vatCents }],
      currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, ...(q.vatMention ? { vatMention: q.vatMention } : {}),
      status: 'pending', channel: 'desk', createdAt: input.now.toISOString(), createdBy: input.createdBy, effect: { kind: 'none' }, version: 1,
    };
    writes.push(paymentsRepo(db, tenant.id).createOp(payment));
    paymentId = payment.id;
  }
  return { quote, pricing: { consumes: q.consumes, paymentId, category: terms.category }, writes };
}
