import { Stripe } from '@lieu/payments/stripe';
import type { Payment, Tenant } from '@lieu/core';
import { creditNote, type MoneyEffect } from './documents';
import { paymentsRepo, receiptsRepo, refundsRepo, refundUpdateOp, stripeRepo, tenantsRepo, WriteSet, type Db, type RefundRequest, type RefundStatus, type transact } from '@lieu/db';

/**
 * Sends the refunds that cancellations requested (see `paymentReleaseItems` and the shop's refund in
 * @lieu/db): Stripe-enabled code, run by the Stripe worker Lambda on the table stream (items of type
 * `RefundRequest`) and by `pnpm job refunds` locally.
 *
 * Once: the worker claims a request (`requested` → `sending`, conditional), so two runs never both
 * call Stripe; the call carries the request's idempotency key, so a worker that died after Stripe
 * answered and is retried gets the same refund back. The outcome is written in one transaction with
 * the payment's `refundedCents`; `charge.refunded` / `refund.updated` webhooks reconcile it later.
 */
type Items = Parameters<typeof transact>[1];
export type RefundOutcome = 'sent' | 'failed' | 'skipped' | 'retry';

const STATUS: Record<string, RefundStatus> = { succeeded: 'succeeded', pending: 'pending', requires_action: 'pending', failed: 'failed', canceled: 'canceled' };
/** A refund in these states has money on its way back (counted in the payment's `refundedCents`). */
const counts = (s: RefundStatus) => s === 'pending' || s === 'succeeded';
const terminal = (s: RefundStatus) => s === 'succeeded' || s === 'failed' || s === 'canceled';

/**
 * The writes that record what Stripe says about a refund: the request's status and Stripe id, and the
 * payment's refunded amount (refunded in full → `refunded`; a failed refund → flagged for staff), with
 * a credit note from the space's receipt counter for money newly given back (as at the desk). Nothing
 * when nothing changes. A final state is never moved back (events may arrive in any order).
 */
export async function refundOutcome(
  db: Db, before: RefundRequest, stripeRefund: { id: string; status?: string | null; failure_reason?: string | null }, now: Date, tenant?: Tenant | null,
): Promise<MoneyEffect> {
  const none: MoneyEffect = { receipts: 0, build: () => ({ receipts: [], items: [] }) };
  const status = STATUS[stripeRefund.status ?? ''] ?? 'pending';
  if (terminal(before.status) && before.status !== status) return none;
  if (before.status === status && before.stripeRefundId === stripeRefund.id) return none;
  const after: RefundRequest = {
    ...before, status, stripeRefundId: stripeRefund.id, counted: counts(status), updatedAt: now.toISOString(),
    ...(status === 'failed' || status === 'canceled' ? { failure: stripeRefund.failure_reason ?? status } : {}),
  };
  const delta = (after.counted ? before.amountCents : 0) - (before.counted ? before.amountCents : 0);
  const payments = paymentsRepo(db, before.tenantId);
  const payment = await payments.get(before.memberId, before.paymentId);
  const changes = !!payment && (delta !== 0 || !after.counted);
  // A failed refund after it was counted lowers the amount; its credit note stays issued (staff look at it).
  const space = changes && delta > 0 ? tenant ?? await tenantsRepo(db).get(before.tenantId) : null;
  return {
    receipts: space ? 1 : 0,
    build(numbers) {
      const items: Items = [refundUpdateOp(db, before, after)];
      if (!payment || !changes) return { receipts: [], items };
      const refundedCents = Math.max(0, (payment.refundedCents ?? 0) + delta);
      const next: Payment = {
        ...payment, refundedCents,
        status: refundedCents >= payment.totalCents ? 'refunded' : payment.status === 'refunded' && delta < 0 ? 'paid' : payment.status,
        ...(after.counted ? {} : { attention: 'refund_failed' }),
        ...(space ? { creditNoteNumbers: [...(payment.creditNoteNumbers ?? []), numbers[0]!.number] } : {}),
      };
      items.push(payments.updateOp(payment, next));
      return { receipts: space ? [creditNote(space, payment, delta, numbers[0]!, now, 'refund')] : [], items };
    },
  };
}

/** Sends one refund request to Stripe on the tenant's connected account, and records the outcome. */
export async function sendRefund(db: Db, stripe: Stripe, tenantId: string, refundId: string, now: Date): Promise<RefundOutcome> {
  const repo = refundsRepo(db, tenantId);
  const claimed = await repo.claim(refundId, now);
  if (!claimed) return 'skipped'; // done, or another run is sending it
  const settings = await stripeRepo(db).settings(tenantId);
  if (!settings) {
    await record(db, claimed, { id: '', status: 'failed', failure_reason: 'This space has no Stripe account any more' }, now);
    return 'failed';
  }
  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create({
      payment_intent: claimed.paymentIntentId, amount: claimed.amountCents,
      metadata: { tenantId, refundId: claimed.id, paymentId: claimed.paymentId, memberId: claimed.memberId, sourceKind: claimed.source.kind, sourceId: claimed.source.id },
    }, { stripeAccount: settings.accountId, idempotencyKey: claimed.idempotencyKey });
  } catch (e) {
    // Stripe refused it for good (already refunded, amount too high, account gone): staff must look.
    if (e instanceof Stripe.errors.StripeInvalidRequestError || e instanceof Stripe.errors.StripePermissionError || e instanceof Stripe.errors.StripeCardError) {
      await record(db, claimed, { id: claimed.stripeRefundId ?? '', status: 'failed', failure_reason: (e as Error).message }, now);
      return 'failed';
    }
    // Not reached, rate-limited, Stripe down: give the claim back; the stream (or the next run) retries.
    await repo.release(claimed);
    return 'retry';
  }
  await record(db, claimed, refund, now);
  return STATUS[refund.status ?? ''] === 'failed' ? 'failed' : 'sent';
}

async function record(db: Db, claimed: RefundRequest, refund: { id: string; status?: string | null; failure_reason?: string | null }, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = attempt === 0 ? claimed : await refundsRepo(db, claimed.tenantId).get(claimed.id);
    // A webhook recorded it meanwhile (it read the claim): nothing left to do.
    if (!before || (attempt > 0 && before.status !== 'sending')) return;
    const effect = await refundOutcome(db, before, refund, now);
    if (!effect.receipts && !effect.build([]).items.length) return;
    let stale = false;
    try {
      await receiptsRepo(db, claimed.tenantId).issueManyWith(effect.receipts, (numbers) => {
        const built = effect.build(numbers);
        return { receipts: built.receipts, writes: new WriteSet().add('outcome', ...built.items) };
      }, () => { stale = true; return new Error('refund changed meanwhile'); });
      return;
    } catch (e) {
      if (!stale) throw e;
    }
  }
  throw new Error(`refund ${claimed.id}: could not record the outcome`);
}

/**
 * Every open refund request (`requested`, or a stale `sending` claim) of every tenant with Stripe:
 * the local `pnpm job refunds`, and the safety net behind the stream in AWS. Per tenant: a Query of
 * GSI1 `T#t#REFUNDS`; no Scan.
 */
export async function sendOpenRefunds(db: Db, stripe: Stripe, now: Date): Promise<{ examined: number; changed: number }> {
  let examined = 0;
  let changed = 0;
  let cursor: string | undefined;
  do {
    const page = await tenantsRepo(db).list(100, cursor);
    for (const t of page.items) {
      for (const r of await refundsRepo(db, t.id).list({ open: true })) {
        examined++;
        const outcome = await sendRefund(db, stripe, t.id, r.id, now);
        if (outcome === 'sent' || outcome === 'failed') changed++;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { examined, changed };
}
