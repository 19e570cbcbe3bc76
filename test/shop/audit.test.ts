import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * The shop's money changes go to the audit log, written in the same transaction as the
 * change: a product's price or VAT rate, a consignor's commission, a refund. Other edits do not.
 */
let env: TestEnv;
let op: Browser; let colocOp: Browser;
let hugo: string;
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  env = await createTestEnv();
  [op, colocOp] = await Promise.all([
    new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password),
    new Browser(env.url, hosts.coloc).login(DEMO.coloc.operator, DEMO.password),
  ]);
  hugo = (await json(await op.fetch('/api/v1/auth/me'))).user.id;
});
afterAll(async () => { await env?.close(); });

const audit = async (action: string) => (await json(await op.fetch(`/api/v1/audit?action=${action}`))).items as any[];
const products = async () => (await json(await op.fetch('/api/v1/shop/manage/products'))).items as any[];
const editBody = (p: any, changes: Record<string, unknown>) => ({
  title: p.title, description: p.description, priceCents: p.priceCents, vatRateBp: p.vatRateBp, category: p.category,
  consignorId: p.consignorId, published: p.published, version: p.version, ...changes,
});

describe('the shop in the audit log', () => {
  it('a price change is logged with who and the before/after; a title-only edit is not; a stale edit logs nothing', async () => {
    const carnet = (await products()).find((p) => p.title === 'Carnet relié main A5');
    const res = await op.fetch(`/api/v1/shop/manage/products/${carnet.id}`, { method: 'PUT', json: editBody(carnet, { priceCents: 1650 }) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ priceCents: 1650, stock: carnet.stock, version: carnet.version + 1 });

    const entries = await audit('product.');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'product.price_changed', actorId: hugo, targetType: 'product', targetId: carnet.id,
      changes: { priceCents: { from: 1500, to: 1650 } },
    });
    expect(entries[0].changes.vatRateBp).toBeUndefined();

    // Renaming is not a price change; an edit at an old version is refused and leaves no entry.
    const renamed = await op.fetch(`/api/v1/shop/manage/products/${carnet.id}`, { method: 'PUT', json: editBody(carnet, { priceCents: 1650, title: 'Carnet A5', version: carnet.version + 1 }) });
    expect(renamed.status).toBe(200);
    const stale = await op.fetch(`/api/v1/shop/manage/products/${carnet.id}`, { method: 'PUT', json: editBody(carnet, { priceCents: 9900 }) });
    expect(stale.status).toBe(409);
    expect(await audit('product.')).toHaveLength(1);
    expect((await products()).find((p) => p.id === carnet.id)).toMatchObject({ title: 'Carnet A5', priceCents: 1650 });
  });

  it('a consignor’s commission change is logged; the same rate saved again is not', async () => {
    const consignors = (await json(await op.fetch('/api/v1/shop/consignors'))).items as any[];
    const sophie = consignors.find((c) => c.name === 'Sophie Dubois');
    const agreement = { startDate: sophie.startDate, ...(sophie.endDate ? { endDate: sophie.endDate } : {}), payout: sophie.payout };
    expect((await op.fetch(`/api/v1/shop/consignors/${sophie.memberId}`, { method: 'PUT', json: { ...agreement, commissionBp: 2000 } })).status).toBe(200);
    expect((await op.fetch(`/api/v1/shop/consignors/${sophie.memberId}`, { method: 'PUT', json: { ...agreement, commissionBp: 2000 } })).status).toBe(200);
    const entries = await audit('consignor.');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'consignor.commission_changed', actorId: hugo, targetId: sophie.memberId, changes: { commissionBp: { from: null, to: 2000 } } });
  });

  it('a refund is logged with its amount and the order; another space sees none of it', async () => {
    const savon = (await products()).find((p) => p.title === "Savon à l'argile verte");
    const sale = await json(await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: savon.id, quantity: 3 }], method: 'cash' } }));
    const refund = await op.fetch(`/api/v1/shop/orders/${sale.order.id}/refund`, { method: 'POST', json: { lines: [{ productId: savon.id, quantity: 1 }], restock: true, reason: 'Emballage abîmé' } });
    expect(refund.status).toBe(200);
    const entries = await audit('order.');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'order.refunded', actorId: hugo, targetType: 'order', targetId: sale.order.id,
      changes: { refundedCents: { from: 0, to: 650 } },
    });
    expect(entries[0].changes.status).toBeUndefined(); // partly refunded: still collected
    expect(entries[0].summary).toContain('Emballage abîmé');
    expect((await json(await colocOp.fetch('/api/v1/audit'))).items).toEqual([]);
  });
});
