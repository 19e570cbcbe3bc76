import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { refundsRepo } from '@lieu/db';
import { Stripe } from '../../packages/payments/src/stripe';
import { processRefundRecords, refundsJob, stripeFromEnv, type WorkerDeps } from '../../functions/stripe-worker/worker';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * Refunds in one flow with the cancellation: the cancellation's transaction writes a
 * refund request; the Stripe worker (real `stripe` SDK against the local fake) sends it once on the
 * space's account; webhooks reconcile it. Desk payments get a credit note numbered like receipts.
 */
const SECRET = 'whsec_test_refunds';
let env: TestEnv;
let fake: FakeStripe;
let mach: { account: string; tenantId: string };
const json = async (res: Response) => (await res.json()) as any;
const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const quiet: WorkerDeps['log'] = () => undefined;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '150' });
  env = await createTestEnv();
  const owner = await as(hosts.machinerie, DEMO.machinerie.owner);
  const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
  fake.accounts.set(accountId, { charges_enabled: true, details_submitted: true });
  await deliver(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
  mach = { account: accountId, tenantId: (await json(await owner.fetch('/api/v1/tenant'))).id };
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const deliver = (account: string, type: string, object: Record<string, unknown>) => deliverStripeEvent(env.url, SECRET, account, type, object) as Promise<any>;
const paidOnline = (p: { id: string; memberId: string }, kind: string, itemId: string) => deliver(mach.account, 'checkout.session.completed', {
  id: `cs_${p.id}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', payment_intent: `pi_${p.id}`, customer: 'cus_ref_1',
  metadata: { tenantId: mach.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: kind, itemId },
});
const worker = (): WorkerDeps => ({ db: env.db, stripe: stripeFromEnv(), log: quiet });
const refundCalls = () => fake.requests.filter((r) => r.path === '/v1/refunds');
/** The n-th weekday from 3 days ahead (each test its own day, past the room's 24 h deadline). */
const weekday = (n: number) => {
  const d = new Date(testNow().getTime() + 3 * 86400_000);
  for (let seen = -1; ; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && ++seen === n) return d.toISOString().slice(0, 10);
  }
};

/** Léa holds the meeting room (25 € an hour), pays it online: the webhook confirms it. */
async function paidBooking(lea: Browser, day: string, from: string, to: string) {
  const room = ((await json(await lea.fetch('/api/v1/resources'))).items as { id: string; name: string }[]).find((r) => r.name === 'Salle Somme')!;
  const res = await lea.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${day}T${from}:00+01:00`, end: `${day}T${to}:00+01:00`, hold: true } });
  expect(res.status).toBe(201);
  const b = await json(res);
  await paidOnline({ id: b.id, memberId: b.memberId }, 'booking', b.id);
  expect((await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).status).toBe('confirmed');
  return b;
}

describe('a booking paid online, cancelled before the deadline', () => {
  it('credits back and the payment refunded in one flow: one Stripe refund on the space’s account, even when the worker runs twice (and at once)', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const b = await paidBooking(lea, weekday(0), '10:00', '12:00');
    const before = refundCalls().length;

    const cancelled = await lea.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {} });
    expect(cancelled.status).toBe(200);
    const request = await refundsRepo(env.db, mach.tenantId).get(`booking_${b.id}`);
    expect(request).toMatchObject({ status: 'requested', amountCents: 5000, paymentIntentId: `pi_${b.id}`, source: { kind: 'booking', id: b.id } });
    // Until it is sent, the payment says a refund is on its way (not "refund due" for staff).
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === b.id)).not.toHaveProperty('attention');

    // The stream delivers the record; the worker runs twice at once, then a third time, then the sweep job.
    const record = { eventName: 'INSERT', dynamodb: { Keys: { PK: { S: `T#${mach.tenantId}#REFUND#booking_${b.id}` }, SK: { S: 'REFUND' } }, SequenceNumber: '1' } } as never;
    const results = await Promise.all([processRefundRecords(worker(), [record], testNow()), processRefundRecords(worker(), [record], testNow())]);
    expect(results.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    await processRefundRecords(worker(), [record], testNow());
    expect(await refundsJob.run({ ...worker(), now: testNow() })).toMatchObject({ changed: 0 });

    const calls = refundCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['stripe-account']).toBe(mach.account);
    expect(calls[0]!.headers['idempotency-key']).toBe(`refund:${mach.tenantId}:booking_${b.id}`);
    expect(calls[0]!.form).toMatchObject({ payment_intent: `pi_${b.id}`, amount: '5000', 'metadata[tenantId]': mach.tenantId, 'metadata[refundId]': `booking_${b.id}` });
    expect(await refundsRepo(env.db, mach.tenantId).get(`booking_${b.id}`)).toMatchObject({ status: 'succeeded', stripeRefundId: expect.stringMatching(/^re_/) });
    const refunded = (await lea.api.call(billing.myBilling)).payments.find((p) => p.id === b.id)!;
    expect(refunded).toMatchObject({ status: 'refunded', refundedCents: 5000 });
    // Money given back online gets its credit note, like at the desk: once, naming the receipt it reverses.
    expect(refunded.creditNotes).toHaveLength(1);
    const note = await (await lea.fetch(refunded.creditNotes![0]!.url)).text();
    expect(note).toContain('Avoir n°');
    expect(note).toContain(refunded.receiptNumber!);

    // Cancelling again is refused (nothing requested twice).
    expect((await lea.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {} })).status).toBe(422);
  });

  it('a worker that died after Stripe answered: Stripe replays the same refund for the same key, nothing counted twice', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const b = await paidBooking(lea, weekday(1), '14:00', '15:00');
    expect((await lea.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    const repo = refundsRepo(env.db, mach.tenantId);
    const id = `booking_${b.id}`;
    // First attempt: claimed and sent, but the process died before recording (the claim stays `sending`).
    const claimed = (await repo.claim(id, testNow()))!;
    const first = await worker().stripe!.refunds.create({ payment_intent: claimed.paymentIntentId, amount: claimed.amountCents }, { stripeAccount: mach.account, idempotencyKey: claimed.idempotencyKey });
    // Too early to take over the claim; once it is stale, the next run sends with the same key.
    expect(await refundsJob.run({ ...worker(), now: testNow() })).toMatchObject({ changed: 0 });
    expect(await refundsJob.run({ ...worker(), now: new Date(testNow().getTime() + 6 * 60_000) })).toMatchObject({ changed: 1 });
    expect((await repo.get(id))!.stripeRefundId).toBe(first.id);
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === b.id)).toMatchObject({ status: 'refunded', refundedCents: 2500 });
  });

  it('late cancellation is refused: no refund requested, nothing sent to Stripe', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const b = await paidBooking(lea, weekday(2), '15:00', '16:00');
    const before = refundCalls().length;
    env.setNow(new Date(Date.parse(b.start) - 2 * 3600_000)); // the room is cancellable until 24 h before
    try {
      const late = await lea.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {} });
      expect(late.status).toBe(422);
      expect((await json(late)).error.details.rule).toBe('cancellation_deadline');
    } finally { env.setNow(null); }
    expect(await refundsRepo(env.db, mach.tenantId).get(`booking_${b.id}`)).toBeNull();
    await refundsJob.run({ ...worker(), now: testNow() });
    expect(refundCalls().length).toBe(before);
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === b.id)).toMatchObject({ status: 'paid' });
  });
});

describe('the shop: an operator refunds part of an order paid online', () => {
  it('only the refunded units’ amount goes to Stripe; restock and statements as before', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const tote = (await json(await yanis.fetch('/api/v1/shop/products?q=tote'))).items[0];
    const placed = await json(await yanis.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: tote.id, quantity: 3 }], pay: 'online' } }));
    await paidOnline({ id: placed.paymentId, memberId: placed.order.buyerId }, 'order', placed.order.id);
    expect((await json(await op.fetch(`/api/v1/shop/orders/${placed.order.id}`))).status).toBe('paid');

    const before = refundCalls().length;
    const res = await op.fetch(`/api/v1/shop/orders/${placed.order.id}/refund`, { method: 'POST', json: { lines: [{ productId: tote.id, quantity: 1 }], restock: true, reason: 'couture défaite' } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ refundedCents: 1800, status: 'paid' });
    expect(await refundsJob.run({ ...worker(), now: testNow() })).toMatchObject({ changed: 1 });
    const calls = refundCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['stripe-account']).toBe(mach.account);
    expect(calls[0]!.form).toMatchObject({ payment_intent: `pi_${placed.paymentId}`, amount: '1800', 'metadata[sourceKind]': 'order' });
    const pay = (await yanis.api.call(billing.myBilling)).payments.find((p) => p.id === placed.paymentId)!;
    expect(pay).toMatchObject({ status: 'paid', refundedCents: 1800, totalCents: 5400 });
    expect(pay.creditNotes).toHaveLength(1);
  });
});

describe('webhooks reconcile refunds', () => {
  it('refund.updated to failed: the payment is no longer counted as refunded and is flagged for staff; a replayed success does not come back over it', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const b = await paidBooking(lea, weekday(3), '09:00', '10:00');
    fake.refundMode = 'pending';
    try {
      expect((await lea.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
      await refundsJob.run({ ...worker(), now: testNow() });
    } finally { fake.refundMode = 'succeeded'; }
    const repo = refundsRepo(env.db, mach.tenantId);
    const sent = (await repo.get(`booking_${b.id}`))!;
    expect(sent).toMatchObject({ status: 'pending', counted: true });
    const refund = { id: sent.stripeRefundId, object: 'refund', amount: 2500, payment_intent: `pi_${b.id}`, metadata: { tenantId: mach.tenantId, refundId: sent.id } };
    await deliver(mach.account, 'refund.updated', { ...refund, status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(await repo.get(sent.id)).toMatchObject({ status: 'failed', counted: false, failure: 'expired_or_canceled_card' });
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === b.id)).toMatchObject({ status: 'paid', refundedCents: 0, attention: 'refund_failed' });
    await deliver(mach.account, 'charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: `pi_${b.id}`, refunds: { object: 'list', data: [{ ...refund, status: 'succeeded' }] } });
    expect((await repo.get(sent.id))!.status).toBe('failed');
    // Another tenant's metadata on this account: ignored.
    expect(await deliver(mach.account, 'refund.updated', { ...refund, status: 'succeeded', metadata: { tenantId: 'someone-else', refundId: sent.id } })).toMatchObject({ ignored: true });
  });

  it('Stripe refuses the refund (already refunded in the dashboard): recorded as failed once, for staff to look at', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const b = await paidBooking(lea, weekday(4), '09:00', '10:00');
    expect((await lea.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    fake.refundMode = 'refuse';
    try {
      expect(await refundsJob.run({ ...worker(), now: testNow() })).toMatchObject({ changed: 1 });
      expect(await refundsJob.run({ ...worker(), now: testNow() })).toMatchObject({ examined: 0 });
    } finally { fake.refundMode = 'succeeded'; }
    expect(await refundsRepo(env.db, mach.tenantId).get(`booking_${b.id}`)).toMatchObject({ status: 'failed', failure: expect.stringContaining('already been refunded') });
  });
});

describe('desk payments: a credit note instead', () => {
  it('an operator gives back a pass paid in cash: credit note numbered right after the receipt, negative amounts; online payments are refused here; never more than was paid', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const pass = (await yanis.api.call(billing.getCatalogue)).passes.find((p) => p.name === 'Pass journée')!;
    const p = await json(await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
    const url = `/api/v1/billing/members/${p.memberId}/payments/${p.id}`;
    expect((await op.fetch(`${url}/refund`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409); // not paid yet
    const { receipt } = await json(await op.fetch(`${url}/record`, { method: 'POST', json: { method: 'cash' } }));
    expect((await yanis.fetch(`${url}/refund`, { method: 'POST', json: { method: 'cash' } })).status).toBe(403);
    expect((await op.fetch(`${url}/refund`, { method: 'POST', json: { method: 'cash', amountCents: p.totalCents + 1 } })).status).toBe(422);

    const half = Math.floor(p.totalCents / 2);
    const first = await json(await op.fetch(`${url}/refund`, { method: 'POST', json: { method: 'cash', amountCents: half, reason: 'pass non utilisé' } }));
    expect(first.receipt).toMatchObject({ kind: 'credit_note', refundOf: receipt.number, sequence: receipt.sequence + 1, totalCents: -half, method: 'cash' });
    expect(first.payment).toMatchObject({ status: 'paid', refundedCents: half });
    const rest = await json(await op.fetch(`${url}/refund`, { method: 'POST', json: { method: 'cash' } }));
    expect(rest.receipt.totalCents).toBe(-(p.totalCents - half));
    expect(rest.payment).toMatchObject({ status: 'refunded', refundedCents: p.totalCents });
    expect((await op.fetch(`${url}/refund`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409);
    const page = await op.fetch(`/api/v1/billing/receipts/${first.receipt.number}`);
    expect(await page.text()).toContain('Avoir n°');

    // A booking paid online is refunded through Stripe, not at the desk.
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const b = await paidBooking(lea, weekday(5), '16:00', '17:00');
    const refused = await op.fetch(`/api/v1/billing/members/${b.memberId}/payments/${b.id}/refund`, { method: 'POST', json: { method: 'cash' } });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.details.rule).toBe('refund_through_stripe');
  });
});

describe('a whole event cancelled by staff', () => {
  it('each ticket is cancelled with its payment: one paid online is refunded through Stripe, one paid at the desk reads "refund due"', async () => {
    const hugo = await as(hosts.machinerie, DEMO.machinerie.operator);
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const day = weekday(6);
    const created = await hugo.fetch('/api/v1/events', { method: 'POST', json: {
      title: 'Atelier soudure', description: 'Souder ses premiers circuits', start: `${day}T18:00:00+01:00`, end: `${day}T20:00:00+01:00`,
      capacity: 6, audience: 'members', price: { cents: 1500 }, tags: ['atelier'], published: true,
    } });
    expect(created.status).toBe(201);
    const event = (await json(created)).items[0];
    const ticket = async (who: Browser) => {
      const res = await who.fetch(`/api/v1/public/events/${event.id}/register`, { method: 'POST', json: {} });
      expect(res.status).toBe(201);
      return json(res);
    };
    const online = await ticket(lea);
    const desk = await ticket(yanis);
    await paidOnline({ id: online.payment.paymentId, memberId: online.registration.memberId }, 'ticket', online.registration.id);
    const recorded = await hugo.fetch(`/api/v1/billing/members/${desk.registration.memberId}/payments/${desk.payment.paymentId}/record`, { method: 'POST', json: { method: 'cash' } });
    expect(recorded.status).toBe(200);

    expect((await hugo.fetch(`/api/v1/events/${event.id}/cancel`, { method: 'POST' })).status).toBe(200);
    const registrations = (await json(await hugo.fetch(`/api/v1/events/${event.id}/registrations`))).items as { status: string }[];
    expect(registrations.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);

    const request = await refundsRepo(env.db, mach.tenantId).get(`ticket_${online.registration.id}`);
    expect(request).toMatchObject({ status: 'requested', amountCents: 1500, source: { kind: 'ticket', id: online.registration.id } });
    const before = refundCalls().length;
    await refundsJob.run({ ...worker(), now: testNow() });
    expect(refundCalls().slice(before)).toHaveLength(1);
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === online.payment.paymentId)).toMatchObject({ status: 'refunded', refundedCents: 1500 });
    expect((await yanis.api.call(billing.myBilling)).payments.find((p) => p.id === desk.payment.paymentId)).toMatchObject({ status: 'paid', attention: 'refund_due' });

    // Cancelling the event again changes nothing and asks for no second refund.
    expect((await hugo.fetch(`/api/v1/events/${event.id}/cancel`, { method: 'POST' })).status).toBe(409);
    await refundsJob.run({ ...worker(), now: testNow() });
    expect(refundCalls().slice(before)).toHaveLength(1);
  });
});
