import type { Quote } from '../booking/schemas';
import type { VatSetting } from '../tenant';
import type { Rate } from './catalogue';
import { findRate, pricesFor } from './duration';
import { priceQuote, type Cover, type MemberTerms, type PriceQuote } from './engine';

/**
 * A machine's, room's or desk's price is defined in one place: the space's catalogue (a rate for the
 * resource, else for its kind, with prices per member category). A resource that no catalogue rate
 * covers is priced at the hourly price set on its form, for every category — the form shows which
 * of the two applies. `ratesFor` is that choice, used by every caller of the pricing function.
 */
export interface PricedResource { id: string; name: string; kind: string; priceCentsPerHour: number }

export function ownRate(r: PricedResource): Rate {
  return { id: `resource:${r.id}`, name: r.name, resourceKind: r.kind, resourceId: r.id, prices: { standard: { hourCents: r.priceCentsPerHour } } };
}

/** The catalogue's rates plus, for each resource the catalogue does not price, its own hourly rate. */
export function ratesFor(catalogue: readonly Rate[], resources: readonly PricedResource[]): Rate[] {
  const extra = resources.filter((r) => !findRate(catalogue, r.id, r.kind)).map(ownRate);
  return extra.length ? [...catalogue, ...extra] : [...catalogue];
}

/** The rate that prices a resource, and where it comes from. */
export function rateOf(catalogue: readonly Rate[], r: PricedResource): { rate: Rate; source: 'catalogue' | 'resource' } {
  const rate = findRate(catalogue, r.id, r.kind);
  return rate ? { rate, source: 'catalogue' } : { rate: ownRate(r), source: 'resource' };
}

export interface BookingPriceInput {
  currency: string;
  vat: VatSetting;
  /** The catalogue's rates (the resource's own rate is added when they do not cover it). */
  rates: readonly Rate[];
  resource: PricedResource;
  member: MemberTerms;
  /** The booked day, in the space's zone. */
  date: string;
  minutes: number;
  /** Today in the space's zone. */
  today: string;
}

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

/**
 * THE price of a booking: what the booking page shows, the quote route answers, the booking stores
 * and its payment charges. Pure; `quote` is the engine's answer (what is consumed, VAT), `stored`
 * the booking's own copy (lines, total).
 */
export function priceBooking(input: BookingPriceInput): { quote: PriceQuote; stored: Quote } {
  const { resource } = input;
  const rates = ratesFor(input.rates, [resource]);
  const quote = priceQuote({
    currency: input.currency, vat: input.vat, rates, member: input.member, today: input.today,
    items: [{ kind: 'booking', label: resource.name, resourceId: resource.id, resourceKind: resource.kind, date: input.date, minutes: input.minutes }],
  });
  const line = quote.lines[0]!;
  const rate = findRate(rates, resource.id, resource.kind)!;
  const stored: Quote = {
    currency: quote.currency,
    lines: [
      { label: `${resource.name} — ${duration(input.minutes)}`, quantity: input.minutes / 60, unit: 'hour', unitCents: pricesFor(rate, input.member.category).hourCents, amountCents: line.grossCents },
      ...line.covers.map((c) => ({ label: coverLabel(c), quantity: 1, unit: 'cover', unitCents: -c.cents, amountCents: -c.cents })),
    ],
    netCents: quote.netCents, vatRateBp: line.vatRateBp, vatCents: quote.vatCents, totalCents: quote.totalCents,
    ...(quote.vatMention ? { vatMention: quote.vatMention } : {}),
    source: rate.id.startsWith('resource:') ? 'resource_rate' : 'catalogue',
  };
  return { quote, stored };
}
