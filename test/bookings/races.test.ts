import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingKeys } from '@lieu/db';
import { DEMO, race } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { DAY, NOW, at, book, json, resourceNamed, signIn, slotItems, tenantIdOf } from './support';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  env.setNow(NOW);
});
afterAll(async () => { await env?.close(); });

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

describe('double booking is impossible by construction', () => {
  // Generous timeouts: 250 requests at once on a 2-core machine shared with other suites.
  it('200 concurrent requests for one laser slot: exactly 1 booking, 199 × 409, no 5xx, and the slot items name the winner', { timeout: 120_000 }, async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const laser = await resourceNamed(lea, 'Découpeuse laser');
    const responses = await race(200, () => book(lea, { resourceId: laser.id, start: at('10:00'), end: at('11:00') }));
    const bodies = await Promise.all(responses.map((r) => json(r)));
    expect(tally(responses.map((r) => r.status))).toEqual({ 201: 1, 409: 199 });
    for (const b of bodies.filter((_, i) => responses[i]!.status === 409)) expect(b.error).toMatchObject({ code: 'conflict', message: 'This time is already booked' });
    const winner = bodies[responses.findIndex((r) => r.status === 201)]!;

    // 10:00–11:00 plus the laser's 15-minute buffer: five granules, all naming the one booking.
    const items = await slotItems(env.db, await tenantIdOf(lea), laser.id, DAY);
    expect(items.map((i) => [i.SK, i.bookingId])).toEqual(
      ['09:00', '09:15', '09:30', '09:45', '10:00'].map((t) => [`SLOT#${DAY}T${t}Z`, winner.id]),
    );
    const stored = await env.db.doc.send(new QueryCommand({
      TableName: env.db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': bookingKeys.resourceBookings(await tenantIdOf(lea), laser.id) },
    }));
    expect(stored.Items!.map((i) => [i.id, i.status])).toEqual([[winner.id, 'confirmed']]);
  });

  it('a 20-seat open space under 50 concurrent bookings of the same half-day: exactly 20 succeed and every counter says 20', { timeout: 120_000 }, async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const yanis = await signIn(env, 'machinerie', DEMO.machinerie.member2);
    const area = await resourceNamed(lea, 'Open-space');
    expect(area.capacity).toBe(20);
    const responses = await race(50, (i) => book(i % 2 ? lea : yanis, { resourceId: area.id, start: at('09:00'), end: at('13:00') }));
    expect(tally(responses.map((r) => r.status))).toEqual({ 201: 20, 409: 30 });
    const refused = await json(responses.find((r) => r.status === 409)!);
    expect(refused.error).toMatchObject({ code: 'conflict', message: 'No seat is left at this time' });
    const counters = await slotItems(env.db, await tenantIdOf(lea), area.id, DAY);
    expect(counters).toHaveLength(16); // 4 hours of 15-minute granules
    expect(new Set(counters.map((c) => `${c.seats}/${c.confirmedSeats}`))).toEqual(new Set(['20/20']));

    const day = await json(await lea.fetch(`/api/v1/resources/${area.id}/availability?date=${DAY}`));
    const morning = day.days[0].slots.filter((s: { localStart: string }) => s.localStart < `${DAY}T13:00`);
    expect(morning.every((s: { free: boolean; seatsLeft: number }) => !s.free && s.seatsLeft === 0)).toBe(true);
    const afternoon = day.days[0].slots.find((s: { localStart: string }) => s.localStart.startsWith(`${DAY}T14:00`));
    expect(afternoon).toMatchObject({ free: true, seatsLeft: 20 });
  });
});

/** Asks every DynamoDB call for its consumed capacity and adds it up (what a benchmark would report). */
function measureCapacity(env: TestEnv) {
  const seen = { units: 0, byCommand: {} as Record<string, number> };
  env.db.raw.middlewareStack.add((next, context) => async (args) => {
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    const out = await next(args);
    const cc = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
    const units = (Array.isArray(cc) ? cc : cc ? [cc] : []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
    const name = String((context as { commandName?: string }).commandName);
    seen.units += units;
    seen.byCommand[name] = (seen.byCommand[name] ?? 0) + units;
    return out;
  }, { step: 'initialize', name: 'lieuCapacity', override: true });
  return {
    take() { const r = { units: seen.units, byCommand: { ...seen.byCommand } }; seen.units = 0; seen.byCommand = {}; return r; },
    stop() { env.db.raw.middlewareStack.remove('lieuCapacity'); },
  };
}

describe('round trips per operation', () => {
  it('create: 2 round trips once the rules read and the catalogue are cached (the member’s billing items ride in the BatchGet); availability of a resource-day: 1 Query; cancel of a priced booking: 1 BatchGetItem (booking and its payment) + 1 transaction', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Somme');
    const capacity = measureCapacity(env);
    try {
      await lea.fetch(`/api/v1/resources/${room.id}/availability?date=${DAY}`); // warms the tenant and rules caches
      env.roundTrips.reset(); capacity.take();

      const made = await book(lea, { resourceId: room.id, start: at('15:00'), end: at('16:00') });
      expect(made.status).toBe(201);
      const create = { trips: { ...env.roundTrips.byCommand }, capacity: capacity.take() };
      // Pricing: the member's billing profile, credits index and month's quota are keys in the BatchGet.
      expect(create.trips).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });

      env.roundTrips.reset();
      await lea.fetch(`/api/v1/resources/${room.id}/availability?date=${DAY}`);
      const availability = { trips: { ...env.roundTrips.byCommand }, capacity: capacity.take() };
      expect(availability.trips).toEqual({ QueryCommand: 1 });

      env.roundTrips.reset();
      expect((await lea.fetch(`/api/v1/bookings/${(await json(made)).id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
      const cancel = { trips: { ...env.roundTrips.byCommand }, capacity: capacity.take() };
      // The payment rides in the booking's read, so that one paid online is refunded in the cancellation's own transaction.
      expect(cancel.trips).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });

      console.log('bookings round trips and capacity units:', JSON.stringify({ create, availability, cancel }));
    } finally { capacity.stop(); }
  });
});

describe('TransactionConflict (DynamoDB in AWS under contention; DynamoDB Local never says it)', () => {
  /** Makes the next `times` TransactWriteItems fail as AWS does when transactions collide. */
  function injectConflicts(times: number) {
    let left = times, attempts = 0;
    env.db.raw.middlewareStack.add((next, context) => async (args) => {
      if ((context as { commandName?: string }).commandName === 'TransactWriteItemsCommand') {
        attempts++;
        if (left-- > 0) {
          throw Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]'), {
            name: 'TransactionCanceledException', $fault: 'client', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
          });
        }
      }
      return next(args);
    }, { step: 'initialize', name: 'injectConflict', override: true });
    return { attempts: () => attempts, stop: () => env.db.raw.middlewareStack.remove('injectConflict') };
  }

  it('a booking whose transaction meets a TransactionConflict is retried with jitter and succeeds', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Picardie');
    const inject = injectConflicts(2);
    try {
      const res = await book(lea, { resourceId: room.id, start: at('10:00'), end: at('11:00') });
      expect(res.status).toBe(201);
      expect(inject.attempts()).toBe(3);
    } finally { inject.stop(); }
    expect(await slotItems(env.db, await tenantIdOf(lea), room.id, DAY)).toHaveLength(5); // 1 h + 15 min buffer
  });

  it('a booking that keeps meeting conflicts ends as a 409 after a few attempts, and writes nothing', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Picardie');
    const inject = injectConflicts(1000);
    let res: Response;
    try {
      res = await book(lea, { resourceId: room.id, start: at('14:00'), end: at('15:00') });
      expect(inject.attempts()).toBe(4);
    } finally { inject.stop(); }
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'conflict', message: 'The resource was changed by another request; try again' });
    const items = await slotItems(env.db, await tenantIdOf(lea), room.id, DAY);
    expect(items.filter((i) => String(i.SK) >= `SLOT#${DAY}T13:00Z`)).toEqual([]);
  });
});
