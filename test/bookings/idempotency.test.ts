import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@lieu/api';
import { createBooking } from '@lieu/api/bookings';
import { DEMO, race } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { at, json, resourceNamed, signIn, NOW } from './support';

/**
 * A phone that resends after a lost response: the same Idempotency-Key with the same body is the
 * same request, answered once, whatever the timing; the same key with another body is refused.
 */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ tenantCacheMs: 60_000 }); env.setNow(NOW); }); // warm caches, as in a warm Lambda
afterAll(async () => { await env?.close(); });

const post = (b: Awaited<ReturnType<typeof signIn>>, path: string, body: unknown, key?: string) =>
  b.fetch(path, { method: 'POST', json: body, headers: { origin: b.baseUrl, ...(key ? { 'idempotency-key': key } : {}) } });

async function myBookingsAt(b: Awaited<ReturnType<typeof signIn>>, start: string) {
  const mine = await json(await b.fetch('/api/v1/me/bookings?limit=100'));
  return (mine.items as { start: string; status: string }[]).filter((i) => i.start === new Date(start).toISOString() && i.status !== 'cancelled');
}

describe('Idempotency-Key on bookings', () => {
  it('the same key and body twice on the open-space desk area is one booking, one seat, the same answer', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const area = await resourceNamed(lea, 'Open-space');
    const body = { resourceId: area.id, start: at('09:00'), end: at('10:00') };
    const first = await post(lea, '/api/v1/bookings', body, 'lea-book-0001');
    expect(first.status).toBe(201);
    const again = await post(lea, '/api/v1/bookings', body, 'lea-book-0001');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [await json(first), await json(again)];
    expect(b).toEqual(a);
    expect(await myBookingsAt(lea, body.start)).toHaveLength(1);
  });

  it('ten concurrent sends of one key make one booking; every answer is that booking or "busy, retry"', async () => {
    const yanis = await signIn(env, 'machinerie', DEMO.machinerie.member2);
    const area = await resourceNamed(yanis, 'Open-space');
    const body = { resourceId: area.id, start: at('11:00'), end: at('12:00') };
    const answers = await race(10, () => post(yanis, '/api/v1/bookings', body, 'yanis-book-0002'));
    const ok = answers.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const ids = new Set(await Promise.all(ok.map(async (r) => (await json(r)).id)));
    expect(ids.size).toBe(1);
    expect(await myBookingsAt(yanis, body.start)).toHaveLength(1);
    // A retry after the dust settles gets the booking.
    const later = await post(yanis, '/api/v1/bookings', body, 'yanis-book-0002');
    expect(later.status).toBe(201);
    expect((await json(later)).id).toBe([...ids][0]);
  });

  it('the same key with another body is a 422 and books nothing more', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const area = await resourceNamed(lea, 'Open-space');
    expect((await post(lea, '/api/v1/bookings', { resourceId: area.id, start: at('14:00'), end: at('15:00') }, 'lea-book-0003')).status).toBe(201);
    const other = await post(lea, '/api/v1/bookings', { resourceId: area.id, start: at('16:00'), end: at('17:00') }, 'lea-book-0003');
    expect(other.status).toBe(422);
    expect((await json(other)).error).toMatchObject({ code: 'rule_violation', reason: 'idempotency_key_reused' });
    expect(await myBookingsAt(lea, at('16:00'))).toHaveLength(0);
  });

  it("one member's key is not another's: the same key from two members makes two bookings", async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const yanis = await signIn(env, 'machinerie', DEMO.machinerie.member2);
    const area = await resourceNamed(lea, 'Open-space');
    const body = { resourceId: area.id, start: at('17:00'), end: at('18:00') };
    const a = await post(lea, '/api/v1/bookings', body, 'shared-key-0004');
    const b = await post(yanis, '/api/v1/bookings', body, 'shared-key-0004');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await json(a)).id).not.toBe((await json(b)).id);
  });

  it('a retried cancel answers the first cancel (200), not "already cancelled"', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const area = await resourceNamed(lea, 'Open-space');
    const made = await json(await post(lea, '/api/v1/bookings', { resourceId: area.id, start: at('10:00', '2026-12-09'), end: at('11:00', '2026-12-09') }));
    const first = await post(lea, `/api/v1/bookings/${made.id}/cancel`, {}, 'lea-cancel-0005');
    expect(first.status).toBe(200);
    const again = await post(lea, `/api/v1/bookings/${made.id}/cancel`, {}, 'lea-cancel-0005');
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual(await json(first));
    const plain = await post(lea, `/api/v1/bookings/${made.id}/cancel`, {});
    expect(plain.status).toBeGreaterThanOrEqual(400); // without the key it is a new request, refused by the rules
  });

  it('a booking with its idempotency record stays at 2 round trips (the record and its answer ride in the transaction)', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const area = await resourceNamed(lea, 'Open-space');
    const body = { resourceId: area.id, start: at('09:00', '2026-12-10'), end: at('10:00', '2026-12-10') };
    await post(lea, '/api/v1/bookings', { ...body, start: at('08:00', '2026-12-10'), end: at('09:00', '2026-12-10') }); // warm the caches
    env.roundTrips.reset();
    const res = await post(lea, '/api/v1/bookings', body, 'lea-book-0006');
    expect(res.status).toBe(201);
    expect(env.roundTrips.byCommand).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('a malformed key is a 400 with the field named', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const area = await resourceNamed(lea, 'Open-space');
    const res = await post(lea, '/api/v1/bookings', { resourceId: area.id, start: at('09:00', '2026-12-11'), end: at('10:00', '2026-12-11') }, 'no spaces allowed!');
    expect(res.status).toBe(400);
    expect((await json(res)).error.details.fields[0].path).toBe('header.Idempotency-Key');
  });

  it("the portal's client resends a booking whose answer was lost with the same key: one booking, and the member gets it", async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const area = await resourceNamed(lea, 'Open-space');
    const keys: (string | null)[] = [];
    let dropped = 0;
    // The first answer is lost on the way back (the server did the work); the client sees a network error.
    const flaky = (async (url: string, init: RequestInit) => {
      keys.push(new Headers(init.headers).get('idempotency-key'));
      const res = await lea.fetch(url.slice(lea.baseUrl.length), init);
      if (dropped++ === 0) throw new TypeError('network connection lost');
      return res;
    }) as typeof fetch;
    const portal = createClient({ baseUrl: lea.baseUrl, fetch: flaky, retries: 2 });
    const body = { resourceId: area.id, start: at('09:00', '2026-12-14'), end: at('10:00', '2026-12-14') };
    const booking = await portal.call(createBooking, { body });
    expect(booking.start).toBe(new Date(body.start).toISOString());
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await myBookingsAt(lea, body.start)).toHaveLength(1);
  });
});
