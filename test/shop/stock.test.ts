import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, race } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';

/** Stock is never oversold; held stock comes back on cancel and on expiry; round trips of an order. */
let env: TestEnv;
let op: Browser;
let buyers: Browser[];
let lea: string;
beforeAll(async () => {
  env = await createTestEnv();
  const as = (email: string) => new Browser(env.url, hosts.machinerie).login(email, DEMO.password);
  op = await as(DEMO.machinerie.operator);
  buyers = await Promise.all([DEMO.machinerie.owner, DEMO.machinerie.member, DEMO.machinerie.member2, 'sophie@machinerie.example'].map(as));
  lea = (await json(await buyers[1]!.fetch('/api/v1/auth/me'))).user.id;
});
afterAll(async () => { await env?.close(); });

const json = async (res: Response) => (await res.json()) as any;

/** A published product of Léa's with `stock` units deposited. */
async function product(title: string, stock: number, priceCents = 1000) {
  const created = await json(await op.fetch('/api/v1/shop/manage/products', { method: 'POST', json: { title, priceCents, vatRateBp: 2000, category: 'Test', consignorId: lea, published: true } }));
  if (stock > 0) {
    const dep = await op.fetch(`/api/v1/shop/consignors/${lea}/deposits`, { method: 'POST', json: { productId: created.id, quantity: stock } });
    expect(dep.status).toBe(201);
  }
  return created.id as string;
}
const stockOf = async (id: string) => (await json(await op.fetch(`/api/v1/shop/manage/products?consignorId=${lea}`))).items.find((p: any) => p.id === id).stock as number;
const order = (b: Browser, lines: { productId: string; quantity: number }[]) => b.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines } });

describe('stock', () => {
  it('5 in stock, 200 concurrent buyers of 1: exactly 5 orders, stock 0 and never below, the rest a clear 409 "sold out"', async () => {
    const id = await product('Vase en grès (série limitée)', 5);
    const results = await race(200, async (i) => {
      const res = await order(buyers[i % buyers.length]!, [{ productId: id, quantity: 1 }]);
      return { status: res.status, body: await json(res) };
    });
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(5);
    expect(lost.every((r) => r.status === 409 && r.body.error.code === 'conflict' && r.body.error.details.rule === 'sold_out' && r.body.error.details.productId === id)).toBe(true);
    expect(lost[0]!.body.error.message).toMatch(/^Sold out/);
    expect(await stockOf(id)).toBe(0);
    const catalogue = await json(await new Browser(env.url, hosts.machinerie).fetch('/api/v1/shop/products?q=vase'));
    expect(catalogue.items).toEqual([expect.objectContaining({ id, available: 0 })]);
  }, 120_000);

  it('a cart with one line short fails whole: nothing of it is taken', async () => {
    const a = await product('Bol A', 3);
    const b = await product('Bol B', 1);
    const res = await order(buyers[0]!, [{ productId: a, quantity: 2 }, { productId: b, quantity: 2 }]);
    expect(res.status).toBe(409);
    expect((await json(res)).error.details).toMatchObject({ rule: 'sold_out', productId: b });
    expect([await stockOf(a), await stockOf(b)]).toEqual([3, 1]);
  });

  it('cancelling a held order puts its stock back; an expired hold reads "expired" and frees its stock for the next buyer', async () => {
    const id = await product('Lampe', 2);
    const first = await json(await order(buyers[2]!, [{ productId: id, quantity: 2 }]));
    expect(first.order).toMatchObject({ status: 'held', channel: 'desk', totalCents: 2000 });
    expect(first.payOnline).toBe(false);
    expect(await stockOf(id)).toBe(0);
    // Another member cannot cancel it (not found for them); its buyer can.
    expect((await buyers[3]!.fetch(`/api/v1/shop/orders/${first.order.id}/cancel`, { method: 'POST' })).status).toBe(404);
    const cancelled = await buyers[2]!.fetch(`/api/v1/shop/orders/${first.order.id}/cancel`, { method: 'POST' });
    expect((await json(cancelled)).status).toBe('cancelled');
    expect(await stockOf(id)).toBe(2);
    expect((await buyers[2]!.fetch(`/api/v1/shop/orders/${first.order.id}/cancel`, { method: 'POST' })).status).toBe(409);

    const held = await json(await order(buyers[2]!, [{ productId: id, quantity: 2 }]));
    expect((await order(buyers[3]!, [{ productId: id, quantity: 1 }])).status).toBe(409);
    // 49 hours later (the hold is 48 h): the order reads expired, and the next buyer gets the stock.
    env.setNow(new Date(testNow().getTime() + 49 * 3600_000));
    try {
      expect((await json(await buyers[2]!.fetch(`/api/v1/shop/orders/${held.order.id}`))).status).toBe('expired');
      const later = await order(buyers[3]!, [{ productId: id, quantity: 1 }]);
      expect(later.status).toBe(201);
      expect(await stockOf(id)).toBe(1);
      // The expired order cannot be paid any more; its payment reads expired on the member's billing page.
      expect((await op.fetch(`/api/v1/shop/orders/${held.order.id}/pay`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409);
      const billing = await json(await buyers[2]!.fetch('/api/v1/billing/me'));
      expect(billing.payments.find((p: any) => p.id === held.paymentId).status).toBe('expired');
    } finally {
      env.setNow(null);
    }
  });

  it('round trips: a 3-line order is 2 reads issued together, then 1 transaction', async () => {
    const ids = [await product('R1', 5), await product('R2', 5), await product('R3', 5)];
    env.roundTrips.reset();
    const res = await order(buyers[0]!, ids.map((productId) => ({ productId, quantity: 1 })));
    expect(res.status).toBe(201);
    const by = env.roundTrips.byCommand;
    console.info(`3-line order: ${env.roundTrips.calls} round trips`, by);
    expect(by.TransactWriteItemsCommand).toBe(1); // order, buyer marker, hold marker, payment, 3 stock updates
    // One Query: the shop (products, agreements, settings); beside it one BatchGetItem: the buyer and
    // the space's Stripe settings (were a GetItem and a Query, one after the other).
    expect(by.QueryCommand).toBe(1);
    expect(by.BatchGetItemCommand).toBe(1);
    // + GetItems: the tenant by host (slug → tenant; cached in a warm Lambda).
    expect(by.GetItemCommand ?? 0).toBeLessThanOrEqual(2);
    expect(env.roundTrips.calls).toBeLessThanOrEqual(5);
  });
});
