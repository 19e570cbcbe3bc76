import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRoundTrips, type RoundTripCounter } from '@lieu/db';
import { createTestEnv, type TestEnv } from '../support/env';
import { Browser, DEMO, hosts } from '../support/http';
import { NOW, at, book, json, resourceNamed } from './support';

/**
 * Creating a booking costs 2 DynamoDB round trips in a warm process: one
 * BatchGetItem (the member, trainings and qualifications, and the billing items by key: profile,
 * credits index, the month's quota used) and the booking's transaction; the catalogue is cached.
 * Only a member whose credits may still cover the day needs a third (the credits), and the price
 * is the same as with the partition read in full.
 */
let env: TestEnv;
let counter: RoundTripCounter;
const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);

beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 }); // warm caches, as in a warm Lambda
  env.setNow(NOW);
  counter = countRoundTrips(env.db);
});
afterAll(async () => { await env?.close(); });

async function counted(fn: () => Promise<Response>) {
  counter.reset();
  const res = await fn();
  const calls = { total: counter.calls, ...counter.byCommand };
  expect(res.status, await res.clone().text()).toBe(201);
  return { booking: await json(res), calls };
}

async function buyAtDesk(member: Browser, op: Browser, kind: 'plan' | 'pass', name: string) {
  const cat = await json(await member.fetch('/api/v1/billing/catalogue'));
  const entry = (kind === 'plan' ? cat.plans : cat.passes).find((e: { name: string }) => e.name === name);
  const p = await json(await member.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind, id: entry.id } }));
  expect((await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } })).status).toBe(200);
}

describe('round trips of creating a booking', () => {
  it('a member without credits: one BatchGetItem and one TransactWriteItems, at the price the quote gives', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Somme');
    expect((await book(lea, { resourceId: room.id, start: at('12:00'), end: at('13:00') })).status).toBe(201); // warms the rules and the catalogue
    const { booking, calls } = await counted(() => book(lea, { resourceId: room.id, start: at('10:00'), end: at('11:00') }));
    expect(calls).toEqual({ total: 2, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    // The same price as the quote route, which reads the member's whole billing partition.
    const quote = await json(await lea.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [{ kind: 'booking', resourceKind: room.kind, resourceId: room.id, minutes: 60, date: '2026-12-08' }] } }));
    expect(booking.quote.totalCents).toBe(quote.totalCents);
    expect(booking.quote.totalCents).toBeGreaterThan(0);
  });

  it('a plan with a monthly quota: the quota used is read by key, still 2 round trips, and the quota holds across bookings', async () => {
    const julie = await as(hosts.coloc, DEMO.coloc.member);
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    await buyAtDesk(julie, op, 'plan', 'Coworking illimité');
    const room = await resourceNamed(julie, 'Salle de réunion');
    expect((await book(julie, { resourceId: room.id, start: at('09:00', '2026-12-09'), end: at('12:00', '2026-12-09') })).status).toBe(201); // 3 h of the 4 h quota
    const { booking, calls } = await counted(() => book(julie, { resourceId: room.id, start: at('14:00', '2026-12-10'), end: at('16:00', '2026-12-10') }));
    expect(calls).toEqual({ total: 2, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(booking.quote.totalCents).toBe(2000); // 1 h left in the quota: one hour to pay, as with the partition read in full
  });

  it('credits that may cover the day add one Query, and are spent', async () => {
    const sophie = await as(hosts.machinerie, 'sophie@machinerie.example');
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    await buyAtDesk(sophie, op, 'pass', 'Carte 10 jours');
    const open = await resourceNamed(sophie, 'Open-space');
    expect((await book(sophie, { resourceId: open.id, start: at('09:00', '2026-12-02'), end: at('17:00', '2026-12-02') })).status).toBe(201);
    const { booking, calls } = await counted(() => book(sophie, { resourceId: open.id, start: at('09:00', '2026-12-03'), end: at('17:00', '2026-12-03') }));
    expect(calls).toEqual({ total: 3, BatchGetItemCommand: 1, QueryCommand: 1, TransactWriteItemsCommand: 1 });
    expect(booking.quote.totalCents).toBe(0);
    const card = (await json(await sophie.fetch('/api/v1/billing/me'))).credits.find((c: { name: string }) => c.name === 'Carte 10 jours');
    expect(card).toMatchObject({ remaining: 8 });
  });

  it('cancelling a priced booking: one BatchGetItem (the booking and its payment) and its transaction, and the payment is released', async () => {
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Somme');
    const made = await json(await book(lea, { resourceId: room.id, start: at('15:00'), end: at('16:00') }));
    expect(made.quote.totalCents).toBeGreaterThan(0);
    counter.reset();
    const res = await lea.fetch(`/api/v1/bookings/${made.id}/cancel`, { method: 'POST', json: {} });
    expect(res.status, await res.clone().text()).toBe(200);
    expect({ total: counter.calls, ...counter.byCommand }).toEqual({ total: 2, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    const me = await json(await lea.fetch('/api/v1/billing/me'));
    expect(me.payments.find((p: { id: string }) => p.id === made.id)?.status).not.toBe('pending');
  });
});
