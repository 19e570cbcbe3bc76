import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PAYMENT_WORDS, type Payment, type PaymentLine } from '@lieu/core';
import { keptLines, paymentsCsv, revenueByMonth } from '../src/reports';

const line = (revenueCategory: PaymentLine['revenueCategory'], amountCents: number): PaymentLine =>
  ({ label: revenueCategory, revenueCategory, quantity: 1, amountCents, vatRateBp: 2000, netCents: Math.round(amountCents / 1.2), vatCents: amountCents - Math.round(amountCents / 1.2) });

function payment(over: Partial<Payment> & Pick<Payment, 'lines'>): Payment {
  const totalCents = over.lines.reduce((s, l) => s + l.amountCents, 0);
  return {
    id: 'p1', memberId: 'm1', memberName: 'Léa Martin', item: { kind: 'order', refId: 'o1', label: 'Commande' },
    revenueCategory: over.lines[0]!.revenueCategory, currency: 'EUR', totalCents, netCents: 0, vatCents: 0,
    status: 'paid', channel: 'desk', createdAt: '2026-03-02T10:00:00Z', createdBy: 'op', paidAt: '2026-03-02T10:00:00Z', version: 1,
    ...over,
  };
}

describe('revenue net of refunds', () => {
  it('a partial refund is taken off the month of its payment, spread over the lines to the cent', () => {
    const p = payment({ lines: [line('shop', 1000), line('shop', 333), line('bookings', 667)], refundedCents: 501 });
    const kept = keptLines(p);
    expect(kept.reduce((s, l) => s + l.cents, 0)).toBe(2000 - 501);
    expect(kept.every((l) => l.cents >= 0)).toBe(true);
    const { months, totalCents } = revenueByMonth([p], 2026, 'Europe/Paris');
    expect(totalCents).toBe(1499);
    expect(months[2]!.totalCents).toBe(1499);
    expect(months[2]!.byCategory.shop! + months[2]!.byCategory.bookings!).toBe(1499);
  });

  it('a fully refunded payment counts nothing; pending and other years are left out', () => {
    const refunded = payment({ lines: [line('passes', 2500)], status: 'refunded', refundedCents: 2500 });
    const pending = payment({ lines: [line('passes', 900)], status: 'pending', paidAt: undefined });
    const lastYear = payment({ lines: [line('plans', 15000)], paidAt: '2025-12-31T22:59:00Z' });
    const kept = payment({ lines: [line('plans', 15000)] });
    expect(revenueByMonth([refunded, pending, lastYear, kept], 2026, 'Europe/Paris').totalCents).toBe(15000);
  });

  it("counts a payment in the space's month, not UTC's: 00:30 on 1 January in Paris is January's", () => {
    const newYear = payment({ lines: [line('plans', 15000)], paidAt: '2025-12-31T23:30:00Z' });
    expect(revenueByMonth([newYear], 2026, 'Europe/Paris').months[0]!.totalCents).toBe(15000);
    expect(revenueByMonth([newYear], 2025, 'Europe/Paris').totalCents).toBe(0);
    expect(revenueByMonth([newYear], 2025, 'UTC').months[11]!.totalCents).toBe(15000);
  });

  it('the accountant’s CSV has the refunded amount beside the gross, in both conventions', () => {
    const p = payment({ lines: [line('shop', 1990)], refundedCents: 995 });
    const fr = paymentsCsv([p], 'fr').replace(/^\ufeff/, '').split(/\r?\n/);
    expect(fr[0]).toContain('TTC;Remboursé;Devise');
    expect(fr[1]).toContain(';19,90;9,95;EUR');
    const intl = paymentsCsv([p], 'intl').split(/\r?\n/);
    expect(intl[0]).toContain('Gross,Refunded,Currency');
    expect(intl[1]).toContain(',19.90,9.95,EUR');
  });
});

describe('the words of payments', () => {
  it('the French CSV has French headers and words (statut, moyen, catégorie), the intl one English words, never raw codes', () => {
    const p = payment({ lines: [line('passes', 1500)], status: 'paid', method: 'card_terminal', revenueCategory: 'passes' });
    const fr = paymentsCsv([p], 'fr').replace(/^\ufeff/, '').split(/\r?\n/);
    expect(fr[0]).toBe('Date;Paiement;Reçu;Membre;Objet;Catégorie;Statut;Moyen;Référence;HT;TVA;TTC;Remboursé;Devise');
    expect(fr[1]).toContain(';Pass et carnets;Payé;Carte (TPE);');
    expect(fr[1]).not.toMatch(/;paid;|card_terminal|;passes;/);
    const intl = paymentsCsv([p], 'intl').split(/\r?\n/);
    expect(intl[1]).toContain(',Passes,Paid,Card (terminal),');
  });

  it("the portal's catalogues say the same words as the server's table", () => {
    for (const locale of ['fr', 'en'] as const) {
      const read = (file: string) => JSON.parse(readFileSync(new URL(`../../../web/src/messages/${locale}/${file}.json`, import.meta.url), 'utf8')) as Record<string, string>;
      const billing = read('billing'), shop = read('staffShop'), dashboard = read('dashboard');
      const words = PAYMENT_WORDS[locale];
      for (const [k, v] of Object.entries(words.status)) expect(billing[`bill.status.${k}`], `bill.status.${k}`).toBe(v);
      for (const [k, v] of Object.entries(words.category)) expect(dashboard[`db.cat.${k}`], `db.cat.${k}`).toBe(v);
      for (const k of ['cash', 'cheque', 'card_terminal', 'transfer'] as const) expect(shop[`ss.method.${k}`], `ss.method.${k}`).toBe(words.method[k]);
    }
  });
});
