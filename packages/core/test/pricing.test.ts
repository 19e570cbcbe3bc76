import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  benchmarkQuotes, priceForMinutes, priceQuote, quotaKey, VAT_293B_MENTION,
  type CreditGrant, type Entitlement, type MemberCategory, type MemberTerms, type PriceItem, type PriceQuoteInput, type Rate,
} from '../src';

const VAT20 = { mode: 'standard', rateBp: 2000 } as const;
const rates: Rate[] = [
  { id: 'desk', name: 'Desk', resourceKind: 'desk', prices: { standard: { hourCents: 500, dayCents: 2000 } } },
  { id: 'room', name: 'Room', resourceKind: 'meeting_room', prices: { standard: { hourCents: 2500, halfDayCents: 8000, dayCents: 14000 } } },
  {
    id: 'laser', name: 'Laser', resourceKind: 'laser_cutter',
    prices: { standard: { hourCents: 3000 }, student: { hourCents: 1500 }, social: { hourCents: 0 } },
  },
];
const desk = (date: string, minutes = 480): PriceItem => ({ kind: 'booking', label: 'Desk', resourceId: 'd1', resourceKind: 'desk', date, minutes });
const room = (date: string, minutes: number): PriceItem => ({ kind: 'booking', label: 'Room', resourceId: 'r1', resourceKind: 'meeting_room', date, minutes });
const base = (member: MemberTerms, items: PriceItem[], today = '2026-11-01'): PriceQuoteInput => ({ currency: 'EUR', vat: VAT20, rates, member, items, today });
const withPlan = (entitlements: Entitlement[], extra: Partial<MemberTerms> = {}): MemberTerms => ({
  category: 'standard', credits: [], usage: {},
  subscription: { planId: 'p', plan: { id: 'p', name: 'Plan', entitlements }, status: 'active', validFrom: '2026-01-01' },
  ...extra,
});
const tenDayCard = (remaining = 10, validUntil = '2027-01-31'): CreditGrant => ({
  id: 'card', name: '10-day card', unit: 'day', remaining, resourceKinds: ['desk'], validFrom: '2026-11-01', validUntil, grantedBy: { kind: 'pass', passId: 'x' },
});

/** Applies a quote's consumption to the member, as the booking transaction does. */
function apply(member: MemberTerms, q: ReturnType<typeof priceQuote>): MemberTerms {
  const usage = { ...member.usage };
  for (const c of q.consumes.quotas) usage[c.quotaKey] = (usage[c.quotaKey] ?? 0) + c.amount;
  const credits = member.credits.map((g) => ({ ...g, remaining: g.remaining - (q.consumes.credits.find((c) => c.creditId === g.id)?.amount ?? 0) }));
  return { ...member, usage, credits };
}

describe('durations', () => {
  it('takes the cheapest mix of days, half-days and hourly time counted to the minute', () => {
    const p = { hourCents: 1000, halfDayCents: 3500, dayCents: 6000 };
    expect(priceForMinutes(p, 0)).toBe(0);
    expect(priceForMinutes(p, 90)).toBe(1500);
    expect(priceForMinutes(p, 61)).toBe(1017);
    expect(priceForMinutes(p, 300)).toBe(4500); // half-day + 1 h
    expect(priceForMinutes(p, 420)).toBe(6000); // a day beats half-day + 3 h
    expect(priceForMinutes({ hourCents: 1000 }, 480)).toBe(8000);
  });
});

describe('the issue’s examples', () => {
  it('a member with an unlimited plan books a desk for 0 €', () => {
    const q = priceQuote(base(withPlan([{ kind: 'included', resourceKinds: ['desk'] }]), [desk('2026-11-26')]));
    expect(q.totalCents).toBe(0);
    expect(q.lines[0]).toMatchObject({ grossCents: 2000, coveredCents: 2000, amountCents: 0, covers: [{ source: 'plan', rule: 'included', cents: 2000 }] });
  });

  it('a 10-day card loses one day per booked day; the 11th day is charged', () => {
    let member: MemberTerms = { category: 'standard', subscription: null, credits: [tenDayCard()], usage: {} };
    for (let day = 1; day <= 10; day++) {
      const q = priceQuote(base(member, [desk(`2026-11-${String(day + 1).padStart(2, '0')}`)]));
      expect(q.totalCents).toBe(0);
      expect(q.consumes.credits).toEqual([{ creditId: 'card', amount: 1, unit: 'day' }]);
      member = apply(member, q);
      expect(member.credits[0]!.remaining).toBe(10 - day);
    }
    const eleventh = priceQuote(base(member, [desk('2026-11-20')]));
    expect(eleventh.totalCents).toBe(2000);
    expect(eleventh.consumes.credits).toEqual([]);
  });

  it('a 4 h room quota per month is honoured across bookings and months', () => {
    let member = withPlan([{ kind: 'quota', resourceKind: 'meeting_room', amount: 240, unit: 'minute' }]);
    const q1 = priceQuote(base(member, [room('2026-11-10', 180)]));
    expect(q1.totalCents).toBe(0);
    member = apply(member, q1);
    // 1 h left in November: a 2 h booking pays one hour.
    const q2 = priceQuote(base(member, [room('2026-11-20', 120)]));
    expect(q2.totalCents).toBe(2500);
    expect(q2.consumes.quotas).toEqual([{ quotaKey: quotaKey('meeting_room', '2026-11'), resourceKind: 'meeting_room', period: '2026-11', amount: 60, unit: 'minute', limit: 240 }]);
    member = apply(member, q2);
    expect(priceQuote(base(member, [room('2026-11-25', 60)])).totalCents).toBe(2500);
    // December starts afresh.
    const dec = priceQuote(base(member, [room('2026-12-01', 240)]));
    expect(dec.totalCents).toBe(0);
    expect(dec.consumes.quotas[0]).toMatchObject({ period: '2026-12', amount: 240 });
  });
});

describe('rules', () => {
  it('categories: a student pays the student rate, the social programme 0 €, others fall back to standard', () => {
    const laser = (category: MemberCategory) => priceQuote(base({ category, subscription: null, credits: [], usage: {} }, [
      { kind: 'booking', label: 'Laser', resourceId: 'l1', resourceKind: 'laser_cutter', date: '2026-11-26', minutes: 120 },
    ])).totalCents;
    expect(laser('student')).toBe(3000);
    expect(laser('social')).toBe(0);
    expect(laser('job_seeker')).toBe(6000);
  });

  it('credits are never spent on a day after the pass or the plan that granted them ends', () => {
    const member: MemberTerms = { category: 'standard', subscription: null, credits: [tenDayCard(10, '2026-11-30')], usage: {} };
    expect(priceQuote(base(member, [desk('2026-12-01')])).totalCents).toBe(2000);
    expect(priceQuote(base(member, [desk('2026-11-30')])).totalCents).toBe(0);
    // Expired today: not spent even on a day inside its window.
    expect(priceQuote(base(member, [desk('2026-11-30')], '2026-12-02')).totalCents).toBe(2000);
    const planCredit: CreditGrant = { ...tenDayCard(), id: 'pc', grantedBy: { kind: 'plan', planId: 'p' } };
    const ending = withPlan([], { credits: [planCredit] });
    ending.subscription!.validUntil = '2026-11-30';
    expect(priceQuote(base(ending, [desk('2026-11-30')])).totalCents).toBe(0);
    expect(priceQuote(base(ending, [desk('2026-12-01')])).totalCents).toBe(2000);
  });

  it('a discount applies to what the plan and credits leave to pay', () => {
    const q = priceQuote(base(withPlan([{ kind: 'discount', resourceKinds: ['meeting_room'], percentBp: 2500 }]), [room('2026-11-26', 60)]));
    expect(q.totalCents).toBe(1875);
    expect(q.lines[0]!.covers).toEqual([{ source: 'plan', planId: 'p', rule: 'discount', cents: 625 }]);
  });

  it('VAT follows the tenant: 20 % split per line, or exempt with the art. 293 B mention', () => {
    const items: PriceItem[] = [{ kind: 'product', label: 'Plywood', unitCents: 1200, quantity: 2 }, { kind: 'ticket', label: 'Workshop', unitCents: 1000, quantity: 1, categoryPrices: { student: 500 } }];
    const q = priceQuote(base({ category: 'student', subscription: null, credits: [], usage: {} }, items));
    expect(q.totalCents).toBe(2900);
    expect(q.lines.map((l) => [l.netCents, l.vatCents])).toEqual([[2000, 400], [417, 83]]);
    expect(q.vatMention).toBeNull();
    const ex = priceQuote({ ...base({ category: 'standard', subscription: null, credits: [], usage: {} }, items), vat: { mode: 'exempt_293b' } });
    expect(ex.vatCents).toBe(0);
    expect(ex.vatMention).toBe(VAT_293B_MENTION);
  });

  it('a booking of a resource without any rate is refused', () => {
    expect(() => priceQuote(base({ category: 'standard', subscription: null, credits: [], usage: {} }, [
      { kind: 'booking', label: 'Lathe', resourceId: 'x', resourceKind: 'lathe', date: '2026-11-26', minutes: 60 },
    ]))).toThrow(/No rate/);
  });
});

// ---- properties ----------------------------------------------------------------------------------
const KINDS = ['desk', 'meeting_room', 'laser_cutter'] as const;
const date = fc.integer({ min: 0, max: 90 }).map((d) => new Date(Date.UTC(2026, 10, 1) + d * 86400_000).toISOString().slice(0, 10));
const kind = fc.constantFrom(...KINDS);
const entitlement: fc.Arbitrary<Entitlement> = fc.oneof(
  fc.record({ kind: fc.constant('included' as const), resourceKinds: fc.uniqueArray(kind, { minLength: 1 }) }),
  fc.record({ kind: fc.constant('quota' as const), resourceKind: kind, amount: fc.integer({ min: 1, max: 600 }), unit: fc.constantFrom('minute' as const, 'day' as const) }),
  fc.record({ kind: fc.constant('discount' as const), resourceKinds: fc.uniqueArray(kind, { minLength: 1 }), percentBp: fc.integer({ min: 1, max: 10000 }) }),
);
const credit = (i: number) => fc.record({
  id: fc.constant(`c${i}`), name: fc.constant(`credit ${i}`), unit: fc.constantFrom('minute' as const, 'day' as const),
  remaining: fc.integer({ min: 0, max: 600 }), resourceKinds: fc.uniqueArray(kind, { minLength: 1 }),
  validFrom: date, validUntil: date,
  grantedBy: fc.constantFrom({ kind: 'pass' as const, passId: 'x' }, { kind: 'plan' as const, planId: 'p' }),
});
const member: fc.Arbitrary<MemberTerms> = fc.record({
  category: fc.constantFrom('standard', 'adherent', 'student', 'job_seeker', 'social'),
  subscription: fc.option(fc.record({
    planId: fc.constant('p'), status: fc.constantFrom('active' as const, 'canceled' as const),
    validFrom: date, validUntil: fc.option(date, { nil: undefined }),
    plan: fc.record({ id: fc.constant('p'), name: fc.constant('Plan'), entitlements: fc.array(entitlement, { maxLength: 4 }) }),
  }), { nil: null }),
  credits: fc.tuple(credit(0), credit(1), credit(2)).chain((cs) => fc.subarray(cs)),
  usage: fc.dictionary(fc.constantFrom(...KINDS.flatMap((k) => ['2026-11', '2026-12', '2027-01'].map((p) => quotaKey(k, p)))), fc.integer({ min: 0, max: 700 })),
});
const item: fc.Arbitrary<PriceItem> = fc.oneof(
  fc.record({ kind: fc.constant('booking' as const), label: fc.constant('b'), resourceId: fc.constant('r'), resourceKind: kind, date, minutes: fc.integer({ min: 1, max: 1440 }) }),
  fc.record({ kind: fc.constant('product' as const), label: fc.constant('p'), unitCents: fc.integer({ min: 0, max: 50_000 }), quantity: fc.integer({ min: 1, max: 20 }), vatRateBp: fc.option(fc.constantFrom(550, 1000, 2000), { nil: undefined }) }),
  fc.record({ kind: fc.constant('ticket' as const), label: fc.constant('t'), unitCents: fc.integer({ min: 0, max: 10_000 }), quantity: fc.integer({ min: 1, max: 5 }) }),
);
const input = fc.record({
  member, items: fc.array(item, { minLength: 1, maxLength: 8 }), today: date,
  vat: fc.constantFrom({ mode: 'standard' as const, rateBp: 2000 }, { mode: 'standard' as const, rateBp: 550 }, { mode: 'exempt_293b' as const }),
}).map((x): PriceQuoteInput => ({ ...x, currency: 'EUR', rates }));

describe('properties (fast-check)', () => {
  it('totals equal the sum of lines; net + VAT = amount; nothing is negative', () => {
    fc.assert(fc.property(input, (inp) => {
      const q = priceQuote(inp);
      const sum = (f: (l: (typeof q.lines)[number]) => number) => q.lines.reduce((s, l) => s + f(l), 0);
      expect(q.totalCents).toBe(sum((l) => l.amountCents));
      expect(q.grossCents).toBe(sum((l) => l.grossCents));
      expect(q.coveredCents).toBe(sum((l) => l.coveredCents));
      expect(q.netCents + q.vatCents).toBe(q.totalCents);
      for (const l of q.lines) {
        expect(l.amountCents).toBe(l.grossCents - l.coveredCents);
        expect(l.coveredCents).toBe(l.covers.reduce((s, c) => s + c.cents, 0));
        for (const n of [l.grossCents, l.coveredCents, l.amountCents, l.netCents, l.vatCents, ...l.covers.map((c) => c.cents)]) {
          expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
        }
      }
    }), { numRuns: 400 });
  });

  it('no credit is spent twice, beyond what is left, or outside its validity; no quota is exceeded', () => {
    fc.assert(fc.property(input, (inp) => {
      const q = priceQuote(inp);
      const ids = q.consumes.credits.map((c) => c.creditId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of q.consumes.credits) {
        const g = inp.member.credits.find((x) => x.id === c.creditId)!;
        expect(c.amount).toBeGreaterThan(0);
        expect(c.amount).toBeLessThanOrEqual(g.remaining);
        expect(g.validUntil >= inp.today).toBe(true);
      }
      for (const l of q.lines) {
        const it = inp.items[q.lines.indexOf(l)]!;
        for (const c of l.covers) {
          if (c.source !== 'credit' || it.kind !== 'booking') continue;
          const g = inp.member.credits.find((x) => x.id === c.creditId)!;
          expect(it.date >= g.validFrom && it.date <= g.validUntil).toBe(true);
          expect(g.resourceKinds).toContain(it.resourceKind);
        }
      }
      for (const u of q.consumes.quotas) {
        expect((inp.member.usage[u.quotaKey] ?? 0) + u.amount).toBeLessThanOrEqual(u.limit);
      }
    }), { numRuns: 400 });
  });

  it('quoting item by item and applying each consumption never beats quoting them together', () => {
    fc.assert(fc.property(input, (inp) => {
      let m = inp.member;
      let total = 0;
      for (const it of inp.items) {
        const q = priceQuote({ ...inp, member: m, items: [it] });
        total += q.totalCents;
        m = apply(m, q);
        for (const g of m.credits) expect(g.remaining).toBeGreaterThanOrEqual(0);
      }
      expect(total).toBe(priceQuote(inp).totalCents);
    }), { numRuns: 300 });
  });
});

describe('benchmark', () => {
  it('can be timed: quotes per second', () => {
    const r = benchmarkQuotes(5_000);
    expect(r.quotesPerSecond).toBeGreaterThan(1000);
  });
});
