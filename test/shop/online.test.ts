import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stripe } from '../../packages/payments/src/stripe';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from '../billing/fakeStripe';

/**
 * A shop order paid online: the order's pending payment goes through the billing area's Checkout route
 * (the real `stripe` SDK against the local fake), the signed webhook marks the payment paid, and the
 * order is settled as `paid` (its sales on the statements) when it is next read.
 */
const SECRET = 'whsec_test_shop';
let env: TestEnv;
let fake: FakeStripe;
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '0' });
  env = await createTestEnv();
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const deliver = (account: string, type: string, object: Record<string, unknown>) => deliverStripeEvent(env.url, SECRET, account, type, object) as Promise<any>;

describe('pay a shop order online', () => {
  it('Checkout on the space’s account, webhook, order paid and counted; an unpaid online order still holds its stock', async () => {
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
    fake.accounts.set(accountId, { charges_enabled: true, details_submitted: true });
    await deliver(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
    const tenantId = (await json(await owner.fetch('/api/v1/tenant'))).id;

    const yanis = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const tote = (await json(await yanis.fetch('/api/v1/shop/products?q=tote'))).items[0];
    const placed = await json(await yanis.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: tote.id, quantity: 2 }], pay: 'online' } }));
    expect(placed).toMatchObject({ payOnline: true, order: { status: 'held', channel: 'stripe', totalCents: 3600 } });
    expect((await json(await yanis.fetch('/api/v1/shop/products?q=tote'))).items[0].available).toBe(tote.available - 2);

    const checkout = await yanis.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: placed.paymentId } });
    expect(checkout.status).toBe(200);
    const session = fake.last('/v1/checkout/sessions')!;
    expect(session.headers['stripe-account']).toBe(accountId);
    expect(session.form).toMatchObject({ mode: 'payment', 'metadata[paymentId]': placed.paymentId, 'metadata[tenantId]': tenantId });

    // Until Stripe confirms, the order is held.
    expect((await json(await op.fetch(`/api/v1/shop/orders/${placed.order.id}`))).status).toBe('held');
    await deliver(accountId, 'checkout.session.completed', {
      id: `cs_${placed.paymentId}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', payment_intent: 'pi_shop_1', customer: 'cus_shop_1',
      metadata: { tenantId, memberId: placed.order.buyerId, paymentId: placed.paymentId, itemKind: 'order', itemId: placed.order.id },
    });
    const read = await json(await yanis.fetch(`/api/v1/shop/orders/${placed.order.id}`));
    expect(read).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await op.fetch(`/api/v1/shop/orders/${placed.order.id}/pay`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409);
    const month = read.paidAt.slice(0, 7);
    const sophie = placed.order.lines[0].consignorId;
    // Sophie, the default 30 %: 36.00 € → 10.80 € commission (1.80 € VAT), 25.20 € due.
    expect((await json(await op.fetch(`/api/v1/shop/consignors/${sophie}/statements/${month}`))).totals).toEqual({ units: 2, salesCents: 3600, commissionCents: 1080, commissionVatCents: 180, netDueCents: 2520 });
  });
});
