import { csvWriter, PAYMENT_WORDS, REVENUE_CATEGORIES, type CsvFormat, type Payment, type StoredSubscription } from '@lieu/core';
import { localDateOf } from '@lieu/core/booking';

/**
 * Revenue by month (of payment, in the space's `timeZone`: paid at 00:30 on 1 April in Paris is April's,
 * though still 31 March in UTC) and by category, for one year, net of refunds: what was paid and kept.
 * A refund (Stripe, or a credit note at the desk) is taken off the month of the payment it gives back,
 * spread over the payment's lines in proportion, to the cent (the last line takes the rounding). Pure.
 */
export function revenueByMonth(payments: readonly Payment[], year: number, timeZone: string) {
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: `${year}-${String(i + 1).padStart(2, '0')}`,
    totalCents: 0,
    byCategory: Object.fromEntries(REVENUE_CATEGORIES.map((c) => [c, 0])) as Record<string, number>,
  }));
  for (const p of payments) {
    if ((p.status !== 'paid' && p.status !== 'refunded') || !p.paidAt) continue;
    const day = localDateOf(Date.parse(p.paidAt), timeZone);
    if (!day.startsWith(`${year}-`)) continue;
    const m = months[Number(day.slice(5, 7)) - 1]!;
    for (const l of keptLines(p)) { m.byCategory[l.category] = (m.byCategory[l.category] ?? 0) + l.cents; m.totalCents += l.cents; }
  }
  return { months, totalCents: months.reduce((s, m) => s + m.totalCents, 0) };
}

/** A payment's lines less what was refunded, in proportion; their sum is exactly total − refunded. */
export function keptLines(p: Pick<Payment, 'lines' | 'totalCents' | 'refundedCents'>): { category: string; cents: number }[] {
  const refunded = Math.min(Math.max(p.refundedCents ?? 0, 0), p.totalCents);
  const linesTotal = p.lines.reduce((s, l) => s + l.amountCents, 0);
  let left = linesTotal - refunded;
  return p.lines.map((l, i) => {
    const cents = i === p.lines.length - 1 ? left
      : linesTotal === 0 ? 0 : Math.round((l.amountCents * (linesTotal - refunded)) / linesTotal);
    left -= cents;
    return { category: l.revenueCategory, cents };
  });
}

export const isActiveSubscription = (s: StoredSubscription | undefined, today: string) =>
  !!s && s.status === 'active' && (!s.validUntil || s.validUntil >= today);

/**
 * Payments as CSV for the accountant, through core's one CSV writer: `fr` has French headers and
 * words (statut « Payé », moyen « Carte (TPE) »), `;` separators, decimal commas, dates as DD/MM/YYYY
 * and a BOM so that a French spreadsheet opens it right; `intl` has English headers and words, `,`,
 * points and ISO dates. The words come from core's PAYMENT_WORDS, the table the portal shares.
 */
export function paymentsCsv(payments: readonly Payment[], format: CsvFormat): string {
  const csv = csvWriter(format);
  const words = PAYMENT_WORDS[format === 'fr' ? 'fr' : 'en'];
  const head = format === 'fr'
    ? ['Date', 'Paiement', 'Reçu', 'Membre', 'Objet', 'Catégorie', 'Statut', 'Moyen', 'Référence', 'HT', 'TVA', 'TTC', 'Remboursé', 'Devise']
    : ['Date', 'Payment', 'Receipt', 'Member', 'Item', 'Category', 'Status', 'Method', 'Reference', 'Net', 'VAT', 'Gross', 'Refunded', 'Currency'];
  const rows = payments.map((p) => [
    csv.date(p.paidAt ?? p.createdAt), p.id, p.receiptNumber ?? '', p.memberName, p.item.label,
    words.category[p.revenueCategory] ?? p.revenueCategory, words.status[p.status] ?? p.status, p.method ? (words.method[p.method] ?? p.method) : '', p.reference ?? '',
    csv.money(p.netCents), csv.money(p.vatCents), csv.money(p.totalCents), csv.money(p.refundedCents ?? 0), p.currency,
  ]);
  return csv.write([head, ...rows]);
}
