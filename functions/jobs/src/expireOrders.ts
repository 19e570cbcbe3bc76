// The shop's own hold code (functions/shop/holds.ts), the one its routes use: imported by path, as this
// package only schedules the work.
import { reconcileTenantHolds } from '../../shop/holds';
import type { Job } from './jobs';
import { allTenants } from './tenants';

/**
 * Releases shop orders whose payment hold lapsed: each becomes `expired`, its stock goes back on the
 * shelf and its pending payment is released, in one transaction (and an order paid online meanwhile is
 * settled instead). The same code as the shop's `POST /api/v1/shop/holds/release`, for every tenant:
 * one Query of `T#t#SHOPHOLDS` each, then the orders it names. Idempotent: the hold marker is deleted in
 * the order's transaction, and the order's version check makes a concurrent change win.
 */
export const expireOrders: Job = {
  name: 'expire-orders',
  description: 'Release shop orders whose payment hold expired (stock back on the shelf)',
  schedule: 'rate(1 hour)',
  async run({ db, now, log }) {
    let examined = 0;
    let changed = 0;
    for (const tenant of await allTenants(db)) {
      const r = await reconcileTenantHolds(db, tenant, now);
      examined += r.examined;
      changed += r.released + r.settled;
    }
    if (changed) log?.('info', 'shop holds released or settled', { changed });
    return { examined, changed };
  },
};
