import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { Browser, DEMO, hosts, race } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';

/** Billing without any Stripe configuration: catalogue, quotes, purchases paid at the desk, receipts, reports. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const json = async (res: Response) => (await res.json()) as any;
/** POST quote through the raw client (the typed client wants every optional part spelled out). */
async function quote(b: Browser, body: unknown) { return json(await b.fetch('/api/v1/billing/quote', { method: 'POST', json: body })); }
async function memberId(b: Browser) { return (await json(await b.fetch('/api/v1/auth/me'))).user.id as string; }

describe('catalogue and quotes', () => {
  it('anyone sees the prices; "what would a student pay for 2 h of laser cutter?"', async () => {
    const anon = new Browser(env.url, hosts.machinerie);
    const cat = await anon.api.call(billing.getCatalogue);
    expect(cat.dues[0]).toMatchObject({ name: 'Adhésion annuelle', priceCents: 2000 });
    const item = { kind: 'booking' as const, resourceKind: 'machine', minutes: 120, label: 'Découpeuse laser' };
    const student = await quote(anon, { category: 'student', items: [item] });
    expect(student).toMatchObject({ totalCents: 1800, category: 'student', lines: [{ amountCents: 1800, vatRateBp: 2000, netCents: 1500, vatCents: 300 }] });
    expect((await quote(anon, { items: [item] })).totalCents).toBe(3600);
    expect((await quote(anon, { category: 'social', items: [item] })).totalCents).toBe(0);
    // La Coloc's unlimited plan, as published.
    const coloc = await new Browser(env.url, hosts.coloc).api.call(billing.getCatalogue);
    expect(coloc.plans[0]).toMatchObject({ name: 'Coworking illimité', priceCents: 15000, interval: 'month' });
  });

  it('operators manage the catalogue and set categories; members cannot; other tenants’ members are not found', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const member = await as(hosts.machinerie, DEMO.machinerie.member2);
    const created = await op.fetch('/api/v1/billing/catalogue/passes', { method: 'POST', json: { name: 'Pass semaine', priceCents: 6000, amount: 5, unit: 'day', resourceKinds: ['desk_area'], validityDays: 14, active: true } });
    expect(created.status).toBe(201);
    const pass = await json(created);
    const upd = await op.fetch(`/api/v1/billing/catalogue/passes/${pass.id}`, { method: 'PUT', json: { ...pass, id: undefined, priceCents: 5500 } });
    expect((await json(upd)).priceCents).toBe(5500);
    expect((await member.fetch('/api/v1/billing/catalogue/passes', { method: 'POST', json: { name: 'x', priceCents: 1, amount: 1, unit: 'day', resourceKinds: ['desk'], validityDays: 1, active: true } })).status).toBe(403);
    const bad = await op.fetch('/api/v1/billing/catalogue/rates', { method: 'POST', json: { name: 'x', resourceKind: 'Bad Kind', prices: { standard: { hourCents: -1 } } } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('invalid_input');

    const yanis = await memberId(member);
    const set = await op.fetch(`/api/v1/billing/members/${yanis}/category`, { method: 'PUT', json: { category: 'job_seeker' } });
    expect(set.status).toBe(200);
    const q = await quote(member, { items: [{ kind: 'booking', resourceKind: 'machine', minutes: 60 }] });
    expect(q).toMatchObject({ category: 'job_seeker', totalCents: 900 });
    expect((await member.fetch(`/api/v1/billing/members/${yanis}/category`, { method: 'PUT', json: { category: 'social' } })).status).toBe(403);
    const colocOp = await as(hosts.coloc, DEMO.coloc.operator);
    expect((await colocOp.fetch(`/api/v1/billing/members/${yanis}/category`, { method: 'PUT', json: { category: 'social' } })).status).toBe(404);
    // A machinerie session on La Coloc's host: 403.
    expect((await new Browser(env.url, hosts.coloc).fetch('/api/v1/billing/me', { headers: { cookie: member.cookie! } })).status).toBe(403);
  });
});

describe('pay at the desk', () => {
  it('a plan bought "to pay on site", recorded in cash: receipt R-000001, plan active, a desk then costs 0 €', async () => {
    const julie = await as(hosts.coloc, DEMO.coloc.member);
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    const plan = (await julie.api.call(billing.getCatalogue)).plans[0]!;
    const bought = await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } });
    expect(bought.status).toBe(201);
    const payment = await json(bought);
    expect(payment).toMatchObject({ status: 'pending', channel: 'desk', totalCents: 15000, vatCents: 2500, revenueCategory: 'plans' });
    let page = await julie.api.call(billing.myBilling);
    expect(page.plan).toBeNull();
    expect(page.payments[0]).toMatchObject({ id: payment.id, status: 'pending' });

    const rec = await op.fetch(`/api/v1/billing/members/${payment.memberId}/payments/${payment.id}/record`, { method: 'POST', json: { method: 'cash' } });
    expect(rec.status).toBe(200);
    const { receipt, payment: paid } = await json(rec);
    expect(receipt).toMatchObject({ number: 'R-000001', sequence: 1, totalCents: 15000, vatCents: 2500, method: 'cash', seller: { name: "La Coloc'" } });
    expect(paid).toMatchObject({ status: 'paid', receiptNumber: 'R-000001' });
    // Recording it again is refused: one payment, one receipt.
    expect((await op.fetch(`/api/v1/billing/members/${payment.memberId}/payments/${payment.id}/record`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409);

    page = await julie.api.call(billing.myBilling);
    expect(page.plan).toMatchObject({ name: 'Coworking illimité', status: 'active', channel: 'desk' });
    expect(page.plan!.renewsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.quotas).toEqual([expect.objectContaining({ resourceKind: 'room', used: 0, limit: 240, unit: 'minute' })]);
    const q = await quote(julie, { items: [{ kind: 'booking', resourceKind: 'desk_area', minutes: 480 }, { kind: 'booking', resourceKind: 'room', minutes: 120 }] });
    expect(q.totalCents).toBe(0);
    expect(q.consumes.quotas[0]).toMatchObject({ resourceKind: 'room', amount: 120, limit: 240 });

    const html = await julie.fetch('/api/v1/billing/receipts/R-000001');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const text = await html.text();
    expect(text).toContain('Reçu n° R-000001');
    expect(text).toContain('6 boulevard de Belfort');
    expect(text).toMatch(/Total TTC : 150,00/);
    // Another member cannot read it.
    const thomas = await as(hosts.coloc, DEMO.coloc.member2);
    expect((await thomas.fetch('/api/v1/billing/receipts/R-000001')).status).toBe(404);
  });

  it('an Idempotency-Key makes a retried purchase return the same payment', async () => {
    const b = await as(hosts.coloc, DEMO.coloc.member2);
    const pass = (await b.api.call(billing.getCatalogue)).passes[0]!;
    const send = (id: string) => b.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id }, headers: { 'idempotency-key': 'retry-0001-abcdef' } });
    const [r1, r2] = await Promise.all([send(pass.id), send(pass.id)]);
    const ok = [r1, r2].filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const again = await json(await send(pass.id));
    expect(again.id).toBe((await json(ok[0]!)).id);
    const page = await b.api.call(billing.myBilling);
    expect(page.payments.filter((p) => p.item.refId === pass.id)).toHaveLength(1);
    expect((await send('0000000000000000000000000z')).status).toBe(422);
  });

  it('dues first: the Fab Lab plan needs the adhésion; paying it makes the member an adhérent', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const cat = await lea.api.call(billing.getCatalogue);
    const fab = cat.plans.find((p) => p.name === 'Fab Lab mensuel')!;
    const refused = await lea.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: fab.id } });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.details.rule).toBe('dues_required');
    const dues = await json(await lea.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'dues', id: cat.dues[0]!.id } }));
    expect((await op.fetch(`/api/v1/billing/members/${dues.memberId}/payments/${dues.id}/record`, { method: 'POST', json: { method: 'cheque', reference: 'Chèque 1234567' } })).status).toBe(200);
    const page = await lea.api.call(billing.myBilling);
    expect(page.profile.category).toBe('adherent');
    expect(page.profile.duesValidUntil).toMatch(/^\d{4}-/);
    expect((await lea.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: fab.id } })).status).toBe(201);
  });

  it('concurrent desk payments get receipt numbers with no gap and no duplicate', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const pass = (await yanis.api.call(billing.getCatalogue)).passes.find((p) => p.name === 'Pass journée')!;
    const pending = await race(8, async () => json(await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } })));
    const before = (await json(await op.fetch('/api/v1/billing/payments'))).items.filter((p: any) => p.receiptNumber).length;
    const recorded = await race(8, async (i) => op.fetch(`/api/v1/billing/members/${pending[i].memberId}/payments/${pending[i].id}/record`, { method: 'POST', json: { method: 'card_terminal' } }));
    expect(recorded.map((r) => r.status)).toEqual(Array(8).fill(200));
    const numbers = (await json(await op.fetch('/api/v1/billing/payments?limit=100'))).items.map((p: any) => p.receiptNumber).filter(Boolean).map((n: string) => Number(n.slice(2))).sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(Array.from({ length: before + 8 }, (_, i) => i + 1));
    const page = await yanis.api.call(billing.myBilling);
    expect(page.credits.filter((c) => c.name === 'Pass journée')).toHaveLength(8);
  });

  it('reports: revenue by month and category, unpaid items, CSV with French conventions', async () => {
    const op = await as(hosts.coloc, DEMO.coloc.owner);
    // Revenue is counted by month in the space's zone (Paris), not the machine's.
    const [year, monthNo] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(testNow()).split('-').map(Number);
    const r = await json(await op.fetch(`/api/v1/billing/reports/revenue?year=${year}`));
    const month = r.months[monthNo! - 1]!;
    expect(month.byCategory.plans).toBe(15000);
    expect(r.totalCents).toBe(15000);
    expect(r.activeSubscriptions).toBe(1);
    expect(r.unpaid.length).toBeGreaterThanOrEqual(1);
    const csv = await op.fetch('/api/v1/billing/reports/payments.csv?format=fr');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for spreadsheets
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('Date;Paiement;Reçu;Membre');
    expect(text, text).toMatch(/R-000001;Julie Moreau;Coworking illimité;Abonnements;Payé;Espèces;;125,00;25,00;150,00;0,00;EUR/);
    const intl = await (await op.fetch('/api/v1/billing/reports/payments.csv')).text();
    expect(intl).toMatch(/,125\.00,25\.00,150\.00,0\.00,EUR/);
    const member = await as(hosts.coloc, DEMO.coloc.member2);
    expect((await member.fetch('/api/v1/billing/reports/payments.csv')).status).toBe(403);
  });
});
