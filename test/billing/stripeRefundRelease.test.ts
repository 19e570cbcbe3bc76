import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { billingKeys, outboxRepo, tenantRealm } from '@lieu/db';
import { processRefundRecords, stripeFromEnv, type WorkerDeps } from '../../functions/stripe-worker/worker';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * A payment given back in full from the Stripe dashboard releases what it paid for, as a staff
 * cancellation would, in the transaction of its credit note: a booking is cancelled (its slot free
 * again, the member emailed), an event ticket is cancelled (the first person waiting gets the place),
 * a shop order is refunded (its units back on sale when the space says so). A partial refund
 * releases nothing. A plan's subscription is cancelled on Stripe by the Stripe worker.
 */
const SECRET = 'whsec_test_release';
let env: TestEnv;
let fake: FakeStripe;
let mach: { account: string; tenantId: string };
const json = async (res: Response) => (await res.json()) as any;
const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const deliver = (type: string, object: Record<string, unknown>, eventId?: string) =>
  deliverStripeEvent(env.url, SECRET, mach.account, type, object, Math.floor(Date.now() / 1000), eventId) as Promise<any>;
let seq = 0;
const uid = (p: string) => `${p}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
const quiet: WorkerDeps['log'] = () => undefined;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '150' });
  env = await createTestEnv();
  const owner = await as(hosts.machinerie, DEMO.machinerie.owner);
  const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
  fake.accounts.set(accountId, { charges_enabled: true, details_submitted: true });
  mach = { account: accountId, tenantId: (await json(await owner.fetch('/api/v1/tenant'))).id };
  await deliver('account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const completed = (p: { id: string; memberId: string }, kind: string, itemId: string, pi: string) => deliver('checkout.session.completed', {
  id: `cs_${p.id}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', payment_intent: pi, customer: 'cus_release',
  metadata: { tenantId: mach.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: kind, itemId },
});
/** A refund as the Stripe dashboard makes it: no metadata of Lieu's. */
const refundOf = (pi: string, amount: number) => ({ id: uid('re'), object: 'refund', amount, currency: 'eur', payment_intent: pi, charge: `ch_${pi}`, status: 'succeeded', metadata: {} });
const paymentOf = async (who: Browser, id: string) => (await who.api.call(billing.myBilling)).payments.find((p) => p.id === id)!;
const outbox = () => outboxRepo(env.db, tenantRealm(mach.tenantId)).list(500);

/** The n-th weekday from 3 days ahead (each test its own day). */
const weekday = (n: number) => {
  const d = new Date(testNow().getTime() + 3 * 86400_000);
  for (let seen = -1; ; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && ++seen === n) return d.toISOString().slice(0, 10);
  }
};

async function roomBooking(who: Browser, day: string, from: string, to: string) {
  const room = ((await json(await who.fetch('/api/v1/resources'))).items as { id: string; name: string }[]).find((r) => r.name === 'Salle Somme')!;
  return who.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${day}T${from}:00+01:00`, end: `${day}T${to}:00+01:00`, hold: true } });
}

/** Léa holds the meeting room and pays it online: the completion confirms it. */
async function paidBooking(lea: Browser, day: string, from: string, to: string) {
  const res = await roomBooking(lea, day, from, to);
  expect(res.status).toBe(201);
  const b = await json(res);
  const pi = uid('pi');
  await completed({ id: b.id, memberId: b.memberId }, 'booking', b.id, pi);
  expect((await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).status).toBe('confirmed');
  return { b, pi };
}

describe('a booking paid online, refunded in full in the Stripe dashboard', () => {
  it('is cancelled with the credit note: the slot is free again, the member is emailed; the same event again changes nothing', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const day = weekday(0);
    const { b, pi } = await paidBooking(lea, day, '10:00', '12:00');
    // The slot is taken while the booking stands.
    expect((await roomBooking(yanis, day, '10:00', '11:00')).status).toBe(409);

    const re = refundOf(pi, 5000);
    const eventId = uid('evt');
    expect(await deliver('refund.created', re, eventId)).toEqual({ received: true });
    const cancelled = await json(await lea.fetch(`/api/v1/bookings/${b.id}`));
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    const pay = await paymentOf(lea, b.id);
    expect(pay).toMatchObject({ status: 'refunded', refundedCents: 5000 });
    expect(pay.creditNotes).toHaveLength(1);
    const mails = (await outbox()).filter((m) => m.to === DEMO.machinerie.member && m.subject.startsWith('Réservation annulée'));
    expect(mails).toHaveLength(1);

    // The same event again is a duplicate; the refund reported other ways changes nothing either.
    expect(await deliver('refund.created', re, eventId)).toEqual({ received: true, duplicate: true });
    const yanisBooking = await roomBooking(yanis, day, '10:00', '11:00');
    expect(yanisBooking.status).toBe(201);
    await deliver('refund.updated', re);
    await deliver('charge.refunded', { id: `ch_${pi}`, object: 'charge', amount: 5000, amount_refunded: 5000, payment_intent: pi, metadata: {}, refunds: { object: 'list', data: [re] } });
    expect((await json(await yanis.fetch(`/api/v1/bookings/${(await json(yanisBooking)).id}`))).status).not.toBe('cancelled');
    expect((await paymentOf(lea, b.id)).creditNotes).toHaveLength(1);
    expect((await outbox()).filter((m) => m.to === DEMO.machinerie.member && m.subject.startsWith('Réservation annulée'))).toHaveLength(1);
  });

  it('a partial refund releases nothing: the booking stands, with a credit note for the part given back', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const { b, pi } = await paidBooking(lea, weekday(1), '14:00', '16:00');
    await deliver('refund.created', refundOf(pi, 2000));
    expect((await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).status).toBe('confirmed');
    expect(await paymentOf(lea, b.id)).toMatchObject({ status: 'paid', refundedCents: 2000, creditNotes: [expect.anything()] });
  });
});

describe('an event ticket paid online, refunded in full in the Stripe dashboard', () => {
  it('is cancelled: the first person waiting gets the place', async () => {
    const hugo = await as(hosts.machinerie, DEMO.machinerie.operator);
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const day = weekday(4);
    const created = await hugo.fetch('/api/v1/events', { method: 'POST', json: {
      title: 'Atelier couture', description: 'Une place', start: `${day}T18:00:00+01:00`, end: `${day}T20:00:00+01:00`,
      capacity: 1, audience: 'members', price: { cents: 1500 }, tags: ['atelier'], published: true,
    } });
    expect(created.status).toBe(201);
    const event = (await json(created)).items[0];
    const register = async (who: Browser) => json(await who.fetch(`/api/v1/public/events/${event.id}/register`, { method: 'POST', json: {} }));
    const online = await register(lea);
    const waiting = await register(yanis);
    expect(waiting.registration.status).toBe('waitlisted');
    const pi = uid('pi');
    await completed({ id: online.payment.paymentId, memberId: online.registration.memberId }, 'ticket', online.registration.id, pi);
    expect(await paymentOf(lea, online.payment.paymentId)).toMatchObject({ status: 'paid' });

    await deliver('refund.created', refundOf(pi, 1500));
    const regs = (await json(await hugo.fetch(`/api/v1/events/${event.id}/registrations`))).items as { id: string; status: string }[];
    expect(regs.find((r) => r.id === online.registration.id)?.status).toBe('cancelled');
    expect(regs.find((r) => r.id === waiting.registration.id)?.status).toBe('registered');
    expect(await paymentOf(lea, online.payment.paymentId)).toMatchObject({ status: 'refunded', refundedCents: 1500, creditNotes: [expect.anything()] });
  });
});

describe('a shop order paid online, refunded in full in the Stripe dashboard', () => {
  async function paidOrder(yanis: Browser, productId: string) {
    const placed = await json(await yanis.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId, quantity: 2 }], pay: 'online' } }));
    expect(placed.order.status).toBe('held');
    const pi = uid('pi');
    await completed({ id: placed.paymentId, memberId: placed.order.buyerId }, 'order', placed.order.id, pi);
    expect((await json(await yanis.fetch(`/api/v1/shop/orders/${placed.order.id}`))).status).toBe('paid');
    return { placed, pi };
  }
  const available = async (who: Browser) => (await json(await who.fetch('/api/v1/shop/products?q=tote'))).items[0];

  it('is refunded and its units go back on sale; with the owner’s setting off (audited), they stay off the shelf', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const owner = await as(hosts.machinerie, DEMO.machinerie.owner);
    const tote = await available(yanis);
    expect((await json(await owner.fetch('/api/v1/tenant/settings'))).refundRestocks).toBe(true);

    const first = await paidOrder(yanis, tote.id);
    expect((await available(yanis)).available).toBe(tote.available - 2);
    await deliver('refund.created', refundOf(first.pi, first.placed.order.totalCents));
    expect(await json(await yanis.fetch(`/api/v1/shop/orders/${first.placed.order.id}`))).toMatchObject({ status: 'refunded', refundedCents: first.placed.order.totalCents });
    expect((await available(yanis)).available).toBe(tote.available);
    expect(await paymentOf(yanis, first.placed.paymentId)).toMatchObject({ status: 'refunded', creditNotes: [expect.anything()] });

    // Operators may not change it; the owner turns it off, which the audit log records.
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    expect((await op.fetch('/api/v1/tenant', { method: 'PATCH', json: { refundRestocks: false } })).status).toBe(403);
    const off = await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { refundRestocks: false } });
    expect(off.status).toBe(200);
    expect(await json(off)).toMatchObject({ refundRestocks: false });
    const audit = (await json(await owner.fetch('/api/v1/audit?action=tenant.'))).items as { summary: string }[];
    expect(audit.some((a) => a.summary.includes('refundRestocks'))).toBe(true);

    const second = await paidOrder(yanis, tote.id);
    await deliver('refund.created', refundOf(second.pi, second.placed.order.totalCents));
    expect((await json(await yanis.fetch(`/api/v1/shop/orders/${second.placed.order.id}`))).status).toBe('refunded');
    expect((await available(yanis)).available).toBe(tote.available - 2);
    expect((await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { refundRestocks: true } })).status).toBe(200);
  });
});

describe('given back in full before the completion arrived', () => {
  it('a shop order is refunded with the completion: its hold gone, its units back on sale, never counted as sold', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const tote = (await json(await yanis.fetch('/api/v1/shop/products?q=tote'))).items[0];
    const placed = await json(await yanis.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: tote.id, quantity: 1 }], pay: 'online' } }));
    const pi = uid('pi');
    await deliver('refund.created', refundOf(pi, placed.order.totalCents));
    await completed({ id: placed.paymentId, memberId: placed.order.buyerId }, 'order', placed.order.id, pi);
    expect(await paymentOf(yanis, placed.paymentId)).toMatchObject({ status: 'refunded', creditNotes: [expect.anything()] });
    expect((await json(await yanis.fetch(`/api/v1/shop/orders/${placed.order.id}`))).status).toBe('refunded');
    expect((await json(await yanis.fetch('/api/v1/shop/products?q=tote'))).items[0].available).toBe(tote.available);
  });
});

describe('a plan refunded in full in the Stripe dashboard', () => {
  it('its subscription is cancelled on Stripe by the worker, on the space’s account, once', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const plan = (await yanis.api.call(billing.getCatalogue)).plans.find((x) => x.name === 'Temps partiel 10 jours/mois')!;
    const res = await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } });
    expect(res.status).toBe(201);
    const p = await json(res);
    const [sub, pi] = [uid('sub'), uid('pi')];
    const meta = { tenantId: mach.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'plan', itemId: plan.id };
    await deliver('checkout.session.completed', { id: `cs_${p.id}`, object: 'checkout.session', mode: 'subscription', payment_status: 'paid', subscription: sub, payment_intent: null, customer: 'cus_release', metadata: meta });
    await deliver('invoice.paid', {
      id: uid('in'), object: 'invoice', billing_reason: 'subscription_create', amount_paid: 12000, currency: 'eur', payment_intent: pi,
      parent: { subscription_details: { metadata: meta, subscription: sub } },
    });
    await deliver('refund.created', refundOf(pi, 12000));
    expect((await yanis.api.call(billing.myBilling)).profile.subscription).toMatchObject({ planId: plan.id, status: 'canceled' });

    // The stream delivers the member's billing profile to the worker, twice.
    const key = billingKeys.profile(mach.tenantId, p.memberId);
    const record = { eventName: 'MODIFY', dynamodb: { Keys: { PK: { S: key.PK }, SK: { S: key.SK } }, SequenceNumber: '7' } } as never;
    const worker: WorkerDeps = { db: env.db, stripe: stripeFromEnv(), log: quiet };
    const cancels = () => fake.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${sub}`);
    expect((await processRefundRecords(worker, [record], testNow())).batchItemFailures).toEqual([]);
    expect((await processRefundRecords(worker, [record], testNow())).batchItemFailures).toEqual([]);
    expect(cancels()).toHaveLength(1);
    expect(cancels()[0]!.headers['stripe-account']).toBe(mach.account);
    // Stripe's own notice of the end changes nothing here.
    await deliver('customer.subscription.deleted', { id: sub, object: 'subscription', status: 'canceled', metadata: meta, start_date: Math.floor(testNow().getTime() / 1000), items: { data: [] } });
    expect((await yanis.api.call(billing.myBilling)).profile.subscription).toMatchObject({ planId: plan.id, status: 'canceled' });
  });
});
