import { roundHalfAwayFromZero } from '../money';
import type { MemberCategory, Rate, UnitPrices } from './catalogue';

export const DEFAULT_HALF_DAY_MINUTES = 240;
export const DEFAULT_DAY_MINUTES = 480;

/** The prices a category pays under a rate: its own, or `standard`'s. */
export function pricesFor(rate: Rate, category: MemberCategory): UnitPrices {
  return rate.prices[category] ?? rate.prices.standard;
}

/**
 * The price of `minutes` of use: the cheapest mix of days, half-days and time at the hourly rate,
 * counted to the minute (90 min at 18 €/h = 27 €). A 5 h booking at 10 €/h with 35 € the half-day
 * costs 35 € + 10 €, not 50 €. The result never
 * decreases when `minutes` grows, which is what lets a quota or a credit cover part of a booking
 * (covered = price(all) − price(what is left)) without ever going negative.
 */
export function priceForMinutes(prices: UnitPrices, minutes: number, rate?: Pick<Rate, 'halfDayMinutes' | 'dayMinutes'>): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new RangeError(`not a duration in minutes: ${minutes}`);
  if (minutes === 0) return 0;
  const halfDay = rate?.halfDayMinutes ?? DEFAULT_HALF_DAY_MINUTES;
  const day = rate?.dayMinutes ?? DEFAULT_DAY_MINUTES;
  const maxDays = prices.dayCents === undefined ? 0 : Math.ceil(minutes / day);
  const maxHalves = prices.halfDayCents === undefined ? 0 : Math.ceil(minutes / halfDay);
  let best = Number.POSITIVE_INFINITY;
  for (let d = 0; d <= maxDays; d++) {
    for (let h = 0; h <= maxHalves; h++) {
      const rest = Math.max(0, minutes - d * day - h * halfDay);
      const cost = d * (prices.dayCents ?? 0) + h * (prices.halfDayCents ?? 0) + roundHalfAwayFromZero((rest * prices.hourCents) / 60);
      if (cost < best) best = cost;
      if (rest === 0) break; // more half-days only add cost
    }
  }
  return best;
}

/** The rate for a resource: its own rate first, else its kind's; null when the space set none. */
export function findRate(rates: readonly Rate[], resourceId: string, resourceKind: string): Rate | null {
  return rates.find((r) => r.resourceId === resourceId) ?? rates.find((r) => r.resourceKind === resourceKind && !r.resourceId) ?? null;
}
