import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@lieu/core';
import type { Db } from './client';

type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;

export interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

/**
 * Runs one TransactWriteItems and maps its failure the way DESIGN.md §3 says:
 * - any ConditionalCheckFailed → `onConditionFailed(reasons)` (the domain's 409/422);
 * - TransactionConflict alone → retried a few times with jitter, then 409;
 * - throttling → 503 with a Retry-After.
 */
export async function transact(
  db: Db,
  items: Items,
  onConditionFailed: (reasons: CancellationReason[]) => Error,
  opts: { attempts?: number; returnConsumedCapacity?: boolean } = {},
): Promise<void> {
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({
        TransactItems: items,
        ...(opts.returnConsumedCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
      }));
      return;
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
      if (e.name === 'TransactionCanceledException') {
        const reasons = e.CancellationReasons ?? [];
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw onConditionFailed(reasons);
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

export const isThrottle = (name?: string) =>
  name === 'ProvisionedThroughputExceededException' || name === 'ThrottlingException' || name === 'RequestLimitExceeded';

export const throttled = () =>
  new AppError('unavailable', 'The service is busy; retry shortly', { retryAfterSeconds: 1 });

const jitter = (attempt: number) => Math.random() * 25 * 2 ** attempt;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when an error is a failed condition on a single-item write. */
export const isConditionFailed = (err: unknown) =>
  (err as { name?: string }).name === 'ConditionalCheckFailedException';
