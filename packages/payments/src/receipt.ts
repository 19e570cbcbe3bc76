import { formatMoney, type Receipt, type Tenant } from '@lieu/core';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Builds a receipt's seller block from the tenant (name, address, legal form) at issue time. */
export function sellerOf(t: Tenant): Receipt['seller'] {
  const a = t.address;
  return { name: t.name, legalForm: t.legalForm, ...(a ? { address: `${a.line1}${a.line2 ? `, ${a.line2}` : ''}, ${a.postalCode} ${a.city}, ${a.country}` } : {}) };
}

const METHOD_FR: Record<Receipt['method'], string> = {
  cash: 'Espèces', cheque: 'Chèque', card_terminal: 'Carte bancaire (terminal)', transfer: 'Virement', card_online: 'Carte bancaire en ligne',
};

/** A printable receipt (HTML, prints on one A4 page): seller, buyer, date, lines, VAT or the 293 B mention. */
export function receiptHtml(r: Receipt): string {
  const m = (cents: number) => esc(formatMoney({ amountCents: cents, currency: r.currency }));
  const rows = r.lines.map((l) => `<tr><td>${esc(l.label)}</td><td class="n">${l.quantity}</td><td class="n">${(l.vatRateBp / 100).toLocaleString('fr-FR')} %</td><td class="n">${m(l.netCents)}</td><td class="n">${m(l.amountCents)}</td></tr>`).join('');
  const title = r.kind === 'credit_note' ? 'Avoir' : 'Reçu';
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title} ${esc(r.number)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:760px;margin:2rem auto;color:#111}table{width:100%;border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}.n{text-align:right}@media print{button{display:none}}</style></head>
<body><h1>${title} n° ${esc(r.number)}</h1>${r.refundOf ? `<p>Annule et rembourse le reçu n° ${esc(r.refundOf)}</p>` : ''}
<p><strong>${esc(r.seller.name)}</strong>${r.seller.address ? `<br>${esc(r.seller.address)}` : ''}</p>
<p>Date : ${esc(new Date(r.issuedAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }))}<br>Client : ${esc(r.buyer.name)} (${esc(r.buyer.id)})</p>
<table><thead><tr><th>Désignation</th><th class="n">Qté</th><th class="n">TVA</th><th class="n">HT</th><th class="n">TTC</th></tr></thead><tbody>${rows}</tbody></table>
<p class="n">Total HT : ${m(r.netCents)}<br>TVA : ${m(r.vatCents)}<br><strong>Total TTC : ${m(r.totalCents)}</strong></p>
${r.vatMention ? `<p><em>${esc(r.vatMention)}</em></p>` : ''}
<p>${r.kind === 'credit_note' ? 'Remboursé' : 'Payé'} le ${esc(new Date(r.issuedAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }))} — ${esc(METHOD_FR[r.method])}${r.reference ? ` (réf. ${esc(r.reference)})` : ''}</p>
<button onclick="print()">Imprimer</button></body></html>`;
}
