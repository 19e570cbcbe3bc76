import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { at, book, json, resourceNamed, signIn } from '../bookings/support';

/**
 * Closing an account erases the person everywhere the space keeps them: a member with data in every
 * area (bookings past and future, an iCal feed, an event registration, a shop order, a desk payment
 * and its receipt, audit entries, emails) closes their account, and no item of the space's
 * partitions still holds their name or email; money records keep their amounts.
 */
let env: TestEnv;
const NAME = 'Zélie Effacée-Testard';
const EMAIL = 'zelie.effacee@example.org';
const PASSWORD = 'zelie password 1';

/** The first weekday at least two days after the tests' now (`YYYY-MM-DD`), and the same weekday a week later. */
function weekdays(): [string, string] {
  const d = new Date(testNow().getTime() + 2 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  const first = d.toISOString().slice(0, 10);
  d.setUTCDate(d.getUTCDate() + 7);
  return [first, d.toISOString().slice(0, 10)];
}

beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

/** Every item of the space (a test may Scan; request paths never do). */
async function spaceItems(tenantId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await env.db.doc.send(new ScanCommand({ TableName: env.db.table, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []).filter((i) => String(i.PK).startsWith(`T#${tenantId}#`)));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
const naming = (items: Record<string, unknown>[]) => items.filter((i) => {
  const s = JSON.stringify(i).toLowerCase();
  return s.includes(NAME.toLowerCase()) || s.includes(EMAIL) || s.includes('effacée');
});

describe('closing an account', () => {
  it('leaves no item of the space naming the person; future bookings are cancelled, the iCal feed stops, amounts stay', async () => {
    const zelie = new Browser(env.url, hosts.machinerie);
    expect((await zelie.signUp({ name: NAME, email: EMAIL, password: PASSWORD })).status).toBe(201);
    const me = (await json(await zelie.fetch('/api/v1/auth/me'))).user;
    const op = await signIn(env, 'machinerie', DEMO.machinerie.operator);
    const tenantId = (await json(await op.fetch('/api/v1/tenant'))).id as string;

    // Bookings: one in two days (then past), one a week later (future), both named; an iCal feed.
    const [soon, later] = weekdays();
    const somme = await resourceNamed(zelie, 'Salle Somme');
    const past = await json(await book(zelie, { resourceId: somme.id, start: at('10:00', soon), end: at('11:00', soon) }));
    const future = await json(await book(zelie, { resourceId: somme.id, start: at('14:00', later), end: at('15:00', later) }));
    expect(past.id && future.id).toBeTruthy();
    const feedUrl = new URL((await json(await zelie.fetch('/api/v1/me/calendar-feed', { method: 'POST' }))).url).pathname;
    expect((await zelie.fetch(feedUrl)).status).toBe(200);

    // An event registration.
    const events = (await json(await zelie.fetch('/api/v1/public/events'))).items as { id: string; price?: unknown }[];
    let eventId: string | undefined;
    for (const e of events) {
      const r = await zelie.fetch(`/api/v1/public/events/${e.id}/register`, { method: 'POST', json: {} });
      if (r.status === 201) { eventId = e.id; break; }
    }
    expect(eventId).toBeTruthy();

    // A shop order.
    const products = (await json(await op.fetch('/api/v1/shop/manage/products'))).items as { id: string; stock: number; published: boolean }[];
    const product = products.find((p) => p.published && p.stock > 0)!;
    expect((await zelie.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: product.id, quantity: 1 }] } })).status).toBe(201);

    // Staff: a desk payment with its receipt, and an audit entry about her.
    const payments = (await json(await op.fetch(`/api/v1/billing/members/${me.id}`))).payments ?? [];
    const pending = (payments as { id: string; status: string }[]).find((p) => p.status === 'pending');
    if (pending) {
      const paid = await op.fetch(`/api/v1/billing/members/${me.id}/payments/${pending.id}/record`, { method: 'POST', json: { method: 'cash' } });
      expect(paid.status).toBeLessThan(300);
    }
    expect((await op.fetch(`/api/v1/members/${me.id}`, { method: 'PATCH', json: { status: 'suspended' } })).status).toBe(200);
    expect((await op.fetch(`/api/v1/members/${me.id}`, { method: 'PATCH', json: { status: 'active' } })).status).toBe(200);
    await zelie.login(EMAIL, PASSWORD);

    const before = naming(await spaceItems(tenantId));
    // Named before: the profile, bookings and their copies, the registration, the order, payments, the audit, emails.
    expect(new Set(before.map((i) => i.type)).size).toBeGreaterThan(5);

    // The clock moves past the first booking; she closes her account.
    env.setNow(new Date(Date.parse(`${soon}T23:00:00Z`)));
    await zelie.login(EMAIL, PASSWORD);
    expect((await zelie.fetch('/api/v1/me/close', { method: 'POST', json: { password: PASSWORD, confirm: 'CLOSE' } })).status).toBe(200);

    const left = naming(await spaceItems(tenantId));
    expect(left.map((i) => `${i.type} ${i.SK}`)).toEqual([]);

    // The future booking was cancelled; both keep their times, under the pseudonym.
    const pastNow = await json(await op.fetch(`/api/v1/bookings/${past.id}`));
    const futureNow = await json(await op.fetch(`/api/v1/bookings/${future.id}`));
    expect(futureNow.status).toBe('cancelled');
    expect(pastNow.status).not.toBe('cancelled');
    expect(pastNow.memberName).toBe('Membre supprimé');
    expect(pastNow.start).toBe(past.start);
    // The feed stops; the registrations list and CSV show the pseudonym only.
    expect((await new Browser(env.url, hosts.machinerie).fetch(feedUrl)).status).toBe(404);
    const regs = JSON.stringify(await json(await op.fetch(`/api/v1/events/${eventId}/registrations`)));
    const csv = await (await op.fetch(`/api/v1/events/${eventId}/registrations.csv`)).text();
    for (const text of [regs, csv]) { expect(text).not.toContain(NAME); expect(text).not.toContain(EMAIL); }
    // Money records keep their amounts.
    const list = JSON.stringify(await json(await op.fetch('/api/v1/billing/payments')));
    expect(list).not.toContain(NAME);
    // The person cannot sign in again.
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/login', { method: 'POST', json: { email: EMAIL, password: PASSWORD } })).status).toBe(401);
  });
});
