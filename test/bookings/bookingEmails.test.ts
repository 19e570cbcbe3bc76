import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/env';
import { DEMO, type Browser } from '../support/http';
import { NOW, at, book, json, resourceNamed, signIn } from './support';

/**
 * A member's booking emails: confirmed, cancelled (with the staff's reason) and moved, each written to
 * the outbox with the change, in the space's language and zone, with the booking as an .ics file;
 * each kind can be turned off from the member's profile.
 */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); env.setNow(NOW); });
afterAll(async () => { await env?.close(); });

interface Mail { to: string; subject: string; text: string; attachments?: { filename: string; contentType: string; content: string }[] }
const mailbox = async (b: Browser, to: string) =>
  ((await json(await b.fetch('/api/v1/dev/mailbox'))).emails as Mail[]).filter((m) => m.to === to);

function attachedEvent(m: Mail) {
  expect(m.attachments).toHaveLength(1);
  const file = m.attachments![0]!;
  expect(file).toMatchObject({ filename: 'reservation.ics' });
  expect(file.contentType).toMatch(/^text\/calendar/);
  const cal = new ICAL.Component(ICAL.parse(Buffer.from(file.content, 'base64').toString('utf8')));
  const [v] = cal.getAllSubcomponents('vevent');
  const e = new ICAL.Event(v!);
  return { uid: e.uid, summary: e.summary, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), status: v!.getFirstPropertyValue('status'), sequence: e.sequence };
}

describe('booking emails', () => {
  it("a member's own booking puts one confirmation in French, with the booking's .ics", async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Somme');
    const made = await json(await book(lea, { resourceId: room.id, start: at('10:00'), end: at('11:00') }));
    expect(made.status).toBe('confirmed');
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Réservation confirmée'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Réservation confirmée : Salle Somme');
    expect(mails[0]!.text).toContain('Salle Somme — mardi 8 décembre 2026, 10:00 – 11:00');
    expect(mails[0]!.text).toContain('La Machinerie');
    expect(attachedEvent(mails[0]!)).toMatchObject({
      uid: `${made.id}@machinerie.lieu`, summary: 'Salle Somme — La Machinerie', status: 'CONFIRMED',
      start: '2026-12-08T09:00:00.000Z', end: '2026-12-08T10:00:00.000Z',
    });
  });

  it('a hold sends nothing; staff confirming it by hand sends the confirmation', async () => {
    const [lea, hugo] = await Promise.all([signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.operator)]);
    const room = await resourceNamed(lea, 'Salle Somme');
    const count = async () => (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject === 'Réservation confirmée : Salle Somme').length;
    const before = await count();
    const held = await json(await book(lea, { resourceId: room.id, start: at('16:00', '2026-12-11'), end: at('17:00', '2026-12-11'), hold: true }));
    expect(held.status).toBe('held');
    expect(await count()).toBe(before);
    const res = await hugo.fetch(`/api/v1/bookings/${held.id}/confirm`, { method: 'POST', json: {} });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it("staff cancelling a member's booking with a reason puts one cancellation in French naming the reason", async () => {
    const [lea, hugo] = await Promise.all([signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.operator)]);
    const room = await resourceNamed(lea, 'Salle Somme');
    const made = await json(await book(lea, { resourceId: room.id, start: at('12:00'), end: at('13:00') }));
    const res = await hugo.fetch(`/api/v1/bookings/${made.id}/cancel`, { method: 'POST', json: { reason: 'Salle inondée' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Réservation annulée') && m.text.includes('8 décembre'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Salle Somme — mardi 8 décembre 2026, 12:00 – 13:00');
    expect(mails[0]!.text).toContain("Motif donné par l'équipe : Salle inondée");
    expect(attachedEvent(mails[0]!)).toMatchObject({ uid: `${made.id}@machinerie.lieu`, status: 'CANCELLED', start: '2026-12-08T11:00:00.000Z' });
  });

  it('a member cancelling their own booking gets one cancellation, with no reason line', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Somme');
    const made = await json(await book(lea, { resourceId: room.id, start: at('09:00', '2026-12-14'), end: at('10:00', '2026-12-14') }));
    expect((await lea.fetch(`/api/v1/bookings/${made.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Réservation annulée') && m.text.includes('lundi 14 décembre'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).not.toContain('Motif');
    expect(attachedEvent(mails[0]!)).toMatchObject({ uid: `${made.id}@machinerie.lieu`, status: 'CANCELLED' });
  });

  it('staff moving a booking puts one email in French with the old and new times and the updated .ics', async () => {
    const [lea, hugo] = await Promise.all([signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.operator)]);
    const room = await resourceNamed(lea, 'Salle Somme');
    const made = await json(await book(lea, { resourceId: room.id, start: at('15:00'), end: at('16:00') }));
    const res = await hugo.fetch(`/api/v1/bookings/${made.id}/move`, { method: 'POST', json: { start: at('17:00') } });
    expect(res.status, await res.clone().text()).toBe(200);
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Réservation déplacée'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Avant : Salle Somme — mardi 8 décembre 2026, 15:00 – 16:00');
    expect(mails[0]!.text).toContain('Maintenant : Salle Somme — mardi 8 décembre 2026, 17:00 – 18:00');
    const e = attachedEvent(mails[0]!);
    expect(e).toMatchObject({ uid: `${made.id}@machinerie.lieu`, status: 'CONFIRMED', start: '2026-12-08T16:00:00.000Z', end: '2026-12-08T17:00:00.000Z' });
    expect(e.sequence).toBeGreaterThan(1);
  });

  it('a member who chose English gets the email in English, times still in the space’s zone', async () => {
    const sophie = await signIn(env, 'machinerie', 'sophie@machinerie.example');
    expect((await sophie.fetch('/api/v1/me', { method: 'PATCH', json: { locale: 'en' } })).status).toBe(200);
    const room = await resourceNamed(sophie, 'Salle Somme');
    expect((await book(sophie, { resourceId: room.id, start: at('10:00', '2026-12-10'), end: at('11:00', '2026-12-10') })).status).toBe(201);
    const [mail, ...more] = await mailbox(sophie, 'sophie@machinerie.example');
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ subject: 'Booking confirmed: Salle Somme', attachments: [{ filename: 'booking.ics' }] });
    expect(mail!.text).toContain('Salle Somme — Thursday, 10 December 2026, 10:00 – 11:00');
  });

  it('a member who turns a kind off gets none of it, and the others still come', async () => {
    const [yanis, hugo] = await Promise.all([signIn(env, 'machinerie', DEMO.machinerie.member2), signIn(env, 'machinerie', DEMO.machinerie.operator)]);
    const me = await json(await yanis.fetch('/api/v1/auth/me'));
    const others = { eventRegistered: true, eventPromoted: true, paymentReceived: true, qualificationGranted: true, orderReady: true };
    expect(me.user.notifications).toEqual({ bookingConfirmed: true, bookingCancelled: true, bookingMoved: true, ...others });
    const patched = await yanis.fetch('/api/v1/me', { method: 'PATCH', json: { notifications: { bookingConfirmed: false, bookingMoved: false } } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await json(patched)).notifications).toEqual({ bookingConfirmed: false, bookingCancelled: true, bookingMoved: false, ...others });

    const room = await resourceNamed(yanis, 'Salle Somme');
    const made = await json(await book(yanis, { resourceId: room.id, start: at('09:00', '2026-12-09'), end: at('10:00', '2026-12-09') }));
    expect(made.status).toBe('confirmed');
    expect((await hugo.fetch(`/api/v1/bookings/${made.id}/move`, { method: 'POST', json: { start: at('11:00', '2026-12-09') } })).status).toBe(200);
    expect(await mailbox(yanis, DEMO.machinerie.member2)).toEqual([]);
    expect((await hugo.fetch(`/api/v1/bookings/${made.id}/cancel`, { method: 'POST', json: { reason: 'Fermeture' } })).status).toBe(200);
    const mails = await mailbox(yanis, DEMO.machinerie.member2);
    expect(mails.map((m) => m.subject)).toEqual(['Réservation annulée : Salle Somme']);
  });

  it('a weekly series puts one email listing the weeks booked, with one event per week in the .ics', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const room = await resourceNamed(lea, 'Salle Somme');
    const res = await lea.fetch('/api/v1/bookings/recurring', { method: 'POST', json: { resourceId: room.id, start: at('15:00', '2026-12-09'), end: at('16:00', '2026-12-09'), weeks: 3, mode: 'partial' } });
    expect(res.status, await res.clone().text()).toBe(201);
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Réservations confirmées'));
    expect(mails.map((m) => m.subject)).toEqual(['Réservations confirmées : Salle Somme (3 semaines)']);
    expect(mails[0]!.text).toContain('- mercredi 23 décembre 2026, 15:00 – 16:00');
    const cal = new ICAL.Component(ICAL.parse(Buffer.from(mails[0]!.attachments![0]!.content, 'base64').toString('utf8')));
    expect(cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).startDate.toJSDate().toISOString()))
      .toEqual(['2026-12-09T14:00:00.000Z', '2026-12-16T14:00:00.000Z', '2026-12-23T14:00:00.000Z']);
  });
});
