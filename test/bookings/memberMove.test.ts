import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Browser } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { DAY, NOW, at, book, json, resourceNamed, signIn, type Resource } from './support';

/** A member moves their own booking: before its cancellation deadline, within the rules of a new booking, same length and price. */
let env: TestEnv;
let lea: Browser, yanis: Browser, hugo: Browser;
let somme: Resource;

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  [lea, yanis, hugo] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2),
    signIn(env, 'machinerie', DEMO.machinerie.operator),
  ]);
  somme = await resourceNamed(lea, 'Salle Somme');
});
afterAll(async () => { await env?.close(); });
afterEach(() => env.setNow(NOW));

const move = (b: Browser, id: string, body: unknown) => b.fetch(`/api/v1/bookings/${id}/move`, { method: 'POST', json: body });

describe('a member moving their own booking', () => {
  it('moves it to a free time the same day: same length and price, the old time is free again', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('10:00'), end: at('11:00') }));
    const res = await move(lea, b.id, { start: at('14:00') });
    expect(res.status).toBe(200);
    const moved = await json(res);
    expect(moved).toMatchObject({ id: b.id, localStart: `${DAY}T14:00:00+01:00`, localEnd: `${DAY}T15:00:00+01:00`, status: 'confirmed', quote: b.quote });
    expect(moved.cancelDeadline).toBe(new Date(Date.parse(moved.start) - 24 * 3_600_000).toISOString());
    expect(await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).toMatchObject({ localStart: `${DAY}T14:00:00+01:00` });
    expect((await book(yanis, { resourceId: somme.id, start: at('10:00'), end: at('11:00') })).status).toBe(201);
  });

  it('cannot move another member’s booking (404), which stays where it was', async () => {
    const theirs = await json(await book(yanis, { resourceId: somme.id, start: at('12:00'), end: at('13:00') }));
    expect((await move(lea, theirs.id, { start: at('17:00') })).status).toBe(404);
    expect(await json(await yanis.fetch(`/api/v1/bookings/${theirs.id}`))).toMatchObject({ localStart: `${DAY}T12:00:00+01:00` });
  });

  it('at the deadline it moves; a minute after it is refused with the deadline (422), while staff still may', async () => {
    const onTime = await json(await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-04'), end: at('11:00', '2026-12-04') }));
    const late = await json(await book(lea, { resourceId: somme.id, start: at('14:00', '2026-12-04'), end: at('15:00', '2026-12-04') }));
    env.setNow(new Date(onTime.cancelDeadline));
    expect((await move(lea, onTime.id, { start: at('11:00', '2026-12-04') })).status).toBe(200);
    env.setNow(new Date(Date.parse(late.cancelDeadline) + 60_000));
    const refused = await move(lea, late.id, { start: at('16:00', '2026-12-04') });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error).toMatchObject({ reason: 'move_deadline', params: { deadline: late.cancelDeadline, hours: 24 } });
    expect(await json(await lea.fetch(`/api/v1/bookings/${late.id}`))).toMatchObject({ localStart: '2026-12-04T14:00:00+01:00' });
    expect((await move(hugo, late.id, { start: at('16:00', '2026-12-04') })).status).toBe(200);
  });

  it('cannot move onto a taken time (409): both bookings stay as they were', async () => {
    const other = await json(await book(yanis, { resourceId: somme.id, start: at('16:00'), end: at('17:00') }));
    const mine = await json(await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-10'), end: at('11:00', '2026-12-10') }));
    const res = await move(lea, mine.id, { start: at('16:30') });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'conflict', details: { rule: 'already_booked' } });
    expect(await json(await lea.fetch(`/api/v1/bookings/${mine.id}`))).toMatchObject({ localStart: '2026-12-10T10:00:00+01:00' });
    expect(await json(await yanis.fetch(`/api/v1/bookings/${other.id}`))).toMatchObject({ localStart: `${DAY}T16:00:00+01:00`, status: 'confirmed' });
  });

  it('the new time passes the rules of a new booking: opening hours and how far ahead (422)', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('09:00', '2026-12-11'), end: at('10:00', '2026-12-11') }));
    expect((await json(await move(lea, b.id, { start: at('22:00', '2026-12-11') }))).error.details.rule).toBe('opening_hours');
    const days = somme.rules.maxDaysAhead as number;
    const far = new Date(NOW.getTime() + (days + 2) * 86_400_000).toISOString();
    expect((await json(await move(lea, b.id, { start: far }))).error.details.rule).toBe('max_days_ahead');
    expect(await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).toMatchObject({ localStart: '2026-12-11T09:00:00+01:00' });
  });
  it('on a machine whose training the member no longer holds: refused (422 qualification), the booking stays', async () => {
    const prusa = await resourceNamed(yanis, 'Imprimante 3D Prusa #1');
    const b = await json(await book(yanis, { resourceId: prusa.id, start: at('10:00', '2026-12-15'), end: at('11:00', '2026-12-15') }));
    expect(b.id).toBeTruthy();
    const training = ((await json(await hugo.fetch('/api/v1/trainings'))).items as { id: string; name: string }[]).find((x) => x.name === 'Impression 3D 101')!;
    const yanisId = (await json(await yanis.fetch('/api/v1/auth/me'))).user.id as string;
    expect((await hugo.fetch(`/api/v1/members/${yanisId}/qualifications/${training.id}`, { method: 'DELETE' })).status).toBe(200);
    const refused = await move(yanis, b.id, { start: at('14:00', '2026-12-15') });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.details.rule).toBe('qualification');
    expect(await json(await yanis.fetch(`/api/v1/bookings/${b.id}`))).toMatchObject({ localStart: '2026-12-15T10:00:00+01:00' });
  });
});
