import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@lieu/core';
import type { Db } from './client';
import { keys, type Realm } from './keys';

/** A file sent with an email; `content` is base64 (an .ics of a booking is about 1 kB, far under the item limit). */
export interface EmailAttachment { filename: string; contentType: string; content: string }
export interface Email {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
}
export interface OutboxItem extends Email {
  id: string;
  createdAt: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

/**
 * The email outbox. A route writes the email as an item (in its own transaction where it matters);
 * in AWS the table stream hands it to the mailer (SES), locally it is printed and shown on the dev
 * mailbox page. Either way no email is lost when a request fails halfway.
 */
export const outboxRepo = (db: Db, realm: Realm) => ({
  putItem(email: Email, now: Date) {
    const id = newId(now.getTime());
    const createdAt = now.toISOString();
    return {
      Put: {
        TableName: db.table,
        Item: { PK: keys.outbox(realm), SK: `${createdAt}#${id}`, type: 'Email', id, createdAt, status: 'pending', attempts: 0, ...email },
      },
    };
  },
  async enqueue(email: Email, now: Date): Promise<void> {
    await db.doc.send(new PutCommand(this.putItem(email, now).Put));
  },
  /** Pattern: the realm's emails, newest first (Query `…OUTBOX`). */
  async list(limit = 50): Promise<OutboxItem[]> {
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': keys.outbox(realm) },
      ScanIndexForward: false, Limit: limit,
    }));
    return (r.Items ?? []) as OutboxItem[];
  },
  async markSent(sk: string, status: 'sent' | 'failed'): Promise<void> {
    await db.doc.send(new UpdateCommand({
      TableName: db.table, Key: { PK: keys.outbox(realm), SK: sk },
      UpdateExpression: 'SET #s = :s ADD attempts :one', ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status, ':one': 1 },
    }));
  },
});
