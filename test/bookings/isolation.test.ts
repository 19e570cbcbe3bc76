import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings as api, type RouteSpec } from '@lieu/api';
import { Browser, DEMO } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { NOW, at, book, json, resourceNamed, signIn, type Resource } from './support';

let env: TestEnv;
let lea: Browser, yanis: Browser, hugo: Browser, colocOperator: Browser, colocMember: Browser;
let laser: Resource, booking: { id: string };
let leaId: string;

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  [lea, yanis, hugo, colocOperator, colocMember] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2),
    signIn(env, 'machinerie', DEMO.machinerie.operator), signIn(env, 'coloc', DEMO.coloc.operator), signIn(env, 'coloc', DEMO.coloc.member),
  ]);
  laser = await resourceNamed(lea, 'Découpeuse laser');
  booking = await json(await book(lea, { resourceId: laser.id, start: at('10:00'), end: at('11:00') }));
  leaId = (await json(await lea.fetch('/api/v1/auth/me'))).user.id;
});
afterAll(async () => { await env?.close(); });

const post = (b: Browser, path: string, body?: unknown) => b.fetch(path, { method: 'POST', ...(body !== undefined ? { json: body } : {}) });

describe('another tenant sees, books, cancels and checks in nothing here', () => {
  it("another space's operator, on their own space's address, finds none of this space's bookings, resources or members (404)", async () => {
    const tries = [
      colocOperator.fetch(`/api/v1/bookings/${booking.id}`),
      post(colocOperator, `/api/v1/bookings/${booking.id}/cancel`, { reason: 'test' }),
      post(colocOperator, `/api/v1/bookings/${booking.id}/check-in`),
      post(colocOperator, `/api/v1/bookings/${booking.id}/no-show`),
      post(colocOperator, `/api/v1/bookings/${booking.id}/confirm`),
      colocOperator.fetch(`/api/v1/resources/${laser.id}`),
      colocOperator.fetch(`/api/v1/resources/${laser.id}/availability?date=2026-12-08`),
      colocOperator.fetch(`/api/v1/resources/${laser.id}`, { method: 'PATCH', json: { name: 'Pris' } }),
      book(colocOperator, { resourceId: laser.id, start: at('14:00'), end: at('15:00') }),
      book(colocMember, { resourceId: laser.id, start: at('14:00'), end: at('15:00') }),
      post(colocOperator, `/api/v1/members/${leaId}/qualifications`, { trainingId: laser.id }),
      colocOperator.fetch(`/api/v1/members/${leaId}/qualifications`),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe('not_found');
    }
    const theirCalendar = await json(await colocOperator.fetch('/api/v1/calendar?date=2026-12-08'));
    expect(JSON.stringify(theirCalendar)).not.toContain(booking.id);
  });

  it("another space's session on this space's address is refused (403) on every bookings route", async () => {
    for (const who of [colocOperator, colocMember]) {
      const here = new Browser(env.url, 'machinerie.localhost');
      here.cookie = who.cookie;
      const tries = [
        here.fetch(`/api/v1/bookings/${booking.id}`),
        post(here, `/api/v1/bookings/${booking.id}/cancel`, { reason: 'test' }),
        post(here, `/api/v1/bookings/${booking.id}/check-in`),
        book(here, { resourceId: laser.id, start: at('14:00'), end: at('15:00') }),
        here.fetch('/api/v1/resources'),
        here.fetch('/api/v1/calendar?date=2026-12-08'),
      ];
      for (const res of await Promise.all(tries)) expect(res.status).toBe(403);
    }
    expect(await json(await lea.fetch(`/api/v1/bookings/${booking.id}`))).toMatchObject({ status: 'confirmed' });
  });

  it("another member of the same space cannot see, cancel or check in someone's booking (404)", async () => {
    for (const res of await Promise.all([
      yanis.fetch(`/api/v1/bookings/${booking.id}`),
      post(yanis, `/api/v1/bookings/${booking.id}/cancel`, {}),
      post(yanis, `/api/v1/bookings/${booking.id}/check-in`),
    ])) expect(res.status).toBe(404);
    expect((await hugo.fetch(`/api/v1/bookings/${booking.id}`)).status).toBe(200);
  });
});

describe('bad input on every bookings route', () => {
  const A_ID = '0000000000aaaaaaaaaaaaaaaa';
  const okRules = { slotMinutes: 30, minMinutes: 30, maxMinutes: 120 };
  const BODIES: Record<string, unknown[]> = {
    createResource: [
      {}, { kind: 'spaceship', name: 'X', rules: okRules }, { kind: 'desk', name: '', rules: okRules },
      { kind: 'desk', name: 'X', rules: { ...okRules, slotMinutes: 20 } }, { kind: 'desk', name: 'X', rules: { ...okRules, minMinutes: 120, maxMinutes: 60 } },
      { kind: 'desk', name: 'X', rules: { ...okRules, bufferMinutes: 7 } }, { kind: 'desk', name: 'X', rules: { slotMinutes: 15, minMinutes: 15, maxMinutes: 1440, bufferMinutes: 15 } },
      { kind: 'desk_area', name: 'X', capacity: -1, rules: okRules }, { kind: 'desk', name: 'X', photoUrl: 'javascript:alert(1)', rules: okRules },
      { kind: 'machine', name: 'X', requiredTrainingIds: [A_ID], rules: okRules }, { kind: 'desk', name: 'X', rules: { ...okRules, hours: { mon: [{ open: '18:00', close: '09:00' }] } } },
      { kind: 'desk', name: 'X', priceCentsPerHour: 12.5, rules: okRules }, { kind: 'desk', name: 'X', rules: { ...okRules, roles: [] } },
    ],
    updateResource: [{ name: '' }, { rules: { slotMinutes: 15, minMinutes: 60, maxMinutes: 30 } }, { version: 'x' }, { capacity: 0 }, { active: 'yes' }],
    putOpeningCalendar: [
      {}, { exceptionalDays: [{ date: '2026-02-30', hours: [], label: 'x' }], closures: [] },
      { exceptionalDays: [], closures: [{ from: '2026-12-10T10:00:00Z', to: '2026-12-10T09:00:00Z', label: 'x' }] },
      { exceptionalDays: [{ date: '2026-12-24', hours: [{ open: '25:00', close: '26:00' }], label: 'x' }], closures: [] },
    ],
    createTraining: [{}, { name: '' }, { name: 'x'.repeat(200) }, { name: 'A\u0000B' }],
    grantQualification: [{}, { trainingId: 'x' }, { trainingId: A_ID }, { trainingId: A_ID, expiresOn: '2026-02-30' }],
    createBooking: [
      {}, { resourceId: 'x', start: at('10:00'), end: at('11:00') }, { resourceId: A_ID, start: at('10:00'), end: at('11:00') },
      { resourceId: A_ID, start: '2026-12-08T10:00:00', end: '2026-12-08T11:00:00' }, { resourceId: A_ID, start: 'tomorrow', end: 'later' },
      { resourceId: A_ID, start: at('10:00'), end: at('11:00'), hold: 'yes' }, { resourceId: A_ID, start: at('10:00'), end: at('11:00'), memberId: 'x' },
      { resourceId: A_ID, start: '9999-12-31T23:59:59Z', end: '+275760-09-13T00:00:00Z' },
    ],
    createRecurringBooking: [
      {}, { resourceId: A_ID, start: at('10:00'), end: at('11:00'), weeks: 1, mode: 'partial' },
      { resourceId: A_ID, start: at('10:00'), end: at('11:00'), weeks: 27, mode: 'partial' },
      { resourceId: A_ID, start: at('10:00'), end: at('11:00'), weeks: 2.5, mode: 'partial' },
      { resourceId: A_ID, start: at('10:00'), end: at('11:00'), weeks: 4, mode: 'some' },
    ],
    cancelBooking: [{ reason: '' }, { reason: 'x'.repeat(600) }, { reason: 42 }],
  };
  const DAYS = ['', 'date=2026-02-30', 'date=tomorrow', 'date=2026-12-08&days=0', 'date=2026-12-08&days=8', 'date=2026-12-08&days=abc'];
  const QUERIES: Record<string, string[]> = {
    resourceAvailability: DAYS, operatorCalendar: DAYS,
    kindAvailability: ['', 'kind=desk', 'kind=spaceship&date=2026-12-08', 'kind=desk&date=2026-02-30'],
    myBookings: ['when=later', 'limit=0', 'limit=101', 'cursor=bm9wZQ'],
    listResources: ['kind=spaceship'],
  };

  it('answers 4xx with the error shape, never 5xx, for staff and members alike', { timeout: 120_000 }, async () => {
    const specs = Object.values(api) as RouteSpec[];
    let cases = 0;
    const check = async (who: Browser, spec: RouteSpec, path: string, body?: unknown) => {
      const res = await who.fetch(path, { method: spec.method.toUpperCase(), ...(body !== undefined ? { json: body } : {}) });
      const where = `${spec.operationId} ${path} ${JSON.stringify(body)?.slice(0, 80)} → ${res.status}`;
      expect(res.status, where).toBeGreaterThanOrEqual(400);
      expect(res.status, where).toBeLessThan(500);
      expect(await res.json(), where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      cases++;
    };
    for (const spec of specs) {
      const path = (v: (k: string) => string) => spec.path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(v(k)));
      for (const who of [hugo, lea]) {
        if (spec.params) for (const bad of ['x', 'A'.repeat(300), '..%2F..', A_ID.toUpperCase()]) await check(who, spec, path(() => bad), spec.body ? {} : undefined);
        for (const q of QUERIES[spec.operationId] ?? []) await check(who, spec, `${path((k) => (k === 'resourceId' ? laser.id : A_ID))}?${q}`);
        for (const body of BODIES[spec.operationId] ?? []) await check(who, spec, path(() => A_ID), body);
      }
    }
    expect(cases).toBeGreaterThan(200);
    // None of it wrote a booking or a resource: the laser is still booked once, and no resource appeared.
    expect((await json(await hugo.fetch('/api/v1/resources'))).items).toHaveLength(6);
  });
});
