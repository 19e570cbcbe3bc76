import { formatMoney, type Locale, type Receipt, type Tenant } from '@lieu/core';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Builds a receipt's seller block from the tenant (name, address, legal form) at issue time. */
export function sellerOf(t: Tenant): Receipt['seller'] {
  const a = t.address;
  return { name: t.name, legalForm: t.legalForm, ...(a ? { address: `${a.line1}${a.line2 ? `, ${a.line2}` : ''}, ${a.postalCode} ${a.city}, ${a.country}` } : {}) };
}

/** The words of a printed receipt, in the space's language. */
const WORDS = {
  fr: {
    receipt: 'Reçu', creditNote: 'Avoir', no: 'n°', reverses: 'Annule et rembourse le reçu n°', date: 'Date', customer: 'Client',
    walkIn: 'Client de passage', item: 'Désignation', qty: 'Qté', vat: 'TVA', net: 'HT', gross: 'TTC',
    totalNet: 'Total HT', totalGross: 'Total TTC', paid: 'Payé le', refunded: 'Remboursé le', ref: 'réf.', print: 'Imprimer',
    methods: { cash: 'Espèces', cheque: 'Chèque', card_terminal: 'Carte bancaire (terminal)', transfer: 'Virement', card_online: 'Carte bancaire en ligne' },
  },
  en: {
    receipt: 'Receipt', creditNote: 'Credit note', no: 'no.', reverses: 'Cancels and refunds receipt no.', date: 'Date', customer: 'Customer',
    walkIn: 'Walk-in customer', item: 'Item', qty: 'Qty', vat: 'VAT', net: 'Net', gross: 'Gross',
    totalNet: 'Total net', totalGross: 'Total', paid: 'Paid on', refunded: 'Refunded on', ref: 'ref.', print: 'Print',
    methods: { cash: 'Cash', cheque: 'Cheque', card_terminal: 'Card (terminal)', transfer: 'Bank transfer', card_online: 'Card, online' },
  },
} satisfies Record<Locale, unknown>;

/** How a receipt is printed: the space's language and time zone. */
export interface ReceiptView { locale: Locale; timeZone: string }
export const receiptViewOf = (t: Pick<Tenant, 'locale' | 'timeZone'>): ReceiptView => ({ locale: t.locale, timeZone: t.timeZone });

/**
 * A printable receipt (HTML, one A4 page): seller, buyer (or "walk-in customer" for a till sale
 * without one), date and time in the space's zone, lines, VAT or the exemption mention. Internal ids
 * are never printed.
 */
export function receiptHtml(r: Receipt, view: ReceiptView): string {
  const w = WORDS[view.locale] ?? WORDS.fr;
  const tag = view.locale === 'en' ? 'en-GB' : 'fr-FR';
  const m = (cents: number) => esc(formatMoney({ amountCents: cents, currency: r.currency }));
  const rows = r.lines.map((l) => `<tr><td>${esc(l.label)}</td><td class="n">${l.quantity}</td><td class="n">${(l.vatRateBp / 100).toLocaleString(tag)} %</td><td class="n">${m(l.netCents)}</td><td class="n">${m(l.amountCents)}</td></tr>`).join('');
  const title = r.kind === 'credit_note' ? w.creditNote : w.receipt;
  const at = new Date(r.issuedAt);
  const customer = r.buyer.walkIn ? w.walkIn : r.buyer.name;
  return `<!doctype html><html lang="${view.locale}"><head><meta charset="utf-8"><title>${title} ${esc(r.number)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:760px;margin:2rem auto;color:#111}table{width:100%;border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}.n{text-align:right}@media print{button{display:none}}</style></head>
<body><h1>${title} ${w.no} ${esc(r.number)}</h1>${r.refundOf ? `<p>${w.reverses} ${esc(r.refundOf)}</p>` : ''}
<p><strong>${esc(r.seller.name)}</strong>${r.seller.address ? `<br>${esc(r.seller.address)}` : ''}</p>
<p>${w.date} : ${esc(at.toLocaleDateString(tag, { timeZone: view.timeZone }))}<br>${w.customer} : ${esc(customer)}</p>
<table><thead><tr><th>${w.item}</th><th class="n">${w.qty}</th><th class="n">${w.vat}</th><th class="n">${w.net}</th><th class="n">${w.gross}</th></tr></thead><tbody>${rows}</tbody></table>
<p class="n">${w.totalNet} : ${m(r.netCents)}<br>${w.vat} : ${m(r.vatCents)}<br><strong>${w.totalGross} : ${m(r.totalCents)}</strong></p>
${r.vatMention ? `<p><em>${esc(r.vatMention)}</em></p>` : ''}
<p>${r.kind === 'credit_note' ? w.refunded : w.paid} ${esc(at.toLocaleString(tag, { timeZone: view.timeZone }))} — ${esc(w.methods[r.method])}${r.reference ? ` (${w.ref} ${esc(r.reference)})` : ''}</p>
<button onclick="print()">${w.print}</button></body></html>`;
}
