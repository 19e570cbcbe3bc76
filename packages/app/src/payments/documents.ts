import { splitGross, type Locale, type Payment, type Receipt, type Tenant } from '@lieu/core';
import type { transact } from '@lieu/db';
import { sellerOf } from '@lieu/payments';

type Items = Parameters<typeof transact>[1];

/** Numbers taken from the space's receipt counter. */
export type Issued = { sequence: number; number: string };
/**
 * Writes that issue money documents: how many numbers they take from the space's receipt counter
 * (the desk's, no gap), and the receipts and writes once the numbers are known (`receiptsRepo.issueManyWith`).
 */
export interface MoneyEffect { receipts: number; build(numbers: Issued[]): { receipts: Receipt[]; items: Items } }

/** The receipt of a payment made online: the desk's receipt, paid by card online. */
export function onlineReceipt(tenant: Tenant, p: Payment, n: Issued, now: Date): Receipt {
  return {
    number: n.number, sequence: n.sequence, paymentId: p.id, issuedAt: now.toISOString(), seller: sellerOf(tenant),
    buyer: { id: p.memberId, name: p.memberName }, lines: p.lines, currency: p.currency,
    totalCents: p.totalCents, netCents: p.netCents, vatCents: p.vatCents, vatMention: p.vatMention, method: 'card_online',
  };
}

const NOTE_WORDS: Record<Locale, { note: string; dispute: string }> = {
  fr: { note: 'Avoir', dispute: 'contestation bancaire' },
  en: { note: 'Credit note', dispute: 'bank dispute' },
};

/** A credit note for money given back on Stripe: negative amounts, naming the receipt it reverses (as at the desk). */
export function creditNote(tenant: Tenant, p: Payment, cents: number, n: Issued, now: Date, why: 'refund' | 'dispute'): Receipt {
  const vatRateBp = p.lines[0]?.vatRateBp ?? 0;
  const { netCents, vatCents } = splitGross(cents, vatRateBp);
  const w = NOTE_WORDS[tenant.locale] ?? NOTE_WORDS.fr;
  const label = `${w.note} — ${p.item.label}${why === 'dispute' ? ` (${w.dispute})` : ''}`;
  return {
    number: n.number, sequence: n.sequence, paymentId: p.id, issuedAt: now.toISOString(), seller: sellerOf(tenant),
    buyer: { id: p.memberId, name: p.memberName }, kind: 'credit_note', refundOf: p.receiptNumber,
    lines: [{ label, revenueCategory: p.revenueCategory, quantity: 1, amountCents: -cents, vatRateBp, netCents: -netCents, vatCents: -vatCents }],
    currency: p.currency, totalCents: -cents, netCents: -netCents, vatCents: -vatCents, vatMention: p.vatMention, method: 'card_online',
  };
}

