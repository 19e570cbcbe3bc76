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
  it('200 concurrent requests for one laser slot: exactly 1 booking, 199 × 409, no 5xx, and the slot items name the winner', async () => {
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

  it('a 20-seat open space under 50 concurrent bookings of the same half-day: exactly 20 succeed and every counter says 20', async () => {
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
