import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, localFetch } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { createEvent, json, NOW, post, signIn } from './support';

/** A member's calendar feed carries the events they registered for, beside their bookings. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); env.setNow(NOW); });
afterAll(async () => { await env?.close(); });

function feedEvents(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { summary: e.summary, description: e.description, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), status: v.getFirstPropertyValue('status') };
  });
}

describe("a member's calendar feed", () => {
  it('lists an event the member registered for, in the space’s words, and drops it once the event is cancelled', async () => {
    const [hugo, lea] = await Promise.all([
      signIn(env, 'machinerie', DEMO.machinerie.operator), signIn(env, 'machinerie', DEMO.machinerie.member),
    ]);
    const event = await createEvent(hugo, { title: 'Café pédagogique du feed' });
    const other = await createEvent(hugo, { title: 'Atelier sans Léa', start: '2026-12-09T18:00:00+01:00', end: '2026-12-09T20:00:00+01:00' });
    expect((await post(lea, `/api/v1/public/events/${event.id}/register`, {})).status).toBe(201);
    const url = (await json(await post(lea, '/api/v1/me/calendar-feed', {}))).url as string;

    const mine = feedEvents(await (await localFetch(url)).text());
    const cafe = mine.find((e) => e.summary.startsWith('Café pédagogique du feed'));
    expect(cafe).toMatchObject({ summary: 'Café pédagogique du feed — La Machinerie', description: 'Inscription confirmée', start: event.start, end: event.end });
    expect(mine.some((e) => e.summary.startsWith(other.title as string))).toBe(false);

    expect((await post(hugo, `/api/v1/events/${event.id}/cancel`)).status).toBe(200);
    // Cancelling the event cancels its registrations: calendar apps remove what the feed no longer lists.
    const after = feedEvents(await (await localFetch(url)).text());
    expect(after.some((e) => e.summary.startsWith('Café pédagogique du feed'))).toBe(false);
  });
});
