import { csvWriter, REVENUE_CATEGORIES, type CsvFormat, type Payment, type StoredSubscription } from '@lieu/core';

/** Revenue of paid payments by month (of payment) and by category, for one year. Pure. */
export function revenueByMonth(payments: readonly Payment[], year: number) {
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: `${year}-${String(i + 1).padStart(2, '0')}`,
    totalCents: 0,
    byCategory: Object.fromEntries(REVENUE_CATEGORIES.map((c) => [c, 0])) as Record<string, number>,
  }));
  for (const p of payments) {
    if (p.status !== 'paid' || !p.paidAt?.startsWith(String(year))) continue;
    const m = months[Number(p.paidAt.slice(5, 7)) - 1]!;
    for (const l of p.lines) { m.byCategory[l.revenueCategory] = (m.byCategory[l.revenueCategory] ?? 0) + l.amountCents; m.totalCents += l.amountCents; }
  }
  return { months, totalCents: months.reduce((s, m) => s + m.totalCents, 0) };
}

export const isActiveSubscription = (s: StoredSubscription | undefined, today: string) =>
  !!s && s.status === 'active' && (!s.validUntil || s.validUntil >= today);

/**
 * Payments as CSV for the accountant, through core's one CSV writer: `fr` has `;` separators, decimal
 * commas, dates as DD/MM/YYYY and a BOM so that a French spreadsheet opens it right; `intl` has `,`,
 * points and ISO dates.
 */
export function paymentsCsv(payments: readonly Payment[], format: CsvFormat): string {
  const csv = csvWriter(format);
  const head = format === 'fr'
    ? ['Date', 'Paiement', 'Reçu', 'Membre', 'Objet', 'Catégorie', 'Statut', 'Moyen', 'Référence', 'HT', 'TVA', 'TTC', 'Devise']
    : ['date', 'payment', 'receipt', 'member', 'item', 'category', 'status', 'method', 'reference', 'net', 'vat', 'gross', 'currency'];
  const rows = payments.map((p) => [
    csv.date(p.paidAt ?? p.createdAt), p.id, p.receiptNumber ?? '', p.memberName, p.item.label, p.revenueCategory, p.status, p.method ?? '', p.reference ?? '',
    csv.money(p.netCents), csv.money(p.vatCents), csv.money(p.totalCents), p.currency,
  ]);
  return csv.write([head, ...rows]);
}
