import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localDate } from '@lieu/core';
import { outboxRepo, shopKeys, tenantRealm, type OutboxItem } from '@lieu/db';
import { createTestEnv, testNow, type TestEnv } from '../../../test/support/env';
import { Browser, DEMO, hosts } from '../../../test/support/http';
import { createJobHandler } from '../scheduled';
import { previousMonth } from '../src/consignorStatements';
import { lambdaContext, scheduledEvent } from './records';

/**
 * The shop's scheduled jobs against DynamoDB Local, with EventBridge-shaped events: `expire-orders`
 * (lapsed holds release their stock, through the shop's own hold code) and `consignor-statements`
 * (last month's statement emailed to each consignor with sales, once).
 */
let env: TestEnv;
let op: Browser; let lea: Browser; let yanis: Browser;
let tenantId: string;
const json = async (res: Response) => (await res.json()) as any;
const me = async (b: Browser) => (await json(await b.fetch('/api/v1/auth/me'))).user.id as string;
const HOUR = 3_600_000;
const start = testNow(); // the seed's agreements start on the tests' today: orders are placed then
const handler = () => createJobHandler(() => env.db);

beforeAll(async () => {
  env = await createTestEnv();
  const as = (email: string) => new Browser(env.url, hosts.machinerie).login(email, DEMO.password);
  [op, lea, yanis] = await Promise.all([as(DEMO.machinerie.operator), as(DEMO.machinerie.member), as(DEMO.machinerie.member2)]);
  tenantId = (await json(await op.fetch('/api/v1/tenant'))).id;
});
afterAll(async () => { await env?.close(); });

const products = async () => (await json(await op.fetch('/api/v1/shop/manage/products'))).items as { id: string; title: string; stock: number; consignorId: string; priceCents: number }[];
const stored = async (orderId: string) => (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: shopKeys.order(tenantId, orderId), ConsistentRead: true }))).Item!;
const holds = async () => (await env.db.doc.send(new QueryCommand({ TableName: env.db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': shopKeys.holds(tenantId) }, ConsistentRead: true }))).Items ?? [];

describe('expire-orders', () => {
  it("releases lapsed holds (order expired, stock back, payment released), leaves running holds, and a second run changes nothing", async () => {
    env.setNow(start);
    const [p1, p2] = await products();
    const order = async (b: Browser, productId: string, quantity: number) => {
      const res = await b.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId, quantity }], pay: 'desk' } });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await json(res)).order as { id: string; holdUntil: string; paymentId: string };
    };
    const lapsing = await order(lea, p1!.id, 2);
    env.setNow(new Date(start.getTime() + 24 * HOUR));
    const running = await order(yanis, p2!.id, 1);
    const stockAfterOrders = await products();
    expect(stockAfterOrders.find((p) => p.id === p1!.id)!.stock).toBe(p1!.stock - 2);

    // Past the first hold (48 h, the shop's default) but not the second.
    const runAt = new Date(Date.parse(lapsing.holdUntil) + HOUR);
    expect(runAt.toISOString() < running.holdUntil).toBe(true);
    const first = await handler()(scheduledEvent('expire-orders', runAt), lambdaContext('jobs'));
    expect(first).toMatchObject({ job: 'expire-orders', examined: 1, changed: 1 });
    expect(await stored(lapsing.id)).toMatchObject({ status: 'expired', version: 2 });
    expect(await stored(running.id)).toMatchObject({ status: 'held', version: 1 });
    const stock = await products();
    expect(stock.find((p) => p.id === p1!.id)!.stock).toBe(p1!.stock);
    expect(stock.find((p) => p.id === p2!.id)!.stock).toBe(p2!.stock - 1);
    expect((await holds()).map((h) => h.orderId)).toEqual([running.id]);
    const leaId = await me(lea);
    const payment = (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: { PK: `T#${tenantId}#MBILL#${leaId}`, SK: `PAY#${lapsing.paymentId}` }, ConsistentRead: true }))).Item!;
    expect(payment.releasedAt).toBe(runAt.toISOString());

    // Twice at the same instant, and two at once: nothing changes.
    const snapshot = async () => JSON.stringify([await stored(lapsing.id), await stored(running.id), await products(), await holds()]);
    const before = await snapshot();
    expect(await handler()(scheduledEvent('expire-orders', runAt), lambdaContext('jobs'))).toMatchObject({ changed: 0 });
    const both = await Promise.all([1, 2].map(() => handler()(scheduledEvent('expire-orders', runAt), lambdaContext('jobs'))));
    expect(both.map((r) => (r as { changed: number }).changed)).toEqual([0, 0]);
    expect(await snapshot()).toBe(before);
    env.setNow(null);
  });
});

describe('consignor-statements', () => {
  it("emails last month's statement once to each consignor with sales, in their language, from the shop's own statement", async () => {
    env.setNow(start);
    expect((await lea.fetch('/api/v1/me', { method: 'PATCH', json: { locale: 'en' } })).status).toBe(200);
    const leaId = await me(lea);
    const all = await products();
    const leas = all.find((p) => p.consignorId === leaId)!;
    const sophies = all.find((p) => p.consignorId !== leaId)!;
    // Till sales today: Léa sells 2 of one product, Sophie 1 of hers.
    const sale = await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: leas.id, quantity: 2 }, { productId: sophies.id, quantity: 1 }], method: 'cash' } });
    expect(sale.status, await sale.clone().text()).toBe(201);
    const month = localDate(start, 'Europe/Paris').slice(0, 7);
    const statementOf = async (who: string) => json(await op.fetch(`/api/v1/shop/consignors/${who}/statements/${month}`));
    const leaStatement = await statementOf(leaId);
    const sophieStatement = await statementOf(sophies.consignorId);
    expect(leaStatement.totals.units).toBe(2);

    // The 1st of the next month at noon UTC, as scheduled.
    const [y, m] = month.split('-').map(Number) as [number, number];
    const runAt = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1, 12));
    expect(previousMonth(localDate(runAt, 'Europe/Paris'))).toBe(month);
    const outbox = async (): Promise<OutboxItem[]> => outboxRepo(env.db, tenantRealm(tenantId)).list(1000);
    const first = await handler()(scheduledEvent('consignor-statements', runAt), lambdaContext('jobs'));
    expect(first).toMatchObject({ job: 'consignor-statements', examined: 2, changed: 2 });

    const euros = (cents: number, locale: string) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
    const toLea = (await outbox()).filter((e) => e.to === DEMO.machinerie.member);
    expect(toLea).toHaveLength(1);
    expect(toLea[0]!.subject).toMatch(/^Your sales statement for .+ — La Machinerie$/);
    expect(toLea[0]!.text).toContain(`Items sold: 2`);
    expect(toLea[0]!.text).toContain(`Net due to you: ${euros(leaStatement.totals.netDueCents, 'en-GB')}`);
    expect(toLea[0]!.text).toContain(`${leas.title} × 2`);
    const toSophie = (await outbox()).filter((e) => e.to === 'sophie@machinerie.example');
    expect(toSophie).toHaveLength(1);
    expect(toSophie[0]!.subject).toMatch(/^Votre relevé de ventes .+ — La Machinerie$/);
    expect(toSophie[0]!.text).toContain(`Net qui vous est dû : ${euros(sophieStatement.totals.netDueCents, 'fr-FR')}`);
    expect((await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: shopKeys.statementSent(tenantId, leaId, month) }))).Item)
      .toMatchObject({ type: 'StatementSent', month, netDueCents: leaStatement.totals.netDueCents });

    // Consignors without sales that month get nothing; later runs (retried, by hand, two at once) send nothing more.
    const before = JSON.stringify(await outbox());
    expect(await handler()(scheduledEvent('consignor-statements', runAt), lambdaContext('jobs'))).toMatchObject({ changed: 0 });
    const both = await Promise.all([1, 2].map(() => handler()(scheduledEvent('consignor-statements', new Date(runAt.getTime() + 6 * HOUR)), lambdaContext('jobs'))));
    expect(both.map((r) => (r as { changed: number }).changed)).toEqual([0, 0]);
    expect(JSON.stringify(await outbox())).toBe(before);
    env.setNow(null);
  });
});
