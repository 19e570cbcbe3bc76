import type { Stripe } from '@lieu/payments/stripe';
import type { StoredSubscription } from '@lieu/core';
import { memberBillingRepo, stripeRepo, tenantsRepo, transact, type Db } from '@lieu/db';
import { subscriptionState } from './events';
import { cancelStripeSubscription } from './subscriptionCancel';

/**
 * The daily `reconcile-subscriptions` job: for each space with a connected Stripe account, lists the
 * subscriptions on that account (`subscriptions.list`, status `all`, every page) and brings each
 * member's stored subscription back in line — status, renewal date, end — when a webhook was lost or
 * arrived out of order. The same rules as the webhooks (`subscriptionState`), taken at the run's
 * instant; writes only what differs (under the profile's version), so a second run changes nothing.
 */
export interface ReconcileResult { examined: number; changed: number; tenants: number }

/** The fields a drift is looked for in (the bookkeeping `stripeEventAt` is not a drift). */
const same = (a: StoredSubscription | undefined, b: StoredSubscription) =>
  !!a && a.status === b.status && a.renewsOn === b.renewsOn && a.validUntil === b.validUntil && !!a.cancelAtPeriodEnd === !!b.cancelAtPeriodEnd;

export async function reconcileSubscriptions(db: Db, stripe: Stripe, now: Date, log?: (msg: string, data: Record<string, unknown>) => void): Promise<ReconcileResult> {
  const out: ReconcileResult = { examined: 0, changed: 0, tenants: 0 };
  let cursor: string | undefined;
  do {
    const page = await tenantsRepo(db).list(100, cursor);
    for (const tenant of page.items) {
      const settings = await stripeRepo(db).settings(tenant.id);
      if (!settings?.chargesEnabled) continue;
      out.tenants++;
      for await (const sub of stripe.subscriptions.list({ status: 'all', limit: 100 }, { stripeAccount: settings.accountId })) {
        out.examined++;
        // Ended here because its payment was given back, still running on Stripe (the stream's cancel lost): cancel it there.
        const memberId = sub.metadata?.tenantId === tenant.id ? sub.metadata.memberId : undefined;
        if (memberId && sub.status !== 'canceled' && await cancelStripeSubscription(db, stripe, tenant.id, memberId) === 'sent') {
          out.changed++;
          log?.('subscription cancelled on Stripe', { tenantId: tenant.id, subscription: sub.id });
          continue;
        }
        for (let attempt = 0; attempt < 3; attempt++) {
          const state = await subscriptionState(db, tenant, sub, { deleted: false, at: Math.floor(now.getTime() / 1000) }, now);
          if (state === null || state === 'skip' || same(state.current, state.next)) break;
          // Not the member's stored subscription: restore it only if the member has none running and it runs.
          const other = state.billing.profile.subscription;
          if (!state.current && (state.next.status === 'canceled' || (other && other.status !== 'canceled'))) break;
          let stale = false;
          try {
            await transact(db, [memberBillingRepo(db, tenant.id).profilePut(state.billing.profile, { ...state.billing.profile, subscription: state.next }).op],
              () => { stale = true; return new Error('profile changed meanwhile'); });
            out.changed++;
            log?.('subscription reconciled', { tenantId: tenant.id, subscription: sub.id, from: state.current?.status ?? null, to: state.next.status });
            break;
          } catch (e) {
            if (!stale) throw e; // changed meanwhile (a webhook): look again
          }
        }
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
