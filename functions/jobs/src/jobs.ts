import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bookingsRepo, keys, PLATFORM_REALM, tenantRealm, tenantsRepo, type Db, type Realm } from '@lieu/db';
import type { TxtResolver } from '@lieu/core';
import { effectiveBooking } from '@lieu/core/booking';
import type { Mailer } from './mailer';
import { deliver } from './outbox';
import { eventReminders } from './eventReminders';
import { bookingReminders } from './bookingReminders';
import { consignorStatements } from './consignorStatements';
import { expireOrders } from './expireOrders';
import { allTenants } from './tenants';
import { verifyDomains } from './domains';

export { allTenants };

export interface JobDeps {
  db: Db;
  /** The instant the job runs for (the schedule's time in AWS): every decision is taken against it. */
  now: Date;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
  /** TXT lookups (custom-domain checks): the DNS when absent; `pnpm job` locally passes the dev records. */
  dns?: TxtResolver;
}

export interface JobResult {
  /** Items looked at. */
  examined: number;
  /** Items this run changed; a second run at the same instant changes none. */
  changed: number;
}

export interface Job {
  name: string;
  description: string;
  /** EventBridge schedule expression (UTC). */
  schedule: string;
  run(deps: JobDeps): Promise<JobResult>;
}

/** Every realm with an outbox: the platform's and each tenant's (Query GSI1 `TENANTS`, paged). */
export async function allRealms(db: Db): Promise<Realm[]> {
  const realms: Realm[] = [PLATFORM_REALM];
  const repo = tenantsRepo(db);
  let cursor: string | undefined;
  do {
    const page = await repo.list(100, cursor);
    for (const t of page.items) realms.push(tenantRealm(t.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return realms;
}

/** An email still `pending` this long after it was written (or after its last retry request) is stuck. */
export const STUCK_AFTER_MS = 15 * 60_000;
/** The sweep looks this far back: older pending emails are left alone (stale news; see the DLQ alarm). */
export const SWEEP_WINDOW_MS = 24 * 3_600_000;

/**
 * Re-offers stuck emails to the stream consumer: an email still pending after STUCK_AFTER_MS (its stream
 * record exhausted its retries and went to the DLQ, or the consumer was down) gets `retryRequestedAt`,
 * which the consumer sees as a MODIFY and delivers. Conditional on the email being pending and not
 * re-offered within STUCK_AFTER_MS, so running it twice changes nothing the second time. Per realm: a
 * Query of `<realm>OUTBOX` on the SK range of the window (SK starts with `createdAt`), never a Scan.
 */
export const outboxRetry: Job = {
  name: 'outbox-retry',
  description: 'Re-offer outbox emails stuck in `pending` to the stream consumer',
  schedule: 'rate(15 minutes)',
  async run({ db, now, log }) {
    const cutoff = new Date(now.getTime() - STUCK_AFTER_MS).toISOString();
    const from = new Date(now.getTime() - SWEEP_WINDOW_MS).toISOString();
    let examined = 0;
    let changed = 0;
    for (const realm of await allRealms(db)) {
      const pk = keys.outbox(realm);
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          FilterExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': cutoff, ':pending': 'pending' },
          ExclusiveStartKey: start,
        }));
        start = r.LastEvaluatedKey;
        for (const item of r.Items ?? []) {
          examined++;
          try {
            await db.doc.send(new UpdateCommand({
              TableName: db.table, Key: { PK: pk, SK: item.SK },
              UpdateExpression: 'SET retryRequestedAt = :now ADD sweeps :one',
              ConditionExpression: '#s = :pending AND (attribute_not_exists(retryRequestedAt) OR retryRequestedAt <= :cutoff)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':now': now.toISOString(), ':one': 1, ':pending': 'pending', ':cutoff': cutoff },
            }));
            changed++;
          } catch (e) {
            if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
          }
        }
      } while (start);
    }
    if (changed) log?.('info', 'outbox emails re-offered', { changed });
    return { examined, changed };
  },
};

/** How far back and ahead `expire-holds` looks for held bookings, by booking start. */
export const HOLD_LOOKBACK_MS = 2 * 86_400_000;
export const HOLD_LOOKAHEAD_MS = 400 * 86_400_000;

/**
 * Releases held bookings whose hold expired: each becomes `cancelled` (reason `hold_expired`) through
 * the bookings repository's own `cancel`, the same transaction a member's cancellation uses (version
 * check). Their slots were already free by construction (a slot item's condition accepts an expired
 * `expiresAt`) and reads already show them cancelled (`effectiveBooking`): this job makes the stored
 * item say so, for lists, exports and statistics. Per tenant: its resources (Query `T#t#RESOURCES`),
 * then each resource's bookings by start (Query GSI1 `T#t#RES#r#BOOKINGS`); no Scan. Idempotent: a
 * booking already cancelled is not held any more, and a concurrent change fails the version check.
 */
export const expireHolds: Job = {
  name: 'expire-holds',
  description: 'Cancel held bookings whose hold expired (reason hold_expired)',
  schedule: 'rate(1 hour)',
  async run({ db, now, log }) {
    const from = new Date(now.getTime() - HOLD_LOOKBACK_MS).toISOString();
    const to = new Date(now.getTime() + HOLD_LOOKAHEAD_MS).toISOString();
    let examined = 0;
    let changed = 0;
    for (const tenant of await allTenants(db)) {
      const repo = bookingsRepo(db, tenant.id, tenant.timeZone);
      for (const resource of await repo.listResources()) {
        for (const b of await repo.forResource(resource.id, from, to)) {
          if (b.status !== 'held') continue;
          examined++;
          const eff = effectiveBooking(b, now.getTime());
          if (eff.status === 'held') continue; // still within its hold
          try {
            await repo.cancel(b, { ...eff, version: b.version + 1 }, now);
            changed++;
          } catch (e) {
            // Changed meanwhile (confirmed by the payment webhook, cancelled by hand): nothing to do.
            if ((e as { code?: string }).code !== 'conflict') throw e;
          }
        }
      }
    }
    if (changed) log?.('info', 'expired holds released', { changed });
    return { examined, changed };
  },
};

/** The scheduled jobs, by name. The infrastructure creates one EventBridge rule per entry. */
export const JOBS: Record<string, Job> = {
  [outboxRetry.name]: outboxRetry,
  [expireHolds.name]: expireHolds,
  [eventReminders.name]: eventReminders,
  [bookingReminders.name]: bookingReminders,
  [expireOrders.name]: expireOrders,
  [consignorStatements.name]: consignorStatements,
  [verifyDomains.name]: verifyDomains,
};

/**
 * Jobs the product needs whose data does not exist yet: each lands with its area (its repository does
 * the work; this package only schedules it). Listed so the README and `pnpm job` can say so.
 */
export const WAITING_JOBS: { name: string; waitsFor: string; schedule: string; description: string }[] = [
];

/**
 * Local stand-in for the table stream (DynamoDB Local has one, but nothing consumes it on a laptop):
 * delivers every pending email of every realm through the given mailer with the stream consumer's own
 * `deliver` (same claim-then-mark rules, so running it twice sends nothing twice). Not scheduled in AWS.
 */
export async function deliverPending(deps: JobDeps & { mailer: Mailer }): Promise<JobResult> {
  let examined = 0;
  let changed = 0;
  for (const realm of await allRealms(deps.db)) {
    let start: Record<string, unknown> | undefined;
    do {
      const r = await deps.db.doc.send(new QueryCommand({
        TableName: deps.db.table, KeyConditionExpression: 'PK = :pk', FilterExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':pk': keys.outbox(realm), ':pending': 'pending' },
        ExclusiveStartKey: start,
      }));
      start = r.LastEvaluatedKey;
      for (const item of r.Items ?? []) {
        examined++;
        const result = await deliver({ db: deps.db, mailer: deps.mailer, clock: () => deps.now, ...(deps.log ? { log: deps.log } : {}) }, { pk: item.PK as string, sk: item.SK as string });
        if (result !== 'skipped') changed++;
      }
    } while (start);
  }
  return { examined, changed };
}
