import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, outboxRepo, tenantRealm, tenantsRepo, type Db } from '@lieu/db';
import { createTestEnv, type TestEnv } from '../../../test/support/env';
import { JOBS } from '../src/jobs';
import { readDeadLetter, replayDeadLetters, type DeadLetterMessage } from '../src/deadLetters';
import { scheduledEvent } from './records';

/**
 * The dead-letter queue's replay: what each kind of letter is, and a replay against DynamoDB Local
 * with the jobs' own code, twice (one effect), by the function and by `pnpm job replay-dlq`.
 */
let env: TestEnv;
let db: Db;
let tenantId: string;
beforeAll(async () => {
  env = await createTestEnv();
  db = env.db;
  tenantId = (await tenantsRepo(db).list(100)).items[0]!.id;
});
afterAll(async () => { await env?.close(); });

/** Lambda's failure record of a stream batch (the onFailure destination's message body). */
const streamFailure = (functionName: string, at: Date) => JSON.stringify({
  requestContext: { requestId: 'c9b8', functionArn: `arn:aws:lambda:eu-west-3:123456789012:function:${functionName}`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0', timestamp: at.toISOString(),
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001', startSequenceNumber: '1000', endSequenceNumber: '1000', batchSize: 1,
    approximateArrivalOfFirstRecord: at.toISOString(), approximateArrivalOfLastRecord: at.toISOString(),
    streamArn: 'arn:aws:dynamodb:eu-west-3:123456789012:table/lieu-dev/stream/2026-11-25T00:00:00.000',
  },
});

const now = new Date('2026-11-25T12:00:00.000Z');
const run = (job: string, at: Date) => JOBS[job]!.run({ db, now: at });
const outbox = async () => (await db.doc.send(new QueryCommand({
  TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': keys.outbox(tenantRealm(tenantId)) }, ConsistentRead: true,
}))).Items ?? [];

describe('dead letters', () => {
  it('tells a job\'s undelivered event, a stream consumer\'s failed batch (outbox or Stripe worker) and garbage apart', () => {
    expect(readDeadLetter(JSON.stringify(scheduledEvent('expire-holds', now)))).toEqual({ kind: 'job', job: 'expire-holds', at: now });
    expect(readDeadLetter(streamFailure('lieu-dev-JobsOutboxFnA1B2', now))).toMatchObject({ kind: 'stream', consumer: 'outbox', condition: 'RetryAttemptsExhausted', batchSize: 1 });
    expect(readDeadLetter(streamFailure('lieu-dev-StripeWorkerFnC3D4', now))).toMatchObject({ kind: 'stream', consumer: 'stripe-worker' });
    expect(readDeadLetter('not json')).toMatchObject({ kind: 'unreadable' });
    expect(readDeadLetter(JSON.stringify({ detail: { job: 'x' }, time: 'yesterday' }))).toMatchObject({ kind: 'unreadable' });
  });

  it('replays an outbox batch that went to the DLQ by re-offering the email still pending, once however often the letters are replayed; garbage and unknown jobs stay', async () => {
    const repo = outboxRepo(db, tenantRealm(tenantId));
    await repo.enqueue({ to: 'poisoned-batch@example.test', subject: 's', text: 'x' }, new Date(now.getTime() - 60 * 60_000));
    const messages: DeadLetterMessage[] = [
      { id: 'm1', body: streamFailure('lieu-dev-JobsOutboxFnA1B2', new Date(now.getTime() - 50 * 60_000)) },
      { id: 'm2', body: streamFailure('lieu-dev-JobsOutboxFnA1B2', new Date(now.getTime() - 40 * 60_000)) },
      { id: 'm3', body: JSON.stringify(scheduledEvent('outbox-retry', now)) },
      { id: 'm4', body: JSON.stringify(scheduledEvent('no-such-job', now)) },
      { id: 'm5', body: '{"garbage": true}' },
    ];
    const ran: string[] = [];
    const first = await replayDeadLetters(messages, (job, at) => { ran.push(`${job}@${at.toISOString()}`); return run(job, at); }, { now, knownJobs: Object.keys(JOBS) });
    expect(first.map((o) => [o.id, o.result])).toEqual([['m1', 'replayed'], ['m2', 'replayed'], ['m3', 'replayed'], ['m4', 'kept'], ['m5', 'kept']]);
    expect(ran).toEqual([`outbox-retry@${now.toISOString()}`]); // one sweep for the three letters that ask for it
    const email = (await outbox()).find((i) => i.to === 'poisoned-batch@example.test')!;
    expect(email).toMatchObject({ status: 'pending', retryRequestedAt: now.toISOString(), sweeps: 1 });

    // The same messages again (a replay retried, or the deletes lost): nothing more changes.
    const again = await replayDeadLetters(messages, run, { now, knownJobs: Object.keys(JOBS) });
    expect(again.filter((o) => o.result === 'replayed').map((o) => o.changed)).toEqual([0, 0, 0]);
    expect((await outbox()).find((i) => i.to === 'poisoned-batch@example.test')).toMatchObject({ sweeps: 1 });
  });

  it('a letter whose replay fails stays in the queue', async () => {
    const out = await replayDeadLetters([{ id: 'm1', body: JSON.stringify(scheduledEvent('outbox-retry', now)) }], async () => { throw new Error('table unreachable'); }, { now, knownJobs: ['outbox-retry'] });
    expect(out).toMatchObject([{ id: 'm1', result: 'kept', why: 'table unreachable' }]);
  });

  it('`pnpm job replay-dlq --from <saved messages>` replays them with the same jobs and prints the messages to delete', { timeout: 90_000 }, async () => {
    const repo = outboxRepo(db, tenantRealm(tenantId));
    const later = new Date(now.getTime() + 24 * 3_600_000);
    await repo.enqueue({ to: 'replayed-by-hand@example.test', subject: 's', text: 'x' }, new Date(later.getTime() - 60 * 60_000));
    const dir = mkdtempSync(join(tmpdir(), 'lieu-dlq-'));
    const file = join(dir, 'messages.json');
    writeFileSync(file, JSON.stringify({ Messages: [
      { MessageId: 'a', ReceiptHandle: 'handle-a', Body: streamFailure('lieu-dev-JobsOutboxFnA1B2', later) },
      { MessageId: 'b', ReceiptHandle: 'handle-b', Body: 'garbage' },
    ] }));
    const root = resolve(import.meta.dirname, '../../..');
    const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['packages/local/src/job.ts', 'replay-dlq', '--from', file, '--at', later.toISOString()], {
      cwd: root, env: { ...process.env, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), TABLE_NAME: db.table },
    });
    expect(stdout).toContain('"result":"replayed"');
    expect(stdout).toContain("--receipt-handle 'handle-a'");
    expect(stdout).not.toContain("--receipt-handle 'handle-b'");
    expect(stdout).toMatch(/"message":"handle-b".*"result":"kept"/);
    expect((await outbox()).find((i) => i.to === 'replayed-by-hand@example.test')).toMatchObject({ retryRequestedAt: later.toISOString(), sweeps: 1 });
  });
});
