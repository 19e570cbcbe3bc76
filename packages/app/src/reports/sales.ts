import type { CsvFormat, CsvWriter, Order } from '@lieu/core';
import { localDateOf } from '@lieu/core/booking';

/**
 * Shop sales for the accountant: one row per order line on the day it was paid (in the tenant's
 * zone), and one negative row per refunded line on the day of the refund, between two local dates
 * (inclusive). Amounts are VAT included, with the VAT and net split of the line.
 */
export function salesRows(
  orders: readonly Order[],
  opts: { from: string; to: string; timeZone: string; consignorName: (id: string) => string },
  csv: CsvWriter, format: CsvFormat,
): string {
  const day = (iso: string) => localDateOf(Date.parse(iso), opts.timeZone);
  const inRange = (d: string) => d >= opts.from && d <= opts.to;
  const head = format === 'fr'
    ? ['Date', 'Commande', 'Canal', 'Client', 'Produit', 'Déposant', 'Quantité', 'Prix unitaire TTC', 'Montant TTC', 'Taux TVA', 'HT', 'TVA', 'Devise']
    : ['date', 'order', 'source', 'buyer', 'product', 'consignor', 'quantity', 'unit_price', 'amount', 'vat_rate', 'net', 'vat', 'currency'];
  const rate = (bp: number) => csv.money(bp); // 2000 bp → 20.00 (%)
  const rows: { sort: string; cells: (string | number)[] }[] = [];
  for (const o of orders) {
    if (!o.paidAt) continue;
    const paidDay = day(o.paidAt);
    if (inRange(paidDay)) {
      for (const l of o.lines) {
        rows.push({ sort: `${o.paidAt}#${o.id}`, cells: [csv.date(paidDay), o.id, o.source, o.buyerName, l.title, opts.consignorName(l.consignorId), l.quantity, csv.money(l.unitCents), csv.money(l.amountCents), rate(l.vatRateBp), csv.money(l.netCents), csv.money(l.vatCents), o.currency] });
      }
    }
    for (const r of o.refunds) {
      const refundDay = day(r.at);
      if (!inRange(refundDay)) continue;
      for (const rl of r.lines) {
        const l = o.lines.find((x) => x.productId === rl.productId);
        if (!l) continue;
        // The refunded amount split like the line it reverses.
        const vat = l.amountCents ? Math.round((l.vatCents * rl.amountCents) / l.amountCents) : 0;
        rows.push({ sort: `${r.at}#${o.id}`, cells: [csv.date(refundDay), o.id, 'refund', o.buyerName, l.title, opts.consignorName(l.consignorId), -rl.quantity, csv.money(l.unitCents), csv.money(-rl.amountCents), rate(l.vatRateBp), csv.money(-(rl.amountCents - vat)), csv.money(-vat), o.currency] });
      }
    }
  }
  rows.sort((a, b) => a.sort.localeCompare(b.sort));
  return csv.write([head, ...rows.map((r) => r.cells)]);
}
