import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { bookingKeys } from '@lieu/db';
import { Browser, DEMO, hosts, race } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { NOW, at, resourceNamed, signIn, slotItems, tenantIdOf } from '../bookings/support';
import { createEvent } from '../events/support';
import { faultSeed, injectFaults, type FaultInjector } from './inject';

/**
 * The race suites again, with faults: on a share of DynamoDB calls the answer is lost after the
 * write committed, the call is dropped before it, throttled, or a transaction meets a
 * TransactionConflict; and some HTTP answers are lost on the way back to the client. Clients resend
 * with the same Idempotency-Key, as the portal does. The invariants of the races still hold, and
 * every 2xx a client got is true. Reproduce a run with LIEU_FAULT_SEED=<the seed printed>.
 */
let env: TestEnv;
let faults: FaultInjector;
const seed = faultSeed();
/** Share of DynamoDB calls that meet a fault, and of HTTP answers lost on the way back. */
const RATE = 0.12, LOST_ANSWER = 0.1;

beforeAll(async () => {
  console.log(`fault-injection seed: ${seed} (LIEU_FAULT_SEED=${seed} replays it)`);
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  env.setNow(NOW);
  faults = injectFaults(env.db, { seed, rate: RATE });
});
afterAll(async () => {
  console.log(`faults injected (seed ${seed}):`, JSON.stringify(faults?.counts));
  faults?.stop();
  await env?.close();
});

interface Outcome { key: string; status: number; body: any; attempts: number; statuses: number[] }

/**
 * A client action: one Idempotency-Key, resent on a network failure, a lost answer, a 5xx, or a
 * "busy, retry" (409 with Retry-After), up to `tries` sends. The outcome is the last answer read.
 */
async function act(b: Browser, path: string, body: unknown, key: string, tries = 6): Promise<Outcome> {
  const statuses: number[] = [];
  for (let attempt = 1; ; attempt++) {
    let res: Response | null = null;
    try {
      res = await b.fetch(path, { method: 'POST', json: body, headers: { 'idempotency-key': key } });
    } catch {
      statuses.push(0);
    }
    if (res) {
      statuses.push(res.status);
      const data = await res.json().catch(() => null);
      const lost = faults.on && faults.draw() < LOST_ANSWER; // the server answered; the client never sees it
      const retry = lost || res.status >= 500 || (res.status === 409 && res.headers.get('retry-after') !== null);
      if (!retry || attempt >= tries) {
        if (lost) statuses.push(-1);
        if (!lost || attempt < tries) return { key, status: res.status, body: data, attempts: attempt, statuses };
        return { key, status: 0, body: null, attempts: attempt, statuses };
      }
      if (lost) statuses[statuses.length - 1] = -res.status;
    } else if (attempt >= tries) {
      return { key, status: 0, body: null, attempts: attempt, statuses };
    }
    await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 4) * (0.5 + Math.random())));
  }
}

/** Runs `fire` with faults on, then turns them off for the checks. */
async function withFaults<T>(fire: () => Promise<T>): Promise<T> {
  faults.on = true;
  try { return await fire(); } finally { faults.on = false; }
}

const tally = (xs: Array<string | number>) => xs.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
const json = async (res: Response) => (await res.json()) as any;
const unsettled = (outcomes: Outcome[]) => outcomes.filter((o) => o.status === 0 || o.status >= 500 || (o.status === 409 && o.body?.error?.reason === 'busy'));

describe('races under faults, clients resending with their Idempotency-Key', () => {
  it('one laser slot, 40 members’ requests at once: one booking, told to its client only, and the slot items name it', { timeout: 120_000 }, async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const laser = await resourceNamed(lea, 'Découpeuse laser');
    const body = { resourceId: laser.id, start: at('10:00'), end: at('11:00') };
    const outcomes = await withFaults(() => race(40, (i) => act(lea, '/api/v1/bookings', body, `slot-${seed}-${i}`)));
    console.log('one slot:', JSON.stringify(tally(outcomes.map((o) => o.status))));
    const tenantId = await tenantIdOf(lea);
    const stored = await env.db.doc.send(new QueryCommand({
      TableName: env.db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': bookingKeys.resourceBookings(tenantId, laser.id) },
    }));
    const confirmed = (stored.Items ?? []).filter((i) => i.status === 'confirmed');
    expect(confirmed).toHaveLength(1);
    const won = outcomes.filter((o) => o.status === 201);
    // Every 201 is that booking; the one client whose key made it was told so (not "already booked").
    expect(new Set(won.map((o) => o.body.id))).toEqual(new Set([confirmed[0]!.id]));
    expect(unsettled(outcomes)).toEqual([]);
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status !== 201).every((o) => o.status === 409 && o.body.error.code === 'conflict')).toBe(true);
    const items = await slotItems(env.db, tenantId, laser.id, '2026-12-08');
    expect(new Set(items.map((i) => i.bookingId))).toEqual(new Set([confirmed[0]!.id]));
  });

  it('a 20-seat open space, 30 requests at once: one seat per key, at most 20, and every counter says what is booked', { timeout: 120_000 }, async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const yanis = await signIn(env, 'machinerie', DEMO.machinerie.member2);
    const area = await resourceNamed(lea, 'Open-space');
    const body = { resourceId: area.id, start: at('09:00'), end: at('13:00') };
    const outcomes = await withFaults(() => race(30, (i) => act(i % 2 ? lea : yanis, '/api/v1/bookings', body, `seat-${seed}-${i}`)));
    console.log('open space:', JSON.stringify(tally(outcomes.map((o) => o.status))));
    const tenantId = await tenantIdOf(lea);
    const stored = await env.db.doc.send(new QueryCommand({
      TableName: env.db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': bookingKeys.resourceBookings(tenantId, area.id) },
    }));
    const confirmed = (stored.Items ?? []).filter((i) => i.status === 'confirmed' && i.start === new Date(body.start).toISOString());
    expect(unsettled(outcomes)).toEqual([]);
    const won = outcomes.filter((o) => o.status === 201);
    // One seat per key: every booking was told to exactly one client, and every 201 is a booking.
    expect(won.map((o) => o.body.id).sort()).toEqual(confirmed.map((c) => c.id).sort());
    expect(confirmed).toHaveLength(20);
    const counters = await slotItems(env.db, tenantId, area.id, '2026-12-08');
    expect(new Set(counters.filter((c) => String(c.SK) < 'SLOT#2026-12-08T12:00Z').map((c) => `${c.seats}/${c.confirmedSeats}`))).toEqual(new Set(['20/20']));
  });

  it('5 units, 40 buyers at once: 5 orders, stock 0 and never below, every order told is held', { timeout: 120_000 }, async () => {
    env.setNow(null); // a consignment runs from today: the shop lives on the real clock
    const op = await signIn(env, 'machinerie', DEMO.machinerie.operator);
    const buyers = await Promise.all([DEMO.machinerie.owner, DEMO.machinerie.member, DEMO.machinerie.member2, 'sophie@machinerie.example'].map((e) => signIn(env, 'machinerie', e)));
    const lea = (await json(await buyers[1]!.fetch('/api/v1/auth/me'))).user.id;
    const product = await json(await op.fetch('/api/v1/shop/manage/products', { method: 'POST', json: { title: 'Vase (faults)', priceCents: 1000, vatRateBp: 2000, category: 'Test', consignorId: lea, published: true } }));
    expect((await op.fetch(`/api/v1/shop/consignors/${lea}/deposits`, { method: 'POST', json: { productId: product.id, quantity: 5 } })).status).toBe(201);
    const outcomes = await withFaults(() => race(40, (i) => act(buyers[i % 4]!, '/api/v1/shop/orders', { lines: [{ productId: product.id, quantity: 1 }] }, `order-${seed}-${i}`)));
    console.log('stock:', JSON.stringify(tally(outcomes.map((o) => o.status))), JSON.stringify(outcomes.find((o) => o.status !== 201)?.body));
    expect(unsettled(outcomes)).toEqual([]);
    const won = outcomes.filter((o) => o.status === 201);
    expect(won).toHaveLength(5);
    expect(new Set(won.map((o) => o.body.order.id)).size).toBe(5);
    expect(outcomes.filter((o) => o.status !== 201).every((o) => o.status === 409 && o.body.error.details.rule === 'sold_out')).toBe(true);
    for (const [i, o] of outcomes.entries()) {
      if (o.status !== 201) continue;
      const seen = await json(await buyers[i % 4]!.fetch(`/api/v1/shop/orders/${o.body.order.id}`));
      expect(seen.status).toBe('held');
    }
    const stock = (await json(await op.fetch(`/api/v1/shop/manage/products?consignorId=${lea}`))).items.find((p: any) => p.id === product.id).stock;
    expect(stock).toBe(0);
    const orders = (await json(await op.fetch('/api/v1/shop/orders?limit=100'))).items.filter((o: any) => o.lines?.some((l: any) => l.productId === product.id));
    expect(orders.map((o: any) => o.id).sort()).toEqual(won.map((o) => o.body.order.id).sort());
  });

  it('an event of 12 places, 30 registrations at once: one registration per person, 12 registered, the waitlist in order', { timeout: 120_000 }, async () => {
    env.setNow(NOW);
    const hugo = await signIn(env, 'machinerie', DEMO.machinerie.operator);
    const event = await createEvent(hugo, { capacity: 12 });
    const outcomes = await withFaults(() => race(30, (i) => act(hugo, `/api/v1/events/${event.id}/registrations`, { name: `Visiteur ${i}`, email: `visiteur${i}@example.org` }, `reg-${seed}-${i}`)));
    console.log('event:', JSON.stringify(tally(outcomes.map((o) => o.status))));
    expect(unsettled(outcomes)).toEqual([]);
    expect(outcomes.every((o) => o.status === 201)).toBe(true);
    const list = (await json(await hugo.fetch(`/api/v1/events/${event.id}/registrations`))).items as any[];
    const live = list.filter((r) => r.status === 'registered' || r.status === 'waitlisted');
    expect(live).toHaveLength(30);
    expect(new Set(live.map((r) => r.email)).size).toBe(30);
    expect(live.filter((r) => r.status === 'registered')).toHaveLength(12);
    const waiting = live.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition).sort((a, b) => a - b);
    expect(waiting).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    // What each client was told is what the list says.
    const byId = new Map(live.map((r) => [r.id, r]));
    for (const o of outcomes) {
      const r = byId.get(o.body.registration.id);
      expect(r, JSON.stringify(o.body)).toBeDefined();
      expect([r.status, r.waitlistPosition ?? null]).toEqual([o.body.registration.status, o.body.registration.waitlistPosition ?? null]);
    }
    expect((await json(await hugo.fetch(`/api/v1/events/${event.id}`))).registered).toBe(12);
  });

  it('12 desk payments recorded at once: each paid once, receipt numbers with no gap and no duplicate', { timeout: 120_000 }, async () => {
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const yanis = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const pass = (await yanis.api.call(billing.getCatalogue)).passes.find((p) => p.name === 'Pass journée')!;
    const creditsBefore = (await yanis.api.call(billing.myBilling)).credits.filter((c) => c.name === 'Pass journée').length;
    const pending = await race(12, async () => json(await yanis.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } })));
    const outcomes = await withFaults(() => race(12, (i) => act(op, `/api/v1/billing/members/${pending[i].memberId}/payments/${pending[i].id}/record`, { method: 'card_terminal' }, `pay-${seed}-${i}`)));
    console.log('desk payments:', JSON.stringify(tally(outcomes.map((o) => o.status))));
    expect(unsettled(outcomes)).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(Array(12).fill(200));
    const payments = (await json(await op.fetch('/api/v1/billing/payments?limit=100'))).items as any[];
    const numbers = payments.map((p) => p.receiptNumber).filter(Boolean).map((n: string) => Number(n.slice(2))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    for (const [i, o] of outcomes.entries()) {
      const p = payments.find((x) => x.id === pending[i].id);
      expect(p.status).toBe('paid');
      expect(o.body.receiptNumber ?? p.receiptNumber).toBe(p.receiptNumber);
    }
    const credits = (await yanis.api.call(billing.myBilling)).credits.filter((c) => c.name === 'Pass journée').length;
    expect(credits - creditsBefore).toBe(12);
  });
});
