import { reconcileHolds } from '@lieu/app/shop';
import { createScope, linksFor } from '@lieu/app';
import type { Job } from './jobs';
import { allTenants } from './tenants';

/**
 * Releases shop orders whose payment hold lapsed: each becomes `expired`, its stock goes back on the
 * shelf and its pending payment is released, in one transaction (and an order paid online meanwhile is
 * settled instead). The same use-case as the shop's `POST /api/v1/shop/holds/release`, for every
 * space: one Query of its hold markers, then the orders they name. Idempotent: the hold marker is
 * deleted in the order's transaction, and the order's version check makes a concurrent change win.
 */
export const expireOrders: Job = {
  name: 'expire-orders',
  description: 'Release shop orders whose payment hold expired (stock back on the shelf)',
  schedule: 'rate(1 hour)',
  async run({ db, now, log }) {
    let examined = 0;
    let changed = 0;
    for (const tenant of await allTenants(db)) {
      const r = await reconcileHolds(createScope({ db, tenant, now, requestId: `expire-orders:${tenant.id}:${now.toISOString()}`, actor: null, links: linksFor('') }));
      examined += r.examined;
      changed += r.released + r.settled;
    }
    if (changed) log?.('info', 'shop holds released or settled', { changed });
    return { examined, changed };
  },
};
