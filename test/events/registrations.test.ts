import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, race } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { NOW, at, createEvent, json, outbox, post, signIn, tally, tenantIdOf, visitor } from './support';

let env: TestEnv;
let hugo: Browser, lea: Browser, yanis: Browser;
let tenantId: string;

beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  env.setNow(NOW);
  [hugo, lea, yanis] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.operator), signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2),
  ]);
  tenantId = await tenantIdOf(hugo);
});
afterAll(async () => { await env?.close(); });

/** A visitor's request: only a confirmation email until they open its link. */
const registerVisitor = (eventId: string, i: number | string) =>
  post(visitor(env), `/api/v1/public/events/${eventId}/register`, { name: `Visiteur ${i}`, email: `visiteur${i}@example.org` });
/** A person registered by staff at the desk (no confirmation step): the races go through here. */
const registerByHand = (eventId: string, i: number | string) =>
  post(hugo, `/api/v1/events/${eventId}/registrations`, { name: `Visiteur ${i}`, email: `visiteur${i}@example.org` });
/** The token of the last confirmation link emailed to an address. */
const confirmationToken = async (email: string) => {
  const mail = (await outbox(env.db, tenantId)).find((m) => m.to === email && /^Confirm/.test(m.subject));
  return mail?.text.match(/[?&]confirm=([A-Za-z0-9_-]{43})/)?.[1];
};
const list = async (eventId: string) => (await json(await hugo.fetch(`/api/v1/events/${eventId}/registrations`))).items as Array<Record<string, any>>;

describe('capacity and waitlist', () => {
  it('capacity 12, 100 concurrent registrations: exactly 12 registered, 88 waitlisted in ticket order; one cancellation promotes exactly one, emailed', { timeout: 240_000 }, async () => {
    const event = await createEvent(hugo, { capacity: 12 });
    const responses = await race(100, (i) => registerByHand(event.id, i));
    expect(tally(responses.map((r) => r.status))).toEqual({ 201: 100 });
    const bodies = await Promise.all(responses.map((r) => json(r)));
    expect(tally(bodies.map((b) => b.registration.status))).toEqual({ registered: 12, waitlisted: 88 });

    // The counter itself says 12: capacity held by construction, not by a count after the fact.
    const stored = await json(await hugo.fetch(`/api/v1/events/${event.id}`));
    expect(stored).toMatchObject({ capacity: 12, registered: 12, placesLeft: 0 });

    const before = await list(event.id);
    const waiting = before.filter((r) => r.status === 'waitlisted');
    expect(before.filter((r) => r.status === 'registered')).toHaveLength(12);
    expect(waiting.map((r) => r.waitlistPosition)).toEqual(Array.from({ length: 88 }, (_, i) => i + 1));
    // What each 201 told is what the list shows: 88 different positions, each the person's own.
    const told = bodies.filter((b) => b.registration.status === 'waitlisted').map((b) => [b.registration.id, b.registration.waitlistPosition]);
    expect(new Set(told.map(([, p]) => p)).size).toBe(88);
    const listed = new Map(waiting.map((r) => [r.id, r.waitlistPosition]));
    expect(told.filter(([id, p]) => listed.get(id) !== p)).toEqual([]);

    // Arrival order: later arrivals queue behind everyone already waiting, in the order they came.
    const late: string[] = [];
    for (const i of ['late-1', 'late-2']) {
      const b = await json(await registerByHand(event.id, i));
      expect(b.registration).toMatchObject({ status: 'waitlisted', waitlistPosition: 88 + late.length + 1 });
      late.push(b.registration.id);
    }
    const withLate = (await list(event.id)).filter((r) => r.status === 'waitlisted');
    expect(withLate.slice(-2).map((r) => [r.id, r.waitlistPosition])).toEqual([[late[0], 89], [late[1], 90]]);

    // One cancellation: the first in line, and only them, takes the place; the counter does not move.
    const leaving = before.find((r) => r.status === 'registered')!;
    const cancelled = await post(hugo, `/api/v1/events/${event.id}/registrations/${leaving.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(await json(cancelled)).toMatchObject({ status: 'cancelled' });
    const after = await list(event.id);
    expect(after.filter((r) => r.status === 'registered')).toHaveLength(12);
    expect(after.filter((r) => r.status === 'waitlisted')).toHaveLength(89);
    const promoted = after.find((r) => r.id === waiting[0]!.id)!;
    expect(promoted).toMatchObject({ status: 'registered', promotedAt: NOW.toISOString() });
    expect(after.find((r) => r.id === waiting[1]!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await json(await hugo.fetch(`/api/v1/events/${event.id}`))).registered).toBe(12);

    const mails = (await outbox(env.db, tenantId)).filter((m) => m.subject.startsWith('Une place s'));
    expect(mails.map((m) => m.to)).toEqual([promoted.email]);
  });

  it('concurrent cancellations each promote a different person: the event stays exactly full', { timeout: 60_000 }, async () => {
    const event = await createEvent(hugo, { capacity: 5, title: 'Atelier soudure' });
    for (let i = 0; i < 10; i++) expect((await registerByHand(event.id, `s${i}`)).status).toBe(201);
    const byName = new Map((await list(event.id)).map((r) => [r.name, r]));
    const results = await race(3, (i) => post(hugo, `/api/v1/events/${event.id}/registrations/${byName.get(`Visiteur s${i}`)!.id}/cancel`));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = await list(event.id);
    expect(tally(after.map((r) => r.status))).toEqual({ registered: 5, waitlisted: 2, cancelled: 3 });
    expect(after.filter((r) => r.status === 'registered').map((r) => r.name).sort()).toEqual(['Visiteur s3', 'Visiteur s4', 'Visiteur s5', 'Visiteur s6', 'Visiteur s7']);
  });

  it('more places promote the waitlist at once; the capacity cannot go below the registered', async () => {
    const event = await createEvent(hugo, { capacity: 2, title: 'Repair café' });
    for (let i = 0; i < 4; i++) await registerByHand(event.id, `r${i}`);
    const tooSmall = await hugo.fetch(`/api/v1/events/${event.id}`, { method: 'PATCH', json: { capacity: 1 } });
    expect(tooSmall.status).toBe(422);
    expect((await json(tooSmall)).error).toMatchObject({ code: 'rule_violation', details: { rule: 'capacity_below_registered' } });
    const bigger = await hugo.fetch(`/api/v1/events/${event.id}`, { method: 'PATCH', json: { capacity: 3 } });
    expect(await json(bigger)).toMatchObject({ capacity: 3, registered: 3, placesLeft: 0 });
    expect(tally((await list(event.id)).map((r) => r.status))).toEqual({ registered: 3, waitlisted: 1 });
  });
});

describe('members, visitors, deadline and by hand', () => {
  it('a member registers once, cancels before the deadline, not after; a visitor cancels with their token', async () => {
    const event = await createEvent(hugo, { capacity: 3, title: 'Atelier couture', cancelBeforeHours: 24 });
    const first = await post(lea, `/api/v1/public/events/${event.id}/register`, {});
    expect(first.status).toBe(201);
    expect((await json(first)).registration).toMatchObject({ status: 'registered', name: 'Léa Martin', email: DEMO.machinerie.member });
    const twice = await post(lea, `/api/v1/public/events/${event.id}/register`, {});
    expect(twice.status).toBe(409);
    expect((await json(twice)).error.details.rule).toBe('already_registered');
    expect((await json(await lea.fetch(`/api/v1/events/${event.id}/my-registration`))).status).toBe('registered');
    expect((await post(lea, `/api/v1/events/${event.id}/my-registration/cancel`)).status).toBe(200);
    // Registering again after a cancellation is allowed.
    expect((await post(lea, `/api/v1/public/events/${event.id}/register`, {})).status).toBe(201);

    env.setNow(new Date(Date.parse(at('19:00')))); // 23 h before the start: past the deadline
    try {
      const late = await post(lea, `/api/v1/events/${event.id}/my-registration/cancel`);
      expect(late.status).toBe(422);
      expect((await json(late)).error.details.rule).toBe('cancel_deadline');
    } finally { env.setNow(NOW); }

    const asked = await registerVisitor(event.id, 'token');
    expect(asked.status).toBe(201);
    const token = await confirmationToken('visiteurtoken@example.org');
    const v = await json(await post(visitor(env), '/api/v1/public/event-registrations/confirm', { token }));
    expect(v.registration).toMatchObject({ status: 'registered', email: 'visiteurtoken@example.org' });
    expect(v.cancelToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await post(visitor(env), '/api/v1/public/event-registrations/cancel', { token: v.cancelToken })).status).toBe(200);
    expect((await post(visitor(env), '/api/v1/public/event-registrations/cancel', { token: v.cancelToken })).status).toBe(404);
  });

  it('staff register a member or a person by hand and export the list as CSV', async () => {
    const event = await createEvent(hugo, { capacity: 1, title: 'Visite guidée' });
    const members = (await json(await hugo.fetch('/api/v1/members'))).items as Array<{ id: string; email: string }>;
    const yanisId = members.find((m) => m.email === DEMO.machinerie.member2)!.id;
    const byHand = await post(hugo, `/api/v1/events/${event.id}/registrations`, { memberId: yanisId });
    expect(byHand.status).toBe(201);
    expect((await json(byHand)).registration).toMatchObject({ memberId: yanisId, status: 'registered' });
    const person = await post(hugo, `/api/v1/events/${event.id}/registrations`, { name: '=Jean Dupont', email: 'Jean@Example.org' });
    expect((await json(person)).registration).toMatchObject({ status: 'waitlisted', email: 'jean@example.org', waitlistPosition: 1 });

    const csv = await hugo.fetch(`/api/v1/events/${event.id}/registrations.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('name,email,member_id,status,waitlist_position,attendance,price_cents,payment_id,registered_at');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5))).toEqual([
      ['Yanis Benali', DEMO.machinerie.member2, yanisId, 'registered', ''],
      ["'=Jean Dupont", 'jean@example.org', '', 'waitlisted', '1'],
    ]);
    expect((await yanis.fetch(`/api/v1/events/${event.id}/registrations.csv`)).status).toBe(403);
  });

  it('a paid ticket: the member rate through the pricing engine, a pending payment to pay at the desk; visitors need an account', async () => {
    const event = await createEvent(hugo, { title: 'Atelier Arduino', price: { cents: 2000, categoryCents: { adherent: 1200 } } });
    const res = await post(lea, `/api/v1/public/events/${event.id}/register`, {});
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.registration).toMatchObject({ status: 'registered', priceCents: 2000, paymentId: body.registration.id });
    expect(body.payment).toMatchObject({ paymentId: body.registration.id, totalCents: 2000, currency: 'EUR', how: 'on_site' });
    const billing = await json(await lea.fetch('/api/v1/billing/me'));
    expect(JSON.stringify(billing)).toContain(body.registration.id);

    const anonymous = await registerVisitor(event.id, 'paid');
    expect(anonymous.status).toBe(422);
    expect((await json(anonymous)).error.details.rule).toBe('account_required');
  });
});

describe('visitors confirm by email, and cannot be used to send mail', () => {
  it('a visitor\'s request holds no place and sends one confirmation link; opening it registers once', async () => {
    const event = await createEvent(hugo, { capacity: 2, title: 'Atelier vélo' });
    const asked = await registerVisitor(event.id, 'velo');
    expect(asked.status).toBe(201);
    expect(await json(asked)).toMatchObject({ confirmationSent: true, email: 'visiteurvelo@example.org' });
    // Nothing counted until the link is opened.
    expect(await json(await hugo.fetch(`/api/v1/events/${event.id}`))).toMatchObject({ registered: 0 });
    expect(await list(event.id)).toEqual([]);
    const mails = (await outbox(env.db, tenantId)).filter((m) => m.to === 'visiteurvelo@example.org');
    expect(mails.map((m) => m.subject)).toEqual(['Confirmez votre inscription : Atelier vélo']);
    expect(mails[0]!.text).toContain(`http://machinerie.localhost`);

    const token = await confirmationToken('visiteurvelo@example.org');
    const confirmed = await post(visitor(env), '/api/v1/public/event-registrations/confirm', { token });
    expect(confirmed.status).toBe(201);
    expect((await json(confirmed)).registration).toMatchObject({ status: 'registered', name: 'Visiteur velo' });
    expect(await json(await hugo.fetch(`/api/v1/events/${event.id}`))).toMatchObject({ registered: 1 });
    // A link works once.
    expect((await post(visitor(env), '/api/v1/public/event-registrations/confirm', { token })).status).toBe(404);
  });

  it('25 visitor requests to arbitrary addresses from one IP: 10 emails, then 429; one address gets at most 3 links an hour', async () => {
    env.setNow(new Date(NOW.getTime() + 2 * 3_600_000)); // a fresh rate-limit window of its own
    try {
      const event = await createEvent(hugo, { capacity: 100, title: 'Portes ouvertes' });
      const sentBefore = (await outbox(env.db, tenantId)).length;
      const answers: number[] = [];
      for (let i = 0; i < 25; i++) answers.push((await registerVisitor(event.id, `spam${i}`)).status);
      expect(tally(answers)).toEqual({ 201: 10, 429: 15 });
      expect((await outbox(env.db, tenantId)).length - sentBefore).toBe(10);
      const limited = await registerVisitor(event.id, 'spam-late');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await json(limited)).error.code).toBe('rate_limited');
      expect(await json(await hugo.fetch(`/api/v1/events/${event.id}`))).toMatchObject({ registered: 0 });

      env.setNow(new Date(NOW.getTime() + 4 * 3_600_000)); // the next hour: the IP may ask again…
      const same = (i: number) => post(visitor(env), `/api/v1/public/events/${event.id}/register`, { name: `Cible ${i}`, email: 'cible@example.org' });
      expect([(await same(1)).status, (await same(2)).status, (await same(3)).status, (await same(4)).status]).toEqual([201, 201, 201, 429]);
      expect((await outbox(env.db, tenantId)).filter((m) => m.to === 'cible@example.org')).toHaveLength(3);
    } finally { env.setNow(NOW); }
  });
});
