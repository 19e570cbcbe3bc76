/**
 * Money is integer cents plus an ISO 4217 currency. Prices are stored VAT included (TTC), as French
 * spaces display them; the VAT part is derived, rounded half away from zero to the cent.
 */
export interface Money {
  amountCents: number;
  currency: string;
}

/** VAT rate in basis points: 2000 = 20 %, 550 = 5.5 %, 0 = exempt. */
export type VatRateBp = number;

export function assertCents(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer amount of cents: ${n}`);
}

/** Rounds half away from zero: the usual commercial rounding for invoices. */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** Splits a VAT-included amount into its net and VAT parts (net + vat === gross, always). */
export function splitGross(grossCents: number, rateBp: VatRateBp): { netCents: number; vatCents: number } {
  assertCents(grossCents);
  const netCents = roundHalfAwayFromZero((grossCents * 10000) / (10000 + rateBp));
  return { netCents, vatCents: grossCents - netCents };
}

/** Applies a percentage (in basis points) to an amount, rounded to the cent. */
export function percentOf(amountCents: number, bp: number): number {
  assertCents(amountCents);
  return roundHalfAwayFromZero((amountCents * bp) / 10000);
}

export function formatMoney(m: Money, locale = 'fr-FR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(m.amountCents / 100);
}
