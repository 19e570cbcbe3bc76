import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { NOW, at, book, json, resourceNamed, signIn, type Resource } from './support';

let env: TestEnv;
let lea: Browser, hugo: Browser;
let somme: Resource, picardie: Resource;

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  [lea, hugo] = await Promise.all([signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.operator)]);
  [somme, picardie] = (await Promise.all(['Salle Somme', 'Salle Picardie'].map((n) => resourceNamed(lea, n)))) as [Resource, Resource];
});
afterAll(async () => { await env?.close(); });
afterEach(() => env.setNow(NOW));

const post = (b: Browser, path: string, body?: unknown) => b.fetch(path, { method: 'POST', ...(body !== undefined ? { json: body } : {}) });

describe('the cancellation deadline', () => {
  it('each booking says until when its member may cancel it online: the start minus the resource’s notice when booked', async () => {
    expect(somme.rules.cancelBeforeHours).toBe(24);
    const b = await json(await book(lea, { resourceId: somme.id, start: at('14:00', '2026-12-03'), end: at('15:00', '2026-12-03') }));
    expect(b.cancelDeadline).toBe('2026-12-02T13:00:00.000Z');
    expect((await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).cancelDeadline).toBe('2026-12-02T13:00:00.000Z');
    const mine = await json(await lea.fetch('/api/v1/me/bookings?when=upcoming&limit=50'));
    expect(mine.items.find((x: { id: string }) => x.id === b.id).cancelDeadline).toBe('2026-12-02T13:00:00.000Z');
  });

  it('cancelling at the deadline works; a minute after it is refused with the deadline; a cancelled booking has none', async () => {
    const onTime = await json(await book(lea, { resourceId: somme.id, start: at('10:00', '2026-12-04'), end: at('11:00', '2026-12-04') }));
    const late = await json(await book(lea, { resourceId: somme.id, start: at('11:00', '2026-12-04'), end: at('12:00', '2026-12-04') }));
    env.setNow(new Date(onTime.cancelDeadline));
    const cancelled = await json(await post(lea, `/api/v1/bookings/${onTime.id}/cancel`, {}));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelDeadline).toBeUndefined();
    env.setNow(new Date(Date.parse(late.cancelDeadline) + 60_000));
    const refused = await post(lea, `/api/v1/bookings/${late.id}/cancel`, {});
    expect(refused.status).toBe(422);
    expect((await json(refused)).error).toMatchObject({ reason: 'cancellation_deadline', params: { deadline: late.cancelDeadline, hours: 24 } });
  });

  it('a booking keeps the deadline it was shown when staff later change the resource’s notice', async () => {
    const b = await json(await book(lea, { resourceId: picardie.id, start: at('16:00', '2026-12-09'), end: at('17:00', '2026-12-09') }));
    const hours = picardie.rules.cancelBeforeHours as number;
    expect(b.cancelDeadline).toBe(new Date(Date.parse(b.start) - hours * 3_600_000).toISOString());
    const patched = await hugo.fetch(`/api/v1/resources/${picardie.id}`, { method: 'PATCH', json: { rules: { ...picardie.rules, cancelBeforeHours: hours + 48 } } });
    expect(patched.status).toBe(200);
    expect((await json(await lea.fetch(`/api/v1/bookings/${b.id}`))).cancelDeadline).toBe(b.cancelDeadline);
    env.setNow(new Date(Date.parse(b.cancelDeadline) - 60_000));
    expect((await post(lea, `/api/v1/bookings/${b.id}/cancel`, {})).status).toBe(200);
  });
});
