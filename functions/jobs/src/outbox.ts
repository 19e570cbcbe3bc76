import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { isConditionFailed, outboxRealmOf, type Db, type OutboxItem } from '@lieu/db';
import type { Mailer } from './mailer';

/** After this many failed sends an email is marked `failed` and no longer retried (operators see it in the outbox). */
export const MAX_ATTEMPTS = 5;

export interface OutboxDeps {
  db: Db;
  mailer: Mailer;
  clock: () => Date;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
}

type StoredEmail = OutboxItem & { PK: string; SK: string; type: string; retryRequestedAt?: string };

const image = (img: Record<string, unknown> | undefined): Record<string, unknown> | null =>
  img ? unmarshall(img as Record<string, AttributeValue>) : null;

/**
 * Whether a stream record asks for an email to be sent: a new pending `Email` item, or an existing one
 * whose `retryRequestedAt` the retry sweep just moved. Our own bookkeeping updates (attempts, status)
 * never match, so they do not loop back.
 */
export function wantsDelivery(record: DynamoDBRecord): { pk: string; sk: string } | null {
  const next = image(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
  if (!next || next.type !== 'Email' || next.status !== 'pending') return null;
  if (typeof next.PK !== 'string' || typeof next.SK !== 'string' || !outboxRealmOf(next.PK)) return null;
  if (record.eventName === 'INSERT') return { pk: next.PK, sk: next.SK };
  if (record.eventName === 'MODIFY') {
    const prev = image(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
    if (prev && prev.retryRequestedAt !== next.retryRequestedAt) return { pk: next.PK, sk: next.SK };
  }
  return null;
}

export type DeliveryResult = 'sent' | 'skipped' | 'retry' | 'gave_up';

/**
 * Sends one outbox email at most once per success: reads the item (strongly consistent) and skips it
 * unless it is still `pending` (a redelivered stream record, or a record after a failed one that Lambda
 * hands over again), sends it, then marks it `sent` under the condition that it is still `pending`.
 * A failed send counts an attempt; below MAX_ATTEMPTS the caller reports it for retry.
 */
export async function deliver(deps: OutboxDeps, key: { pk: string; sk: string }): Promise<DeliveryResult> {
  const { db } = deps;
  const got = await db.doc.send(new GetCommand({ TableName: db.table, Key: { PK: key.pk, SK: key.sk }, ConsistentRead: true }));
  const item = got.Item as StoredEmail | undefined;
  if (!item || item.type !== 'Email' || item.status !== 'pending') return 'skipped';
  try {
    const messageId = await deps.mailer.send({
      id: item.id, to: item.to, subject: item.subject, text: item.text,
      ...(item.html ? { html: item.html } : {}), ...(item.attachments?.length ? { attachments: item.attachments } : {}),
    });
    try {
      await db.doc.send(new UpdateCommand({
        TableName: db.table, Key: { PK: key.pk, SK: key.sk },
        UpdateExpression: 'SET #s = :sent, sentAt = :now, messageId = :mid ADD attempts :one',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':now': deps.clock().toISOString(), ':mid': messageId, ':one': 1 },
      }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
    }
    return 'sent';
  } catch (sendError) {
    if (isConditionFailed(sendError)) throw sendError;
    const attempts = (item.attempts ?? 0) + 1;
    const gaveUp = attempts >= MAX_ATTEMPTS;
    deps.log?.(gaveUp ? 'error' : 'warn', 'email send failed', { pk: key.pk, sk: key.sk, attempts, error: String((sendError as Error).message ?? sendError) });
    await db.doc.send(new UpdateCommand({
      TableName: db.table, Key: { PK: key.pk, SK: key.sk },
      UpdateExpression: 'SET #s = :status, lastError = :err, lastAttemptAt = :now ADD attempts :one',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':status': gaveUp ? 'failed' : 'pending', ':pending': 'pending', ':one': 1, ':now': deps.clock().toISOString(),
        ':err': String((sendError as Error).message ?? sendError).slice(0, 500),
      },
    })).catch((e: unknown) => { if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e; });
    return gaveUp ? 'gave_up' : 'retry';
  }
}

/**
 * A batch of table-stream records: every record is tried (a failure does not stop the others), and the
 * failed ones are reported as `batchItemFailures` so Lambda retries from the first of them (the records
 * after it come again and are skipped, being sent already). An error outside a send (DynamoDB down) also
 * reports the record; after the event source's retries it lands in the dead-letter queue.
 */
export async function processOutboxRecords(deps: OutboxDeps, records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse & { results: DeliveryResult[] }> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  const results: DeliveryResult[] = [];
  for (const record of records) {
    const key = wantsDelivery(record);
    if (!key) { results.push('skipped'); continue; }
    let result: DeliveryResult;
    try {
      result = await deliver(deps, key);
    } catch (e) {
      deps.log?.('error', 'outbox record failed', { pk: key.pk, sk: key.sk, error: String((e as Error).message ?? e) });
      result = 'retry';
    }
    results.push(result);
    if (result === 'retry') batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' });
  }
  return { batchItemFailures, results };
}
