import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { runModules } from '../support/modules';

/**
 * The CoBoutique over HTTP: agreements, deposits and returns, the catalogue, an order of two
 * consignors paid at the desk and split to the cent, a refund that shows on the next statement,
 * till sales, payouts, the maker's view, isolation between tenants and consignors, bad input.
 */
let env: TestEnv;
let op: Browser; let owner: Browser; let leaB: Browser; let sophieB: Browser; let yanisB: Browser; let colocOp: Browser; let colocMember: Browser;
let lea: string; let sophie: string; let yanis: string;
const json = async (res: Response) => (await res.json()) as any;
const me = async (b: Browser) => (await json(await b.fetch('/api/v1/auth/me'))).user.id as string;
const month = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);
const thisMonth = month(testNow());
// The 10th of the next Paris month (counted from Paris's month, not UTC's, which differ on the 1st at night).
const nextMonthDate = new Date(Date.UTC(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5, 7)), 10, 10));
const nextMonth = month(nextMonthDate);

beforeAll(async () => {
  env = await createTestEnv();
  const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
  // La Coloc' runs coworking only; with its shop on, isolation is shown on routes that answer there.
  await runModules(env.url, hosts.coloc, DEMO.coloc.owner, ['coworking', 'shop', 'till']);
  [op, owner, leaB, sophieB, yanisB, colocOp, colocMember] = await Promise.all([
    as(hosts.machinerie, DEMO.machinerie.operator), as(hosts.machinerie, DEMO.machinerie.owner), as(hosts.machinerie, DEMO.machinerie.member),
    as(hosts.machinerie, 'sophie@machinerie.example'), as(hosts.machinerie, DEMO.machinerie.member2), as(hosts.coloc, DEMO.coloc.operator), as(hosts.coloc, DEMO.coloc.member),
  ]);
  [lea, sophie, yanis] = await Promise.all([me(leaB), me(sophieB), me(yanisB)]);
});
afterAll(async () => { await env?.close(); });

async function product(consignorId: string, title: string, priceCents: number, vatRateBp: number, stock: number) {
  const res = await op.fetch('/api/v1/shop/manage/products', { method: 'POST', json: { title, priceCents, vatRateBp, category: 'Essais', consignorId, published: true } });
  expect(res.status).toBe(201);
  const p = await json(res);
  expect((await op.fetch(`/api/v1/shop/consignors/${consignorId}/deposits`, { method: 'POST', json: { productId: p.id, quantity: stock } })).status).toBe(201);
  return p.id as string;
}
const stockOf = async (id: string) => (await json(await op.fetch('/api/v1/shop/manage/products'))).items.find((p: any) => p.id === id).stock as number;
const statement = async (b: Browser, who: string, m: string) => json(await b.fetch(`/api/v1/shop/consignors/${who}/statements/${m}`));

describe('consignors, products, deposits and returns', () => {
  it('a member becomes a consignor with their own rate; the shop default applies otherwise; staff only', async () => {
    const list = await json(await op.fetch('/api/v1/shop/consignors'));
    expect(list.items.map((c: any) => [c.name, c.effectiveCommissionBp])).toEqual(expect.arrayContaining([['Léa Martin', 2500], ['Sophie Dubois', 3000]]));
    const body = { memberId: yanis, commissionBp: 2000, startDate: '2026-01-01', endDate: '2026-12-31', payout: { method: 'transfer', iban: 'FR76 3000 6000 0112 3456 7890 189', accountName: 'Yanis Benali' } };
    expect((await yanisB.fetch('/api/v1/shop/consignors', { method: 'POST', json: body })).status).toBe(403);
    const created = await op.fetch('/api/v1/shop/consignors', { method: 'POST', json: body });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ memberId: yanis, name: 'Yanis Benali', commissionBp: 2000, effectiveCommissionBp: 2000 });
    expect((await op.fetch('/api/v1/shop/consignors', { method: 'POST', json: body })).status).toBe(409);
    const upd = await json(await op.fetch(`/api/v1/shop/consignors/${yanis}`, { method: 'PUT', json: { startDate: '2026-01-01', payout: { method: 'cash' } } }));
    expect(upd).toMatchObject({ effectiveCommissionBp: 3000, version: 2 });
    expect((await op.fetch(`/api/v1/shop/consignors/${yanis}`, { method: 'PUT', json: { startDate: '2026-05-01', endDate: '2026-01-01', payout: { method: 'cash' } } })).status).toBe(422);
  });

  it('deposits raise the stock, returns lower it but never below what is on the shelf; both are listed', async () => {
    const id = await product(yanis, 'Porte-clés imprimé 3D', 500, 2000, 4);
    expect(await stockOf(id)).toBe(4);
    const ret = await op.fetch(`/api/v1/shop/consignors/${yanis}/returns`, { method: 'POST', json: { productId: id, quantity: 3, note: 'Fin de saison' } });
    expect(await json(ret)).toMatchObject({ stock: 1, movement: { kind: 'return', quantity: 3 } });
    const tooMany = await op.fetch(`/api/v1/shop/consignors/${yanis}/returns`, { method: 'POST', json: { productId: id, quantity: 2 } });
    expect(tooMany.status).toBe(409);
    expect((await json(tooMany)).error.details.rule).toBe('not_enough_stock');
    // A product is deposited by its own consignor only.
    expect((await op.fetch(`/api/v1/shop/consignors/${lea}/deposits`, { method: 'POST', json: { productId: id, quantity: 1 } })).status).toBe(404);
    const moves = await json(await op.fetch(`/api/v1/shop/consignors/${yanis}/stock`));
    expect(moves.items.map((m: any) => [m.kind, m.quantity])).toEqual([['return', 3], ['deposit', 4]]);
    // Online, a product sells only while its agreement runs (Yanis's started on the 1st of next month).
    await op.fetch(`/api/v1/shop/consignors/${yanis}`, { method: 'PUT', json: { startDate: `${nextMonth}-01`, payout: { method: 'cash' } } });
    expect((await json(await op.fetch('/api/v1/shop/products?q=Porte-cl'))).items).toEqual([]);
    const early = await leaB.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: id, quantity: 1 }] } });
    expect(early.status).toBe(422);
    expect((await json(early)).error.details.rule).toBe('consignment_not_active');
    await op.fetch(`/api/v1/shop/consignors/${yanis}`, { method: 'PUT', json: { startDate: '2026-01-01', payout: { method: 'cash' } } });
    expect((await json(await op.fetch('/api/v1/shop/products?q=Porte-cl'))).items).toHaveLength(1);
  });

  it('the public catalogue: published products only, search and category filter; editing keeps the stock', async () => {
    const anon = new Browser(env.url, hosts.machinerie);
    const all = await json(await anon.fetch('/api/v1/shop/products'));
    expect(all.categories).toEqual(expect.arrayContaining(['Bijoux', 'Papeterie', 'Soins', 'Textile']));
    expect((await json(await anon.fetch('/api/v1/shop/products?category=Papeterie'))).items.map((p: any) => p.title).sort()).toEqual(['Carnet relié main A5', 'Zine « Amiens à vélo »']);
    expect((await json(await anon.fetch('/api/v1/shop/products?q=LAITON'))).items).toEqual([expect.objectContaining({ title: "Boucles d'oreilles en laiton", maker: 'Léa Martin', available: 6, priceCents: 2400 })]);
    const hidden = await json(await op.fetch('/api/v1/shop/manage/products', { method: 'POST', json: { title: 'Prototype', priceCents: 100, vatRateBp: 2000, category: 'Essais', consignorId: lea } }));
    expect(hidden.published).toBe(false);
    expect((await anon.fetch(`/api/v1/shop/products/${hidden.id}`)).status).toBe(404);
    expect((await yanisB.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: hidden.id, quantity: 1 }] } })).status).toBe(404);
    await op.fetch(`/api/v1/shop/consignors/${lea}/deposits`, { method: 'POST', json: { productId: hidden.id, quantity: 2 } });
    const edited = await json(await op.fetch(`/api/v1/shop/manage/products/${hidden.id}`, { method: 'PUT', json: { title: 'Prototype v2', priceCents: 150, vatRateBp: 2000, category: 'Essais', consignorId: lea, published: true, version: 1 } }));
    expect(edited).toMatchObject({ title: 'Prototype v2', stock: 2, published: true, version: 2 });
    expect((await op.fetch(`/api/v1/shop/manage/products/${hidden.id}`, { method: 'PUT', json: { title: 'x', priceCents: 1, vatRateBp: 2000, category: 'Essais', consignorId: lea, version: 1 } })).status).toBe(409);
    expect((await json(await anon.fetch(`/api/v1/shop/products/${hidden.id}`))).title).toBe('Prototype v2');
  });
});

describe('an order of two consignors, paid at the desk, refunded next month', () => {
  let brooch: string; let zine: string; let orderId: string;

  it('splits commission, its VAT and the net due per consignor to the cent', async () => {
    brooch = await product(lea, 'Broche émaillée', 199, 2000, 10); // Léa: 25 %
    zine = await product(sophie, 'Zine risographié', 835, 550, 5); // Sophie: the default 30 %, a book at 5.5 %
    const placed = await yanisB.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: brooch, quantity: 2 }, { productId: zine, quantity: 1 }, { productId: brooch, quantity: 1 }], pay: 'online' } });
    expect(placed.status).toBe(201);
    const { order, payOnline } = await json(placed);
    orderId = order.id;
    // No Stripe account here: "online" falls back to paying at the desk.
    expect(payOnline).toBe(false);
    // Priced by the engine: VAT per line at the product's rate; the same product twice is one line.
    expect(order).toMatchObject({ status: 'held', channel: 'desk', totalCents: 597 + 835 });
    expect(order.lines).toEqual([
      expect.objectContaining({ productId: brooch, quantity: 3, amountCents: 597, vatRateBp: 2000, netCents: 498, vatCents: 99, commissionBp: 2500 }),
      expect.objectContaining({ productId: zine, quantity: 1, amountCents: 835, vatRateBp: 550, netCents: 791, vatCents: 44, commissionBp: 3000 }),
    ]);
    expect([await stockOf(brooch), await stockOf(zine)]).toEqual([7, 4]);
    // Nothing counts before it is paid.
    expect((await statement(op, lea, thisMonth)).totals.units).toBe(0);

    // Members do not record payments; staff do, with a numbered receipt.
    expect((await yanisB.fetch(`/api/v1/shop/orders/${orderId}/pay`, { method: 'POST', json: { method: 'cash' } })).status).toBe(403);
    const paid = await json(await op.fetch(`/api/v1/shop/orders/${orderId}/pay`, { method: 'POST', json: { method: 'card_terminal', reference: 'TPE 0042' } }));
    expect(paid.order.status).toBe('paid');
    expect(paid.receipt).toMatchObject({ number: expect.stringMatching(/^R-\d{6}$/), totalCents: 1432, vatCents: 143, method: 'card_terminal' });
    expect((await op.fetch(`/api/v1/shop/orders/${orderId}/pay`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409);

    // Léa: 5.97 € × 25 % = 1.4925 → 1.49; VAT in it at 20 %: 0.25; due 4.48.
    expect((await statement(op, lea, thisMonth)).totals).toEqual({ units: 3, salesCents: 597, commissionCents: 149, commissionVatCents: 25, netDueCents: 448 });
    // Sophie: 8.35 € × 30 % = 2.505 → 2.51 (half away from zero); VAT 0.42; due 5.84.
    expect((await statement(op, sophie, thisMonth)).totals).toEqual({ units: 1, salesCents: 835, commissionCents: 251, commissionVatCents: 42, netDueCents: 584 });
  });

  it('moves on to ready and collected; the buyer sees it in their orders', async () => {
    expect((await op.fetch(`/api/v1/shop/orders/${orderId}/status`, { method: 'POST', json: { status: 'ready' } })).status).toBe(200);
    expect((await json(await op.fetch(`/api/v1/shop/orders/${orderId}/status`, { method: 'POST', json: { status: 'collected' } }))).status).toBe('collected');
    expect((await op.fetch(`/api/v1/shop/orders/${orderId}/status`, { method: 'POST', json: { status: 'ready' } })).status).toBe(409);
    expect((await yanisB.fetch(`/api/v1/shop/orders/${orderId}/cancel`, { method: 'POST' })).status).toBe(409);
    const mine = await json(await yanisB.fetch('/api/v1/shop/orders/mine'));
    expect(mine.items[0]).toMatchObject({ id: orderId, status: 'collected' });
    expect((await json(await leaB.fetch('/api/v1/shop/orders/mine'))).items).toEqual([]);
    expect((await leaB.fetch(`/api/v1/shop/orders/${orderId}`)).status).toBe(404);
  });

  it('a refund next month restocks (when chosen) and shows on the next statement; the closed one does not change', async () => {
    env.setNow(nextMonthDate);
    try {
      // Up to 40 days later: past the 30-day sessions of early in the month, so the staff and Léa sign in again.
      await Promise.all([op.login(DEMO.machinerie.operator, DEMO.password), leaB.login(DEMO.machinerie.member, DEMO.password)]);
      const tooMany = await op.fetch(`/api/v1/shop/orders/${orderId}/refund`, { method: 'POST', json: { lines: [{ productId: brooch, quantity: 4 }], restock: true } });
      expect(tooMany.status).toBe(422);
      const refunded = await json(await op.fetch(`/api/v1/shop/orders/${orderId}/refund`, { method: 'POST', json: { lines: [{ productId: brooch, quantity: 1 }], restock: true, reason: 'Fermoir cassé' } }));
      expect(refunded).toMatchObject({ status: 'collected', refundedCents: 199 });
      expect(await stockOf(brooch)).toBe(8);
      expect((await statement(op, lea, thisMonth)).totals.netDueCents).toBe(448);
      // 1.99 € × 25 % = 0.4975 → 0.50 (VAT 0.08), due −1.49.
      expect((await statement(op, lea, nextMonth)).totals).toEqual({ units: -1, salesCents: -199, commissionCents: -50, commissionVatCents: -8, netDueCents: -149 });
      // The rest, without restocking: the order is fully refunded; the zine stays off the shelf.
      const rest = await json(await op.fetch(`/api/v1/shop/orders/${orderId}/refund`, { method: 'POST', json: { restock: false } }));
      expect(rest).toMatchObject({ status: 'refunded', refundedCents: 1432 });
      expect([await stockOf(brooch), await stockOf(zine)]).toEqual([8, 4]);
      expect((await statement(op, sophie, nextMonth)).totals).toEqual({ units: -1, salesCents: -835, commissionCents: -251, commissionVatCents: -42, netDueCents: -584 });
      expect((await op.fetch(`/api/v1/shop/orders/${orderId}/refund`, { method: 'POST', json: { restock: false } })).status).toBe(409);

      // Payout of the closed month: once, with method, date and reference; CSV for the accountant.
      const mark = await op.fetch(`/api/v1/shop/consignors/${lea}/statements/${thisMonth}/paid`, { method: 'POST', json: { method: 'transfer', paidOn: `${nextMonth}-05`, reference: 'VIR-LEA-01' } });
      expect(await json(mark)).toMatchObject({ month: thisMonth, netDueCents: 448, reference: 'VIR-LEA-01' });
      expect((await op.fetch(`/api/v1/shop/consignors/${lea}/statements/${thisMonth}/paid`, { method: 'POST', json: { method: 'cash', paidOn: `${nextMonth}-05` } })).status).toBe(409);
      expect((await op.fetch(`/api/v1/shop/consignors/${lea}/statements/${nextMonth}/paid`, { method: 'POST', json: { method: 'cash', paidOn: `${nextMonth}-05` } })).status).toBe(422);
      const all = await json(await op.fetch(`/api/v1/shop/statements?month=${thisMonth}`));
      expect(all.items.find((s: any) => s.consignorId === lea)).toMatchObject({ totals: { netDueCents: 448 }, paid: { method: 'transfer' } });
      const csv = await op.fetch(`/api/v1/shop/consignors/${sophie}/statements/${nextMonth}/csv?format=fr`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = (await csv.text()).trim().split('\r\n');
      expect(rows[rows.length - 1]).toBe(`Sophie Dubois;${nextMonth};;total;;;-1;-8,35;-2,51;-0,42;-5,84`);

      // The maker's view: Léa's own products, stock left, units per week, sell-through, statements.
      const view = await json(await leaB.fetch('/api/v1/shop/maker'));
      expect(view.consignor).toMatchObject({ memberId: lea, effectiveCommissionBp: 2500 });
      expect(view.products.every((p: any) => p.id !== zine)).toBe(true);
      // 3 sold this month, all 3 refunded next month (1 restocked, 2 not: 7 + 1 = 8 on the shelf).
      const b = view.products.find((p: any) => p.id === brooch);
      expect(b).toMatchObject({ stockLeft: 8, sold: 0, sellThroughBp: 0 });
      expect(b.soldByWeek.map((w: any) => w.units).sort()).toEqual([-3, 3]);
      expect(view.statements).toEqual([
        expect.objectContaining({ month: thisMonth, totals: expect.objectContaining({ netDueCents: 448 }), paid: expect.objectContaining({ reference: 'VIR-LEA-01' }) }),
        expect.objectContaining({ month: nextMonth, totals: expect.objectContaining({ netDueCents: -149 - 298 }), paid: null }),
      ]);
    } finally {
      env.setNow(null);
    }
  });
});

describe('till sales', () => {
  it('an operator sells several lines at the till: paid, collected, receipt, stock taken; sold out is a 409', async () => {
    const [earrings, soap] = ['LAITON', 'argile'].map(async (q) => (await json(await op.fetch(`/api/v1/shop/products?q=${q}`))).items[0].id as string);
    const [e, s] = await Promise.all([earrings, soap]);
    const before = [await stockOf(e!), await stockOf(s!)];
    const res = await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: e, quantity: 1 }, { productId: s, quantity: 3 }], method: 'cash' } });
    expect(res.status).toBe(201);
    const { order, receipt } = await json(res);
    expect(order).toMatchObject({ source: 'till', status: 'collected', totalCents: 2400 + 3 * 650 });
    expect(receipt).toMatchObject({ method: 'cash', totalCents: 4350 });
    expect([await stockOf(e!), await stockOf(s!)]).toEqual([before[0]! - 1, before[1]! - 3]);
    const short = await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: s, quantity: 1 }, { productId: e, quantity: 999 }], method: 'cash' } });
    expect(short.status).toBe(409);
    expect((await json(short)).error.details).toMatchObject({ rule: 'sold_out', productId: e });
    // Léa's earrings: 6 deposited, 1 sold → 1 / 6 sell-through.
    expect((await json(await leaB.fetch('/api/v1/shop/maker'))).products.find((p: any) => p.id === e)).toMatchObject({ sold: 1, stockLeft: 5, sellThroughBp: 1667 });
  });
});

describe('isolation', () => {
  it("another tenant's operators and members see nothing of this shop; a consignor sees only their own figures", async () => {
    expect((await json(await colocOp.fetch('/api/v1/shop/consignors'))).items).toEqual([]);
    expect((await json(await colocOp.fetch('/api/v1/shop/manage/products'))).items).toEqual([]);
    expect((await json(await new Browser(env.url, hosts.coloc).fetch('/api/v1/shop/products'))).items).toEqual([]);
    expect((await colocOp.fetch(`/api/v1/shop/consignors/${lea}/statements/${thisMonth}`)).status).toBe(404);
    expect((await json(await colocOp.fetch(`/api/v1/shop/statements?month=${thisMonth}`))).items).toEqual([]);
    const orders = await json(await op.fetch('/api/v1/shop/orders'));
    expect(orders.items.length).toBeGreaterThan(0);
    expect((await colocOp.fetch(`/api/v1/shop/orders/${orders.items[0].id}`)).status).toBe(404);
    expect((await json(await colocOp.fetch('/api/v1/shop/orders'))).items).toEqual([]);
    const machinerieProduct = (await json(await op.fetch('/api/v1/shop/products'))).items[0].id;
    const foreign = await colocMember.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: machinerieProduct, quantity: 1 }] } });
    expect(foreign.status).toBe(404);
    expect((await json(foreign)).error.code).toBe('not_found');
    // A machinerie session on La Coloc's host is refused outright.
    expect((await new Browser(env.url, hosts.coloc).fetch('/api/v1/shop/maker', { headers: { cookie: leaB.cookie! } })).status).toBe(403);
    // Consignors: their own statements only; not a consignor → no maker view; staff-only routes are 403.
    expect((await leaB.fetch(`/api/v1/shop/consignors/${lea}/statements/${thisMonth}`)).status).toBe(200);
    expect((await leaB.fetch(`/api/v1/shop/consignors/${sophie}/statements/${thisMonth}`)).status).toBe(404);
    expect((await leaB.fetch(`/api/v1/shop/consignors/${sophie}/statements/${thisMonth}/csv`)).status).toBe(404);
    expect((await colocMember.fetch('/api/v1/shop/maker')).status).toBe(404);
    for (const path of ['/api/v1/shop/consignors', '/api/v1/shop/orders', `/api/v1/shop/statements?month=${thisMonth}`, '/api/v1/shop/manage/products']) {
      expect((await leaB.fetch(path)).status, path).toBe(403);
    }
    expect((await op.fetch('/api/v1/shop/settings', { method: 'PUT', json: { defaultCommissionBp: 2000, holdHours: 24 } })).status).toBe(403);
    expect(await json(await owner.fetch('/api/v1/shop/settings', { method: 'PUT', json: { defaultCommissionBp: 2000, holdHours: 24 } }))).toEqual({ defaultCommissionBp: 2000, holdHours: 24 });
  });
});

describe('bad input is a 4xx with the error shape', () => {
  it('negative prices, zero or huge quantities, unknown products, malformed ids and months', async () => {
    const anyProduct = (await json(await op.fetch('/api/v1/shop/products'))).items[0].id;
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/v1/shop/manage/products', { title: 'x', priceCents: -100, vatRateBp: 2000, category: 'A', consignorId: lea }, 400],
      ['POST', '/api/v1/shop/manage/products', { title: 'x', priceCents: 1.5, vatRateBp: 2000, category: 'A', consignorId: lea }, 400],
      ['POST', '/api/v1/shop/manage/products', { title: 'x', priceCents: 100, vatRateBp: 2000, category: 'A', consignorId: yanis.replace(/.$/, '0') }, 404],
      ['POST', '/api/v1/shop/orders', { lines: [{ productId: anyProduct, quantity: 0 }] }, 400],
      ['POST', '/api/v1/shop/orders', { lines: [{ productId: anyProduct, quantity: 1e9 }] }, 400],
      ['POST', '/api/v1/shop/orders', { lines: [{ productId: anyProduct, quantity: -1 }] }, 400],
      ['POST', '/api/v1/shop/orders', { lines: [] }, 400],
      ['POST', '/api/v1/shop/orders', { lines: Array.from({ length: 3 }, () => ({ productId: anyProduct, quantity: 400 })) }, 400],
      ['POST', '/api/v1/shop/orders', { lines: [{ productId: '0000000000aaaaaaaaaaaaaaaa', quantity: 1 }] }, 404],
      ['POST', '/api/v1/shop/orders', { lines: [{ productId: '../etc/passwd', quantity: 1 }] }, 400],
      ['POST', `/api/v1/shop/consignors/${lea}/deposits`, { productId: anyProduct, quantity: 0 }, 400],
      ['GET', '/api/v1/shop/statements?month=2026-13', undefined, 400],
      ['POST', '/api/v1/shop/consignors', { memberId: lea, startDate: '2026-01-01', payout: { method: 'transfer', iban: 'not an iban' } }, 400],
      ['POST', '/api/v1/shop/consignors', { memberId: lea, commissionBp: 12000, startDate: '2026-01-01', payout: { method: 'cash' } }, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const who = path.startsWith('/api/v1/shop/orders') ? yanisB : op;
      const res = await who.fetch(path, { method, ...(body === undefined ? {} : { json: body }) });
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(res.status, label).toBe(status);
      expect(await json(res), label).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });
});
