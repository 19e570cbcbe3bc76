import { Stripe } from '@lieu/payments/stripe';
import { AppError } from '@lieu/core';
import { memberBillingRepo, stripeRepo, type Db } from '@lieu/db';

/**
 * Cancels on Stripe a subscription Lieu ended because its payment was given back in full (the
 * profile's subscription reads `stripeCancel: 'requested'`), on the space's connected account, then
 * marks it `done` under the profile's version. Run by the Stripe worker on the table stream (the
 * profile written with the request) and by the daily reconciliation. Safe to run twice: once `done`
 * nothing is sent; a subscription Stripe no longer has, or already cancelled, counts as cancelled.
 */
export type SubscriptionCancelOutcome = 'sent' | 'skipped' | 'failed' | 'retry';

export async function cancelStripeSubscription(db: Db, stripe: Stripe, tenantId: string, memberId: string): Promise<SubscriptionCancelOutcome> {
  const repo = memberBillingRepo(db, tenantId);
  const first = (await repo.load(memberId)).profile.subscription;
  const subId = first?.stripeSubscriptionId;
  if (!subId || first.stripeCancel !== 'requested') return 'skipped';
  const settings = await stripeRepo(db).settings(tenantId);
  if (!settings) return 'failed'; // the space left Stripe: nothing runs there any more
  try {
    await stripe.subscriptions.cancel(subId, {}, { stripeAccount: settings.accountId });
  } catch (e) {
    // Refused for good (no such subscription, already cancelled): it does not run on Stripe either way.
    if (!(e instanceof Stripe.errors.StripeInvalidRequestError)) return 'retry';
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const { profile } = await repo.load(memberId);
    const s = profile.subscription;
    if (!s || s.stripeSubscriptionId !== subId || s.stripeCancel !== 'requested') return 'sent';
    try {
      await repo.saveProfile(profile, { ...profile, subscription: { ...s, stripeCancel: 'done' } });
      return 'sent';
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'conflict')) throw e; // changed meanwhile: read again
    }
  }
  return 'retry';
}
