import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * Bookings priced through the engine, paid at the desk: the plan covers, the
 * card loses a day per booked day, the room quota holds across bookings and months, cancelling gives
 * back, what is left to pay waits "to pay on site" and gets a receipt.
 */
let env: TestEnv;
const NOW = new Date('2026-12-01T08:00:00Z'); // Tuesday 1 Dec 2026, 09:00 in Paris
beforeAll(async () => { env = await createTestEnv({ tenantCacheMs: 60_000 }); env.setNow(NOW); });
afterAll(async () => { await env?.close(); });

const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const json = async (res: Response) => (await res.json()) as any;
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;
async function resource(b: Browser, name: string) {
  return ((await json(await b.fetch('/api/v1/resources'))).items as { id: string; name: string }[]).find((r) => r.name === name)!;
}
async function book(b: Browser, resourceId: string, date: string, from: string, to: string) {
  const res = await b.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId, start: at(date, from), end: at(date, to) } });
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}
async function buyAtDesk(member: Browser, op: Browser, kind: 'plan' | 'pass', name: string) {
  const cat = await json(await member.fetch('/api/v1/billing/catalogue'));
  const entry = (kind === 'plan' ? cat.plans : cat.passes).find((e: { name: string }) => e.name === name);
  const p = await json(await member.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind, id: entry.id } }));
  const rec = await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } });
  expect(rec.status).toBe(200);
}
const page = async (b: Browser) => json(await b.fetch('/api/v1/billing/me'));

describe('bookings price through the engine', () => {
  it("La Coloc': the unlimited plan books a desk for 0 €; 4 h of room a month, across bookings and months; cancelling gives the quota back", async () => {
    const julie = await as(hosts.coloc, DEMO.coloc.member);
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    await buyAtDesk(julie, op, 'plan', 'Coworking illimité'); // December
    await buyAtDesk(julie, op, 'plan', 'Coworking illimité'); // paid ahead: January
    expect((await page(julie)).plan).toMatchObject({ status: 'active', validUntil: '2027-01-31' });

    const desk = await resource(julie, 'Plateau coworking');
    const room = await resource(julie, 'Salle de réunion');
    const d = await book(julie, desk.id, '2026-12-08', '09:00', '17:00');
    expect(d.quote).toMatchObject({ totalCents: 0, source: 'catalogue' });
    expect(d.quote.lines).toEqual([
      expect.objectContaining({ unit: 'hour', amountCents: 2000 }), // a day of desk, 20 €…
      expect.objectContaining({ label: 'Inclus dans le forfait', amountCents: -2000 }), // …included
    ]);

    const r1 = await book(julie, room.id, '2026-12-09', '09:00', '12:00');
    expect(r1.quote.totalCents).toBe(0);
    const r2 = await book(julie, room.id, '2026-12-10', '14:00', '16:00'); // 1 h left of the 4 h: one hour to pay
    expect(r2.quote.totalCents).toBe(2000);
    expect((await page(julie)).quotas).toEqual([expect.objectContaining({ resourceKind: 'room', used: 240, limit: 240 })]);
    // January: a fresh 4 h.
    expect((await book(julie, room.id, '2027-01-05', '09:00', '13:00')).quote.totalCents).toBe(0);

    // What is left to pay waits at the desk, then gets its receipt.
    let billing = await page(julie);
    const due = billing.payments.find((p: { id: string }) => p.id === r2.id);
    expect(due).toMatchObject({ status: 'pending', totalCents: 2000, revenueCategory: 'bookings', item: { kind: 'booking', refId: r2.id } });
    const rec = await json(await op.fetch(`/api/v1/billing/members/${due.memberId}/payments/${due.id}/record`, { method: 'POST', json: { method: 'card_terminal', reference: 'TPE 0042' } }));
    expect(rec.receipt).toMatchObject({ totalCents: 2000, method: 'card_terminal', lines: [expect.objectContaining({ revenueCategory: 'bookings' })] });

    // Cancelling the 3 h booking before its deadline gives its 3 h back.
    expect((await julie.fetch(`/api/v1/bookings/${r1.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    billing = await page(julie);
    expect(billing.quotas[0]).toMatchObject({ used: 60 });
    expect((await book(julie, room.id, '2026-12-11', '09:00', '12:00')).quote.totalCents).toBe(0);
  });

  it('La Machinerie: a 10-day card loses one day per booked day, the 11th is charged; a cancelled unpaid booking releases its payment', async () => {
    const sophie = await as(hosts.machinerie, 'sophie@machinerie.example');
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    await buyAtDesk(sophie, op, 'pass', 'Carte 10 jours');
    const open = await resource(sophie, 'Open-space');
    const days = ['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12'];
    const made: string[] = [];
    for (const [i, day] of days.entries()) {
      const b = await book(sophie, open.id, day, '10:00', '12:00');
      made.push(b.id);
      expect(b.quote.totalCents).toBe(0);
      expect(b.quote.lines[1]).toMatchObject({ label: 'Carte 10 jours (1 j)', amountCents: -600 });
      expect((await page(sophie)).credits[0]?.remaining ?? 0).toBe(9 - i);
    }
    const eleventh = await book(sophie, open.id, '2026-12-14', '10:00', '12:00');
    expect(eleventh.quote.totalCents).toBe(600); // 2 h at 3 €
    expect((await page(sophie)).payments.find((p: { id: string }) => p.id === eleventh.id).status).toBe('pending');
    expect((await sophie.fetch(`/api/v1/bookings/${eleventh.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    const after = await page(sophie);
    expect(after.payments.find((p: { id: string }) => p.id === eleventh.id).status).toBe('expired');
    // A released payment cannot be recorded any more.
    expect((await op.fetch(`/api/v1/billing/members/${eleventh.memberId}/payments/${eleventh.id}/record`, { method: 'POST', json: { method: 'cash' } })).status).toBe(409);
    // Cancelling a covered booking gives the day back.
    expect((await sophie.fetch(`/api/v1/bookings/${made[9]}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    expect((await page(sophie)).credits[0].remaining).toBe(1);
  });

  it('round trips for quote + book with a plan (warm caches)', async () => {
    const thomas = await as(hosts.coloc, DEMO.coloc.member2);
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    await buyAtDesk(thomas, op, 'plan', 'Coworking illimité');
    const room = await resource(thomas, 'Salle de réunion');
    await thomas.fetch(`/api/v1/resources/${room.id}/availability?date=2026-12-15`); // warms tenant and rules caches
    await thomas.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [{ kind: 'booking', resourceKind: 'room', minutes: 60 }] } });
    env.roundTrips.reset();
    const q = await json(await thomas.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [{ kind: 'booking', resourceKind: 'room', resourceId: room.id, minutes: 120, date: '2026-12-15' }] } }));
    const quoteTrips = { ...env.roundTrips.byCommand };
    env.roundTrips.reset();
    const b = await book(thomas, room.id, '2026-12-15', '10:00', '12:00');
    const bookTrips = { ...env.roundTrips.byCommand };
    expect(q.totalCents).toBe(0);
    expect(b.quote.totalCents).toBe(0);
    expect(quoteTrips).toEqual({ QueryCommand: 1 }); // the member's billing partition (the catalogue is cached)
    expect(bookTrips).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 }); // billing items by key in the booking's BatchGetItem
    console.log('billing round trips:', JSON.stringify({ quote: quoteTrips, book: bookTrips }));
  });
});
