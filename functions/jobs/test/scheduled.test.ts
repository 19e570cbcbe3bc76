import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, outboxRepo, PLATFORM_REALM, tenantRealm, tenantsRepo, type Db } from '@lieu/db';
import { createTestEnv, type TestEnv } from '../../../test/support/env';
import { createJobHandler } from '../scheduled';
import { createOutboxHandler } from '../outbox';
import { JOBS, STUCK_AFTER_MS } from '../src/jobs';
import type { Mailer } from '../src/mailer';
import { lambdaContext, scheduledEvent, streamEvent, streamRecord } from './records';

let env: TestEnv;
let db: Db;
let tenantIds: string[];

beforeAll(async () => {
  env = await createTestEnv();
  db = env.db;
  tenantIds = (await tenantsRepo(db).list(100)).items.map((t) => t.id);
});
afterAll(async () => { await env?.close(); });

const outbox = async (pk: string) =>
  (await db.doc.send(new QueryCommand({ TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': pk }, ConsistentRead: true }))).Items ?? [];

describe('scheduled job runner', () => {
  it('outbox-retry re-offers only stuck pending emails, in every realm, and a second run changes nothing', async () => {
    expect(tenantIds.length).toBeGreaterThan(1);
    const now = new Date('2026-11-25T12:00:00.000Z');
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const t0 = outboxRepo(db, tenantRealm(tenantIds[0]!));
    const t1 = outboxRepo(db, tenantRealm(tenantIds[1]!));
    const platform = outboxRepo(db, PLATFORM_REALM);
    await t0.enqueue({ to: 'stuck@example.test', subject: 's', text: 'x' }, minutesAgo(60)); // stuck → re-offered
    await t0.enqueue({ to: 'fresh@example.test', subject: 's', text: 'x' }, minutesAgo(5)); // too recent
    await t0.enqueue({ to: 'ancient@example.test', subject: 's', text: 'x' }, minutesAgo(3 * 24 * 60)); // outside the window
    await t1.enqueue({ to: 'done@example.test', subject: 's', text: 'x' }, minutesAgo(60));
    const [done] = await outbox(keys.outbox(tenantRealm(tenantIds[1]!)));
    await t1.markSent(done!.SK as string, 'sent'); // already sent → left alone
    await platform.enqueue({ to: 'admin-stuck@example.test', subject: 's', text: 'x' }, minutesAgo(30)); // platform realm too

    const handler = createJobHandler(() => db);
    const snapshot = async () => JSON.stringify([
      ...(await outbox(keys.outbox(tenantRealm(tenantIds[0]!)))), ...(await outbox(keys.outbox(tenantRealm(tenantIds[1]!)))),
      ...(await outbox(keys.outbox(PLATFORM_REALM))),
    ]);

    const first = await handler(scheduledEvent('outbox-retry', now), lambdaContext('jobs'));
    expect(first).toMatchObject({ job: 'outbox-retry', changed: 2 });
    const t0Items = await outbox(keys.outbox(tenantRealm(tenantIds[0]!)));
    const byTo = (to: string) => t0Items.find((i) => i.to === to)!;
    expect(byTo('stuck@example.test')).toMatchObject({ retryRequestedAt: now.toISOString(), sweeps: 1, status: 'pending' });
    expect(byTo('fresh@example.test').retryRequestedAt).toBeUndefined();
    expect(byTo('ancient@example.test').retryRequestedAt).toBeUndefined();
    expect((await outbox(keys.outbox(PLATFORM_REALM))).find((i) => i.to === 'admin-stuck@example.test')).toMatchObject({ sweeps: 1 });

    // Twice at the same instant (a retried invocation), and again a few minutes later: nothing changes.
    const before = await snapshot();
    const again = await handler(scheduledEvent('outbox-retry', now), lambdaContext('jobs'));
    expect(again).toMatchObject({ changed: 0 });
    expect(await handler(scheduledEvent('outbox-retry', new Date(now.getTime() + STUCK_AFTER_MS / 2)), lambdaContext('jobs'))).toMatchObject({ changed: 0 });
    expect(await snapshot()).toBe(before);
  });

  it('the re-offered email reaches the stream consumer as a MODIFY and is sent once', async () => {
    const now = new Date('2026-11-26T12:00:00.000Z');
    const realm = tenantRealm(tenantIds[0]!);
    await outboxRepo(db, realm).enqueue({ to: 'lost@example.test', subject: 'Lost', text: 'x' }, new Date(now.getTime() - 3_600_000));
    const before = (await outbox(keys.outbox(realm))).find((i) => i.to === 'lost@example.test')!;
    await createJobHandler(() => db)(scheduledEvent('outbox-retry', now), lambdaContext('jobs'));
    const after = (await db.doc.send(new GetCommand({ TableName: db.table, Key: { PK: before.PK, SK: before.SK } }))).Item!;
    const sent: string[] = [];
    const mailer: Mailer = { async send(e) { sent.push(e.to); return 'm1'; } };
    const consumer = createOutboxHandler(() => ({ db, mailer, clock: () => now }));
    const record = streamRecord('MODIFY', after, before);
    expect((await consumer(streamEvent([record, record]), lambdaContext('outbox'))).batchItemFailures).toEqual([]);
    expect(sent).toEqual(['lost@example.test']);
  });

  it('refuses an unknown job name (the invocation fails, EventBridge retries and alarms see it)', async () => {
    await expect(createJobHandler(() => db)(scheduledEvent('no-such-job', new Date()), lambdaContext('jobs'))).rejects.toThrow(/unknown job/);
    expect(Object.keys(JOBS)).toContain('outbox-retry');
  });
});

describe('local outbox delivery (pnpm job outbox-deliver)', () => {
  it('sends each pending email once through the mailer; a second run sends nothing', async () => {
    const { deliverPending } = await import('../src/jobs');
    const realm = tenantRealm(tenantIds[1]!);
    await outboxRepo(db, realm).enqueue({ to: 'local@example.test', subject: 'Local', text: 'x' }, new Date());
    const sent: string[] = [];
    const mailer: Mailer = { async send(e) { sent.push(e.to); return 'local'; } };
    const first = await deliverPending({ db, now: new Date(), mailer });
    expect(sent).toContain('local@example.test');
    expect(first.changed).toBe(sent.length);
    const count = sent.length;
    expect((await deliverPending({ db, now: new Date(), mailer })).changed).toBe(0);
    expect(sent.length).toBe(count);
    expect((await outbox(keys.outbox(realm))).find((i) => i.to === 'local@example.test')).toMatchObject({ status: 'sent' });
  });
});
