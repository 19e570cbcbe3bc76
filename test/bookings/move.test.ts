import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, race } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { DAY, NOW, at, book, json, resourceNamed, signIn, slotItems, tenantIdOf, type Resource } from './support';

/** Staff move a booking: one transaction, same length and price, 409 when taken. */
let env: TestEnv;
let lea: Browser, yanis: Browser, hugo: Browser, colocStaff: Browser;
let somme: Resource, picardie: Resource, prusa1: Resource, prusa2: Resource;
let tenantId: string;

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  [lea, yanis, hugo, colocStaff] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2),
    signIn(env, 'machinerie', DEMO.machinerie.operator), signIn(env, 'coloc', DEMO.coloc.operator),
  ]);
  [somme, picardie, prusa1, prusa2] = (await Promise.all(['Salle Somme', 'Salle Picardie', 'Imprimante 3D Prusa #1', 'Imprimante 3D Prusa #2'].map((n) => resourceNamed(lea, n)))) as [Resource, Resource, Resource, Resource];
  tenantId = await tenantIdOf(lea);
});
afterAll(async () => { await env?.close(); });

const move = (b: Browser, id: string, body: unknown) => b.fetch(`/api/v1/bookings/${id}/move`, { method: 'POST', json: body });
const slotsOf = async (r: Resource, date = DAY) => (await slotItems(env.db, tenantId, r.id, date)).map((i) => [String(i.SK).slice(-6, -1), i.bookingId]);

describe('moving a booking', () => {
  it('to an overlapping later time on the same room: the shared granules stay, the freed ones are bookable, the price and the one member entry follow', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('10:00'), end: at('11:00') }));
    const moved = await move(hugo, b.id, { start: at('10:30') });
    expect(moved.status).toBe(200);
    expect(await json(moved)).toMatchObject({ id: b.id, localStart: `${DAY}T10:30:00+01:00`, localEnd: `${DAY}T11:30:00+01:00`, status: 'confirmed', quote: b.quote });
    expect(await slotsOf(somme)).toEqual([['09:30', b.id], ['09:45', b.id], ['10:00', b.id], ['10:15', b.id]]); // UTC granules
    expect((await book(yanis, { resourceId: somme.id, start: at('10:00'), end: at('10:30') })).status).toBe(201);
    const mine = (await json(await lea.fetch('/api/v1/me/bookings'))).items.filter((x: { id: string }) => x.id === b.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ localStart: `${DAY}T10:30:00+01:00` });
  });

  it('to another printer of the same kind and rate keeps the quote and frees the first; another rate is refused (422) and nothing changes', async () => {
    const b = await json(await book(lea, { resourceId: prusa1.id, start: at('14:00'), end: at('16:00') }));
    const moved = await json(await move(hugo, b.id, { resourceId: prusa2.id, start: at('15:00') }));
    expect(moved).toMatchObject({ resourceId: prusa2.id, resourceName: 'Imprimante 3D Prusa #2', localStart: `${DAY}T15:00:00+01:00`, localEnd: `${DAY}T17:00:00+01:00`, quote: b.quote });
    expect(await slotsOf(prusa1)).toEqual([]);
    expect((await slotsOf(prusa2)).map(([, id]) => id)).toEqual(Array(8).fill(b.id));

    const room = await json(await book(lea, { resourceId: somme.id, start: at('16:00'), end: at('17:00') }));
    const refused = await json(await move(hugo, room.id, { resourceId: picardie.id, start: at('16:00') }));
    expect(refused.error).toMatchObject({ code: 'rule_violation', details: { rule: 'move_other_price' } });
    expect(await json(await hugo.fetch(`/api/v1/bookings/${room.id}`))).toMatchObject({ resourceId: somme.id, localStart: `${DAY}T16:00:00+01:00` });
  });

  it('onto a taken time: 409, and the booking, its slots and the other booking are as they were', async () => {
    const mine = await json(await book(lea, { resourceId: somme.id, start: at('12:00'), end: at('13:00') }));
    const other = await json(await book(yanis, { resourceId: somme.id, start: at('13:00'), end: at('14:00') }));
    const before = await slotsOf(somme);
    const res = await move(hugo, mine.id, { start: at('12:30') });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'conflict', details: { rule: 'already_booked' } });
    expect(await slotsOf(somme)).toEqual(before);
    expect(await json(await hugo.fetch(`/api/v1/bookings/${mine.id}`))).toMatchObject({ localStart: `${DAY}T12:00:00+01:00` });
    expect(await json(await hugo.fetch(`/api/v1/bookings/${other.id}`))).toMatchObject({ localStart: `${DAY}T13:00:00+01:00`, status: 'confirmed' });
    // Outside the rules: closed hours are 422 too.
    expect((await json(await move(hugo, mine.id, { start: at('20:00') }))).error.details.rule).toBe('opening_hours');
  });

  it('race: 10 moves of 10 bookings and 10 new bookings aim at one free hour; exactly one wins and the losers keep their slots', { timeout: 60_000 }, async () => {
    const date = '2026-12-09';
    // Ten half-hours on the next day, an hour apart (the buffer keeps them apart).
    const hours = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00'];
    const ours: Array<{ id: string }> = [];
    for (const h of hours) ours.push(await json(await book(yanis, { resourceId: picardie.id, start: at(h, '2026-12-14'), end: at(`${h.slice(0, 2)}:30`, '2026-12-14') })));
    expect(ours.every((b) => b.id), JSON.stringify(ours.find((b) => !b.id))).toBe(true);
    const target = at('10:00', date);
    const responses = await race(20, (i) => i % 2
      ? move(hugo, ours[i >> 1]!.id, { start: target })
      : book(lea, { resourceId: picardie.id, start: target, end: at('10:30', date) }));
    const ok = responses.filter((r) => r.status === 200 || r.status === 201);
    expect(ok).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    const winner = await json(ok[0]!);
    // 10:00–10:30 plus Picardie's 15-minute buffer: three granules, all the winner's.
    expect((await slotsOf(picardie, date)).map(([, id]) => id)).toEqual([winner.id, winner.id, winner.id]);
    const day10 = await slotsOf(picardie, '2026-12-14');
    const stillThere = ours.filter((b) => b.id !== winner.id);
    for (const b of stillThere) expect(day10.filter(([, id]) => id === b.id)).toHaveLength(3);
  });

  it('another member may not move it (404); another space’s staff get 404; bad input is 400', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('17:00'), end: at('18:00') }));
    expect((await move(yanis, b.id, { start: at('18:00') })).status).toBe(404);
    expect((await move(colocStaff, b.id, { start: at('18:00') })).status).toBe(404);
    expect((await move(hugo, b.id, { start: 'tomorrow' })).status).toBe(400);
    expect((await move(hugo, b.id, { start: at('18:00'), resourceId: 'nope' })).status).toBe(400);
    expect(await json(await hugo.fetch(`/api/v1/bookings/${b.id}`))).toMatchObject({ localStart: `${DAY}T17:00:00+01:00` });
  });
});

describe('qualifications are audited and listed per training', () => {
  it('a grant and a revoke each write their audit entry; a revoke of nothing is 404 with no entry; holders are named', async () => {
    const trainings = (await json(await hugo.fetch('/api/v1/trainings'))).items as { id: string; name: string }[];
    const laserTraining = trainings.find((t) => t.name === 'Découpe laser — bases')!;
    const yanisId = (await json(await yanis.fetch('/api/v1/auth/me'))).user.id as string;
    const holders = async () => (await json(await hugo.fetch(`/api/v1/trainings/${laserTraining.id}/holders`))).items.map((h: { memberName: string }) => h.memberName);
    expect(await holders()).toEqual(['Léa Martin']);

    expect((await hugo.fetch(`/api/v1/members/${yanisId}/qualifications`, { method: 'POST', json: { trainingId: laserTraining.id } })).status).toBe(201);
    expect(await holders()).toEqual(['Léa Martin', 'Yanis Benali']);
    env.setNow(new Date(NOW.getTime() + 60_000)); // the audit log is ordered by time
    expect((await hugo.fetch(`/api/v1/members/${yanisId}/qualifications/${laserTraining.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await hugo.fetch(`/api/v1/members/${yanisId}/qualifications/${laserTraining.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await holders()).toEqual(['Léa Martin']);

    const audit = (await json(await hugo.fetch(`/api/v1/audit?action=qualification.&targetId=${yanisId}`))).items as { action: string; summary: string }[];
    expect(audit.map((a) => a.action)).toEqual(['qualification.revoked', 'qualification.granted']);
    expect(audit[1]!.summary).toContain('Découpe laser — bases');

    env.setNow(NOW);
    expect((await lea.fetch(`/api/v1/trainings/${laserTraining.id}/holders`)).status).toBe(403);
    expect((await colocStaff.fetch(`/api/v1/trainings/${laserTraining.id}/holders`)).status).toBe(404);
  });
});

describe('resource edits', () => {
  it('a price change is audited with before → after in the same write; a rule-only change writes no price entry; a stale version is 409', async () => {
    const room = await json(await hugo.fetch(`/api/v1/resources/${somme.id}`));
    const priced = await hugo.fetch(`/api/v1/resources/${somme.id}`, { method: 'PATCH', json: { priceCentsPerHour: 1800, version: room.version } });
    expect(await json(priced)).toMatchObject({ priceCentsPerHour: 1800, version: room.version + 1 });
    const rules = await hugo.fetch(`/api/v1/resources/${somme.id}`, { method: 'PATCH', json: { rules: { ...room.rules, bufferMinutes: 15 }, version: room.version + 1 } });
    expect(rules.status).toBe(200);
    expect((await hugo.fetch(`/api/v1/resources/${somme.id}`, { method: 'PATCH', json: { priceCentsPerHour: 1, version: room.version } })).status).toBe(409);
    const audit = (await json(await hugo.fetch(`/api/v1/audit?action=resource.&targetId=${somme.id}`))).items;
    expect(audit, JSON.stringify(audit)).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'resource.price_changed', changes: { priceCentsPerHour: { from: 1500, to: 1800 } } });
    expect((await json(await hugo.fetch(`/api/v1/resources/${somme.id}`))).priceCentsPerHour).toBe(1800);
  });
});
