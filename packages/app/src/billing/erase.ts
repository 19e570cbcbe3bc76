import { billingKeys } from '@lieu/db';
import type { Eraser } from '../account/erasers';

/** Billing keeps payments, receipts and refunds (amounts, VAT, dates) without the person's name. */
export const billingEraser: Eraser = {
  area: 'billing',
  places: async (scope, who) => [
    { partition: billingKeys.member(scope.tenantId, who.id) },
    { index: billingKeys.payments(scope.tenantId) },
    { index: billingKeys.receipts(scope.tenantId) },
    { index: billingKeys.refunds(scope.tenantId) },
  ],
};
