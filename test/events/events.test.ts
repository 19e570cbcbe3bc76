import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../functions/jobs/jobs';
import { Browser, DEMO, hosts } from '../support/http';
import { runModules } from '../support/modules';
import { createTestEnv, type TestEnv } from '../support/env';
import { DAY, NOW, at, createEvent, eventBody, json, outbox, post, resourceNamed, signIn, tenantIdOf, visitor } from './support';

let env: TestEnv;
let hugo: Browser, lea: Browser, yanis: Browser, julie: Browser;
let tenantId: string;

beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  env.setNow(NOW);
  // La Coloc' runs coworking only; with events on, its own events routes answer and isolation is shown on them.
  await runModules(env.url, hosts.coloc, DEMO.coloc.owner, ['coworking', 'events']);
  [hugo, lea, yanis, julie] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.operator), signIn(env, 'machinerie', DEMO.machinerie.member),
    signIn(env, 'machinerie', DEMO.machinerie.member2), signIn(env, 'coloc', DEMO.coloc.member),
  ]);
  tenantId = await tenantIdOf(hugo);
});
afterAll(async () => { await env?.close(); });

const book = (b: Browser, body: Record<string, unknown>) => post(b, '/api/v1/bookings', body);

describe('an event books its room through the booking engine', () => {
  it('the room is unavailable to bookings for that time; a conflict with an existing booking is 409 at creation', async () => {
    const somme = await resourceNamed(lea, 'Salle Somme');
    const event = await createEvent(hugo, { placeId: somme.id, capacity: 4, start: at('14:00'), end: at('16:00'), title: 'Atelier CV' });
    expect(event).toMatchObject({ placeId: somme.id, placeName: 'Salle Somme', localStart: `${DAY}T14:00:00+01:00` });

    const day = await json(await lea.fetch(`/api/v1/resources/${somme.id}/availability?date=${DAY}`));
    const slot = (hhmm: string) => day.days[0].slots.find((s: { localStart: string }) => s.localStart.startsWith(`${DAY}T${hhmm}`));
    expect(slot('14:00')).toMatchObject({ free: false });
    expect(slot('15:30')).toMatchObject({ free: false });
    expect(slot('16:00')).toMatchObject({ free: true });
    const clash = await book(lea, { resourceId: somme.id, start: at('15:00'), end: at('16:00') });
    expect(clash.status).toBe(409);
    expect((await json(clash)).error).toMatchObject({ code: 'conflict' });

    expect((await book(lea, { resourceId: somme.id, start: at('10:00'), end: at('11:00') })).status).toBe(201);
    const refused = await post(hugo, '/api/v1/events', eventBody({ placeId: somme.id, capacity: 4, start: at('10:30'), end: at('12:00') }));
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: 'conflict', details: { rule: 'already_booked' } });
    expect((await json(await hugo.fetch('/api/v1/events'))).items.filter((e: { placeId?: string }) => e.placeId === somme.id)).toHaveLength(1);

    // Cancelling the event frees the room at once.
    expect((await post(hugo, `/api/v1/events/${event.id}/cancel`)).status).toBe(200);
    expect((await book(lea, { resourceId: somme.id, start: at('15:00'), end: at('16:00') })).status).toBe(201);
  });

  it('a weekly series is all or nothing: one taken week refuses the series and books none of it', async () => {
    const picardie = await resourceNamed(lea, 'Salle Picardie');
    expect((await book(lea, { resourceId: picardie.id, start: at('18:00', '2026-12-22'), end: at('19:00', '2026-12-22') })).status).toBe(201);
    const refused = await post(hugo, '/api/v1/events', eventBody({ placeId: picardie.id, capacity: 8, weeks: 4 }));
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details).toMatchObject({ rule: 'already_booked', date: '2026-12-22' });
    const free = await json(await lea.fetch(`/api/v1/resources/${picardie.id}/availability?date=${DAY}`));
    expect(free.days[0].slots.find((s: { localStart: string }) => s.localStart.startsWith(`${DAY}T18:00`))).toMatchObject({ free: true });

    const series = await post(hugo, '/api/v1/events', eventBody({ placeId: picardie.id, capacity: 8, weeks: 2 }));
    expect(series.status).toBe(201);
    const { seriesId, items } = await json(series);
    expect(items.map((e: { localStart: string; seriesId: string }) => [e.localStart, e.seriesId])).toEqual([
      [`${DAY}T18:00:00+01:00`, seriesId], ['2026-12-15T18:00:00+01:00', seriesId],
    ]);
  });
});

describe('training sessions', () => {
  it('attending a laser training grants the qualification: without it the laser is 422, with it 201', async () => {
    const laser = await resourceNamed(lea, 'Découpeuse laser');
    const trainings = (await json(await hugo.fetch('/api/v1/trainings'))).items as Array<{ id: string; name: string }>;
    const laserTraining = trainings.find((t) => t.name === 'Découpe laser — bases')!;
    const session = await createEvent(hugo, {
      title: 'Formation découpe laser', placeId: laser.id, trainingId: laserTraining.id, capacity: 4, start: at('14:00'), end: at('16:00'), audience: 'members',
    });
    expect(session).toMatchObject({ trainingId: laserTraining.id, trainingName: 'Découpe laser — bases' });
    // A machine's page asks for its training's sessions only (the next one is offered to an untrained member).
    const sessions = (await json(await yanis.fetch(`/api/v1/public/events?trainingId=${laserTraining.id}&limit=100`))).items as Array<{ id: string; trainingId?: string }>;
    expect(sessions.map((e) => e.id)).toContain(session.id);
    expect(sessions.every((e) => e.trainingId === laserTraining.id)).toBe(true);
    expect((await json(await yanis.fetch('/api/v1/public/events?trainingId=01arz3ndektsv4rrffq69g5fav'))).items).toEqual([]);
    const reg = (await json(await post(yanis, `/api/v1/public/events/${session.id}/register`, {}))).registration;
    const wednesday = { resourceId: laser.id, start: at('10:00', '2026-12-09'), end: at('11:00', '2026-12-09') };
    const before = await book(yanis, wednesday);
    expect(before.status).toBe(422);
    expect((await json(before)).error.code).toBe('rule_violation');

    const checkIn = `/api/v1/events/${session.id}/registrations/${reg.id}/check-in`;
    expect((await json(await post(hugo, checkIn))).error.details.rule).toBe('too_early');
    env.setNow(new Date(Date.parse(at('13:45'))));
    try {
      const done = await post(hugo, checkIn);
      expect(done.status).toBe(200);
      expect(await json(done)).toMatchObject({ attendance: 'attended', attendanceAt: new Date(Date.parse(at('13:45'))).toISOString() });
      const quals = (await json(await yanis.fetch('/api/v1/me/qualifications'))).items;
      expect(quals.map((q: { trainingId: string }) => q.trainingId)).toContain(laserTraining.id);
      expect((await book(yanis, wednesday)).status).toBe(201);
      // The grant is in the audit log once, even after a second check-in.
      expect((await post(hugo, checkIn)).status).toBe(200);
      const audit = (await json(await hugo.fetch('/api/v1/audit?action=qualification.'))).items as Array<{ targetId: string; summary: string }>;
      expect(audit.filter((a) => a.targetId === reg.memberId && a.summary.includes('Découpe laser — bases'))).toHaveLength(1);
    } finally { env.setNow(NOW); }
  });

  it('no-shows are recorded once the event has started, not before, and not for someone checked in', async () => {
    const event = await createEvent(hugo, { title: 'Atelier brasure', start: at('09:00', '2026-12-10'), end: at('11:00', '2026-12-10') });
    const reg = (await json(await post(lea, `/api/v1/public/events/${event.id}/register`, {}))).registration;
    const noShow = `/api/v1/events/${event.id}/registrations/${reg.id}/no-show`;
    expect((await json(await post(hugo, noShow))).error.details.rule).toBe('not_started');
    env.setNow(new Date(Date.parse(at('09:20', '2026-12-10'))));
    try {
      expect(await json(await post(hugo, noShow))).toMatchObject({ attendance: 'no_show' });
      const list = (await json(await hugo.fetch(`/api/v1/events/${event.id}/registrations`))).items;
      expect(list[0]).toMatchObject({ id: reg.id, attendance: 'no_show' });
    } finally { env.setNow(NOW); }
  });
});

describe('visibility', () => {
  let membersOnly: Record<string, any>, open: Record<string, any>, draft: Record<string, any>;
  beforeAll(async () => {
    membersOnly = await createEvent(hugo, { title: 'Soirée des membres', audience: 'members', start: at('19:00', '2026-12-11'), end: at('21:00', '2026-12-11') });
    open = await createEvent(hugo, { title: 'Portes ouvertes', start: at('10:00', '2026-12-12'), end: at('17:00', '2026-12-12'), tags: ['portes-ouvertes'] });
    draft = await createEvent(hugo, { title: 'Brouillon', published: false, start: at('10:00', '2026-12-13'), end: at('12:00', '2026-12-13') });
  });

  it('members-only events are invisible to the public, visible to members; drafts to staff only', async () => {
    const titles = async (b: Browser) => (await json(await b.fetch('/api/v1/public/events?limit=100'))).items.map((e: { title: string }) => e.title);
    const anon = visitor(env);
    expect(await titles(anon)).toContain('Portes ouvertes');
    expect(await titles(anon)).not.toContain('Soirée des membres');
    expect(await titles(anon)).not.toContain('Brouillon');
    expect(await titles(lea)).toContain('Soirée des membres');
    expect((await anon.fetch(`/api/v1/public/events/${membersOnly.id}`)).status).toBe(404);
    expect((await lea.fetch(`/api/v1/public/events/${membersOnly.id}`)).status).toBe(200);
    expect((await anon.fetch(`/api/v1/public/events/${draft.id}`)).status).toBe(404);
    expect((await post(anon, `/api/v1/public/events/${membersOnly.id}/register`, { name: 'Intrus', email: 'intrus@example.org' })).status).toBe(404);
    expect((await post(lea, `/api/v1/public/events/${draft.id}/register`, {})).status).toBe(404);
    expect((await json(await anon.fetch('/api/v1/public/events?tag=portes-ouvertes'))).items.map((e: { id: string }) => e.id)).toEqual([open.id]);
  });

  it('another space sees none of them: its host does not know the ids, a foreign session is 403', async () => {
    const colocAnon = visitor(env, 'coloc');
    expect((await colocAnon.fetch(`/api/v1/public/events/${open.id}`)).status).toBe(404);
    expect((await julie.fetch(`/api/v1/public/events/${membersOnly.id}`)).status).toBe(404);
    const colocIds = (await json(await julie.fetch('/api/v1/public/events?limit=100'))).items.map((e: { id: string }) => e.id);
    for (const e of [open, membersOnly, draft]) expect(colocIds).not.toContain(e.id);
    const foreign = visitor(env, 'machinerie');
    foreign.cookie = julie.cookie;
    const res = await foreign.fetch('/api/v1/public/events');
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('forbidden');
    expect((await julie.fetch(`/api/v1/events/${open.id}`)).status).toBe(403); // a member is not staff, anywhere
  });

  it('the iCal feed lists the public published events only (parsed with ical.js)', async () => {
    const res = await visitor(env).fetch('/api/v1/calendars/events.ics');
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const byTitle = new Map(events.map((e) => [e.summary, e]));
    expect(byTitle.has('Portes ouvertes')).toBe(true);
    expect(byTitle.has('Soirée des membres')).toBe(false);
    expect(byTitle.has('Brouillon')).toBe(false);
    const po = byTitle.get('Portes ouvertes')!;
    expect(po.startDate.toJSDate().toISOString()).toBe(new Date(Date.parse(at('10:00', '2026-12-12'))).toISOString());
    expect(po.endDate.toJSDate().toISOString()).toBe(new Date(Date.parse(at('17:00', '2026-12-12'))).toISOString());
    expect(po.uid).toBe(`${open.id}@machinerie.lieu`);
  });
});

describe('times across DST changes', () => {
  it('an event in the repeated autumn hour keeps its instants: 00:00Z–01:00Z on 31 Oct 2027 is 02:00 CEST–02:00 CET, one hour', async () => {
    const res = await post(hugo, '/api/v1/events', eventBody({ title: 'Nuit du changement d’heure', start: '2027-10-31T00:00:00Z', end: '2027-10-31T01:00:00Z' }));
    expect(res.status).toBe(201);
    const e = (await json(res)).items[0];
    expect([e.start, e.end]).toEqual(['2027-10-31T00:00:00.000Z', '2027-10-31T01:00:00.000Z']);
    // The same instants written with their Paris offsets are the same event times.
    const withOffsets = await post(hugo, '/api/v1/events', eventBody({ title: 'Même nuit', start: '2027-10-31T02:00:00+02:00', end: '2027-10-31T02:00:00+01:00' }));
    expect((await json(withOffsets)).items[0]).toMatchObject({ start: '2027-10-31T00:00:00.000Z', end: '2027-10-31T01:00:00.000Z' });
    expect(await json(await hugo.fetch(`/api/v1/events/${e.id}`))).toMatchObject({ start: e.start, end: e.end });
  });

  it('a weekly series keeps the local start time across the autumn change, and its length', async () => {
    const res = await post(hugo, '/api/v1/events', eventBody({ title: 'Atelier du dimanche', start: '2027-10-24T16:00:00Z', end: '2027-10-24T18:00:00Z', weeks: 2 }));
    expect(res.status).toBe(201);
    const items = (await json(res)).items as Array<Record<string, string>>;
    expect(items.map((e) => [e.start, e.end, e.localStart!.slice(11, 16)])).toEqual([
      ['2027-10-24T16:00:00.000Z', '2027-10-24T18:00:00.000Z', '18:00'],
      ['2027-10-31T17:00:00.000Z', '2027-10-31T19:00:00.000Z', '18:00'],
    ]);
  });
});

describe('bad input', () => {
  it('is a 4xx with the error shape', async () => {
    const cases: Array<[Browser, string, string, unknown]> = [
      [hugo, 'POST', '/api/v1/events', eventBody({ capacity: 0 })],
      [hugo, 'POST', '/api/v1/events', eventBody({ start: 'tomorrow' })],
      [hugo, 'POST', '/api/v1/events', eventBody({ imageUrl: 'javascript:alert(1)' })],
      [hugo, 'POST', '/api/v1/events', eventBody({ end: at('17:00') })], // ends before it starts
      [hugo, 'POST', '/api/v1/events', eventBody({ start: at('18:05') })], // off the 15-minute grid
      [hugo, 'POST', '/api/v1/events', eventBody({ placeId: '0000000000aaaaaaaaaaaaaaaa' })],
      [hugo, 'POST', '/api/v1/events', eventBody({ price: { cents: -5 } })],
      [hugo, 'PATCH', '/api/v1/events/not-an-id', { title: 'x' }],
      [lea, 'POST', '/api/v1/events', eventBody()],
      [visitor(env), 'POST', '/api/v1/public/events/0000000000aaaaaaaaaaaaaaaa/register', { name: 'A', email: 'not-an-email' }],
      [visitor(env), 'POST', '/api/v1/public/event-registrations/cancel', { token: 'short' }],
    ];
    const statuses: number[] = [];
    for (const [who, method, path, body] of cases) {
      const res = await who.fetch(path, { method, json: body });
      const b = await json(res);
      expect(b.error, `${method} ${path}`).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 422, 422, 404, 400, 400, 403, 400, 400]);
  });
});

describe('reminders the day before', () => {
  it('event-reminders emails every registered person once, whatever the number of runs', async () => {
    const event = await createEvent(hugo, { title: 'Café pédagogique du jeudi', start: at('18:00', '2026-12-03'), end: at('19:30', '2026-12-03'), capacity: 1 });
    await post(lea, `/api/v1/public/events/${event.id}/register`, {});
    await post(yanis, `/api/v1/public/events/${event.id}/register`, {}); // waitlisted: no reminder
    const job = JOBS['event-reminders']!;
    const at16 = new Date('2026-12-02T15:00:00Z'); // Wednesday 16:00 in Paris
    const first = await job.run({ db: env.db, now: at16 });
    expect(first.changed).toBe(1);
    expect((await job.run({ db: env.db, now: at16 })).changed).toBe(0);
    const reminders = (await outbox(env.db, tenantId)).filter((m) => m.subject === 'Demain : Café pédagogique du jeudi');
    expect(reminders.map((m) => m.to)).toEqual([DEMO.machinerie.member]);
    expect(reminders[0]!.text).toContain('demain, jeudi 3 décembre 2026 à 18:00'); // Intl, in the space's zone
  });
});
