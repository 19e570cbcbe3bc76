import { createHash } from 'node:crypto';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@lieu/core';
import type { Db } from './client';
import { currentRequest, RepeatedRequest, requestRecordPut, requestRecords } from './requestRecords';

type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;

export interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

/**
 * Runs one TransactWriteItems and maps its failure this way:
 * - any ConditionalCheckFailed → `onConditionFailed(reasons)` (the domain's 409/422);
 * - TransactionConflict alone → retried a few times with jitter, then 409;
 * - throttling → 503 with a Retry-After.
 */
export async function transact(
  db: Db,
  items: Items,
  onConditionFailed: (reasons: CancellationReason[]) => Error,
  opts: { attempts?: number; returnConsumedCapacity?: boolean; clientRequestToken?: string } = {},
): Promise<void> {
  const attempts = opts.attempts ?? 4;
  const token = opts.clientRequestToken ?? currentRequest.getStore()?.requestId;
  // A request sent with an Idempotency-Key records itself in its first transaction (requestRecords.ts).
  const rec = requestRecords.getStore();
  const recordAt = rec && !rec.attached && items.length < 100 ? items.length : -1;
  if (recordAt >= 0) items = [...items, requestRecordPut(rec!)];
  for (let attempt = 1; ; attempt++) {
    try {
      const command = new TransactWriteCommand({
        TransactItems: items,
        ...(opts.returnConsumedCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
        ...(token ? { ClientRequestToken: requestToken(`${token}:${attempt}:${JSON.stringify(items)}`) } : {}),
      });
      await (token ? untilKnown(() => db.doc.send(command)) : db.doc.send(command));
      if (recordAt >= 0) rec!.attached = true;
      return;
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
      if (e.name === 'TransactionCanceledException') {
        const reasons = e.CancellationReasons ?? [];
        if (recordAt >= 0 && reasons[recordAt]?.Code === 'ConditionalCheckFailed') throw new RepeatedRequest();
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw onConditionFailed(reasons.slice(0, recordAt >= 0 ? recordAt : undefined));
        if (reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded')) {
          throw throttled();
        }
        if (reasons.some((r) => r.Code === 'TransactionConflict')) {
          if (attempt < attempts) { await sleep(jitter(attempt)); continue; }
          throw new AppError('conflict', 'The resource was changed by another request; try again');
        }
      }
      if (e.name === 'TransactionConflictException') {
        if (attempt < attempts) { await sleep(jitter(attempt)); continue; }
        throw new AppError('conflict', 'The resource was changed by another request; try again');
      }
      if (isThrottle(e.name)) throw throttled();
      throw err;
    }
  }
}

/**
 * A commit whose answer never came (the connection reset or timed out after the SDK's own attempts)
 * may or may not have happened. Sent again with the same ClientRequestToken, DynamoDB answers it
 * as the same commit (for 10 minutes), so the outcome becomes known instead of reaching the client
 * as an error after its change was made.
 */
async function untilKnown<T>(send: () => Promise<T>, resends = 3, withinMs = 2000): Promise<T> {
  // Resent only early on: the SDK's attempts already took their budget (client.ts), and the whole
  // must stay under the HTTP functions' timeout.
  const started = performance.now();
  for (let i = 0; ; i++) {
    try {
      return await send();
    } catch (err) {
      if (i >= resends || performance.now() - started > withinMs || !isUnknownOutcome(err)) throw err;
      await sleep(50 * 2 ** i + Math.random() * 50);
    }
  }
}

const UNKNOWN_OUTCOME_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);
/** A network failure or timeout: the request may have been executed. */
export const isUnknownOutcome = (err: unknown): boolean => {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!e) return false;
  return UNKNOWN_OUTCOME_CODES.has(e.code ?? '') || e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'RequestTimeoutException'
    || (e.$metadata?.httpStatusCode ?? 0) >= 500;
};

export const isThrottle = (name?: string) =>
  name === 'ProvisionedThroughputExceededException' || name === 'ThrottlingException' || name === 'RequestLimitExceeded';

export const throttled = () =>
  new AppError('unavailable', 'The service is busy; retry shortly', { retryAfterSeconds: 1 });

const jitter = (attempt: number) => Math.random() * 25 * 2 ** attempt;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when an error is a failed condition on a single-item write. */
export const isConditionFailed = (err: unknown) =>
  (err as { name?: string }).name === 'ConditionalCheckFailedException';

type TransactItem = Items[number];

/**
 * The writes of one transaction, each with a name saying what it is (`booking`, `slot`, `stock`,
 * `receipt-counter`…). When a condition fails, the caller learns which *names* failed, so it maps the
 * failure to a domain error by meaning, never by the item's position in the list.
 */
export class WriteSet {
  private readonly entries: { name: string; op: TransactItem }[] = [];

  add(name: string, ...ops: TransactItem[]): this {
    for (const op of ops) this.entries.push({ name, op });
    return this;
  }

  /** Appends another set's writes (names kept). */
  merge(other: WriteSet): this {
    for (const e of other.entries) this.entries.push(e);
    return this;
  }

  get size(): number { return this.entries.length; }
  get names(): string[] { return this.entries.map((e) => e.name); }
  get items(): Items { return this.entries.map((e) => e.op); }

  /** The names of the writes whose condition failed, read from a cancelled transaction's reasons. */
  failedNames(reasons: CancellationReason[]): Set<string> {
    const failed = new Set<string>();
    reasons.forEach((r, i) => { if (r.Code === 'ConditionalCheckFailed' && this.entries[i]) failed.add(this.entries[i]!.name); });
    return failed;
  }
}

/**
 * Commits a WriteSet in one TransactWriteItems (see `transact` for the failure mapping).
 * `onConditionFailed` receives the names of the failed writes. `clientRequestToken` makes a retried
 * commit (the SDK's own retry after a lost response) idempotent on DynamoDB's side for 10 minutes:
 * derive it from the request (idempotency key or request id), never at random per attempt.
 */
export async function commit(
  db: Db,
  set: WriteSet,
  onConditionFailed: (failed: Set<string>) => Error,
  opts: { clientRequestToken?: string; attempts?: number; returnConsumedCapacity?: boolean } = {},
): Promise<void> {
  if (set.size === 0) return;
  await transact(db, set.items, (reasons) => onConditionFailed(set.failedNames(reasons)), opts);
}

/**
 * DynamoDB takes at most 36 characters. The token digests the request id, our own attempt number and
 * the items: the SDK's resend of one attempt (same command) is recognised as the same commit, while
 * another transaction of the same request (a receipt number retried, a series) is a different one.
 */
const requestToken = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 36);
