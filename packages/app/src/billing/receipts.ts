import { notFound } from '@lieu/core';
import { receiptHtml, receiptViewOf } from '@lieu/payments';
import type { SignedScope } from '../scope';

/** A receipt (or credit note) as a printable page: its member's, or any for staff. */
export async function receiptPage(scope: SignedScope, number: string): Promise<string> {
  const r = await scope.repos.receipts.get(Number(number.slice(2)));
  if (!r || (r.buyer.id !== scope.actor.id && !scope.actor.isStaff)) throw notFound('Receipt');
  return receiptHtml(r, receiptViewOf(scope.tenant));
}
