import { describe, expect, it } from 'vitest';
import { ANONYMOUS, BOOKING_RULES, priceBooking, priceQuote, rateOf, type MemberTerms, type Rate } from '../src';

const machines: Rate = { id: 'r1', name: 'Machines', resourceKind: 'machine', prices: { standard: { hourCents: 1800 }, adherent: { hourCents: 1000 } } };
const printer = { id: 'p1', name: 'Imprimante 3D', kind: 'machine', priceCentsPerHour: 300 };
const vat = { mode: 'standard' as const, rateBp: 2000 };
const base = { currency: 'EUR', vat, date: '2026-12-08', today: '2026-12-01', minutes: 60 };

describe('one price for a booking', () => {
  it('the catalogue defines a machine’s price: its kind’s rate wins over the hourly price of the resource form', () => {
    const { stored, quote } = priceBooking({ ...base, rates: [machines], resource: printer, member: ANONYMOUS });
    expect(stored.totalCents).toBe(1800);
    expect(quote.totalCents).toBe(1800);
    expect(stored.source).toBe('catalogue');
    expect(rateOf([machines], printer)).toMatchObject({ source: 'catalogue', rate: { id: 'r1' } });
  });

  it('a resource the catalogue does not price is charged its own hourly price, for every category', () => {
    const adherent: MemberTerms = { ...ANONYMOUS, category: 'adherent' };
    const { stored } = priceBooking({ ...base, rates: [], resource: printer, member: adherent });
    expect(stored).toMatchObject({ totalCents: 300, source: 'resource_rate' });
    expect(rateOf([], printer).source).toBe('resource');
  });

  it('the member’s category picks its prices in the rate', () => {
    const { stored } = priceBooking({ ...base, rates: [machines], resource: printer, member: { ...ANONYMOUS, category: 'adherent' } });
    expect(stored.totalCents).toBe(1000);
  });

  it('the rules are one named list, applied in order; dropping one changes only what it covers', () => {
    expect(BOOKING_RULES.map((r) => r.name)).toEqual(['rate', 'category', 'plan_inclusion', 'quota', 'credits', 'discount']);
    const member: MemberTerms = {
      ...ANONYMOUS,
      subscription: { planId: 'pl', status: 'active', validFrom: '2026-01-01', plan: { id: 'pl', name: 'Fab', entitlements: [{ kind: 'discount', resourceKinds: ['machine'], percentBp: 2500 }] } },
    };
    const input = { currency: 'EUR', vat, rates: [machines], member, today: '2026-12-01', items: [{ kind: 'booking' as const, label: 'P', resourceId: 'p1', resourceKind: 'machine', date: '2026-12-08', minutes: 60 }] };
    expect(priceQuote(input).totalCents).toBe(1350);
    expect(priceQuote(input, BOOKING_RULES.filter((r) => r.name !== 'discount')).totalCents).toBe(1800);
  });
});
