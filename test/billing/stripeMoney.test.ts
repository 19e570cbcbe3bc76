import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, reports } from '@lieu/api';
import { outboxRepo, tenantRealm } from '@lieu/db';
import { Stripe } from '../../packages/payments/src/stripe';
import { Browser, DEMO, hosts, localFetch } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * Money moved on Stripe outside Lieu's screens, delivered as SDK-signed webhooks: refunds made in
 * the space's Stripe dashboard (full, partial, before and after the completion), chargebacks (opened,
 * won, lost), and the receipt number an online payment takes from the desk's counter.
 */
const SECRET = 'whsec_test_money';
let env: TestEnv;
let fake: FakeStripe;
let mach: { account: string; tenantId: string };
const json = async (res: Response) => (await res.json()) as any;
const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const deliver = (type: string, object: Record<string, unknown>) => deliverStripeEvent(env.url, SECRET, mach.account, type, object) as Promise<any>;
let seq = 0;
const uid = (p: string) => `${p}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

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

type Pay = { id: string; memberId: string; totalCents: number };
async function buyPass(who: Browser, name: string): Promise<Pay> {
  const pass = (await who.api.call(billing.getCatalogue)).passes.find((p) => p.name === name)!;
  const res = await who.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } });
  expect(res.status).toBe(201);
  return json(res);
}
const session = (p: Pay, pi: string) => ({
  id: `cs_${p.id}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', payment_intent: pi, customer: 'cus_money',
  metadata: { tenantId: mach.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'pass', itemId: 'x' },
});
const completed = (p: Pay, pi: string) => deliver('checkout.session.completed', session(p, pi));
/** A refund as the Stripe dashboard makes it: no metadata of Lieu's. */
const dashboardRefund = (pi: string, id: string, amount: number, status = 'succeeded') =>
  ({ id, object: 'refund', amount, currency: 'eur', payment_intent: pi, charge: `ch_${pi}`, status, metadata: {} });
const chargeRefunded = (pi: string, total: number, refunds: Record<string, unknown>[]) => ({
  id: `ch_${pi}`, object: 'charge', amount: total, amount_refunded: refunds.reduce((s, r) => s + Number(r.amount), 0), payment_intent: pi, metadata: {},
  refunds: { object: 'list', data: refunds },
});
const dispute = (pi: string, id: string, amount: number, status: string) =>
  ({ id, object: 'dispute', amount, currency: 'eur', charge: `ch_${pi}`, payment_intent: pi, reason: 'fraudulent', status });

const paymentOf = async (who: Browser, id: string) => (await who.api.call(billing.myBilling)).payments.find((p) => p.id === id)!;
const creditsLeft = async (who: Browser) => (await who.api.call(billing.myBilling)).credits.reduce((s, c) => s + c.remaining, 0);
const dashboardAlerts = async () => (await (await as(hosts.machinerie, DEMO.machinerie.operator)).api.call(reports.dashboard, { query: { weeks: 1 } })).alerts;
const outbox = () => outboxRepo(env.db, tenantRealm(mach.tenantId)).list(200);
const receiptSeq = (n: string) => Number(n.slice(2));

describe('online payments get the desk’s receipt numbers', () => {
  it('a pass paid online takes the next number between two desk payments (no gap), once however often the completion arrives; the member is emailed it', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const record = async (p: Pay) => {
      const res = await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } });
      expect(res.status).toBe(200);
      return (await json(res)).receipt.number as string;
    };
    const first = await record(await buyPass(yanis, 'Pass journée'));
    const online = await buyPass(yanis, 'Pass journée');
    const pi = uid('pi');
    const outcomes = await Promise.all([completed(online, pi), completed(online, pi), completed(online, pi)]);
    expect(outcomes.filter((o) => !o.duplicate && !o.ignored)).toHaveLength(3); // three distinct events…
    const paid = await paymentOf(yanis, online.id);
    expect(paid).toMatchObject({ status: 'paid', method: 'card_online' });
    const third = await record(await buyPass(yanis, 'Pass journée'));
    // …one receipt: first, online, third are consecutive.
    expect(receiptSeq(paid.receiptNumber!)).toBe(receiptSeq(first) + 1);
    expect(receiptSeq(third)).toBe(receiptSeq(first) + 2);
    expect(paid.receiptUrl).toBe(`/api/v1/billing/receipts/${paid.receiptNumber}`);
    const page = await yanis.fetch(paid.receiptUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(paid.receiptNumber);
    const mails = (await outbox()).filter((m) => m.to === DEMO.machinerie.member2 && m.subject.includes(paid.receiptNumber!));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`http://machinerie.localhost:${new URL(env.url).port}/api/v1/billing/receipts/${paid.receiptNumber}`);
  });
});

describe('refunds made in the Stripe dashboard', () => {
  it('a full refund after the completion: payment refunded, a credit note, the pass’s credits taken back — once, whatever the events and repeats', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(testNow())); // the space's year
    const revenue = async () => (await json(await op.fetch(`/api/v1/billing/reports/revenue?year=${year}`))).totalCents as number;
    const before = await creditsLeft(lea);
    const p = await buyPass(lea, 'Carte 10 jours');
    const pi = uid('pi');
    const kept = await revenue();
    await completed(p, pi);
    expect(await creditsLeft(lea)).toBe(before + 10);
    expect(await revenue()).toBe(kept + 12000);
    const re = dashboardRefund(pi, uid('re'), 12000);
    // Stripe reports one refund several ways, some at once, some again later.
    await Promise.all([
      deliver('charge.refunded', chargeRefunded(pi, 12000, [re])), deliver('refund.created', re), deliver('refund.updated', re),
    ]);
    await deliver('charge.refunded', chargeRefunded(pi, 12000, [re]));
    await deliver('refund.updated', re);
    await deliver('charge.refund.updated', re);
    const pay = await paymentOf(lea, p.id);
    expect(pay).toMatchObject({ status: 'refunded', refundedCents: 12000 });
    expect(pay.creditNotes).toHaveLength(1);
    expect(receiptSeq(pay.creditNotes![0]!.number)).toBeGreaterThan(receiptSeq(pay.receiptNumber!));
    expect(await creditsLeft(lea)).toBe(before);
    const note = await lea.fetch(pay.creditNotes![0]!.url);
    expect(await note.text()).toContain('Avoir n°');
    // The staff's payments list and the year's revenue say the same.
    expect(await revenue()).toBe(kept);
    const listed = (await json(await op.fetch('/api/v1/billing/payments?limit=100'))).items.find((x: { id: string }) => x.id === p.id);
    expect(listed).toMatchObject({ status: 'refunded', refundedCents: 12000, creditNotes: pay.creditNotes });
    expect((await outbox()).filter((m) => m.to === DEMO.machinerie.member && m.subject.includes(pay.creditNotes![0]!.number))).toHaveLength(1);
  });

  it('partial refunds: each Stripe refund counted once (pending then succeeded is one), credits kept until all is given back', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const before = await creditsLeft(lea);
    const p = await buyPass(lea, 'Carte 10 jours');
    const pi = uid('pi');
    await completed(p, pi);
    const a = dashboardRefund(pi, uid('re'), 5000, 'pending');
    await deliver('refund.created', a);
    await deliver('refund.updated', { ...a, status: 'succeeded' });
    await deliver('charge.refunded', chargeRefunded(pi, 12000, [{ ...a, status: 'succeeded' }]));
    let pay = await paymentOf(lea, p.id);
    expect(pay).toMatchObject({ status: 'paid', refundedCents: 5000 });
    expect(pay.creditNotes).toHaveLength(1);
    expect(await creditsLeft(lea)).toBe(before + 10);
    const b = dashboardRefund(pi, uid('re'), 7000);
    await deliver('charge.refunded', chargeRefunded(pi, 12000, [{ ...a, status: 'succeeded' }, b]));
    await deliver('refund.created', b);
    pay = await paymentOf(lea, p.id);
    expect(pay).toMatchObject({ status: 'refunded', refundedCents: 12000 });
    expect(pay.creditNotes).toHaveLength(2);
    expect(await creditsLeft(lea)).toBe(before);
  });

  it('a refund arriving before the completion is flagged for staff, then applied with the completion: receipt and credit note in a row, nothing granted', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const before = await creditsLeft(lea);
    const p = await buyPass(lea, 'Carte 10 jours');
    const pi = uid('pi');
    const re = dashboardRefund(pi, uid('re'), 12000);
    await deliver('refund.created', re);
    expect(await paymentOf(lea, p.id)).toMatchObject({ status: 'pending' });
    expect((await dashboardAlerts()).find((a) => a.id === re.id)).toMatchObject({ kind: 'refund_unmatched', amountCents: 12000 });
    await completed(p, pi);
    await deliver('refund.updated', re);
    const pay = await paymentOf(lea, p.id);
    expect(pay).toMatchObject({ status: 'refunded', refundedCents: 12000 });
    expect(receiptSeq(pay.creditNotes![0]!.number)).toBe(receiptSeq(pay.receiptNumber!) + 1);
    // The credit note names the receipt it reverses, issued in the same transaction.
    expect(await (await lea.fetch(pay.creditNotes![0]!.url)).text()).toContain(pay.receiptNumber!);
    expect(await creditsLeft(lea)).toBe(before);
    expect((await dashboardAlerts()).find((a) => a.id === re.id)).toBeUndefined();
  });

  it('a refund and its completion delivered at the same moment: the refund is applied whichever commits first, no alert left', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const before = await creditsLeft(lea);
    for (let i = 0; i < 4; i++) {
      const p = await buyPass(lea, 'Pass journée');
      const pi = uid('pi');
      const re = dashboardRefund(pi, uid('re'), 1500);
      await Promise.all([deliver('refund.created', re), completed(p, pi), deliver('charge.refunded', chargeRefunded(pi, 1500, [re]))]);
      expect(await paymentOf(lea, p.id)).toMatchObject({ status: 'refunded', refundedCents: 1500, creditNotes: [expect.anything()] });
      expect((await dashboardAlerts()).find((a) => a.id === re.id)).toBeUndefined();
    }
    expect(await creditsLeft(lea)).toBe(before);
  });

  it('a partial refund before the completion: the rest stays granted', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const before = await creditsLeft(lea);
    const p = await buyPass(lea, 'Carte 10 jours');
    const pi = uid('pi');
    await deliver('charge.refunded', chargeRefunded(pi, 12000, [dashboardRefund(pi, uid('re'), 2000)]));
    await completed(p, pi);
    expect(await paymentOf(lea, p.id)).toMatchObject({ status: 'paid', refundedCents: 2000, creditNotes: [expect.anything()] });
    expect(await creditsLeft(lea)).toBe(before + 10);
  });

  it('a plan refunded in full on Stripe: its first invoice named the payment intent, the subscription ends with the credit note', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const plan = (await yanis.api.call(billing.getCatalogue)).plans.find((x) => x.name === 'Temps partiel 10 jours/mois')!;
    const res = await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } });
    expect(res.status).toBe(201);
    const p: Pay = await json(res);
    const [sub, pi] = [uid('sub'), uid('pi')];
    const meta = { tenantId: mach.tenantId, memberId: p.memberId, paymentId: p.id, itemKind: 'plan', itemId: plan.id };
    await deliver('checkout.session.completed', { ...session(p, pi), mode: 'subscription', subscription: sub, payment_intent: null, metadata: meta });
    await deliver('invoice.paid', {
      id: uid('in'), object: 'invoice', billing_reason: 'subscription_create', amount_paid: 12000, currency: 'eur', payment_intent: pi,
      parent: { subscription_details: { metadata: meta, subscription: sub } },
    });
    expect((await yanis.api.call(billing.myBilling)).profile.subscription).toMatchObject({ planId: plan.id, status: 'active' });
    await deliver('refund.created', dashboardRefund(pi, uid('re'), 12000));
    const page = await yanis.api.call(billing.myBilling);
    expect(page.payments.find((x) => x.id === p.id)).toMatchObject({ status: 'refunded', refundedCents: 12000, creditNotes: [expect.anything()] });
    expect(page.profile.subscription).toMatchObject({ planId: plan.id, status: 'canceled' });
  });

  it('a refund naming no payment of this space stays on the dashboard for staff and the owner is emailed; never dropped', async () => {
    const pi = uid('pi_unknown');
    const re = dashboardRefund(pi, uid('re'), 4200);
    expect(await deliver('refund.created', re)).toEqual({ received: true });
    expect((await dashboardAlerts()).find((a) => a.id === re.id)).toMatchObject({ kind: 'refund_unmatched', amountCents: 4200, currency: 'EUR' });
    expect((await outbox()).filter((m) => m.to === DEMO.machinerie.owner && m.text.includes(pi))).toHaveLength(1);
    // Staff reconcile it by hand and mark it handled (audited); members cannot.
    const url = `/api/v1/reports/alerts/${re.id}/resolve`;
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    expect((await lea.fetch(url, { method: 'POST', json: {} })).status).toBe(403);
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const done = await op.fetch(url, { method: 'POST', json: { note: 'virement manuel' } });
    expect(done.status).toBe(200);
    expect(await json(done)).toMatchObject({ id: re.id, status: 'resolved' });
    expect((await op.fetch(url, { method: 'POST', json: {} })).status).toBe(200);
    expect((await op.fetch('/api/v1/reports/alerts/re_nothing/resolve', { method: 'POST', json: {} })).status).toBe(404);
    expect((await dashboardAlerts()).find((a) => a.id === re.id)).toBeUndefined();
  });
});

describe('chargebacks', () => {
  /** Yanis holds the meeting room for an hour on a weekday ahead: the answer's status. */
  async function tryBooking(who: Browser, n: number) {
    const room = ((await json(await who.fetch('/api/v1/resources'))).items as { id: string; name: string }[]).find((r) => r.name === 'Salle Somme')!;
    const d = new Date(testNow().getTime() + (10 + n) * 86400_000);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const res = await who.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${day}T10:00:00+01:00`, end: `${day}T11:00:00+01:00`, hold: true } });
    return { status: res.status, body: await json(res) };
  }

  beforeAll(async () => {
    const owner = await as(hosts.machinerie, DEMO.machinerie.owner);
    const res = await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { disputeRule: 'pause_bookings' } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ disputeRule: 'pause_bookings' });
  });

  it('opened then lost: disputed, owner alerted, the member’s bookings paused; lost is a refund (credit note, credits taken back) and lifts the pause', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const before = await creditsLeft(yanis);
    const p = await buyPass(yanis, 'Carte 10 jours');
    const pi = uid('pi');
    await completed(p, pi);
    const dp = uid('dp');
    await deliver('charge.dispute.created', dispute(pi, dp, 12000, 'needs_response'));
    await deliver('charge.dispute.created', dispute(pi, dp, 12000, 'needs_response'));
    expect(await paymentOf(yanis, p.id)).toMatchObject({ status: 'paid', dispute: { status: 'open', amountCents: 12000, reason: 'fraudulent' } });
    expect((await dashboardAlerts()).find((a) => a.id === dp)).toMatchObject({ kind: 'dispute_open', paymentId: p.id, memberName: 'Yanis Benali' });
    expect((await outbox()).filter((m) => m.to === DEMO.machinerie.owner && m.subject.startsWith('Contestation de paiement'))).not.toHaveLength(0);
    const paused = await tryBooking(yanis, 0);
    expect(paused.status).toBe(422);
    expect(paused.body.error.reason).toBe('bookings_paused');

    await deliver('charge.dispute.closed', dispute(pi, dp, 12000, 'lost'));
    await deliver('charge.dispute.closed', dispute(pi, dp, 12000, 'lost'));
    const pay = await paymentOf(yanis, p.id);
    expect(pay).toMatchObject({ status: 'refunded', refundedCents: 12000, dispute: { status: 'lost' } });
    expect(pay.creditNotes).toHaveLength(1);
    expect(await creditsLeft(yanis)).toBe(before);
    expect((await dashboardAlerts()).find((a) => a.id === dp)).toBeUndefined();
    expect((await tryBooking(yanis, 1)).status).toBe(201);
  });

  it('opened then won: the payment stands with its credits, no credit note, bookings open again; a late "created" does not reopen it', async () => {
    const yanis = await as(hosts.machinerie, DEMO.machinerie.member2);
    const before = await creditsLeft(yanis);
    const p = await buyPass(yanis, 'Carte 10 jours');
    const pi = uid('pi');
    await completed(p, pi);
    const dp = uid('dp');
    await deliver('charge.dispute.created', dispute(pi, dp, 12000, 'needs_response'));
    expect((await tryBooking(yanis, 2)).status).toBe(422);
    await deliver('charge.dispute.closed', dispute(pi, dp, 12000, 'won'));
    await deliver('charge.dispute.created', dispute(pi, dp, 12000, 'needs_response'));
    const pay = await paymentOf(yanis, p.id);
    expect(pay).toMatchObject({ status: 'paid', dispute: { status: 'won' } });
    expect(pay.refundedCents ?? 0).toBe(0);
    expect(pay.creditNotes).toBeUndefined();
    expect(await creditsLeft(yanis)).toBe(before + 10);
    expect((await tryBooking(yanis, 3)).status).toBe(201);
  });
});

describe('webhook signatures', () => {
  it('a signature dated more than 5 minutes ahead is refused (400) and changes nothing; a small skew is accepted', async () => {
    const signer = new Stripe('sk_test_signer');
    const post = (created: number, timestamp: number) => {
      const payload = JSON.stringify({ id: uid('evt'), object: 'event', api_version: '2025-01-01', created, livemode: false, type: 'account.updated', account: mach.account, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: { id: mach.account, object: 'account', charges_enabled: true, details_submitted: true } } });
      const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp });
      return localFetch(`http://${hosts.platform}:${new URL(env.url).port}/api/v1/webhooks/stripe`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
    };
    const now = Math.floor(testNow().getTime() / 1000);
    const future = await post(now, now + 10 * 60);
    expect(future.status).toBe(400);
    expect((await json(future)).error.code).toBe('invalid_input');
    expect((await post(now, now + 6 * 60)).status).toBe(400);
    expect((await post(now, now + 60)).status).toBe(200);
  });
});
