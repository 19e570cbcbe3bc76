import { AsyncLocalStorage } from 'node:async_hooks';
import { GetCommand, PutCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import { keys } from './keys';
import { isConditionFailed } from './transact';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long a client's Idempotency-Key is remembered. */
export const REQUEST_RECORD_SECONDS = 24 * 3600;

/** The first answer a request got: replayed to a retry with the same key and body. */
export interface RecordedAnswer { status: number; body: unknown }

/**
 * The Idempotency-Key of the request being served, if it sent one. The HTTP layer opens it around
 * the handler; `transact()` adds the request record to the first transaction the request commits,
 * so the change and the record of it are one write: a retry finds the record and is answered from
 * it instead of doing the change twice.
 */
export interface RequestRecordContext {
  db: Db;
  tenantId: string;
  /** The caller's key, prefixed with who they are, so one caller never meets another's answer. */
  key: string;
  /** A digest of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  nowSec: number;
  /** Set once a transaction carrying the record committed. */
  attached: boolean;
  /** An answer known before the commit (a create that presents what it writes): stored in the same write. */
  answer?: RecordedAnswer;
}

export const requestRecords = new AsyncLocalStorage<RequestRecordContext>();

/**
 * The request (or job run) being served: its id becomes the ClientRequestToken of every transaction
 * it commits, so DynamoDB recognises the SDK's resend of a commit whose answer was lost.
 */
export const currentRequest = new AsyncLocalStorage<{ requestId: string }>();

/** Lets a use-case that knows its answer before committing store it in the commit itself (no extra write). */
export function answerBeforeCommit(answer: RecordedAnswer): void {
  const rec = requestRecords.getStore();
  if (rec && !rec.attached) rec.answer = answer;
}

/** Thrown by `transact()` when the request record already exists: this request was seen before. */
export class RepeatedRequest extends Error {
  constructor() { super('repeated request'); this.name = 'RepeatedRequest'; }
}

const fresh = 'attribute_not_exists(PK) OR expiresAt < :now';

export function requestRecordPut(rec: RequestRecordContext): TransactItem {
  return {
    Put: {
      TableName: rec.db.table,
      Item: {
        ...keys.requestRecord(rec.tenantId, rec.key), type: 'RequestRecord', fingerprint: rec.fingerprint,
        expiresAt: rec.nowSec + REQUEST_RECORD_SECONDS, ...(rec.answer ? { answer: rec.answer } : {}),
      },
      ConditionExpression: fresh,
      ExpressionAttributeValues: { ':now': rec.nowSec },
    },
  };
}

export const requestRecordsRepo = (db: Db, tenantId: string) => ({
  /** Pattern: a request record by caller and key (GetItem); an expired one is not there. */
  async get(key: string, nowSec: number): Promise<{ fingerprint: string; answer?: RecordedAnswer } | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.requestRecord(tenantId, key), ConsistentRead: true }));
    if (!r.Item || Number(r.Item.expiresAt) < nowSec) return null;
    return { fingerprint: String(r.Item.fingerprint), ...(r.Item.answer ? { answer: r.Item.answer as RecordedAnswer } : {}) };
  },
  /** Stores the answer on a record written by the request's transaction. */
  async saveAnswer(key: string, answer: RecordedAnswer): Promise<void> {
    await db.doc.send(new UpdateCommand({
      TableName: db.table, Key: keys.requestRecord(tenantId, key),
      UpdateExpression: 'SET answer = :a', ExpressionAttributeValues: { ':a': answer },
    }));
  },
  /** Writes record and answer at once, for a request that committed no transaction; false if one exists. */
  async putWithAnswer(rec: RequestRecordContext, answer: RecordedAnswer): Promise<boolean> {
    try {
      await db.doc.send(new PutCommand(requestRecordPut({ ...rec, answer }).Put as never));
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  },
});
