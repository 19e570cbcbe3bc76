import type { DeskMethod, Payment, Receipt } from '@lieu/core';
import type { WriteSet } from '@lieu/db';
import { sellerOf } from '@lieu/payments';
import type { TenantScope } from '../scope';

/**
 * Issues the receipt of a shop payment in the same transaction as the writes `writes(number)` builds
 * (order, payment, stock, moves). When one of those writes' conditions fails, `onFailed` gets the
 * names of the failed writes.
 */
export async function issueShopReceipt(
  scope: TenantScope, payment: Payment, method: DeskMethod, reference: string | undefined,
  writes: (receiptNumber: string) => WriteSet, onFailed: (failed: Set<string>) => Error,
  /** A till sale to nobody in particular: the receipt says "walk-in customer", not the operator. */
  walkIn = false,
): Promise<Receipt> {
  let set: WriteSet | undefined;
  return scope.repos.receipts.issue((sequence, number) => {
    set = writes(number);
    return {
      receipt: {
        number, sequence, paymentId: payment.id, issuedAt: scope.now.toISOString(), seller: sellerOf(scope.tenant), buyer: { id: payment.memberId, name: payment.memberName, ...(walkIn ? { walkIn: true } : {}) },
        lines: payment.lines, currency: payment.currency, totalCents: payment.totalCents, netCents: payment.netCents, vatCents: payment.vatCents,
        vatMention: payment.vatMention, method, reference,
      },
      items: set.items,
    };
  }, (reasons) => onFailed(set!.failedNames(reasons)));
}
