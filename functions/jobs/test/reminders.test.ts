import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { outboxRepo, tenantRealm, type OutboxItem } from '@lieu/db';
import { createTestEnv, type TestEnv } from '../../../test/support/env';
import { DEMO, type Browser } from '../../../test/support/http';
import { NOW, at, book, json, resourceNamed, signIn, tenantIdOf } from '../../../test/bookings/support';
import { createJobHandler } from '../scheduled';
import { reminderKey } from '../src/bookingReminders';
import { tomorrowIn } from '../src/tenants';
import { lambdaContext, scheduledEvent } from './records';

/**
 * `reminders`: the day before, each member gets one email listing their confirmed bookings of the
 * next day (in their language), once, whatever the number of runs.
 */
let env: TestEnv;
let lea: Browser;
let yanis: Browser;
let tenantId: string;
/** The day-before reminders sent to `to` (bookings also send their own confirmation and cancellation emails). */
const emailsTo = async (to: string): Promise<OutboxItem[]> =>
  (await outboxRepo(env.db, tenantRealm(tenantId)).list(1000)).filter((m) => m.to === to && /^(Demain à|Tomorrow at) /.test(m.subject));

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  [lea, yanis] = await Promise.all([signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2)]);
  tenantId = await tenantIdOf(lea);
});
afterAll(async () => { await env?.close(); });

describe('tomorrowIn', () => {
  it("gives the space's next local day and its UTC bounds, 23 hours long on the night clocks go back", () => {
    expect(tomorrowIn('Europe/Paris', new Date('2026-12-07T16:00:00Z'))).toEqual({ date: '2026-12-08', from: '2026-12-07T23:00:00.000Z', to: '2026-12-08T23:00:00.000Z' });
    // 16:00 UTC on 24 Oct 2026 → Sunday 25 Oct, when Paris goes from UTC+2 to UTC+1 (a 25-hour day).
    const d = tomorrowIn('Europe/Paris', new Date('2026-10-24T16:00:00Z'));
    expect(d).toEqual({ date: '2026-10-25', from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' });
    // Late in the evening in Montréal it is already the next day in UTC: tomorrow is still local.
    expect(tomorrowIn('America/Montreal', new Date('2026-12-08T03:00:00Z')).date).toBe('2026-12-08');
  });
});

describe('booking reminders (scheduled job "reminders")', () => {
  it("emails each member their next-day bookings once, in their language, and leaves other days, holds and cancelled bookings out", async () => {
    expect((await yanis.fetch('/api/v1/me', { method: 'PATCH', json: { locale: 'en' } })).status).toBe(200);
    const room = await resourceNamed(lea, 'Salle Somme');
    const created = async (b: Browser, body: Record<string, unknown>) => {
      const res = await book(b, { resourceId: room.id, ...body });
      expect(res.status, await res.clone().text()).toBe(201);
      return json(res);
    };
    await created(lea, { start: at('14:00'), end: at('15:00') });
    await created(lea, { start: at('09:00'), end: at('10:00') });
    await created(yanis, { start: at('11:00'), end: at('12:00') });
    await created(yanis, { start: at('16:00'), end: at('17:00'), hold: true }); // awaiting payment: no reminder
    const cancelled = await created(yanis, { start: at('17:00'), end: at('18:00') });
    expect((await yanis.fetch(`/api/v1/bookings/${cancelled.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    await created(lea, { start: at('09:00', '2026-12-09'), end: at('10:00', '2026-12-09') }); // the day after: not yet

    const runAt = new Date('2026-12-07T16:00:00Z'); // the schedule's 16:00 UTC, the day before 8 Dec
    const handler = createJobHandler(() => env.db);
    const first = await handler(scheduledEvent('reminders', runAt), lambdaContext('jobs'));
    expect(first).toMatchObject({ job: 'reminders' });
    expect((first as { changed: number }).changed).toBeGreaterThanOrEqual(2);

    const [toLea] = await emailsTo(DEMO.machinerie.member);
    expect(await emailsTo(DEMO.machinerie.member)).toHaveLength(1);
    expect(toLea).toMatchObject({ subject: 'Demain à La Machinerie : vos 2 réservations', status: 'pending' });
    expect(toLea!.text).toContain('mardi 8 décembre 2026');
    // In the space's time, earliest first.
    expect(toLea!.text.indexOf('Salle Somme : 09:00 – 10:00')).toBeGreaterThan(0);
    expect(toLea!.text.indexOf('Salle Somme : 14:00 – 15:00')).toBeGreaterThan(toLea!.text.indexOf('09:00 – 10:00'));
    expect(toLea!.text).not.toContain('9 décembre');

    const toYanis = await emailsTo(DEMO.machinerie.member2);
    expect(toYanis).toHaveLength(1);
    expect(toYanis[0]).toMatchObject({ subject: 'Tomorrow at La Machinerie: your booking' });
    expect(toYanis[0]!.text).toMatch(/Tuesday,? 8 December 2026/);
    expect(toYanis[0]!.text).toContain('Salle Somme: 11:00 – 12:00');
    expect(toYanis[0]!.text).not.toContain('16:00');
    expect(toYanis[0]!.text).not.toContain('17:00');

    const marker = (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: reminderKey(tenantId, '2026-12-08', (await json(await lea.fetch('/api/v1/auth/me'))).user.id) }))).Item;
    expect(marker).toMatchObject({ type: 'BookingReminder', sentAt: runAt.toISOString() });
    expect(marker!.bookingIds).toHaveLength(2);

    // A retried invocation, an hour later by hand, and two at once: nothing more is sent.
    const all = async () => JSON.stringify(await outboxRepo(env.db, tenantRealm(tenantId)).list(1000));
    const before = await all();
    expect(await handler(scheduledEvent('reminders', runAt), lambdaContext('jobs'))).toMatchObject({ changed: 0 });
    const [a, b] = await Promise.all([
      handler(scheduledEvent('reminders', new Date(runAt.getTime() + 3_600_000)), lambdaContext('jobs')),
      handler(scheduledEvent('reminders', new Date(runAt.getTime() + 3_600_000)), lambdaContext('jobs')),
    ]);
    expect([a, b]).toMatchObject([{ changed: 0 }, { changed: 0 }]);
    expect(await all()).toBe(before);
  });
});
