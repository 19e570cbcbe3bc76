import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { DAY, NOW, at, book, json, resourceNamed, signIn, type Resource } from './support';

let env: TestEnv;
let lea: Browser, yanis: Browser, sophie: Browser, hugo: Browser;
let somme: Resource, picardie: Resource, laser: Resource, openSpace: Resource;

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  [lea, yanis, sophie, hugo] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2),
    signIn(env, 'machinerie', 'sophie@machinerie.example'), signIn(env, 'machinerie', DEMO.machinerie.operator),
  ]);
  [somme, picardie, laser, openSpace] = (await Promise.all(['Salle Somme', 'Salle Picardie', 'Découpeuse laser', 'Open-space'].map((n) => resourceNamed(lea, n)))) as [Resource, Resource, Resource, Resource];
});
afterAll(async () => { await env?.close(); });
afterEach(() => env.setNow(NOW));

const post = (b: Browser, path: string, body?: unknown) => b.fetch(path, { method: 'POST', ...(body !== undefined ? { json: body } : {}) });
const minutesAfter = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000);

describe('overlaps, touching ranges and buffers', () => {
  it('10:00–12:00 and 11:30–13:00 conflict; 10:00–11:00 and 11:00–12:00 do not', async () => {
    expect((await book(lea, { resourceId: somme.id, start: at('10:00'), end: at('12:00') })).status).toBe(201);
    const overlap = await book(yanis, { resourceId: somme.id, start: at('11:30'), end: at('13:00') });
    expect(overlap.status).toBe(409);
    expect((await json(overlap)).error.code).toBe('conflict');
    expect((await book(yanis, { resourceId: somme.id, start: at('12:00'), end: at('13:00') })).status).toBe(201);
  });

  it('with a 15-minute buffer, touching ranges conflict and a gap of 15 minutes does not', async () => {
    expect(picardie.rules.bufferMinutes).toBe(15);
    expect((await book(lea, { resourceId: picardie.id, start: at('10:00'), end: at('11:00') })).status).toBe(201);
    expect((await book(yanis, { resourceId: picardie.id, start: at('11:00'), end: at('12:00') })).status).toBe(409);
    expect((await book(yanis, { resourceId: picardie.id, start: at('09:00'), end: at('10:00') })).status).toBe(409); // its own buffer runs into 10:00
    expect((await book(yanis, { resourceId: picardie.id, start: at('11:30'), end: at('12:00') })).status).toBe(201);
  });
});

describe('rules refuse with a 422 that names the rule', () => {
  it.each([
    ['opening_hours', at('08:00'), at('09:30'), /only during opening hours/],
    ['opening_hours', at('10:00', '2026-12-13'), at('11:00', '2026-12-13'), /only during opening hours/], // a Sunday
    ['granularity', at('10:10'), at('10:40'), /slots of 30 minutes/],
    ['max_duration', at('10:00'), at('14:00'), /at most 180 minutes/],
    ['min_duration', at('10:00'), at('10:15'), /at least 30 minutes/],
    ['max_days_ahead', at('10:00', '2027-01-12'), at('11:00', '2027-01-12'), /at most 30 days ahead/],
    ['in_past', '2026-11-30T10:00:00+01:00', '2026-11-30T11:00:00+01:00', /already passed/],
    ['range', at('11:00'), at('10:00'), /ends after it starts/],
  ])('%s: %s – %s', async (rule, start, end, message) => {
    const res = await book(lea, { resourceId: laser.id, start, end });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: 'rule_violation', details: { rule } });
    expect(body.error.message).toMatch(message);
  });

  it('an exceptional closed day (25 Dec) and a maintenance closure are refused with their reason', async () => {
    const cal = { exceptionalDays: [{ date: '2026-12-25', hours: [], label: 'Noël' }], closures: [{ from: '2026-12-10T08:00:00Z', to: '2026-12-10T18:00:00Z', label: 'Inventaire' }] };
    expect((await hugo.fetch('/api/v1/opening-calendar', { method: 'PUT', json: cal })).status).toBe(200);
    const xmas = await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-25'), end: at('11:00', '2026-12-25') });
    expect((await json(xmas)).error.details.rule).toBe('opening_hours');
    const closed = await json(await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-10'), end: at('11:00', '2026-12-10') }));
    expect(closed.error).toMatchObject({ details: { rule: 'closure' }, message: 'Salle Somme is closed then: Inventaire' });
    const avail = await json(await lea.fetch(`/api/v1/resources/${somme.id}/availability?date=2026-12-25`));
    expect(avail.days[0]).toMatchObject({ date: '2026-12-25', exceptional: 'Noël', slots: [] });
    expect((await hugo.fetch('/api/v1/opening-calendar', { method: 'PUT', json: { exceptionalDays: [], closures: [] } })).status).toBe(200);
  });
});

describe('trainings and qualifications', () => {
  it("a machine needs the training: 422 names it; a granted qualification lets the member book, a revoked one stops it", async () => {
    const refused = await json(await book(sophie, { resourceId: laser.id, start: at('14:00'), end: at('14:30') }));
    expect(refused.error).toMatchObject({ code: 'rule_violation', details: { rule: 'qualification' }, message: "Not qualified for Découpeuse laser — training 'Découpe laser — bases' required" });
    const sophieId = (await json(await sophie.fetch('/api/v1/auth/me'))).user.id;
    const trainingId = laserTrainingId();
    const granted = await post(hugo, `/api/v1/members/${sophieId}/qualifications`, { trainingId });
    expect(granted.status).toBe(201);
    expect(await json(granted)).toMatchObject({ trainingId, trainingName: 'Découpe laser — bases', grantedBy: expect.any(String), grantedAt: NOW.toISOString() });
    expect((await json(await sophie.fetch('/api/v1/me/qualifications'))).items).toHaveLength(1);
    expect((await book(sophie, { resourceId: laser.id, start: at('14:00'), end: at('14:30') })).status).toBe(201);
    expect((await hugo.fetch(`/api/v1/members/${sophieId}/qualifications/${trainingId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await book(sophie, { resourceId: laser.id, start: at('16:00'), end: at('16:30') })).status).toBe(422);
    expect((await post(sophie, `/api/v1/members/${sophieId}/qualifications`, { trainingId })).status).toBe(403);
  });
  const laserTrainingId = () => (laser as unknown as { requiredTrainingIds: string[] }).requiredTrainingIds[0]!;
});

describe('cancelling and holds', () => {
  it('cancelling frees the slots at once', async () => {
    const mine = await json(await book(lea, { resourceId: somme.id, start: at('14:00'), end: at('15:00') }));
    expect((await book(yanis, { resourceId: somme.id, start: at('14:00'), end: at('15:00') })).status).toBe(409);
    const cancelled = await post(lea, `/api/v1/bookings/${mine.id}/cancel`, {});
    expect(await json(cancelled)).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled by the member' });
    const day = await json(await yanis.fetch(`/api/v1/resources/${somme.id}/availability?date=${DAY}`));
    expect(day.days[0].slots.find((s: { localStart: string }) => s.localStart === `${DAY}T14:00:00+01:00`)).toMatchObject({ free: true });
    expect((await book(yanis, { resourceId: somme.id, start: at('14:00'), end: at('15:00') })).status).toBe(201);
    expect((await post(lea, `/api/v1/bookings/${mine.id}/cancel`, {})).status).toBe(422); // already cancelled
  });

  it('an expired hold frees its slot without waiting for TTL deletion, and can no longer be confirmed', async () => {
    const held = await json(await book(lea, { resourceId: somme.id, start: at('16:00'), end: at('17:00'), hold: true }));
    expect(held).toMatchObject({ status: 'held', holdExpiresAt: minutesAfter(NOW.toISOString(), 15).toISOString() });
    expect((await book(yanis, { resourceId: somme.id, start: at('16:00'), end: at('17:00') })).status).toBe(409);
    env.setNow(minutesAfter(NOW.toISOString(), 16));
    expect((await book(yanis, { resourceId: somme.id, start: at('16:00'), end: at('17:00') })).status).toBe(201);
    expect(await json(await lea.fetch(`/api/v1/bookings/${held.id}`))).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired' });
    expect((await json(await post(hugo, `/api/v1/bookings/${held.id}/confirm`))).error.details.rule).toBe('hold_expired');
  });

  it('a hold confirmed in time keeps its slot after the hold period', async () => {
    const held = await json(await book(lea, { resourceId: somme.id, start: at('17:00'), end: at('18:00'), hold: true }));
    expect(await json(await post(hugo, `/api/v1/bookings/${held.id}/confirm`))).toMatchObject({ status: 'confirmed' });
    env.setNow(minutesAfter(NOW.toISOString(), 20));
    expect((await book(yanis, { resourceId: somme.id, start: at('17:00'), end: at('18:00') })).status).toBe(409);
  });

  it('a desk-area seat held and expired is counted free again (the counter is reset from its confirmed seats)', async () => {
    const small = await json(await post(hugo, '/api/v1/resources', {
      kind: 'desk_area', name: 'Mezzanine', capacity: 2, rules: { slotMinutes: 30, minMinutes: 60, maxMinutes: 480 },
    }));
    const span = { resourceId: small.id, start: at('09:00'), end: at('12:00') };
    expect((await book(lea, { ...span, hold: true })).status).toBe(201);
    expect((await book(yanis, span)).status).toBe(201);
    expect((await book(sophie, span)).status).toBe(409);
    env.setNow(minutesAfter(NOW.toISOString(), 16));
    expect((await book(sophie, span)).status).toBe(201);
    expect((await book(lea, span)).status).toBe(409); // two confirmed seats now: full
  });

  it('members cancel only before the deadline; staff cancel at any time, with a reason', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('09:00', '2026-12-02'), end: at('10:00', '2026-12-02') }));
    env.setNow(new Date('2026-12-01T12:00:00Z')); // 20 hours before: past Salle Somme's 24-hour deadline
    const late = await json(await post(lea, `/api/v1/bookings/${b.id}/cancel`, {}));
    expect(late.error).toMatchObject({ code: 'rule_violation', details: { rule: 'cancellation_deadline' } });
    expect((await json(await post(hugo, `/api/v1/bookings/${b.id}/cancel`, {}))).error.details.rule).toBe('reason_required');
    const done = await json(await post(hugo, `/api/v1/bookings/${b.id}/cancel`, { reason: 'Salle inondée' }));
    expect(done).toMatchObject({ status: 'cancelled', cancelReason: 'Salle inondée', cancelledBy: expect.any(String) });
  });
});

describe('check-in and no-show', () => {
  it('check-in opens 30 minutes before the start, for the member or staff; another member cannot', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-02'), end: at('11:00', '2026-12-02') }));
    expect((await json(await post(lea, `/api/v1/bookings/${b.id}/check-in`))).error.details.rule).toBe('too_early');
    env.setNow(new Date('2026-12-02T08:40:00Z'));
    expect((await post(yanis, `/api/v1/bookings/${b.id}/check-in`)).status).toBe(404);
    expect(await json(await post(lea, `/api/v1/bookings/${b.id}/check-in`))).toMatchObject({ status: 'checked_in', checkedInAt: '2026-12-02T08:40:00.000Z' });
    expect((await post(hugo, `/api/v1/bookings/${b.id}/no-show`)).status).toBe(422);
  });

  it('staff record a no-show once the booking has started; members may not', async () => {
    const b = await json(await book(lea, { resourceId: somme.id, start: at('11:00', '2026-12-02'), end: at('12:00', '2026-12-02') }));
    expect((await json(await post(hugo, `/api/v1/bookings/${b.id}/no-show`))).error.details.rule).toBe('not_started');
    env.setNow(new Date('2026-12-02T10:20:00Z'));
    expect((await post(lea, `/api/v1/bookings/${b.id}/no-show`)).status).toBe(403);
    expect(await json(await post(hugo, `/api/v1/bookings/${b.id}/no-show`))).toMatchObject({ status: 'no_show' });
  });
});

describe('booking on behalf, price, lists', () => {
  it("staff book on a member's behalf; a member cannot book for someone else", async () => {
    const yanisId = (await json(await yanis.fetch('/api/v1/auth/me'))).user.id;
    const made = await json(await book(hugo, { resourceId: somme.id, start: at('09:00', '2026-12-03'), end: at('10:00', '2026-12-03'), memberId: yanisId }));
    expect(made).toMatchObject({ memberId: yanisId, memberName: 'Yanis Benali', createdBy: expect.any(String) });
    expect(made.createdBy).not.toBe(yanisId);
    expect((await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-03'), end: at('11:00', '2026-12-03'), memberId: yanisId })).status).toBe(403);
  });

  it("every booking carries a quote from the resource's hourly rate with the space's VAT, in cents", async () => {
    const b = await json(await book(lea, { resourceId: laser.id, start: at('10:00', '2026-12-03'), end: at('11:30', '2026-12-03') }));
    expect(b.quote).toEqual({
      currency: 'EUR', source: 'catalogue', netCents: 2250, vatRateBp: 2000, vatCents: 450, totalCents: 2700,
      lines: [{ label: 'Découpeuse laser — 1 h 30 min', quantity: 1.5, unit: 'hour', unitCents: 1800, amountCents: 2700 }],
    });
    expect(b).toMatchObject({ localStart: '2026-12-03T10:00:00+01:00', localEnd: '2026-12-03T11:30:00+01:00', start: '2026-12-03T09:00:00.000Z' });
  });

  it('my bookings: upcoming soonest first, past latest first, page by page with a cursor', async () => {
    const me = new Browser(env.url, hosts.machinerie);
    expect((await me.signUp({ name: 'Inès Test', email: 'ines@example.org', password: 'correct horse battery' })).status).toBe(201);
    for (const d of ['2026-12-02', '2026-12-04', '2026-12-03', '2026-12-07']) {
      expect((await book(me, { resourceId: openSpace.id, start: at('09:00', d), end: at('12:00', d) })).status).toBe(201);
    }
    env.setNow(new Date('2026-12-02T20:00:00Z'));
    const page1 = await json(await me.fetch('/api/v1/me/bookings?when=upcoming&limit=2'));
    expect(page1.items.map((b: { localStart: string }) => b.localStart.slice(0, 10))).toEqual(['2026-12-03', '2026-12-04']);
    const page2 = await json(await me.fetch(`/api/v1/me/bookings?when=upcoming&limit=2&cursor=${page1.nextCursor}`));
    expect(page2.items.map((b: { localStart: string }) => b.localStart.slice(0, 10))).toEqual(['2026-12-07']);
    const past = await json(await me.fetch('/api/v1/me/bookings?when=past'));
    expect(past.items.map((b: { localStart: string }) => b.localStart.slice(0, 10))).toEqual(['2026-12-02']);
    expect((await me.fetch(`/api/v1/me/bookings?cursor=${page1.nextCursor!.replace(/.$/, 'x')}x`)).status).toBe(400);
    // The bookings are personal data: the GDPR export carries them.
    const exported = await json(await me.fetch('/api/v1/me/export'));
    expect(exported.records.Booking).toHaveLength(4);
  });

  it("the operator's day calendar shows every resource's bookings; members may not see it", async () => {
    const cal = await json(await hugo.fetch(`/api/v1/calendar?date=${DAY}`));
    expect(cal).toMatchObject({ from: '2026-12-07T23:00:00.000Z', to: '2026-12-08T23:00:00.000Z', timeZone: 'Europe/Paris' });
    const room = cal.resources.find((r: { name: string }) => r.name === 'Salle Picardie');
    expect(room.bookings.map((b: { localStart: string }) => b.localStart)).toContain(`${DAY}T10:00:00+01:00`);
    const week = await json(await hugo.fetch(`/api/v1/calendar?date=2026-12-07&days=7`));
    expect(week.to).toBe('2026-12-13T23:00:00.000Z');
    expect((await lea.fetch(`/api/v1/calendar?date=${DAY}`)).status).toBe(403);
  });
});

describe('recurring weekly bookings', () => {
  const weekly = (mode: string) => ({ resourceId: somme.id, start: at('15:00', '2026-12-09'), end: at('16:00', '2026-12-09'), weeks: 4, mode });

  it('all or nothing: one taken week books nothing and names the week', async () => {
    expect((await book(yanis, { resourceId: somme.id, start: at('15:00', '2026-12-23'), end: at('16:00', '2026-12-23') })).status).toBe(201);
    const res = await post(lea, '/api/v1/bookings/recurring', weekly('all_or_nothing'));
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.error.message).toMatch(/2026-12-23.*nothing was booked/);
    expect(body.error.details.conflicts).toHaveLength(1);
    const first = await json(await lea.fetch(`/api/v1/resources/${somme.id}/availability?date=2026-12-09`));
    expect(first.days[0].slots.find((s: { localStart: string }) => s.localStart === '2026-12-09T15:00:00+01:00').free).toBe(true);
  });

  it('partial: books the free weeks and reports the conflict', async () => {
    const res = await post(lea, '/api/v1/bookings/recurring', weekly('partial'));
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.booked.map((b: { localStart: string }) => b.localStart)).toEqual(['2026-12-09T15:00:00+01:00', '2026-12-16T15:00:00+01:00', '2026-12-30T15:00:00+01:00']);
    expect(new Set(body.booked.map((b: { seriesId: string }) => b.seriesId))).toEqual(new Set([body.seriesId]));
    expect(body.conflicts).toEqual([{ start: '2026-12-23T14:00:00.000Z', end: '2026-12-23T15:00:00.000Z', code: 'conflict', rule: 'already_booked', message: 'This time is already booked' }]);
  });
});
