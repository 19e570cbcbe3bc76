import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatement, salesByProduct, sellThroughBp, splitLine, statementCsv, weekOf, type ShopMove } from '../src';

/** The CoBoutique's commission maths (rules written in core/src/shop.ts). */
const move = (kind: ShopMove['kind'], consignorId: string, day: string, lines: ShopMove['lines']): ShopMove => ({ kind, orderId: 'o1', consignorId, at: `${day}T10:00:00.000Z`, day, lines });

describe('commission split, to the cent', () => {
  it('a two-consignor order: each line rounded half away from zero, VAT on the commission at the space rate', () => {
    // Léa, 25 %: 3 × 1.99 € = 5.97 €; 25 % = 1.4925 → 1.49; its 20 % VAT: 1.49 − round(1.49 / 1.2 = 1.2417) = 0.25; due 4.48.
    expect(splitLine(597, 2500, 2000)).toEqual({ amountCents: 597, commissionCents: 149, commissionVatCents: 25, netDueCents: 448 });
    // Sophie, 30 %: a zine at 8.35 € (5.5 % VAT on the product does not matter here); 30 % = 2.505 → 2.51 (half away from zero);
    // VAT 2.51 − round(2.0917) = 0.42; due 5.84.
    expect(splitLine(835, 3000, 2000)).toEqual({ amountCents: 835, commissionCents: 251, commissionVatCents: 42, netDueCents: 584 });
    // A space exempt under 293 B charges no VAT on its commission.
    expect(splitLine(835, 3000, 0).commissionVatCents).toBe(0);
  });

  it('net due + commission is the amount, always; commission never exceeds it', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10000 }), fc.constantFrom(0, 550, 1000, 2000), (amount, bp, vat) => {
      const s = splitLine(amount, bp, vat);
      expect(s.netDueCents + s.commissionCents).toBe(amount);
      expect(s.commissionCents).toBeGreaterThanOrEqual(0);
      expect(s.commissionCents).toBeLessThanOrEqual(amount);
      expect(s.commissionVatCents).toBeLessThanOrEqual(s.commissionCents);
    }));
  });
});

describe('statements', () => {
  it('sum their lines; a refund counts negative with the rate of its sale', () => {
    const moves = [
      move('sale', 'lea', '2026-11-03', [{ productId: 'p1', title: 'Boucles', quantity: 3, amountCents: 597, commissionBp: 2500 }, { productId: 'p2', title: 'Carnet', quantity: 1, amountCents: 1500, commissionBp: 2500 }]),
      move('refund', 'lea', '2026-11-20', [{ productId: 'p1', title: 'Boucles', quantity: 1, amountCents: 199, commissionBp: 2500 }]),
    ];
    const s = buildStatement(moves, 2000);
    // 1500 × 25 % = 375 (VAT 375 − round(312.5) = 62, due 1125); refund 199 × 25 % = 49.75 → 50 (VAT 8, due 149).
    expect(s.totals).toEqual({ units: 3, salesCents: 597 + 1500 - 199, commissionCents: 149 + 375 - 50, commissionVatCents: 25 + 62 - 8, netDueCents: 448 + 1125 - 149 });
    expect(s.lines.map((l) => l.netDueCents).reduce((a, b) => a + b, 0)).toBe(s.totals.netDueCents);
    const csv = statementCsv('Léa Martin', '2026-11', s, 'fr').split('\r\n');
    expect(csv[0]).toBe('\ufeffconsignor;month;day;kind;order;product;units;sales;commission;commission_vat;net_due');
    expect(csv[3]).toBe('Léa Martin;2026-11;20/11/2026;refund;o1;Boucles;-1;-1,99;-0,50;-0,08;-1,49');
    expect(csv[4]).toBe('Léa Martin;2026-11;;total;;;3;18,98;4,74;0,79;14,24');
  });
});

describe("the maker's figures", () => {
  it('units per ISO week (Monday), refunds taken back; sell-through over what was supplied', () => {
    expect(weekOf('2026-11-25')).toBe('2026-11-23');
    expect(weekOf('2026-11-23')).toBe('2026-11-23');
    expect(weekOf('2026-11-29')).toBe('2026-11-23');
    const sales = salesByProduct([
      move('sale', 'lea', '2026-11-24', [{ productId: 'p1', title: 'B', quantity: 2, amountCents: 400, commissionBp: 0 }]),
      move('sale', 'lea', '2026-12-01', [{ productId: 'p1', title: 'B', quantity: 1, amountCents: 200, commissionBp: 0 }]),
      move('refund', 'lea', '2026-12-02', [{ productId: 'p1', title: 'B', quantity: 1, amountCents: 200, commissionBp: 0 }]),
    ]);
    expect(sales.get('p1')).toEqual({ productId: 'p1', sold: 2, byWeek: { '2026-11-23': 2, '2026-11-30': 0 } });
    expect(sellThroughBp(2, 6)).toBe(2500);
    expect(sellThroughBp(0, 0)).toBe(0);
  });
});
