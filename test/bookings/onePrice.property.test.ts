import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/env';
import { Browser, DEMO, hosts } from '../support/http';
import { json, NOW } from './support';

/**
 * One price for a booking, whoever asks: for random members (category, plan, pass, what their quota
 * and credits already used), resources and times, the price the booking page shows (the quote route
 * with the page's body), the staff preview (the quote for that member), the charged booking, its
 * payment and its receipt are the same number. Over HTTP, against the real table.
 */
let env: TestEnv;
interface Who { space: 'machinerie' | 'coloc'; b: Browser; id: string }
const members: Who[] = [];
const staff: Record<string, Browser> = {};
const resources: Record<string, Array<{ id: string; kind: string; active: boolean; requiredTrainingIds: string[]; rules: { slotMinutes: number; minMinutes: number; maxMinutes: number } }>> = {};
const catalogue: Record<string, { plans: { id: string }[]; passes: { id: string }[] }> = {};

const login = (space: 'machinerie' | 'coloc', email: string) => new Browser(env.url, hosts[space]).login(email, DEMO.password);

beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 0 });
  env.setNow(NOW);
  const pool: Array<['machinerie' | 'coloc', string]> = [
    ['machinerie', DEMO.machinerie.member], ['machinerie', DEMO.machinerie.member2], ['machinerie', 'sophie@machinerie.example'],
    ['coloc', DEMO.coloc.member], ['coloc', DEMO.coloc.member2],
  ];
  for (const [space, email] of pool) {
    const b = await login(space, email);
    members.push({ space, b, id: (await json(await b.fetch('/api/v1/auth/me'))).user.id });
  }
  for (const space of ['machinerie', 'coloc'] as const) {
    staff[space] = await login(space, DEMO[space].operator);
    // Machines too: a member without their training is refused (422) and nothing is charged.
    resources[space] = (await json(await staff[space]!.fetch('/api/v1/resources'))).items.filter((r: { active: boolean }) => r.active);
    catalogue[space] = await json(await staff[space]!.fetch('/api/v1/billing/catalogue'));
  }
}, 120_000);
afterAll(async () => { await env?.close(); });

const CATEGORIES = ['standard', 'adherent', 'student', 'job_seeker', 'social'] as const;

describe('one price for a booking', () => {
  it('the booking page, the staff preview, the booking, its payment and its receipt agree for random members, resources and times', { timeout: 600_000 }, async () => {
    let booked = 0;
    await fc.assert(fc.asyncProperty(
      fc.record({
        member: fc.nat(members.length - 1), category: fc.constantFrom(...CATEGORIES),
        buy: fc.oneof(fc.constant(null), fc.record({ kind: fc.constantFrom('plan' as const, 'pass' as const), index: fc.nat(4) })),
        resource: fc.nat(20), day: fc.integer({ min: 1, max: 27 }), hour: fc.integer({ min: 9, max: 15 }), length: fc.nat(3),
      }),
      async (c) => {
        const who = members[c.member]!;
        const op = staff[who.space]!;
        expect((await op.fetch(`/api/v1/billing/members/${who.id}/category`, { method: 'PUT', json: { category: c.category } })).status).toBe(200);
        if (c.buy) {
          const list = c.buy.kind === 'plan' ? catalogue[who.space]!.plans : catalogue[who.space]!.passes;
          const entry = list[c.buy.index % Math.max(1, list.length)];
          if (entry) {
            const bought = await who.b.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: c.buy.kind, id: entry.id } });
            if (bought.status === 201) {
              const p = await json(bought);
              await op.fetch(`/api/v1/billing/members/${who.id}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } });
            }
          }
        }
        const list = resources[who.space]!;
        const r = list[c.resource % list.length]!;
        const minutes = Math.min(r.rules.maxMinutes, r.rules.minMinutes + c.length * r.rules.slotMinutes);
        const date = `2026-12-${String(c.day + 1).padStart(2, '0')}`;
        const start = new Date(`${date}T${String(c.hour).padStart(2, '0')}:00:00+01:00`);
        const item = { kind: 'booking', resourceKind: r.kind, resourceId: r.id, date, minutes };

        const page = await json(await who.b.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [item] } }));
        const preview = await json(await op.fetch('/api/v1/billing/quote', { method: 'POST', json: { memberId: who.id, items: [item] } }));
        const res = await who.b.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: r.id, start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() } });
        if (res.status === 409 || res.status === 422) return; // taken, closed or off the grid that day: nothing charged
        expect(res.status, await res.clone().text()).toBe(201);
        booked++;
        const booking = await json(res);
        expect(page.totalCents).toBe(booking.quote.totalCents);
        expect(preview.totalCents).toBe(booking.quote.totalCents);
        const payment = (await json(await who.b.fetch('/api/v1/billing/me'))).payments.find((p: { id: string }) => p.id === booking.id);
        if (booking.quote.totalCents === 0) { expect(payment).toBeUndefined(); return; }
        expect(payment.totalCents).toBe(booking.quote.totalCents);
        const recorded = await json(await op.fetch(`/api/v1/billing/members/${who.id}/payments/${booking.id}/record`, { method: 'POST', json: { method: 'card_terminal' } }));
        expect(recorded.receipt.totalCents).toBe(booking.quote.totalCents);
      },
    ), { numRuns: 25 });
    expect(booked).toBeGreaterThan(5);
  });
});
