import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * The back office's member list and member page: filters joined with billing and
 * qualifications, a member's bookings and orders, the category change and catalogue edits audited.
 */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

const json = async (res: Response) => (await res.json()) as any;
const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
type Row = { id: string; email: string | null; name: string; category: string; plan: { id: string; name: string } | null };
/** Every row matching a query, following the cursor (a filtered page may be short or empty). */
async function allRows(b: Browser, query: string): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = await json(await b.fetch(`/api/v1/members?limit=2&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
async function trainingId(b: Browser, name: string) {
  return ((await json(await b.fetch('/api/v1/trainings'))).items as { id: string; name: string }[]).find((t) => t.name === name)!.id;
}

describe('member list filters', () => {
  it('filters by qualification, category, plan, status and text, page by page, each row with its category and plan', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const laser = await trainingId(op, 'Découpe laser — bases');
    expect((await allRows(op, `trainingId=${laser}`)).map((r) => r.email)).toEqual([DEMO.machinerie.member]);

    const everyone = await allRows(op, '');
    const yanis = everyone.find((r) => r.email === DEMO.machinerie.member2)!;
    expect(yanis).toMatchObject({ category: 'standard', plan: null });
    expect((await op.fetch(`/api/v1/billing/members/${yanis.id}/category`, { method: 'PUT', json: { category: 'student' } })).status).toBe(200);
    expect((await allRows(op, 'category=student')).map((r) => r.email)).toEqual([DEMO.machinerie.member2]);
    expect((await allRows(op, 'q=YAN')).map((r) => r.email)).toEqual([DEMO.machinerie.member2]);

    const plan = (await json(await op.fetch('/api/v1/billing/catalogue'))).plans.find((p: { name: string }) => p.name === 'Temps partiel 10 jours/mois');
    const bought = await op.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id, memberId: yanis.id } });
    expect(bought.status).toBe(201);
    const payment = await json(bought); // the plan starts once paid at the desk
    expect((await op.fetch(`/api/v1/billing/members/${yanis.id}/payments/${payment.id}/record`, { method: 'POST', json: { method: 'cash' } })).status).toBe(200);
    const subscribed = await allRows(op, `planId=${plan.id}`);
    expect(subscribed).toEqual([expect.objectContaining({ email: DEMO.machinerie.member2, plan: expect.objectContaining({ id: plan.id, name: plan.name }) })]);

    expect((await op.fetch(`/api/v1/members/${yanis.id}`, { method: 'PATCH', json: { status: 'suspended' } })).status).toBe(200);
    expect((await allRows(op, 'status=suspended')).map((r) => r.email)).toEqual([DEMO.machinerie.member2]);
    expect((await allRows(op, 'status=active')).map((r) => r.email)).not.toContain(DEMO.machinerie.member2);
  });

  it('refuses a bad filter with 400 and a member with 403', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    expect((await op.fetch('/api/v1/members?category=vip')).status).toBe(400);
    expect((await op.fetch('/api/v1/members?trainingId=../x')).status).toBe(400);
    const member = await as(hosts.machinerie, DEMO.machinerie.member);
    expect((await member.fetch('/api/v1/members?status=active')).status).toBe(403);
  });
});

describe("a member's records", () => {
  it("lists a member's bookings and orders for staff; another space's member is 404, a member is 403", async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const leaId = (await json(await lea.fetch('/api/v1/auth/me'))).user.id;
    const products = (await json(await lea.fetch('/api/v1/shop/products'))).items as { id: string }[];
    const order = await lea.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: products[0]!.id, quantity: 1 }] } });
    expect(order.status, await order.clone().text()).toBe(201);

    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const orders = await json(await op.fetch(`/api/v1/members/${leaId}/orders`));
    expect(orders.items).toHaveLength(1);
    expect(orders.items[0]).toMatchObject({ buyerId: leaId, status: 'held' });
    const bookings = await op.fetch(`/api/v1/members/${leaId}/bookings?when=upcoming`);
    expect(bookings.status).toBe(200);
    expect((await json(bookings)).items).toEqual(expect.any(Array));

    const coloc = await as(hosts.coloc, DEMO.coloc.operator);
    expect((await coloc.fetch(`/api/v1/members/${leaId}/orders`)).status).toBe(404);
    expect((await coloc.fetch(`/api/v1/members/${leaId}/bookings`)).status).toBe(404);
    expect((await lea.fetch(`/api/v1/members/${leaId}/orders`)).status).toBe(403);
  });
});

describe('audited price changes', () => {
  it('writes an audit entry with the changed prices when staff edit, add or remove a rate, and when a category changes', async () => {
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    const rate = (await json(await op.fetch('/api/v1/billing/catalogue'))).rates.find((r: { name: string }) => r.name === 'Salle de réunion');
    const { id, ...body } = rate;
    const next = { ...body, prices: { ...body.prices, student: { hourCents: 1000 } } };
    expect((await op.fetch(`/api/v1/billing/catalogue/rates/${id}`, { method: 'PUT', json: next })).status).toBe(200);
    const added = await json(await op.fetch('/api/v1/billing/catalogue/passes', {
      method: 'POST', json: { name: 'Demi-journée', priceCents: 1200, amount: 1, unit: 'day', resourceKinds: ['desk_area'], validityDays: 30, active: true },
    }));
    expect((await op.fetch(`/api/v1/billing/catalogue/passes/${added.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await op.fetch(`/api/v1/billing/catalogue/passes/${added.id}`, { method: 'DELETE' })).status).toBe(404);

    const julie = (await json(await op.fetch('/api/v1/members?q=julie'))).items[0];
    expect((await op.fetch(`/api/v1/billing/members/${julie.id}/category`, { method: 'PUT', json: { category: 'social' } })).status).toBe(200);

    const owner = await as(hosts.coloc, DEMO.coloc.owner);
    const log = (await json(await owner.fetch('/api/v1/audit'))).items as { action: string; targetId: string; changes: Record<string, { from: unknown; to: unknown }> }[];
    expect(log.map((e) => e.action)).toEqual(['member.category_changed', 'catalogue.pass_removed', 'catalogue.pass_created', 'catalogue.rate_updated']);
    expect(log[0]).toMatchObject({ targetId: julie.id, changes: { category: { from: 'standard', to: 'social' } } });
    expect(log[3]).toMatchObject({ targetId: id, changes: { prices: { from: rate.prices, to: next.prices } } });
    expect(Object.keys(log[3]!.changes)).toEqual(['prices']); // unchanged fields are not logged
  });
});

describe('price preview', () => {
  it('quotes 2 h of laser cutter for a student (18 €) and for a student on the Fab Lab plan (−25 %: 13.50 €); an unknown plan is 404', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const laser = ((await json(await op.fetch('/api/v1/resources'))).items as { id: string; name: string; kind: string }[]).find((r) => r.name === 'Découpeuse laser')!;
    const item = { kind: 'booking', resourceKind: laser.kind, resourceId: laser.id, minutes: 120 };
    const student = await json(await op.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [item], category: 'student' } }));
    expect(student).toMatchObject({ category: 'student', totalCents: 1800 });
    const plan = (await json(await op.fetch('/api/v1/billing/catalogue'))).plans.find((p: { name: string }) => p.name === 'Fab Lab mensuel');
    const onPlan = await json(await op.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [item], category: 'student', planId: plan.id } }));
    expect(onPlan.totalCents).toBe(1350);
    expect((await op.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [item], planId: '01aaaaaaaaaaaaaaaaaaaaaaaa' } })).status).toBe(404);
  });
});
