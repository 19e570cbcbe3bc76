import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, EventBridgeEvent } from 'aws-lambda';
import type { Db } from '@lieu/db';
import { cancelStripeSubscription, reconcileSubscriptions, sendOpenRefunds, sendRefund } from '@lieu/app/payments';
import { billingProfileKeyOf, refundKeyOf as refundKeyOfPk } from '@lieu/db';
import { stripeClient, stripeConfigFromEnv, type Stripe } from '@lieu/payments/stripe';

/**
 * The Stripe worker: background work that calls Stripe, in the second Lambda that bundles the SDK
 * (functions/webhooks is the other). Two triggers:
 * - the table stream, filtered in AWS on INSERTed `RefundRequest` items: each is sent to Stripe
 *   (`refunds.create` on the space's account, with its idempotency key) and its outcome recorded;
 *   and on billing profiles whose subscription asks to be cancelled on Stripe (its payment given
 *   back in full): `subscriptions.cancel` on the space's account;
 * - EventBridge schedules (`detail.job`): `refunds` (the safety net: requests still open) and
 *   `reconcile-subscriptions` (daily).
 * Without Stripe keys it does nothing and says so ("no Stripe configured").
 */
export interface WorkerDeps {
  db: Db;
  /** Null when no Stripe key is configured. */
  stripe: Stripe | null;
  log: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
}

export interface StripeJobResult { examined: number; changed: number; skipped?: string }
export interface StripeJob {
  name: string;
  description: string;
  /** EventBridge schedule expression (UTC). */
  schedule: string;
  run(deps: WorkerDeps & { now: Date }): Promise<StripeJobResult>;
}

const NOT_CONFIGURED = 'no Stripe configured';

export const refundsJob: StripeJob = {
  name: 'refunds',
  description: 'Send refund requests still open to Stripe (the stream sends them at once in AWS)',
  schedule: 'rate(15 minutes)',
  async run({ db, stripe, now, log }) {
    if (!stripe) { log('info', NOT_CONFIGURED); return { examined: 0, changed: 0, skipped: NOT_CONFIGURED }; }
    return sendOpenRefunds(db, stripe, now);
  },
};

export const reconcileSubscriptionsJob: StripeJob = {
  name: 'reconcile-subscriptions',
  description: 'Daily reconciliation of subscriptions with Stripe (status and period drift)',
  schedule: 'cron(30 3 * * ? *)',
  async run({ db, stripe, now, log }) {
    if (!stripe) { log('info', NOT_CONFIGURED); return { examined: 0, changed: 0, skipped: NOT_CONFIGURED }; }
    const r = await reconcileSubscriptions(db, stripe, now, (msg, data) => log('info', msg, data));
    return { examined: r.examined, changed: r.changed };
  },
};

export const STRIPE_JOBS: Record<string, StripeJob> = { [refundsJob.name]: refundsJob, [reconcileSubscriptionsJob.name]: reconcileSubscriptionsJob };

/** The refund request a stream record is about (its key, read by the key builder's inverse). */
const refundKeyOf = (record: DynamoDBStreamEvent['Records'][number]) => refundKeyOfPk(record.dynamodb?.Keys?.PK?.S ?? '');

/** Sends the refunds of a stream batch; those to retry are reported as batch item failures. */
export async function processRefundRecords(deps: WorkerDeps, records: DynamoDBStreamEvent['Records'], now: Date): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    const profile = billingProfileKeyOf(record.dynamodb?.Keys?.PK?.S ?? '', record.dynamodb?.Keys?.SK?.S ?? '');
    if (profile) {
      if (!deps.stripe) { deps.log('warn', NOT_CONFIGURED, profile); continue; }
      try {
        const outcome = await cancelStripeSubscription(deps.db, deps.stripe, profile.tenantId, profile.memberId);
        deps.log(outcome === 'failed' ? 'warn' : 'info', 'subscription cancel', { ...profile, outcome });
        if (outcome === 'retry') batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      } catch (e) {
        deps.log('error', 'subscription cancel failed', { ...profile, error: (e as Error).message });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      }
      continue;
    }
    const key = refundKeyOf(record);
    if (!key) continue;
    if (!deps.stripe) { deps.log('warn', NOT_CONFIGURED, key); continue; }
    try {
      const outcome = await sendRefund(deps.db, deps.stripe, key.tenantId, key.refundId, now);
      deps.log(outcome === 'failed' ? 'warn' : 'info', 'refund', { ...key, outcome });
      if (outcome === 'retry') batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    } catch (e) {
      deps.log('error', 'refund failed', { ...key, error: (e as Error).message });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}

type WorkerEvent = DynamoDBStreamEvent | EventBridgeEvent<'Scheduled Event', { job?: string }>;

export function createStripeWorker(deps: () => Promise<WorkerDeps>) {
  let resolved: WorkerDeps | null = null;
  return middy<WorkerEvent, unknown, Error, Context>().handler(async (event) => {
    resolved ??= await deps();
    if ('Records' in event) return processRefundRecords(resolved, event.Records ?? [], new Date());
    const job = STRIPE_JOBS[event.detail?.job ?? ''];
    if (!job) throw new Error(`unknown job "${event.detail?.job ?? ''}"`);
    const now = event.time ? new Date(event.time) : new Date();
    const result = await job.run({ ...resolved, now });
    resolved.log('info', 'job done', { job: job.name, ...result });
    return { job: job.name, ...result };
  });
}

/** The Stripe client from the environment (STRIPE_SECRET_KEY, …), or null when not configured. */
export function stripeFromEnv(): Stripe | null {
  const cfg = stripeConfigFromEnv({ ...process.env, STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? 'unused-by-the-worker' });
  return cfg ? stripeClient(cfg) : null;
}

/** A one-line JSON log (the HTTP areas' shape). */
export const jsonLog: WorkerDeps['log'] = (level, msg, data) => console.log(JSON.stringify({ level: level.toUpperCase(), service: 'lieu-stripe-worker', message: msg, ...data }));
