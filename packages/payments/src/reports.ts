import { REVENUE_CATEGORIES, type Payment, type StoredSubscription } from '@lieu/core';

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
 * Payments as CSV for the accountant. `fr`: `;` separators, decimal commas, dates as DD/MM/YYYY and a
 * BOM so that a French spreadsheet opens it right; `intl`: `,`, points and ISO dates.
 */
export function paymentsCsv(payments: readonly Payment[], format: 'fr' | 'intl'): string {
  const fr = format === 'fr';
  const sep = fr ? ';' : ',';
  const money = (c: number) => { const s = (c / 100).toFixed(2); return fr ? s.replace('.', ',') : s; };
  const date = (iso?: string) => (!iso ? '' : fr ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso.slice(0, 10));
  const cell = (v: string) => (v.includes(sep) || /["\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const head = fr
    ? ['Date', 'Paiement', 'Reçu', 'Membre', 'Objet', 'Catégorie', 'Statut', 'Moyen', 'Référence', 'HT', 'TVA', 'TTC', 'Devise']
    : ['date', 'payment', 'receipt', 'member', 'item', 'category', 'status', 'method', 'reference', 'net', 'vat', 'gross', 'currency'];
  const rows = payments.map((p) => [
    date(p.paidAt ?? p.createdAt), p.id, p.receiptNumber ?? '', p.memberName, p.item.label, p.revenueCategory, p.status, p.method ?? '', p.reference ?? '',
    money(p.netCents), money(p.vatCents), money(p.totalCents), p.currency,
  ]);
  const text = [head, ...rows].map((r) => r.map((v) => cell(String(v))).join(sep)).join('\r\n') + '\r\n';
  return fr ? `\uFEFF${text}` : text;
}
