import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { Stripe } from '../../packages/payments/src/stripe';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * Stripe invoices on the member's billing page (stored from `invoice.paid` / `invoice.payment_failed`,
 * listed by the member's billing Query, no Stripe call on the read), and the member's billing data in
 * the GDPR export.
 */
const SECRET = 'whsec_test_invoices';
let env: TestEnv;
let fake: FakeStripe;
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '0' });
  env = await createTestEnv();
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const deliver = (account: string, type: string, object: Record<string, unknown>, created?: number) => deliverStripeEvent(env.url, SECRET, account, type, object, created);

describe('invoices and the GDPR export', () => {
  it('the billing page lists the subscription’s invoices (number, amount, status, hosted page, PDF) without calling Stripe; a paid invoice stays paid', async () => {
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
    await deliver(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
    const tenantId = (await json(await owner.fetch('/api/v1/tenant'))).id;

    const julie = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    const plan = (await julie.api.call(billing.getCatalogue)).plans[0]!;
    const p = await json(await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
    const meta = { tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'plan', itemId: plan.id };
    const parent = { subscription_details: { metadata: meta, subscription: 'sub_inv' } };
    await deliver(accountId, 'checkout.session.completed', { id: 'cs_inv', object: 'checkout.session', mode: 'subscription', payment_status: 'paid', subscription: 'sub_inv', customer: 'cus_inv', metadata: meta });
    const t = Math.floor(testNow().getTime() / 1000);
    const inv = (id: string, number: string, extra: Record<string, unknown>) => ({
      id, object: 'invoice', number, currency: 'eur', created: t, parent, hosted_invoice_url: `https://invoice.stripe.test/${id}`, invoice_pdf: `https://invoice.stripe.test/${id}.pdf`, ...extra,
    });
    await deliver(accountId, 'invoice.paid', inv('in_first', 'COLOC-0001', { billing_reason: 'subscription_create', amount_paid: 15000 }), t);
    await deliver(accountId, 'invoice.payment_failed', inv('in_second', 'COLOC-0002', { billing_reason: 'subscription_cycle', amount_due: 15000, created: t + 10 }), t + 10);
    let page = await julie.api.call(billing.myBilling);
    expect(page.invoices).toEqual([
      { id: 'in_second', number: 'COLOC-0002', amountCents: 15000, currency: 'EUR', status: 'payment_failed', hostedInvoiceUrl: 'https://invoice.stripe.test/in_second', pdfUrl: 'https://invoice.stripe.test/in_second.pdf', createdAt: new Date((t + 10) * 1000).toISOString() },
      expect.objectContaining({ id: 'in_first', status: 'paid', amountCents: 15000 }),
    ]);
    // Paid on the second try; a late copy of the failure does not undo it.
    await deliver(accountId, 'invoice.paid', inv('in_second', 'COLOC-0002', { billing_reason: 'subscription_cycle', amount_paid: 15000, created: t + 10 }), t + 20);
    await deliver(accountId, 'invoice.payment_failed', inv('in_second', 'COLOC-0002', { billing_reason: 'subscription_cycle', amount_due: 15000, created: t + 10 }), t + 30);
    page = await julie.api.call(billing.myBilling);
    expect(page.invoices.map((i) => [i.id, i.status])).toEqual([['in_second', 'paid'], ['in_first', 'paid']]);
    const before = fake.requests.length;
    await julie.api.call(billing.myBilling);
    expect(fake.requests.length).toBe(before);
    // Another member sees none of them.
    const thomas = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member2, DEMO.password);
    expect((await thomas.api.call(billing.myBilling)).invoices).toEqual([]);

    // The GDPR export carries the member's billing: profile and subscription, payments, receipts, credits, invoices.
    const op = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.operator, DEMO.password);
    const pass = (await julie.api.call(billing.getCatalogue)).passes[0]!;
    const pp = await json(await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
    const { receipt } = await json(await op.fetch(`/api/v1/billing/members/${pp.memberId}/payments/${pp.id}/record`, { method: 'POST', json: { method: 'cash' } }));
    const exported = await json(await julie.fetch('/api/v1/me/export'));
    const r = exported.records;
    expect(r.billingProfile).toEqual([expect.objectContaining({ memberId: p.memberId, subscription: expect.objectContaining({ planId: plan.id, stripeSubscriptionId: 'sub_inv' }) })]);
    expect(r.payments.map((x: { id: string }) => x.id).sort()).toEqual(expect.arrayContaining([p.id, pp.id]));
    // Her receipts: the plan paid online and its renewal (numbered like the desk's), and the pass paid at the desk.
    expect(r.receipts).toHaveLength(3);
    expect(r.receipts.every((x: { buyer: { id: string } }) => x.buyer.id === p.memberId)).toBe(true);
    expect(r.receipts).toEqual(expect.arrayContaining([expect.objectContaining({ number: receipt.number, method: 'cash' })]));
    expect(r.receipts.filter((x: { method: string }) => x.method === 'card_online')).toHaveLength(2);
    expect(r.credits).toEqual([expect.objectContaining({ name: pass.name })]);
    expect(r.invoices.map((i: { id: string }) => i.id).sort()).toEqual(['in_first', 'in_second']);
    // Nobody else's money in it.
    const thomasExport = await json(await thomas.fetch('/api/v1/me/export'));
    expect(thomasExport.records.payments).toEqual([]);
    expect(thomasExport.records.receipts).toEqual([]);
  });
});
