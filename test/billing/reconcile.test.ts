import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { memberBillingRepo } from '@lieu/db';
import { Stripe } from '../../packages/payments/src/stripe';
import { reconcileSubscriptionsJob, stripeFromEnv, type WorkerDeps } from '../../functions/stripe-worker/worker';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * The daily `reconcile-subscriptions` job against the fake Stripe: lists the subscriptions of each
 * connected account and fixes status and period drift left by lost or late webhooks; idempotent.
 */
const SECRET = 'whsec_test_reconcile';
let env: TestEnv;
let fake: FakeStripe;
const json = async (res: Response) => (await res.json()) as any;
const logs: string[] = [];
const deps = (stripe = stripeFromEnv()): WorkerDeps => ({ db: env.db, stripe, log: (_l, msg) => { logs.push(msg); } });

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '0' });
  env = await createTestEnv();
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const deliver = (account: string, type: string, object: Record<string, unknown>, created?: number) => deliverStripeEvent(env.url, SECRET, account, type, object, created);

describe('reconcile-subscriptions', () => {
  it('without a Stripe key it says so and does nothing', async () => {
    expect(await reconcileSubscriptionsJob.run({ ...deps(null), now: testNow() })).toEqual({ examined: 0, changed: 0, skipped: 'no Stripe configured' });
    expect(logs).toContain('no Stripe configured');
  });

  it('fixes status and period drift from Stripe, restores a subscription whose webhooks were lost, ignores foreign metadata; a second run changes nothing', async () => {
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
    await deliver(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
    const tenantId = (await json(await owner.fetch('/api/v1/tenant'))).id;
    const julie = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    const thomas = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member2, DEMO.password);
    const plan = (await julie.api.call(billing.getCatalogue)).plans[0]!;
    const t = Math.floor(testNow().getTime() / 1000);
    const sub = (id: string, meta: Record<string, string>, status: string, end: number, extra: Record<string, unknown> = {}) => ({
      id, object: 'subscription', status, metadata: meta, start_date: t, cancel_at_period_end: false, items: { object: 'list', data: [{ id: `si_${id}`, current_period_end: end }] }, ...extra,
    });

    // Julie subscribed online; her local record says active until the first period's end.
    const p = await json(await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
    const meta = { tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'plan', itemId: plan.id };
    await deliver(accountId, 'checkout.session.completed', { id: 'cs_rec', object: 'checkout.session', mode: 'subscription', payment_status: 'paid', subscription: 'sub_julie', customer: 'cus_j', metadata: meta }, t);
    await deliver(accountId, 'customer.subscription.updated', sub('sub_julie', meta, 'active', t + 30 * 86400), t);
    expect((await julie.api.call(billing.myBilling)).profile.subscription).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });

    // Thomas paid too, but none of his webhooks arrived.
    const q = await json(await thomas.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
    const metaT = { tenantId, memberId: q.memberId, paymentId: q.id, itemKind: 'plan', itemId: plan.id };
    expect((await thomas.api.call(billing.myBilling)).profile.subscription).toBeUndefined();

    // What Stripe says now: Julie's renewal failed and she asked to stop at the period's end (two lost
    // webhooks); Thomas is active; and a subscription naming another space is on this account.
    const end = t + 60 * 86400;
    fake.subscriptions.set(accountId, [
      sub('sub_julie', meta, 'past_due', end, { cancel_at_period_end: true }),
      sub('sub_thomas', metaT, 'active', end),
      sub('sub_foreign', { ...metaT, tenantId: 'someone-else' }, 'canceled', end),
    ]);
    const now = testNow();
    const first = await reconcileSubscriptionsJob.run({ ...deps(), now });
    expect(first).toEqual({ examined: 3, changed: 2 });
    const list = fake.last('/v1/subscriptions')!;
    expect(list.headers['stripe-account']).toBe(accountId);
    const endDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(end * 1000));
    expect((await julie.api.call(billing.myBilling)).profile.subscription).toMatchObject({ status: 'past_due', cancelAtPeriodEnd: true, renewsOn: endDate });
    expect((await thomas.api.call(billing.myBilling)).profile.subscription).toMatchObject({ status: 'active', planId: plan.id, renewsOn: endDate });
    // Stripe's ids stay on the server: read them where they are stored.
    const stored = memberBillingRepo(env.db, tenantId);
    expect((await stored.load(p.memberId)).profile.subscription?.stripeSubscriptionId).toBe('sub_julie');
    expect((await stored.load(q.memberId)).profile.subscription?.stripeSubscriptionId).toBe('sub_thomas');

    expect(await reconcileSubscriptionsJob.run({ ...deps(), now: new Date(now.getTime() + 60_000) })).toEqual({ examined: 3, changed: 0 });
    // Only connected spaces are asked: La Machinerie has no Stripe account here.
    expect(fake.requests.filter((r) => r.path === '/v1/subscriptions').every((r) => r.headers['stripe-account'] === accountId)).toBe(true);
  });
});
