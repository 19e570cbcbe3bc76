import { keys, tenantRealm } from '@lieu/db';
import type { Eraser } from './erasers';

/** Identity: the emails sent to the person go; others that name them are scrubbed. */
export const identityEraser: Eraser = {
  area: 'identity',
  places: async (scope) => [{ partition: keys.outbox(tenantRealm(scope.tenantId)) }],
  drop: (item, who) => !!who.email && String(item.to ?? '').toLowerCase() === who.email.toLowerCase(),
};
