import { roundHalfAwayFromZero } from '../money';
import { splitGross } from '../money';
import { VAT_293B_MENTION, vatRateBp, type VatSetting } from '../tenant';
import type { Quote } from './schemas';

export interface QuoteInput {
  resourceName: string;
  priceCentsPerHour: number;
  minutes: number;
  vat: VatSetting;
  currency: string;
}

/**
 * The price of a booking, fixed when it is made. Today its one source is the resource's own hourly
 * rate (VAT included); the pricing engine will replace this function's body, not the booking flow.
 */
export function quoteBooking(q: QuoteInput): Quote {
  const amountCents = roundHalfAwayFromZero((q.priceCentsPerHour * q.minutes) / 60);
  const rate = vatRateBp(q.vat);
  const { netCents, vatCents } = splitGross(amountCents, rate);
  const h = Math.floor(q.minutes / 60), m = q.minutes % 60;
  return {
    currency: q.currency,
    lines: [{ label: `${q.resourceName} — ${h ? `${h} h` : ''}${m ? ` ${m} min` : ''}`.trim(), quantity: q.minutes / 60, unit: 'hour', unitCents: q.priceCentsPerHour, amountCents }],
    netCents, vatRateBp: rate, vatCents, totalCents: amountCents,
    ...(q.vat.mode === 'exempt_293b' ? { vatMention: VAT_293B_MENTION } : {}),
    source: 'resource_rate',
  };
}
