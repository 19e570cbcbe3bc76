import { shopKeys } from '@lieu/db';
import type { Eraser } from '../account/erasers';

/** The shop keeps orders and consignment records (amounts, stock) without the person's name. */
export const shopEraser: Eraser = {
  area: 'shop',
  places: async (scope, who) => [
    { index: shopKeys.orders(scope.tenantId) },
    { partition: shopKeys.buyer(scope.tenantId, who.id) },
    { partition: shopKeys.consignor(scope.tenantId, who.id) },
    { partition: shopKeys.shop(scope.tenantId) },
  ],
};
