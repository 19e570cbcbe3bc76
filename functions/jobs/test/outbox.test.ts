import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, outboxRepo, tenantRealm, tenantsRepo, type Db, type Email } from '@lieu/db';
import { createTestEnv, type TestEnv } from '../../../test/support/env';
import { createOutboxHandler } from '../outbox';
import { MAX_ATTEMPTS } from '../src/outbox';
import { sesMailer, type Mailer } from '../src/mailer';
import { lambdaContext, streamEvent, streamRecord } from './records';

let env: TestEnv;
let db: Db;
let tenantId: string;

beforeAll(async () => {
  env = await createTestEnv();
  db = env.db;
  tenantId = (await tenantsRepo(db).list(1)).items[0]!.id;
});
afterAll(async () => { await env?.close(); });

/** A mailer that records what it sent and fails for the recipients it is told to (a number of times). */
function fakeMailer(failures: Record<string, number> = {}): Mailer & { sent: string[]; calls: string[] } {
  const sent: string[] = [];
  const calls: string[] = [];
  return {
    sent, calls,
    async send(email) {
      calls.push(email.to);
      if ((failures[email.to] ?? 0) > 0) { failures[email.to]!--; throw Object.assign(new Error('Throttling: Maximum sending rate exceeded'), { name: 'TooManyRequestsException' }); }
      sent.push(email.to);
      return `msg-${email.id}`;
    },
  };
}

async function enqueue(emails: Email[], at = new Date()) {
  const repo = outboxRepo(db, tenantRealm(tenantId));
  for (const [i, e] of emails.entries()) await repo.enqueue(e, new Date(at.getTime() + i));
  // Read back what was stored (with its generated id), in order of creation.
  const r = await db.doc.send(new QueryCommand({ TableName: db.table, KeyConditionExpression: 'PK = :p AND SK >= :s', ExpressionAttributeValues: { ':p': keys.outbox(tenantRealm(tenantId)), ':s': at.toISOString() } }));
  return (r.Items ?? []).filter((i) => emails.some((e) => e.to === i.to)).slice(0, emails.length);
}

const getItem = async (item: Record<string, unknown>) =>
  (await db.doc.send(new GetCommand({ TableName: db.table, Key: { PK: item.PK, SK: item.SK }, ConsistentRead: true }))).Item!;

describe('outbox stream consumer', () => {
  it('sends every email of a batch, reports only the failed one, and sends it on the retry without resending the others', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const items = await enqueue([
      { to: 'a@example.test', subject: 'A', text: 'first' },
      { to: 'b@example.test', subject: 'B', text: 'second' },
      { to: 'c@example.test', subject: 'C', text: 'third' },
    ], at);
    expect(items.map((i) => i.to)).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    const records = items.map((i) => streamRecord('INSERT', i));
    const mailer = fakeMailer({ 'b@example.test': 1 });
    const handler = createOutboxHandler(() => ({ db, mailer, clock: () => new Date() }));

    const first = await handler(streamEvent(records), lambdaContext('outbox'));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }]);
    expect(mailer.sent).toEqual(['a@example.test', 'c@example.test']); // c was not blocked by b
    expect((await getItem(items[0]!)).status).toBe('sent');
    const failed = await getItem(items[1]!);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.lastError).toContain('Throttling');

    // Lambda retries from the reported record: b and c come again. b is sent, c is not sent twice.
    const retry = await handler(streamEvent(records.slice(1)), lambdaContext('outbox'));
    expect(retry.batchItemFailures).toEqual([]);
    expect(mailer.sent).toEqual(['a@example.test', 'c@example.test', 'b@example.test']);
    expect(await getItem(items[1]!)).toMatchObject({ status: 'sent', attempts: 2, messageId: `msg-${items[1]!.id}` });
  });

  it("hands an email's attachments to the mailer, and SES sends them as attachments", async () => {
    const ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
    const file = { filename: 'reservation.ics', contentType: 'text/calendar; charset=utf-8', content: Buffer.from(ics).toString('base64') };
    const [item] = await enqueue([{ to: 'ics@example.test', subject: 'R', text: 'with a file', attachments: [file] }], new Date(Date.now() + 7_200_000));
    const got: Parameters<Mailer['send']>[0][] = [];
    const handler = createOutboxHandler(() => ({ db, mailer: { async send(e) { got.push(e); return 'm'; } }, clock: () => new Date() }));
    expect((await handler(streamEvent([streamRecord('INSERT', item!)]), lambdaContext('outbox'))).batchItemFailures).toEqual([]);
    expect(got[0]?.attachments).toEqual([file]);

    const commands: { input: any }[] = [];
    const ses = sesMailer({ from: 'noreply@lieu.test', client: { send: async (c: { input: any }) => { commands.push(c); return { MessageId: 'x' }; } } as never });
    await ses.send(got[0]!);
    const [sent] = commands[0]!.input.Content.Simple.Attachments;
    expect(sent).toMatchObject({ FileName: 'reservation.ics', ContentType: 'text/calendar; charset=utf-8', ContentDisposition: 'ATTACHMENT' });
    expect(Buffer.from(sent.RawContent).toString()).toBe(ics);
  });

  it('ignores its own bookkeeping updates and items that are not pending emails', async () => {
    const [item] = await enqueue([{ to: 'd@example.test', subject: 'D', text: 'x' }], new Date(Date.now() + 7_200_000));
    const mailer = fakeMailer();
    const handler = createOutboxHandler(() => ({ db, mailer, clock: () => new Date() }));
    const bookkeeping = streamRecord('MODIFY', { ...item!, attempts: 1, lastError: 'x' }, item!);
    const sentUpdate = streamRecord('MODIFY', { ...item!, status: 'sent' }, item!);
    const otherItem = streamRecord('INSERT', { PK: `T#${tenantId}#USER#u1`, SK: 'USER', type: 'User', status: 'pending' });
    const removed = streamRecord('REMOVE', null, item!);
    const r = await handler(streamEvent([bookkeeping, sentUpdate, otherItem, removed]), lambdaContext('outbox'));
    expect(r.batchItemFailures).toEqual([]);
    expect(mailer.calls).toEqual([]);
    expect((await getItem(item!)).status).toBe('pending');
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts: marked failed, no longer reported (the batch moves on)`, async () => {
    const [item] = await enqueue([{ to: 'e@example.test', subject: 'E', text: 'x' }], new Date(Date.now() + 10_800_000));
    const mailer = fakeMailer({ 'e@example.test': 99 });
    const handler = createOutboxHandler(() => ({ db, mailer, clock: () => new Date() }));
    const record = streamRecord('INSERT', item!);
    const reported: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) reported.push((await handler(streamEvent([record]), lambdaContext('outbox'))).batchItemFailures.length);
    expect(reported).toEqual([...Array(MAX_ATTEMPTS - 1).fill(1), 0]);
    expect(await getItem(item!)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect((await handler(streamEvent([record]), lambdaContext('outbox'))).batchItemFailures).toEqual([]);
    expect(mailer.calls.length).toBe(MAX_ATTEMPTS);
  });

  it('reports a record whose bookkeeping fails (table unreachable) instead of throwing the batch away', async () => {
    const [item] = await enqueue([{ to: 'f@example.test', subject: 'F', text: 'x' }], new Date(Date.now() + 14_400_000));
    const broken: Db = { ...db, table: 'no_such_table' };
    const handler = createOutboxHandler(() => ({ db: broken, mailer: fakeMailer(), clock: () => new Date() }));
    const record = streamRecord('INSERT', item!);
    const r = await handler(streamEvent([record]), lambdaContext('outbox'));
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb!.SequenceNumber }]);
  });
});
