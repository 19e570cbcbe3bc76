import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { Stripe } from '../../packages/payments/src/stripe';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * The platform's fee per space: a platform admin sets it (validated, audited in the space's log), the
 * owner reads it in the Stripe status, and Checkout takes exactly that figure as the application fee.
 */
const SECRET = 'whsec_test_fee';
let env: TestEnv;
let fake: FakeStripe;
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '150' });
  env = await createTestEnv();
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const deliver = (account: string, type: string, object: Record<string, unknown>) => deliverStripeEvent(env.url, SECRET, account, type, object) as Promise<any>;

describe('platform fee per space', () => {
  it('a platform admin sets it (0–20 %, audited); the owner reads it; Checkout’s application fee uses it', async () => {
    const admin = await new Browser(env.url, hosts.platform).login(DEMO.admin, DEMO.password);
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const tenantId = (await json(await owner.fetch('/api/v1/tenant'))).id;
    const url = `/api/v1/platform/tenants/${tenantId}/platform-fee`;
    // Before anything is set: the platform default.
    expect(await owner.api.call(billing.stripeStatus)).toMatchObject({ connected: false, feeBp: 150 });

    for (const feeBp of [-1, 2001, 2.5, '250']) expect((await admin.fetch(url, { method: 'PUT', json: { feeBp } })).status, String(feeBp)).toBe(400);
    expect((await admin.fetch('/api/v1/platform/tenants/01jzzzzzzzzzzzzzzzzzzzzzzz/platform-fee', { method: 'PUT', json: { feeBp: 100 } })).status).toBe(404);
    // A space's owner is not a platform admin, on either host.
    expect((await owner.fetch(url, { method: 'PUT', json: { feeBp: 0 } })).status).toBeGreaterThanOrEqual(400);
    const ownerOnPlatform = new Browser(env.url, hosts.platform);
    expect((await ownerOnPlatform.fetch(url, { method: 'PUT', json: { feeBp: 0 } })).status).toBe(401);

    const set = await admin.fetch(url, { method: 'PUT', json: { feeBp: 250 } });
    expect(set.status).toBe(200);
    expect(await json(set)).toMatchObject({ tenantId, feeBp: 250 });
    expect(await owner.api.call(billing.stripeStatus)).toMatchObject({ feeBp: 250 });
    const log = await json(await owner.fetch('/api/v1/audit?action=platform.'));
    expect(log.items).toEqual([expect.objectContaining({ action: 'platform.fee_changed', targetId: tenantId, changes: { feeBp: { from: null, to: 250 } } })]);

    // Connected afterwards: the admin's figure, not the default of newly connected spaces, is taken.
    const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
    await deliver(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
    expect(await owner.api.call(billing.stripeStatus)).toMatchObject({ connected: true, chargesEnabled: true, feeBp: 250 });
    const yanis = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const pass = (await yanis.api.call(billing.getCatalogue)).passes.find((p) => p.name === 'Carte 10 jours')!;
    const p = await json(await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
    expect((await yanis.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: p.id } })).status).toBe(200);
    expect(fake.last('/v1/checkout/sessions')!.form['payment_intent_data[application_fee_amount]']).toBe('300'); // 2.5 % of 120 €

    // Changed again later: the next Checkout takes the new figure.
    expect((await admin.fetch(url, { method: 'PUT', json: { feeBp: 0 } })).status).toBe(200);
    const p2 = await json(await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
    expect((await yanis.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: p2.id } })).status).toBe(200);
    expect(fake.last('/v1/checkout/sessions')!.form).not.toHaveProperty('payment_intent_data[application_fee_amount]');
    expect((await json(await owner.fetch('/api/v1/audit?action=platform.'))).items[0].changes).toEqual({ feeBp: { from: 250, to: 0 } });
  });
});
