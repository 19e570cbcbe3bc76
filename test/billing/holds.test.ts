import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { expireHolds } from '../../functions/jobs/src/jobs';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { deliverStripeEvent, FakeStripe } from './fakeStripe';

/**
 * Credits of a lapsed hold come back: a booking held against pass credits returns them when its
 * Checkout Session expires (or its payment fails), in the webhook's transaction, or when the hold
 * lapses and `expire-holds` releases it. No credit lost, none spent twice.
 */
const SECRET = 'whsec_test_holds';
let env: TestEnv;
let fake: FakeStripe;
let mach: { account: string; tenantId: string };
const json = async (res: Response) => (await res.json()) as any;
const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);

beforeAll(async () => {
  fake = await new FakeStripe().start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_lieu', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, STRIPE_PLATFORM_FEE_BP: '0' });
  env = await createTestEnv();
  const owner = await as(hosts.machinerie, DEMO.machinerie.owner);
  const { accountId } = await json(await owner.fetch('/api/v1/stripe/connect', { method: 'POST' }));
  await deliver(accountId, 'account.updated', { id: accountId, object: 'account', charges_enabled: true, details_submitted: true });
  mach = { account: accountId, tenantId: (await json(await owner.fetch('/api/v1/tenant'))).id };
});
afterAll(async () => { await env?.close(); await fake?.stop(); });

const deliver = (account: string, type: string, object: Record<string, unknown>) => deliverStripeEvent(env.url, SECRET, account, type, object) as Promise<any>;
const session = (b: { id: string; memberId: string }, extra: Record<string, unknown>) => ({
  id: `cs_${b.id}`, object: 'checkout.session', mode: 'payment', payment_intent: `pi_${b.id}`,
  metadata: { tenantId: mach.tenantId, memberId: b.memberId, paymentId: b.id, itemKind: 'booking', itemId: b.id }, ...extra,
});
/** The n-th weekday from 3 days ahead (each test its own day on the laser). */
const weekday = (n: number) => {
  const d = new Date(testNow().getTime() + 3 * 86400_000);
  for (let seen = -1; ; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && ++seen === n) return d.toISOString().slice(0, 10);
  }
};
const laserMinutesLeft = async (b: Browser) => (await b.api.call(billing.myBilling)).credits.filter((c) => c.name === '5 h de découpe laser').reduce((s, c) => s + c.remaining, 0);

/** Léa buys 5 h of laser at the desk. */
async function laserPass(lea: Browser) {
  const op = await as(hosts.machinerie, DEMO.machinerie.operator);
  const pass = (await lea.api.call(billing.getCatalogue)).passes.find((p) => p.name === '5 h de découpe laser')!;
  const p = await json(await lea.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } }));
  expect((await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } })).status).toBe(200);
}
async function laser(lea: Browser) {
  return ((await json(await lea.fetch('/api/v1/resources'))).items as { id: string; name: string }[]).find((r) => r.name === 'Découpeuse laser')!;
}
async function book(lea: Browser, resourceId: string, day: string, from: string, to: string, hold: boolean) {
  const res = await lea.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId, start: `${day}T${from}:00+01:00`, end: `${day}T${to}:00+01:00`, hold } });
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}

describe('credits of a lapsed hold come back', () => {
  it('Checkout Session expired: the held booking is cancelled and its credits return in the same transaction; replays and a late payment spend nothing twice', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const before = await laserMinutesLeft(lea);
    await laserPass(lea);
    const m = await laser(lea);
    const day = weekday(0);
    await book(lea, m.id, day, '09:00', '12:00', false); // 3 h of the 5 h
    const held = await book(lea, m.id, day, '14:00', '17:00', true); // 2 h left on the card, 1 h to pay online
    expect(held).toMatchObject({ status: 'held', quote: { totalCents: 1800 } });
    expect(await laserMinutesLeft(lea)).toBe(before);

    const expired = session(held, { payment_status: 'unpaid', status: 'expired' });
    await deliver(mach.account, 'checkout.session.expired', expired);
    expect(await json(await lea.fetch(`/api/v1/bookings/${held.id}`))).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired' });
    expect(await laserMinutesLeft(lea)).toBe(before + 120);
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === held.id)!.status).toBe('expired');

    // The same expiry again, then the hourly job, then a late payment: the two hours come back once.
    await deliver(mach.account, 'checkout.session.expired', expired);
    env.setNow(new Date(testNow().getTime() + 20 * 60_000));
    try { expect(await expireHolds.run({ db: env.db, now: new Date(testNow().getTime() + 20 * 60_000) })).toMatchObject({ changed: 0 }); } finally { env.setNow(null); }
    await deliver(mach.account, 'checkout.session.completed', session(held, { payment_status: 'paid', customer: 'cus_hold' }));
    expect(await laserMinutesLeft(lea)).toBe(before + 120);
    expect((await json(await lea.fetch(`/api/v1/bookings/${held.id}`))).status).toBe('cancelled');
    expect((await lea.api.call(billing.myBilling)).payments.find((p) => p.id === held.id)).toMatchObject({ status: 'paid', attention: 'paid_after_release' });
    // The afternoon is free again: it can be booked with the credits that came back.
    expect((await book(lea, m.id, day, '14:00', '16:00', false)).quote.totalCents).toBe(0);
    expect(await laserMinutesLeft(lea)).toBe(before);
  });

  it('payment failed: the same release (reason payment_failed)', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    await laserPass(lea);
    const start = await laserMinutesLeft(lea);
    const m = await laser(lea);
    const day = weekday(1);
    await book(lea, m.id, day, '09:00', '12:00', false);
    const held = await book(lea, m.id, day, '13:00', '16:00', true);
    expect(await laserMinutesLeft(lea)).toBe(start - 300);
    await deliver(mach.account, 'checkout.session.async_payment_failed', session(held, { payment_status: 'unpaid' }));
    expect(await json(await lea.fetch(`/api/v1/bookings/${held.id}`))).toMatchObject({ status: 'cancelled', cancelReason: 'payment_failed' });
    expect(await laserMinutesLeft(lea)).toBe(start - 180);
  });

  it('a hold covered by credits lapses: expire-holds gives them back, once', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    await laserPass(lea);
    const start = await laserMinutesLeft(lea);
    const m = await laser(lea);
    const held = await book(lea, m.id, weekday(2), '10:00', '12:00', true);
    expect(held.quote.totalCents).toBe(0);
    expect(await laserMinutesLeft(lea)).toBe(start - 120);
    const later = new Date(testNow().getTime() + 20 * 60_000);
    expect(await expireHolds.run({ db: env.db, now: later })).toMatchObject({ changed: 1 });
    expect(await expireHolds.run({ db: env.db, now: later })).toMatchObject({ changed: 0 });
    expect(await laserMinutesLeft(lea)).toBe(start);
  });
});
