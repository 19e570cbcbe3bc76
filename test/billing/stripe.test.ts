import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { Stripe } from '../../packages/payments/src/stripe';
import { Browser, DEMO, hosts, localFetch } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { FakeStripe } from './fakeStripe';

/**
 * StripeGateway and webhooks: the real `stripe` SDK against a local server that checks each request,
 * and webhook payloads signed with the SDK's own test-header helper.
 */
const SECRET = 'whsec_test_lieu';
let env: TestEnv;
let fake: FakeStripe;
const signer = new Stripe('sk_test_signer');

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '150' });
  env = await createTestEnv();
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const json = async (res: Response) => (await res.json()) as any;
let seq = 0;
const event = (account: string, type: string, object: Record<string, unknown>, created = Math.floor(testNow().getTime() / 1000)) => ({
  id: `evt_test_${++seq}_${Math.random().toString(36).slice(2)}`, object: 'event', api_version: '2025-01-01', created, livemode: false,
  type, account, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object },
});
async function deliver(evt: unknown, opts: { secret?: string; signature?: string | null } = {}) {
  const payload = JSON.stringify(evt);
  const header = opts.signature === undefined ? signer.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET }) : opts.signature;
  return localFetch(`http://${hosts.platform}:${new URL(env.url).port}/api/v1/webhooks/stripe`, {
    method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
  });
}
const shuffle = <T>(a: T[], seed: number) => {
  const out = [...a];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) { s = (s * 1103515245 + 12345) % 2 ** 31; const j = s % (i + 1); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out;
};

/** Connects a space through the API and lets the account.updated webhook enable charges. */
async function connect(host: string, owner: string): Promise<{ account: string; tenantId: string }> {
  const b = await as(host, owner);
  const res = await b.fetch('/api/v1/stripe/connect', { method: 'POST' });
  expect(res.status).toBe(200);
  const { accountId, url } = await json(res);
  expect(url).toBe(`https://connect.stripe.test/setup/${accountId}`);
  fake.accounts.set(accountId, { charges_enabled: true, details_submitted: true });
  expect((await deliver(event(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true }))).status).toBe(200);
  const tenantId = (await json(await b.fetch('/api/v1/tenant'))).id;
  expect(tenantId).toMatch(/^[0-9a-z]{26}$/);
  return { account: accountId, tenantId };
}

let mach: { account: string; tenantId: string };
let coloc: { account: string; tenantId: string };

describe('Connect onboarding', () => {
  it('an owner connects the space: account created with the platform key, an account link, status shown; payments wait for charges', async () => {
    const owner = await as(hosts.machinerie, DEMO.machinerie.owner);
    expect(await owner.api.call(billing.stripeStatus)).toMatchObject({ configured: true, connected: false });
    const first = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
    const created = fake.last('/v1/accounts')!;
    expect(created.headers['stripe-account']).toBeUndefined(); // the platform creates the account
    expect(created.form).toMatchObject({ type: 'standard', country: 'FR', 'business_profile[name]': 'La Machinerie' });
    expect(fake.last('/v1/account_links')!.form).toMatchObject({ account: first.accountId, type: 'account_onboarding' });
    expect(await owner.api.call(billing.stripeStatus)).toMatchObject({ connected: true, accountId: first.accountId, chargesEnabled: false, feeBp: 150 });
    // Re-link while incomplete: same account, a fresh link.
    const again = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
    expect(again.accountId).toBe(first.accountId);
    // A member cannot pay online yet.
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const pass = (await lea.api.call(billing.getCatalogue)).passes[0]!;
    const p = await json(await lea.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
    const refused = await lea.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: p.id } });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.details.rule).toBe('stripe_not_ready');
    // Members and operators do not manage the connection.
    expect((await lea.fetch('/api/v1/stripe/connect', { method: 'POST' })).status).toBe(403);

    mach = await connect(hosts.machinerie, DEMO.machinerie.owner);
    expect(mach.account).toBe(first.accountId);
    expect(await owner.api.call(billing.stripeStatus)).toMatchObject({ chargesEnabled: true, detailsSubmitted: true });
    coloc = await connect(hosts.coloc, DEMO.coloc.owner);
  });
});

describe('Checkout Sessions on the connected account', () => {
  it('a pass: payment mode, amounts in cents, currency, application fee, metadata with tenant and item ids', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const pass = (await yanis.api.call(billing.getCatalogue)).passes.find((p) => p.name === 'Carte 10 jours')!;
    const p = await json(await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
    const res = await yanis.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: p.id }, headers: { 'idempotency-key': 'click-000000001' } });
    expect(res.status).toBe(200);
    const { url, sessionId } = await json(res);
    expect(url).toBe(`https://checkout.stripe.test/${sessionId}`);
    const req = fake.last('/v1/checkout/sessions')!;
    expect(req.headers['stripe-account']).toBe(mach.account);
    expect(req.headers['idempotency-key']).toBe(`${p.id}:click-000000001`);
    expect(req.form).toMatchObject({
      mode: 'payment', client_reference_id: p.id,
      'line_items[0][price_data][currency]': 'eur', 'line_items[0][price_data][unit_amount]': '12000', 'line_items[0][quantity]': '1',
      'line_items[0][price_data][product_data][name]': 'Carte 10 jours',
      'payment_intent_data[application_fee_amount]': '180', // 1.5 % of 120 €
      'metadata[tenantId]': mach.tenantId, 'metadata[paymentId]': p.id, 'metadata[memberId]': p.memberId, 'metadata[itemKind]': 'pass', 'metadata[itemId]': pass.id,
      'payment_intent_data[metadata][paymentId]': p.id, customer_creation: 'always',
    });
  });

  it('a plan: subscription mode with a monthly price and the fee as a percentage', async () => {
    const julie = await as(hosts.coloc, DEMO.coloc.member);
    const plan = (await julie.api.call(billing.getCatalogue)).plans[0]!;
    const p = await json(await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
    expect((await julie.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: p.id } })).status).toBe(200);
    const req = fake.last('/v1/checkout/sessions')!;
    expect(req.headers['stripe-account']).toBe(coloc.account);
    expect(req.form).toMatchObject({
      mode: 'subscription', 'line_items[0][price_data][unit_amount]': '15000', 'line_items[0][price_data][recurring][interval]': 'month',
      'subscription_data[application_fee_percent]': '1.5', 'subscription_data[metadata][tenantId]': coloc.tenantId, 'subscription_data[metadata][paymentId]': p.id,
    });
    // Someone else's payment id is not found for me.
    const thomas = await as(hosts.coloc, DEMO.coloc.member2);
    expect((await thomas.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: p.id } })).status).toBe(404);
  });
});

describe('webhooks', () => {
  async function pendingPass(b: Browser, name = 'Pass journée') {
    const pass = (await b.api.call(billing.getCatalogue)).passes.find((p) => p.name === name)!;
    return json(await b.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
  }
  const session = (tenantId: string, p: { id: string; memberId: string }, extra: Record<string, unknown> = {}) => ({
    id: `cs_test_${p.id}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', payment_intent: `pi_${p.id}`, customer: 'cus_test_1',
    metadata: { tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'pass', itemId: 'x' }, ...extra,
  });

  it('the same checkout.session.completed 10 times (5 at once, then 5 in a row): one payment, one credit', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const p = await pendingPass(yanis);
    const before = (await yanis.api.call(billing.myBilling)).credits.length;
    const evt = event(mach.account, 'checkout.session.completed', session(mach.tenantId, p));
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => deliver(evt)));
    const outcomes = await Promise.all(concurrent.map(json));
    for (let i = 0; i < 5; i++) outcomes.push(await json(await deliver(evt)));
    expect(concurrent.every((r) => r.status === 200)).toBe(true);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    const page = await yanis.api.call(billing.myBilling);
    expect(page.credits.length).toBe(before + 1);
    expect(page.payments.find((x) => x.id === p.id)).toMatchObject({ status: 'paid', channel: 'stripe', method: 'card_online' });
    // The customer Stripe created is kept: the member can open the Customer Portal on the space's account.
    const portal = await yanis.fetch('/api/v1/stripe/portal', { method: 'POST' });
    expect((await json(portal)).url).toBe('https://billing.stripe.test/cus_test_1');
    expect(fake.last('/v1/billing_portal/sessions')!.headers['stripe-account']).toBe(mach.account);
  });

  it('a subscription’s events shuffled: same final state whatever the order, each applied once', async () => {
    const julie = await as(hosts.coloc, DEMO.coloc.member);
    const plan = (await julie.api.call(billing.getCatalogue)).plans[0]!;
    for (const seed of [1, 7, 42, 1234]) {
      const p = await json(await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
      const subId = `sub_test_${seed}`;
      const meta = { tenantId: coloc.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'plan', itemId: plan.id };
      const t = Math.floor(testNow().getTime() / 1000);
      const sub = (status: string, extra: Record<string, unknown> = {}) => ({
        id: subId, object: 'subscription', status, metadata: meta, start_date: t, cancel_at_period_end: false,
        items: { object: 'list', data: [{ id: 'si_1', current_period_end: t + 30 * 86400 }] }, ...extra,
      });
      const events = [
        event(coloc.account, 'checkout.session.completed', { ...session(coloc.tenantId, p), mode: 'subscription', subscription: subId, metadata: meta }, t),
        event(coloc.account, 'customer.subscription.created', sub('incomplete'), t),
        event(coloc.account, 'customer.subscription.updated', sub('active'), t + 1),
        event(coloc.account, 'invoice.paid', { id: `in_${seed}`, object: 'invoice', billing_reason: 'subscription_create', amount_paid: 15000, currency: 'eur', parent: { subscription_details: { metadata: meta, subscription: subId } } }, t + 1),
        event(coloc.account, 'customer.subscription.updated', sub('active', { cancel_at_period_end: true }), t + 2),
        event(coloc.account, 'customer.subscription.deleted', sub('canceled', { ended_at: t + 3 }), t + 3),
      ];
      const order = shuffle([...events, ...events], seed);
      for (const e of order) expect((await deliver(e)).status).toBe(200);
      const page = await julie.api.call(billing.myBilling);
      expect(page.payments.find((x) => x.id === p.id)!.status).toBe('paid');
      expect(page.profile.subscription).toMatchObject({ planId: plan.id, status: 'canceled', channel: 'stripe' });
      // The first invoice is the checkout payment itself: no second revenue line.
      expect(page.payments.filter((x) => x.createdBy === 'stripe')).toHaveLength(0);
    }
  }, 120_000); // 48 signed deliveries in a row: slow on a loaded 2-core machine

  it('a renewal invoice is new revenue; a failed one makes the subscription past due', async () => {
    const thomas = await as(hosts.coloc, DEMO.coloc.member2);
    const plan = (await thomas.api.call(billing.getCatalogue)).plans[0]!;
    const p = await json(await thomas.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
    const meta = { tenantId: coloc.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'plan', itemId: plan.id };
    await deliver(event(coloc.account, 'checkout.session.completed', { ...session(coloc.tenantId, p), mode: 'subscription', subscription: 'sub_renew', metadata: meta }));
    expect((await thomas.api.call(billing.myBilling)).plan).toMatchObject({ status: 'active', channel: 'stripe' });
    const parent = { subscription_details: { metadata: meta, subscription: 'sub_renew' } };
    await deliver(event(coloc.account, 'invoice.payment_failed', { id: 'in_f', object: 'invoice', billing_reason: 'subscription_cycle', parent }));
    expect((await thomas.api.call(billing.myBilling)).profile.subscription!.status).toBe('past_due');
    await deliver(event(coloc.account, 'invoice.paid', { id: 'in_r', object: 'invoice', billing_reason: 'subscription_cycle', amount_paid: 15000, currency: 'eur', customer_name: 'Thomas Petit', parent }));
    const page = await thomas.api.call(billing.myBilling);
    expect(page.profile.subscription!.status).toBe('active');
    expect(page.payments.filter((x) => x.createdBy === 'stripe')).toEqual([expect.objectContaining({ status: 'paid', totalCents: 15000, vatCents: 2500, revenueCategory: 'plans' })]);
    // A renewal is an online payment like the first: it has its receipt number too.
    expect(page.payments.find((x) => x.createdBy === 'stripe')!.receiptNumber).toMatch(/^R-\d{6}$/);
  });

  it('expired then a late completed: released first, then recorded as paid (money taken), never twice', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const p = await pendingPass(yanis);
    await deliver(event(mach.account, 'checkout.session.expired', { ...session(mach.tenantId, p), payment_status: 'unpaid', status: 'expired' }));
    expect((await yanis.api.call(billing.myBilling)).payments.find((x) => x.id === p.id)!.status).toBe('expired');
    await deliver(event(mach.account, 'checkout.session.completed', session(mach.tenantId, p)));
    expect((await yanis.api.call(billing.myBilling)).payments.find((x) => x.id === p.id)!.status).toBe('paid');
    // An expiry arriving after payment changes nothing.
    await deliver(event(mach.account, 'checkout.session.expired', { ...session(mach.tenantId, p), payment_status: 'unpaid' }));
    expect((await yanis.api.call(billing.myBilling)).payments.find((x) => x.id === p.id)!.status).toBe('paid');
  });

  it('a held booking paid online is confirmed by the webhook; a late payment after the hold expired does not resurrect it', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const room = ((await json(await lea.fetch('/api/v1/resources'))).items as { id: string; name: string }[]).find((r) => r.name === 'Salle Somme')!;
    const d = new Date(testNow().getTime() + 3 * 86400_000);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const hold = async (from: string, to: string) => {
      const r = await lea.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${day}T${from}:00+01:00`, end: `${day}T${to}:00+01:00`, hold: true } });
      expect(r.status).toBe(201);
      return json(r);
    };
    const b = await hold('10:00', '11:00');
    expect(b).toMatchObject({ status: 'held', quote: { totalCents: 2500 } });
    // The member's booking confirmation leaves when the payment confirms the booking, not at the hold.
    const confirmations = async () => ((await json(await lea.fetch('/api/v1/dev/mailbox'))).emails as { to: string; subject: string; text: string }[])
      .filter((m) => m.to === DEMO.machinerie.member && m.subject.startsWith('Réservation confirmée'));
    const before = (await confirmations()).length;
    // The booking's payment has the booking's id; it is paid through a Checkout Session.
    const co = await lea.fetch('/api/v1/stripe/checkout', { method: 'POST', json: { paymentId: b.id } });
    expect(co.status).toBe(200);
    expect(fake.last('/v1/checkout/sessions')!.form).toMatchObject({ 'metadata[itemKind]': 'booking', 'metadata[itemId]': b.id, 'line_items[0][price_data][unit_amount]': '2500' });
    await deliver(event(mach.account, 'checkout.session.completed', { ...session(mach.tenantId, { id: b.id, memberId: b.memberId }), metadata: { tenantId: mach.tenantId, memberId: b.memberId, paymentId: b.id, itemKind: 'booking', itemId: b.id } }));
    expect((await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).status).toBe('confirmed');
    expect((await confirmations()).length).toBe(before + 1);

    const late = await hold('14:00', '15:00');
    env.setNow(new Date(testNow().getTime() + 20 * 60_000)); // the 15-minute hold is over
    try {
      await deliver(event(mach.account, 'checkout.session.completed', { ...session(mach.tenantId, { id: late.id, memberId: late.memberId }), metadata: { tenantId: mach.tenantId, memberId: late.memberId, paymentId: late.id, itemKind: 'booking', itemId: late.id } }));
      expect((await json(await lea.fetch(`/api/v1/bookings/${late.id}`))).status).not.toBe('confirmed');
      const pay = (await lea.api.call(billing.myBilling)).payments.find((x) => x.id === late.id)!;
      expect(pay).toMatchObject({ status: 'paid', attention: 'paid_after_release' });
    } finally { env.setNow(null); }
  });

  it('a bad or missing signature is 400 and changes nothing; unknown types are acknowledged', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const p = await pendingPass(yanis);
    const evt = event(mach.account, 'checkout.session.completed', session(mach.tenantId, p));
    const bad = await deliver(evt, { secret: 'whsec_wrong' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('invalid_input');
    expect((await deliver(evt, { signature: null })).status).toBe(400);
    expect((await deliver(evt, { signature: 't=1,v1=deadbeef' })).status).toBe(400);
    expect((await yanis.api.call(billing.myBilling)).payments.find((x) => x.id === p.id)!.status).toBe('pending');
    const unknown = await deliver(event(mach.account, 'customer.tax_id.created', { id: 'txi_1', object: 'tax_id' }));
    expect(unknown.status).toBe(200);
    expect(await json(unknown)).toEqual({ received: true, ignored: true });
  });

  it("an event for another tenant's object cannot touch this tenant", async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const p = await pendingPass(yanis);
    // La Coloc's account sends an event naming La Machinerie's payment.
    const viaColoc = await deliver(event(coloc.account, 'checkout.session.completed', session(mach.tenantId, p)));
    expect(await json(viaColoc)).toMatchObject({ received: true, ignored: true });
    // La Coloc's account, metadata rewritten to claim La Coloc, with La Machinerie's ids: not found there.
    await deliver(event(coloc.account, 'checkout.session.completed', session(coloc.tenantId, p)));
    // An unknown account.
    await deliver(event('acct_unknown', 'checkout.session.completed', session(mach.tenantId, p)));
    expect((await yanis.api.call(billing.myBilling)).payments.find((x) => x.id === p.id)!.status).toBe('pending');
  });
});
